BeforeDiscovery {
    . $PSScriptRoot/TestHelpers.ps1
    Import-Module (Get-CinModuleManifest) -Force
    $commands = @(Get-Command -Module Cin | ForEach-Object Name)
}

BeforeAll {
    . $PSScriptRoot/TestHelpers.ps1
    Import-Module (Get-CinModuleManifest) -Force
    # Formatted text without colour codes; $PSStyle is the session's, so it is put back afterwards.
    $rendering = $PSStyle.OutputRendering
    $PSStyle.OutputRendering = 'PlainText'
}

AfterAll {
    $PSStyle.OutputRendering = $rendering
}

Describe 'Help for <_>' -ForEach $commands {
    BeforeAll {
        $name = $_
        $help = Get-Help $name -Full
        $command = Get-Command $name
    }

    It 'comes from the module''s MAML file' {
        Join-Path (Get-Module Cin).ModuleBase 'en-US/Cin.dll-Help.xml' | Should -Exist
        $help.Name | Should -Be $name
    }

    It 'has a synopsis of its own' {
        $help.Synopsis | Should -Not -BeNullOrEmpty
        # Without a help file, PowerShell makes the syntax line up as the synopsis.
        $help.Synopsis | Should -Not -BeLike "$name *"
    }

    It 'has a description' {
        ($help.description.Text -join '') | Should -Not -BeNullOrEmpty
    }

    It 'has at least two examples, each with code and remarks' {
        $examples = @($help.examples.example)
        $examples.Count | Should -BeGreaterOrEqual 2
        foreach ($example in $examples) {
            $example.code | Should -Not -BeNullOrEmpty
            ($example.remarks.Text -join '') | Should -Not -BeNullOrEmpty
        }
    }

    It 'describes every parameter' {
        $common = [Management.Automation.PSCmdlet]::CommonParameters
        foreach ($parameter in $command.Parameters.Keys | Where-Object { $_ -notin $common }) {
            $entry = $help.parameters.parameter | Where-Object name -eq $parameter
            ($entry.description.Text -join '') | Should -Not -BeNullOrEmpty -Because "-$parameter needs a description"
        }
    }

    It 'shows synopsis, syntax, parameters and examples in Get-Help -Full' {
        $text = Get-Help $name -Full | Out-String -Width 200
        foreach ($heading in 'SYNOPSIS', 'SYNTAX', 'DESCRIPTION', 'PARAMETERS') { $text | Should -Match "(?m)^$heading" }
        $text | Should -Match 'Example 1:'
        $text | Should -Match 'Example 2:'
    }
}
