#Requires -Version 7.4
<#
.SYNOPSIS
    Builds and checks cin's native (NativeAOT) binary.

.DESCRIPTION
    Run from a clone as:  dotnet tool restore; dotnet pwsh ./build.ps1 [-Task publish|smoke|publish,smoke]

    publish (default)  Publishes src/Cin.Cli as one self-contained NativeAOT executable into artifacts/publish/cin/,
                       checks that the folder holds nothing but that executable, and prints its path.
    smoke              Publishes, then runs the binary on a photo and checks the result: --version reports the
                       Vector256 path, the output exists at the input's size, and TIFF and EXIF round-trip (both once
                       failed only in the native build).

    Needs the .NET SDK from global.json's major version and a C toolchain (clang or gcc) to link.
#>
[CmdletBinding()]
param(
    # One or more of: publish, smoke. A comma list works too (-Task publish,smoke), also through pwsh -File.
    [string[]] $Task = @('publish'),

    [string] $Runtime = 'linux-x64',

    # A photo for the smoke test; default: the first JPEG in ../shared/data/content, else a generated image.
    [string] $Photo
)

Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'
# A failing native command (dotnet, cin) throws instead of being silently ignored.
$PSNativeCommandUseErrorActionPreference = $true

$repo = $PSScriptRoot
$publishDir = Join-Path $repo 'artifacts/publish/cin'
$exeName = if ($Runtime -like 'win-*') { 'cin.exe' } else { 'cin' }
$binary = Join-Path $publishDir $exeName

function Invoke-Publish {
    # A fresh folder: -o does not remove what an earlier publish left, and the check below must see only this one.
    if (Test-Path $publishDir) { Remove-Item $publishDir -Recurse -Force }
    Write-Host "Publishing cin (NativeAOT, $Runtime, Release)..."
    dotnet publish (Join-Path $repo 'src/Cin.Cli/Cin.Cli.csproj') -c Release -r $Runtime -o $publishDir --nologo
    if (-not (Test-Path $binary)) { throw "publish reported success but $binary is missing" }

    # The promise is one file: no managed .dll, no native .so of ours, no symbols, no model files.
    $extra = @(Get-ChildItem $publishDir -Force | Where-Object Name -ne $exeName)
    if ($extra.Count -gt 0) {
        throw "the publish folder must hold only $exeName; it also has: $(($extra | ForEach-Object Name) -join ', ')"
    }
    $size = (Get-Item $binary).Length
    Write-Host ('{0} ({1:N1} MiB)' -f $binary, ($size / 1MB))
    # The path alone on the last line, for scripts: $bin = dotnet pwsh ./build.ps1 | Select-Object -Last 1
    Write-Output $binary
}

# Width and height from a JPEG's start-of-frame marker (SOF0-SOF15 except DHT, JPG and DAC).
function Get-JpegSize([string] $path) {
    $b = [IO.File]::ReadAllBytes($path)
    $i = 2
    while ($i + 9 -lt $b.Length) {
        if ($b[$i] -ne 0xFF) { $i++; continue }
        $marker = $b[$i + 1]
        if ($marker -ge 0xC0 -and $marker -le 0xCF -and $marker -notin 0xC4, 0xC8, 0xCC) {
            return [pscustomobject]@{ Width = $b[$i + 7] * 256 + $b[$i + 8]; Height = $b[$i + 5] * 256 + $b[$i + 6] }
        }
        if ($marker -in 0xD8, 0x01 -or ($marker -ge 0xD0 -and $marker -le 0xD7) -or $marker -eq 0xFF) { $i += 2; continue }
        $i += 2 + $b[$i + 2] * 256 + $b[$i + 3]
    }
    throw "$path has no JPEG start-of-frame marker"
}

# Width and height from a PNG's IHDR chunk (big-endian, right after the signature and chunk header).
function Get-PngSize([string] $path) {
    $b = [IO.File]::ReadAllBytes($path)
    $be = { param($o) ([uint32]$b[$o] -shl 24) -bor ([uint32]$b[$o + 1] -shl 16) -bor ([uint32]$b[$o + 2] -shl 8) -bor $b[$o + 3] }
    [pscustomobject]@{ Width = & $be 16; Height = & $be 20 }
}

