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
