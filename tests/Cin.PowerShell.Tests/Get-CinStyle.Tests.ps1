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

Describe 'Get-CinStyle' {
    It 'lists the styles of the default model, as CinStyle objects in index order' {
        $styles = @(Get-CinStyle)
        $styles.Count | Should -BeGreaterThan 1
        $styles | Should -BeOfType ([Cin.PowerShell.CinStyle])
        @($styles.Model | Select-Object -Unique) | Should -Be @('magenta')
        $styles.Index | Should -Be (0..($styles.Count - 1))
    }

    It 'lists the styles of every model with -Model *' {
        $all = @(Get-CinStyle -Model *)
        $all.Model | Should -Contain 'magenta'
        foreach ($group in $all | Group-Object Model) {
            $group.Group.Index | Should -Be (0..($group.Count - 1))
            @(Get-CinStyle -Model $group.Name).Count | Should -Be $group.Count
        }
    }

    It 'describes a style with Name, Aliases, Index, Title, Artist and Model' {
        $style = Get-CinStyle starry-night
        $style.Name | Should -Be 'starry-night'
        $style.Aliases | Should -Be @('19')
        $style.Index | Should -Be 19
        $style.Title | Should -Be 'The Starry Night'
        $style.Artist | Should -Be 'Vincent van Gogh'
        $style.Model | Should -Be 'magenta'
        "$style" | Should -Be 'starry-night'
    }

    It 'matches <Pattern> with wildcards, ignoring case' -ForEach @(
        @{ Pattern = 'starry*'; Expected = @('starry-night') }
        @{ Pattern = '*WAVE*'; Expected = @('great-wave') }
        @{ Pattern = 'kandinsky-*'; Expected = @('kandinsky-black-spot', 'kandinsky-composition-vii') }
        @{ Pattern = 'delaunay-[et]*'; Expected = @('delaunay-eiffel-tower', 'delaunay-three-graces') }
        # Aliases match too: 2? is 20 to 25.
        @{ Pattern = '2?'; Expected = @('red-futurist-shards', 'stuart-davis-mellow-pad', 'leger-striped-pots', 'picabia-udnie', 'great-wave', 'patterned-coral-landscape') }
    ) {
        @(Get-CinStyle -Name $Pattern).Name | Should -Be $Expected
    }

    It 'finds a style by its alias' {
        (Get-CinStyle 24).Name | Should -Be 'great-wave'
    }

    It 'returns each style once, in index order, for several names' {
        @(Get-CinStyle -Name great-wave, starry-night, star*).Name | Should -Be @('starry-night', 'great-wave')
    }

    It 'takes names from the pipeline' {
        @('great-wave', 'starry-night' | Get-CinStyle).Name | Should -Be @('great-wave', 'starry-night')
    }

    It 'writes nothing and no error for a wildcard that matches nothing' {
        Get-CinStyle 'zzz*' -ErrorVariable problems | Should -BeNullOrEmpty
        $problems | Should -BeNullOrEmpty
    }

    It 'reports a name that matches nothing as a non-terminating error, with the closest name' {
        $found = Get-CinStyle stary-night, great-wave -ErrorVariable problems -ErrorAction SilentlyContinue
        $found.Name | Should -Be 'great-wave'
        $problems | Should -HaveCount 1
        $problems[0].FullyQualifiedErrorId | Should -Be 'StyleNotFound,Cin.PowerShell.GetCinStyleCommand'
        $problems[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $problems[0].TargetObject | Should -Be 'stary-night'
        $problems[0].Exception.Message | Should -BeLike "*Did you mean 'starry-night'?*"
    }

    It 'selects models with wildcards and reports an unknown model' {
        @(Get-CinStyle -Model 'mag*').Count | Should -Be @(Get-CinStyle).Count
        Get-CinStyle -Model 'zzz*' | Should -BeNullOrEmpty
        Get-CinStyle -Model nosuch -ErrorVariable problems -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $problems[0].FullyQualifiedErrorId | Should -Be 'ModelNotFound,Cin.PowerShell.GetCinStyleCommand'
    }

    It 'is shown by the format file as a table grouped by model' {
        $text = Get-CinStyle starry-night, great-wave | Out-String -Width 200
        $text | Should -Match 'Model: magenta'
        $text | Should -Match 'Index\s+Name\s+Aliases\s+Title'
        $text | Should -Match '19\s+starry-night\s+19\s+The Starry Night \(Vincent van Gogh, 1889\)'
        $text | Should -Match '24\s+great-wave\s+24\s+The Great Wave off Kanagawa \(Katsushika Hokusai, c\. 1831\)'
    }
}

Describe 'Tab completion' {
    It 'completes style names for <Line>' -ForEach @(
        @{ Line = 'Convert-CinImage photo.jpg -Style starry' }
        @{ Line = 'Get-CinStyle -Name star' }
        @{ Line = 'Convert-CinImage photo.jpg -Model magenta -Style star' }
    ) {
        $result = TabExpansion2 -inputScript $Line -cursorColumn $Line.Length
        $match = $result.CompletionMatches | Where-Object CompletionText -eq 'starry-night'
        $match | Should -HaveCount 1
        $match.ToolTip | Should -Be 'The Starry Night (Vincent van Gogh, 1889)'
    }

    It 'completes model names' {
        $line = 'Get-CinStyle -Model mag'
        (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText | Should -Contain 'magenta'
    }
}
