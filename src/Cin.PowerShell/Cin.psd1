# build.ps1's module task writes the version (from the built Cin.dll) over ModuleVersion when it lays the module out.
@{
    RootModule           = 'Cin.dll'
    ModuleVersion        = '0.0.0'
    GUID                 = '1c132dd9-273b-4699-9b20-c3030ac1bc3c'
    Author               = 'cin developers'
    Copyright            = '(c) cin developers'
    Description          = 'Style transfer for photos on conditional instance normalization: the cin engine as PowerShell cmdlets.'
    # Cin.dll and its engine target .NET 10, the runtime of PowerShell 7.6.
    PowerShellVersion    = '7.6'
    CompatiblePSEditions = @('Core')
    FormatsToProcess     = @('Cin.format.ps1xml')
    CmdletsToExport      = @('Get-CinStyle', 'New-CinStyle', 'Convert-CinImage', 'Convert-CinVideo')
    FunctionsToExport    = @()
    VariablesToExport    = @()
    AliasesToExport      = @()
    PrivateData          = @{
        PSData = @{
            Tags = @('image', 'style-transfer', 'photo', 'neural-network')
        }
    }
}
