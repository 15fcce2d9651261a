BeforeAll {
    . $PSScriptRoot/TestHelpers.ps1
    Import-Module (Get-CinModuleManifest) -Force
    # Odd sides, so that the framing to the network's size multiple is exercised as well.
    $photo = New-TestBitmap (Join-Path $TestDrive 'photo.bmp') -Width 67 -Height 45 -Seed 5
}

# The module and the cin command share the engine, so they must agree. Where the published NativeAOT binary is used,
# its SIMD paths are fixed at x86-64-v3 while the module's JIT may use wider vectors, so one level of rounding
# (1/255) may differ.
Describe 'The same pixels as the cin command' {
    It 'for <Case>' -ForEach @(
        @{ Case = 'a style by name, PNG out'; Style = 'starry-night'; CliStyle = 'starry-night'; Extension = 'png' }
        @{ Case = 'a style by alias, BMP out'; Style = 24; CliStyle = '24'; Extension = 'bmp' }
        @{ Case = 'a hashtable blend and the CLI''s text blend'; Style = @{ 'starry-night' = 0.7; 'great-wave' = 0.3 }; CliStyle = 'starry-night=0.7,great-wave=0.3'; Extension = 'png' }
    ) {
        $cli = Join-Path $TestDrive "cli.$Extension"
        $module = Join-Path $TestDrive "module.$Extension"
        Invoke-CinCli $photo.FullName -o $cli --style $CliStyle --force
        Convert-CinImage -LiteralPath $photo.FullName -Style $Style -Destination $module -Force
        Get-PixelDifference (Read-ImagePixels $cli) (Read-ImagePixels $module) | Should -BeLessOrEqual 1
    }

    It 'for a photo from the shared data set' {
        $shared = Join-Path (Get-RepoRoot) '../shared/data/content'
        $jpeg = Get-ChildItem $shared -Filter *.jpg -ErrorAction SilentlyContinue | Sort-Object Name | Select-Object -First 1
        if (-not $jpeg) {
            Set-ItResult -Skipped -Because "there are no photos in $shared"
            return
        }
        $cli = Join-Path $TestDrive 'cli-photo.bmp'
        $module = Join-Path $TestDrive 'module-photo.bmp'
        Invoke-CinCli $jpeg.FullName -o $cli --style great-wave --force
        $jpeg | Convert-CinImage -Style great-wave -Destination $module -Force
        Get-BmpPixelDifference $cli $module | Should -BeLessOrEqual 1
    }
}

# Both name and check their outputs with the engine's one output planner, so they must agree on names and refusals.
Describe 'The same output names and refusals as the cin command' {
    BeforeAll {
        $mixed = Join-Path $TestDrive 'mixed'
        New-Item -ItemType Directory $mixed | Out-Null
        $bmp = New-TestBitmap (Join-Path $mixed 'a.bmp') -Width 20 -Height 16 -Seed 2
        # The photo itself in the other formats cin writes (strength 0 writes the photo), and one it cannot write:
        # a GIF's output is a PNG. The content decides how a file is read, so a BMP named .gif stands in for one.
        foreach ($name in 'c.png', 'd.jpg', 'e.webp', 'f.tif') {
            Convert-CinImage -LiteralPath $bmp.FullName -Style 0 -Strength 0 -Destination (Join-Path $mixed $name)
        }
        Copy-Item $bmp.FullName (Join-Path $mixed 'g.gif')
    }

    It 'gives {name}-{style}-{model}.{ext} the same file names over a folder of mixed formats' {
        $cliOut = Join-Path $TestDrive 'cli-names'
        $moduleOut = Join-Path $TestDrive 'module-names'
        $pattern = '{name}-{style}-{model}.{ext}'
        Invoke-CinCli $mixed -o "$cliOut/" --style great-wave --name $pattern
        Get-ChildItem $mixed -File | Convert-CinImage -Style great-wave -Destination (Join-Path $moduleOut $pattern)
        $cliNames = @((Get-ChildItem $cliOut -File).Name | Sort-Object)
        $moduleNames = @((Get-ChildItem $moduleOut -File).Name | Sort-Object)
        $moduleNames | Should -Be $cliNames
        $cliNames | Should -Be @(
            'a-great-wave-magenta.bmp', 'c-great-wave-magenta.png', 'd-great-wave-magenta.jpg'
            'e-great-wave-magenta.webp', 'f-great-wave-magenta.tif', 'g-great-wave-magenta.png'
        )
    }

    It 'refuses an output that is its own input, even when forced, and leaves the photo alone' {
        $photo = Join-Path $mixed 'c.png'
        $before = (Get-FileHash $photo).Hash
        { Invoke-CinCli $photo -o $photo --style great-wave --force } | Should -Throw '*the output would replace the input itself*'
        Convert-CinImage -LiteralPath $photo -Style great-wave -Destination $photo -Force -ErrorVariable problems -ErrorAction SilentlyContinue
        $problems | Should -HaveCount 1
        $problems[0].FullyQualifiedErrorId | Should -Be 'OutputIsInput,Cin.PowerShell.ConvertCinImageCommand'
        (Get-FileHash $photo).Hash | Should -Be $before
    }
}