# A 24-bit BMP gradient with odd sides, for machines without the shared photos.
function New-TestPhoto([string] $path, [int] $width = 301, [int] $height = 203) {
    $stride = [int][math]::Ceiling($width * 3 / 4) * 4
    $data = [byte[]]::new(54 + $stride * $height)
    $w = [IO.BinaryWriter]::new([IO.MemoryStream]::new($data))
    $w.Write([byte[]][char[]]'BM'); $w.Write([uint32]$data.Length); $w.Write([uint32]0); $w.Write([uint32]54)
    $w.Write([uint32]40); $w.Write([int32]$width); $w.Write([int32]$height); $w.Write([uint16]1); $w.Write([uint16]24)
    $w.Write([uint32]0); $w.Write([uint32]($stride * $height)); $w.Write([int32]2835); $w.Write([int32]2835)
    $w.Write([uint32]0); $w.Write([uint32]0)
    for ($y = 0; $y -lt $height; $y++) {
        $row = 54 + $y * $stride
        for ($x = 0; $x -lt $width; $x++) {
            $data[$row + 3 * $x] = [byte](255 * $x / $width)                        # blue
            $data[$row + 3 * $x + 1] = [byte](255 * $y / $height)                   # green
            $data[$row + 3 * $x + 2] = [byte]((($x + $y) % 32) -lt 16 ? 220 : 30)  # red stripes
        }
    }
    [IO.File]::WriteAllBytes($path, $data)
    [pscustomobject]@{ Width = $width; Height = $height }
}

function Assert-Size($actual, $expected, [string] $what) {
    if ($actual.Width -ne $expected.Width -or $actual.Height -ne $expected.Height) {
        throw "$what is $($actual.Width)x$($actual.Height); expected $($expected.Width)x$($expected.Height)"
    }
}

function Invoke-Smoke {
    $version = & $binary --version
    Write-Host $version
    # "simd: <active paths>; off: <inactive paths>": vector256 must be among the active ones.
    if ($version -notmatch 'simd: ([^;)]*)' -or $Matches[1] -notmatch '\bvector256\b') {
        throw "the published binary does not report Vector256 as active: $version"
    }

    $styles = & $binary styles
    $style = ($styles | Select-Object -Skip 1 -First 1).Trim() -split '\s+' | Select-Object -Index 1
    if (-not $style) { throw "'cin styles' listed no styles:`n$($styles -join "`n")" }

    $work = Join-Path ([IO.Path]::GetTempPath()) "cin-smoke-$([guid]::NewGuid().ToString('n').Substring(0, 8))"
    New-Item -ItemType Directory $work | Out-Null
    try {
        if (-not $Photo) {
            $shared = Join-Path $repo '../shared/data/content'
            $Photo = if (Test-Path $shared) { Get-ChildItem $shared -Filter *.jpg | Sort-Object Name | Select-Object -First 1 -ExpandProperty FullName }
        }
        if ($Photo) {
            $size = Get-JpegSize $Photo
        }
        else {
            $Photo = Join-Path $work 'generated.bmp'
            $size = New-TestPhoto $Photo
        }
        Write-Host "Stylizing $Photo ($($size.Width)x$($size.Height)) with '$style'..."

        $out = Join-Path $work 'out.jpg'
        $watch = [Diagnostics.Stopwatch]::StartNew()
        & $binary $Photo -o $out --style $style
        Write-Host ('  {0:N2} s' -f $watch.Elapsed.TotalSeconds)
        if (-not (Test-Path $out)) { throw "cin exited 0 but wrote no $out" }
        Assert-Size (Get-JpegSize $out) $size 'the stylized JPEG'

        # Decoding a TIFF goes through ImageSharp's EXIF reader, which NativeAOT once broke (src/Cin.Cli/ImageSharp.rd.xml).
        $tif = Join-Path $work 'out.tif'
        & $binary $Photo -o $tif --style $style
        $png = Join-Path $work 'from-tif.png'
        & $binary $tif -o $png --style $style
        Assert-Size (Get-PngSize $png) $size 'the PNG stylized from the TIFF'

        $leftovers = @(Get-ChildItem $work -Force -Filter '*.tmp')
        if ($leftovers.Count -gt 0) { throw "temporary files were left behind: $($leftovers.Name -join ', ')" }
        Write-Host 'Smoke test passed.'
    }
    finally {
        Remove-Item $work -Recurse -Force -ErrorAction SilentlyContinue
    }
}

# pwsh -File passes "publish,smoke" as one string, so split it here rather than rely on PowerShell's array syntax.
$tasks = @($Task | ForEach-Object { $_ -split ',' } | ForEach-Object Trim | Where-Object { $_ })
$unknown = @($tasks | Where-Object { $_ -notin 'publish', 'smoke' })
if ($unknown.Count -gt 0) { throw "unknown task(s): $($unknown -join ', '); use publish or smoke" }

# smoke needs a fresh binary, so it always publishes first; publish runs once however the tasks are listed.
Invoke-Publish
if ('smoke' -in $tasks) { Invoke-Smoke }
