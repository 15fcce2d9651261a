BeforeAll {
    . $PSScriptRoot/TestHelpers.ps1
    Import-Module (Get-CinModuleManifest) -Force
}

Describe 'The Cin module' {
    It 'imports from a folder named after its version, the version of Cin.dll' {
        $module = Get-Module Cin
        $assembly = [Reflection.AssemblyName]::GetAssemblyName((Join-Path $module.ModuleBase 'Cin.dll'))
        $module.Version | Should -Be $assembly.Version.ToString(3)
        Split-Path $module.ModuleBase -Leaf | Should -Be $module.Version.ToString()
        $module.PowerShellVersion | Should -Be '7.6'
    }

    It 'exports exactly its cmdlets, all with approved verbs' {
        $module = Get-Module Cin
        @($module.ExportedCmdlets.Keys | Sort-Object) | Should -Be @('Convert-CinImage', 'Convert-CinVideo', 'Get-CinStyle', 'New-CinStyle')
        $module.ExportedFunctions.Count + $module.ExportedAliases.Count + $module.ExportedVariables.Count | Should -Be 0
        Get-Command -Module Cin | ForEach-Object Verb | Should -BeIn (Get-Verb).Verb
    }

    It 'ships no copy of the PowerShell SDK, which pwsh supplies' {
        Get-ChildItem (Get-Module Cin).ModuleBase -Recurse -Filter 'System.Management.Automation.dll' | Should -BeNullOrEmpty
    }

    It 'loads its dependencies in its own assembly load context, not in the default one' {
        $photo = New-TestBitmap (Join-Path $TestDrive 'alc.bmp')
        $photo | Convert-CinImage -Style 0 -Destination (Join-Path $TestDrive 'alc-out.png')

        $cin = @([Runtime.Loader.AssemblyLoadContext]::All | Where-Object Name -eq 'Cin')
        $cin | Should -HaveCount 1
        $inCin = $cin[0].Assemblies | ForEach-Object { $_.GetName().Name }
        $inCin | Should -Contain 'Cin.Engine'
        $inCin | Should -Contain 'Cin.Models'
        $inCin | Should -Contain 'SixLabors.ImageSharp'
        $inDefault = [Runtime.Loader.AssemblyLoadContext]::Default.Assemblies | ForEach-Object { $_.GetName().Name }
        $inDefault | Should -Not -Contain 'SixLabors.ImageSharp'
        $inDefault | Should -Not -Contain 'Cin.Engine'
        $inDefault | Should -Contain 'Cin'
    }
}
