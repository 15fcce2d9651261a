BeforeAll {
    . $PSScriptRoot/TestHelpers.ps1
    Import-Module (Get-CinModuleManifest) -Force
    $ffmpeg = Get-Command ffmpeg -CommandType Application -ErrorAction SilentlyContinue | Select-Object -First 1
    $ffprobe = Get-Command ffprobe -CommandType Application -ErrorAction SilentlyContinue | Select-Object -First 1

    # A clip of ffmpeg's test pattern with a tone, 8 frames.
    function New-TestClip([string] $Path) {
        & $ffmpeg.Source -v error -y -f lavfi -i 'testsrc2=size=64x48:rate=25' -f lavfi -i 'sine=sample_rate=48000' `
            -frames:v 8 -shortest -c:v libx264 -pix_fmt yuv420p -c:a aac $Path
        $Path
    }

    function Get-FrameCount([string] $Path) {
        [int](& $ffprobe.Source -v error -count_frames -select_streams v:0 -show_entries stream=nb_read_frames -of csv=p=0 $Path)
    }
}

Describe 'Convert-CinVideo' -Skip:(-not (Get-Command ffmpeg -ErrorAction SilentlyContinue)) {
    BeforeEach {
        $dir = Join-Path $TestDrive ([guid]::NewGuid().ToString('n').Substring(0, 8))
        New-Item -ItemType Directory $dir | Out-Null
        $clip = New-TestClip (Join-Path $dir 'clip.mp4')
    }

    It 'stylizes a clip piped from Get-Item beside it, as {name}-{style}.{ext}, with every frame' {
        $output = Get-Item $clip | Convert-CinVideo -Style starry-night -PassThru
        $output.Name | Should -Be 'clip-starry-night.mp4'
        Get-FrameCount $output.FullName | Should -Be 8
    }

    It 'writes the container -Destination names' {
        Convert-CinVideo $clip great-wave -Destination (Join-Path $dir '{name}.webm') -Temporal Off
        Get-FrameCount (Join-Path $dir 'clip.webm') | Should -Be 8
    }

    It 'creates a -Destination folder that does not exist' {
        Get-Item $clip | Convert-CinVideo -Style 19 -Destination (Join-Path $dir 'styled/')
        Get-FrameCount (Join-Path $dir 'styled/clip-starry-night.mp4') | Should -Be 8
    }

    It 'writes nothing under -WhatIf' {
        Convert-CinVideo $clip starry-night -WhatIf
        @(Get-ChildItem $dir -Force | ForEach-Object Name) | Should -Be @('clip.mp4')
    }

    It 'reports an existing output without -Force and goes on' {
        Convert-CinVideo $clip starry-night
        Convert-CinVideo $clip starry-night -ErrorVariable failures -ErrorAction SilentlyContinue
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'OutputExists*'
    }

    It 'stops with a message saying how to install ffmpeg when it is not there' {
        { Convert-CinVideo $clip starry-night -FfmpegPath (Join-Path $dir 'no-ffmpeg') -ErrorAction Stop } |
            Should -Throw -ExpectedMessage '*apt install ffmpeg*'
    }
}
