#Requires -Version 7.4
<#
.SYNOPSIS
    Builds and checks cin's native (NativeAOT) binary and its PowerShell module.

.DESCRIPTION
    Run from a clone as:  dotnet tool restore; dotnet pwsh ./build.ps1 [-Task publish|smoke|module|pester|...]

    publish (default)  Publishes src/Cin.Cli as one self-contained NativeAOT executable into artifacts/publish/cin/,
                       checks that the folder holds nothing but that executable, and prints its path.
    smoke              Publishes, then runs the binary on a photo and checks the result: --version reports the
                       Vector256 path, the output exists at the input's size, and TIFF and EXIF round-trip (both once
                       failed only in the native build).
    module             Builds the PowerShell module Cin (src/Cin.PowerShell) and lays it out for Import-Module in
                       artifacts/module/Cin/<version>/: Cin.psd1, Cin.dll, Cin.format.ps1xml, its help
                       en-US/Cin.dll-Help.xml (made from docs/powershell/*.md by src/Cin.PowerShell/ConvertTo-MamlHelp.ps1)
                       and dependencies/ (Cin.Engine, Cin.Models, Cin.Features, ImageSharp, loaded in the module's own load context).
                       Prints the manifest's path.
    pester             Builds the module, restores Pester from NuGet into artifacts/packages, and runs
                       tests/Cin.PowerShell.Tests/*.Tests.ps1 in a fresh pwsh from the tool manifest. Ends with the line
                       "pester: N passed, N failed, N skipped" and a non-zero exit code if anything failed.
                       The test that compares with the cin command uses artifacts/publish/cin/cin if it is there.

    publish and smoke need the .NET SDK from global.json's major version and a C toolchain (clang or gcc) to link;
    module and pester need only the SDK.
#>
[CmdletBinding()]
param(
    # One or more of: publish, smoke, module, pester. A comma list works too (-Task publish,smoke), also through pwsh -File.
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

$moduleRoot = Join-Path $repo 'artifacts/module/Cin'

# Publishes src/Cin.PowerShell and arranges it as a versioned module folder; returns the manifest's path.
function Invoke-Module {
    $staging = Join-Path $repo 'artifacts/obj/Cin.PowerShell/publish'
    if (Test-Path $staging) { Remove-Item $staging -Recurse -Force }
    Write-Host 'Building the PowerShell module Cin (Release)...'
    # To the host: this function's output is the manifest's path alone.
    dotnet publish (Join-Path $repo 'src/Cin.PowerShell/Cin.PowerShell.csproj') -c Release -o $staging --nologo | Out-Host

    $assembly = [Reflection.AssemblyName]::GetAssemblyName((Join-Path $staging 'Cin.dll'))
    $version = $assembly.Version.ToString(3)
    # A fresh folder, so no file or version from an earlier layout lingers.
    if (Test-Path $moduleRoot) { Remove-Item $moduleRoot -Recurse -Force }
    $moduleDir = Join-Path $moduleRoot $version
    $dependencies = Join-Path $moduleDir 'dependencies'
    New-Item -ItemType Directory $dependencies | Out-Null

    # Cin.dll is the root module, in pwsh's default load context; every other assembly goes to dependencies/, which
    # only the module's own AssemblyLoadContext reads (src/Cin.PowerShell/DependencyLoadContext.cs).
    Copy-Item (Join-Path $staging 'Cin.dll'), (Join-Path $staging 'Cin.format.ps1xml') $moduleDir
    Get-ChildItem $staging -Filter *.dll | Where-Object Name -ne 'Cin.dll' | Copy-Item -Destination $dependencies
    $manifest = Join-Path $moduleDir 'Cin.psd1'
    $text = Get-Content -Raw (Join-Path $staging 'Cin.psd1')
    $stamped = $text -replace "(?m)^(\s*ModuleVersion\s*=\s*)'[^']*'", "`${1}'$version'"
    if ($stamped -eq $text) { throw "src/Cin.PowerShell/Cin.psd1 has no ModuleVersion line to stamp" }
    Set-Content -LiteralPath $manifest -Value $stamped -NoNewline -Encoding utf8NoBOM

    # Help: markdown prose plus the module's own parameter metadata, checked for completeness on the way.
    & (Join-Path $repo 'src/Cin.PowerShell/ConvertTo-MamlHelp.ps1') -ModulePath $manifest `
        -MarkdownFolder (Join-Path $repo 'docs/powershell') -OutputPath (Join-Path $moduleDir 'en-US/Cin.dll-Help.xml')

    $info = Test-ModuleManifest $manifest
    if ($info.Version -ne [version]$version) { throw "the manifest says $($info.Version); Cin.dll is $version" }
    # pwsh supplies System.Management.Automation; a copy here would shadow it, so the layout must be exactly this.
    $expected = @('Cin.dll', 'Cin.format.ps1xml', 'Cin.psd1', 'dependencies/Cin.Engine.dll', 'dependencies/Cin.Features.dll', 'dependencies/Cin.Models.dll',
        'dependencies/SixLabors.ImageSharp.dll', 'en-US/Cin.dll-Help.xml')
    $actual = @(Get-ChildItem $moduleDir -Recurse -File | ForEach-Object { [IO.Path]::GetRelativePath($moduleDir, $_.FullName) -replace '\\', '/' } | Sort-Object)
    $diff = @(Compare-Object $expected $actual)
    if ($diff.Count -gt 0) {
        throw "unexpected module layout in ${moduleDir}: $(($diff | ForEach-Object { "$($_.SideIndicator) $($_.InputObject)" }) -join '; ')"
    }
    Write-Host "Module Cin $version laid out in $moduleDir"
    $manifest
}

# Runs the Pester suite in a fresh pwsh (the pinned tool) against the laid-out module.
function Invoke-PesterSuite([string] $manifest) {
    $packages = Join-Path $repo 'artifacts/packages'
    Write-Host 'Restoring Pester...'
    dotnet restore (Join-Path $repo 'tests/Cin.PowerShell.Tests/Pester.proj') --packages $packages --nologo | Out-Host
    $pester = Get-ChildItem (Join-Path $packages 'pester') -Directory | Sort-Object { [version]$_.Name } |
        Select-Object -Last 1 | ForEach-Object { Join-Path $_.FullName 'tools/Pester.psd1' }
    if (-not $pester -or -not (Test-Path $pester)) { throw "no Pester.psd1 under $packages/pester" }

    $results = Join-Path $repo 'artifacts/test-results'
    New-Item -ItemType Directory -Force $results | Out-Null
    $summary = Join-Path $results 'pester-summary.json'
    Remove-Item $summary -ErrorAction SilentlyContinue

    # The child reads its inputs from the environment, which needs no quoting.
    $env:CIN_MODULE_MANIFEST = $manifest
    $env:CIN_PESTER_MODULE = $pester
    $env:CIN_PESTER_RESULTS = $results
    $run = @'
$ErrorActionPreference = 'Stop'
Import-Module $env:CIN_PESTER_MODULE -Force
$config = New-PesterConfiguration
$config.Run.Path = './tests/Cin.PowerShell.Tests'
$config.Run.PassThru = $true
$config.Output.Verbosity = 'Detailed'
$config.TestResult.Enabled = $true
$config.TestResult.OutputFormat = 'JUnitXml'
$config.TestResult.OutputPath = Join-Path $env:CIN_PESTER_RESULTS 'pester.xml'
$result = Invoke-Pester -Configuration $config
[pscustomobject]@{
    Passed = $result.PassedCount; Failed = $result.FailedCount; Skipped = $result.SkippedCount
    FailedContainers = $result.FailedContainersCount; FailedBlocks = $result.FailedBlocksCount
} | ConvertTo-Json | Set-Content (Join-Path $env:CIN_PESTER_RESULTS 'pester-summary.json')
'@
    Write-Host "Running the Pester suite with $pester..."
    Push-Location $repo
    try {
        # The child's exit code is not the verdict (the summary is), so a failing run must not throw here.
        $PSNativeCommandUseErrorActionPreference = $false
        dotnet pwsh -NoProfile -NonInteractive -Command $run
        $code = $LASTEXITCODE
    }
    finally {
        Pop-Location
    }
    if (-not (Test-Path $summary)) {
        Write-Host "pester: 0 passed, 0 failed, 0 skipped"
        Write-Host "the Pester run ended without a summary (exit code $code)"
        exit 1
    }
    $s = Get-Content -Raw $summary | ConvertFrom-Json
    $broken = $s.FailedContainers + $s.FailedBlocks
    if ($broken -gt 0) { Write-Host "pester: $($s.FailedContainers) test file(s) and $($s.FailedBlocks) block(s) failed outside any test" }
    Write-Host "pester: $($s.Passed) passed, $($s.Failed) failed, $($s.Skipped) skipped"
    if ($s.Failed -gt 0 -or $broken -gt 0 -or $code -ne 0) { exit 1 }
}

# pwsh -File passes "publish,smoke" as one string, so split it here rather than rely on PowerShell's array syntax.
$tasks = @($Task | ForEach-Object { $_ -split ',' } | ForEach-Object Trim | Where-Object { $_ })
$unknown = @($tasks | Where-Object { $_ -notin 'publish', 'smoke', 'module', 'pester' })
if ($unknown.Count -gt 0) { throw "unknown task(s): $($unknown -join ', '); use publish, smoke, module or pester" }

# smoke needs a fresh binary, so it always publishes first; publish runs once however the tasks are listed.
if ('publish' -in $tasks -or 'smoke' -in $tasks) { Invoke-Publish }
if ('smoke' -in $tasks) { Invoke-Smoke }
# Likewise pester tests a freshly laid-out module; the layout runs once.
if ('module' -in $tasks -or 'pester' -in $tasks) {
    $manifest = Invoke-Module
    # The manifest's path alone on the last line, for scripts, as publish does for the binary.
    if ('pester' -in $tasks) { Invoke-PesterSuite $manifest } else { Write-Output $manifest }
}
