# Learned styles with the real models: a style file in CIN_STYLES_DIR is a style like the built-in ones for
# Get-CinStyle and Convert-CinImage, and names are found in whichever model has them.
BeforeAll {
    . $PSScriptRoot/TestHelpers.ps1
    Import-Module (Get-CinModuleManifest) -Force

    $savedStylesDir = $env:CIN_STYLES_DIR
    $styles = Join-Path $TestDrive 'styles'
    New-Item -ItemType Directory $styles | Out-Null
    $env:CIN_STYLES_DIR = $styles

    # A style file whose rows are a built-in style's, copied from the model folder's norm.txt (the same numbers the
    # compiled model holds), with the fingerprint its model.txt records.
    function New-StyleFile([string] $Name, [string] $Model, [int] $Row, [string] $Fingerprint) {
        $folder = Join-Path (Get-RepoRoot) "styles/$Model"
        if (-not $Fingerprint) {
            $Fingerprint = (Select-String -LiteralPath (Join-Path $folder 'model.txt') -Pattern 'sha256=([0-9a-f]{64})').Matches[0].Groups[1].Value
        }
        $lines = @('format cin-style 1', "name $Name", "model $Model", "model-weights sha256=$Fingerprint",
            "painting sha256=$('a' * 64) painting.jpg", 'steps 1', 'losses style=1 content=1 tv=0')
        foreach ($line in Get-Content -LiteralPath (Join-Path $folder 'norm.txt')) {
            $parts = $line -split ' '
            if ($parts[1] -eq "$Row") { $lines += "norm $($parts[0]) $($parts[2..($parts.Count - 1)] -join ' ')" }
        }
        $path = Join-Path $styles "$Name.cinstyle"
        Set-Content -LiteralPath $path -Value ($lines -join "`n") -NoNewline -Encoding utf8NoBOM
        $path
    }

    $starryCopy = New-StyleFile -Name 'starry-copy' -Model magenta -Row 19
    $stale = New-StyleFile -Name 'stale' -Model magenta -Row 0 -Fingerprint ('9' * 64)
    $photo = New-TestBitmap (Join-Path $TestDrive 'photo.bmp')
}

AfterAll {
    $env:CIN_STYLES_DIR = $savedStylesDir
}

Describe 'Learned styles' {
    It 'lists a learned style with its file as Origin, and warns of a file learned on other weights' {
        $listed = @(Get-CinStyle -WarningVariable warnings -WarningAction SilentlyContinue)
        $learned = $listed | Where-Object Name -eq 'starry-copy'
        $learned.Model | Should -Be 'magenta'
        $learned.Origin | Should -Be $starryCopy
        $listed.Name | Should -Not -Contain 'stale'
        @($warnings).Count | Should -Be 1
        "$($warnings[0])" | Should -BeLike "$stale*sha256=999999999999*"
    }

    It 'paints with a learned style exactly as with the built-in style whose rows it holds' {
        Convert-CinImage $photo.FullName -Style starry-copy -Destination (Join-Path $TestDrive 'copy.bmp')
        Convert-CinImage $photo.FullName -Style starry-night -Destination (Join-Path $TestDrive 'built-in.bmp')
        Convert-CinImage $photo.FullName -Style great-wave -Destination (Join-Path $TestDrive 'wave.bmp')
        $copy = Read-ImagePixels (Join-Path $TestDrive 'copy.bmp')
        [Linq.Enumerable]::SequenceEqual($copy.Rgb, (Read-ImagePixels (Join-Path $TestDrive 'built-in.bmp')).Rgb) | Should -BeTrue
        [Linq.Enumerable]::SequenceEqual($copy.Rgb, (Read-ImagePixels (Join-Path $TestDrive 'wave.bmp')).Rgb) | Should -BeFalse
    }

    It 'finds another model''s style without -Model' {
        Convert-CinImage $photo.FullName -Style the-kiss -Destination (Join-Path $TestDrive '{model}-{style}.bmp')
        Join-Path $TestDrive 'paintings40-the-kiss.bmp' | Should -Exist
    }

    It 'refuses a blend across models, and reports the file of a style left out when it is asked for' {
        { Convert-CinImage $photo.FullName -Style @{ 'delaunay-eiffel-tower' = 0.5; 'the-kiss' = 0.5 } -ErrorAction Stop } |
            Should -Throw 'A blend takes styles of one model*'
        { Convert-CinImage $photo.FullName -Style stale -ErrorAction Stop } | Should -Throw "$stale*sha256=999999999999*"
    }
}
