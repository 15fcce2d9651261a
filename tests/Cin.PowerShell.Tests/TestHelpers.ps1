# Shared by the *.Tests.ps1 files (dot-sourced in their BeforeAll): where the module and the cin command are, small
# test images, and decoding of the BMP and PNG files cin writes, so outputs can be compared pixel by pixel.

# $PSScriptRoot in a function is the folder of the file that defines it, wherever it is called from.
function Get-RepoRoot { (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path }

# build.ps1's pester task says where it laid the module out; run directly, the tests use the newest layout.
function Get-CinModuleManifest {
    if ($env:CIN_MODULE_MANIFEST) { return $env:CIN_MODULE_MANIFEST }
    $found = Get-ChildItem (Join-Path (Get-RepoRoot) 'artifacts/module/Cin/*/Cin.psd1') -ErrorAction SilentlyContinue |
        Sort-Object { [version]$_.Directory.Name } | Select-Object -Last 1
    if (-not $found) { throw "No laid-out module: run 'dotnet pwsh ./build.ps1 -Task module' first." }
    $found.FullName
}

# Runs the cin command line: $env:CIN_CLI if set, else the published native binary when there is one, else the
# project through dotnet run.
function Invoke-CinCli {
    # A simple function, so that cin's own options (-o, ...) are not taken for PowerShell's common parameters.
    $Arguments = [string[]]$args
    $binary = $env:CIN_CLI ? $env:CIN_CLI : (Join-Path (Get-RepoRoot) ($IsWindows ? 'artifacts/publish/cin/cin.exe' : 'artifacts/publish/cin/cin'))
    if ($env:CIN_CLI -or (Test-Path $binary)) {
        $output = & $binary @Arguments 2>&1
    }
    else {
        $output = & dotnet run --project (Join-Path (Get-RepoRoot) 'src/Cin.Cli') -c Release -- @Arguments 2>&1
    }
    if ($LASTEXITCODE -ne 0) { throw "cin $($Arguments -join ' ') failed ($LASTEXITCODE): $($output -join "`n")" }
}

# A 24-bit BMP with gradients and stripes: something with edges for the network to paint, in a few milliseconds.
function New-TestBitmap([string] $Path, [int] $Width = 48, [int] $Height = 40, [int] $Seed = 0) {
    $Path = $ExecutionContext.SessionState.Path.GetUnresolvedProviderPathFromPSPath($Path)
    $stride = [int][math]::Ceiling($Width * 3 / 4) * 4
    $data = [byte[]]::new(54 + $stride * $Height)
    $w = [IO.BinaryWriter]::new([IO.MemoryStream]::new($data))
    $w.Write([byte[]][char[]]'BM'); $w.Write([uint32]$data.Length); $w.Write([uint32]0); $w.Write([uint32]54)
    $w.Write([uint32]40); $w.Write([int32]$Width); $w.Write([int32]$Height); $w.Write([uint16]1); $w.Write([uint16]24)
    $w.Write([uint32]0); $w.Write([uint32]($stride * $Height)); $w.Write([int32]2835); $w.Write([int32]2835)
    $w.Write([uint32]0); $w.Write([uint32]0)
    for ($y = 0; $y -lt $Height; $y++) {
        $row = 54 + $y * $stride
        for ($x = 0; $x -lt $Width; $x++) {
            $data[$row + 3 * $x] = [byte]((255 * $x / $Width + $Seed * 40) % 256)
            $data[$row + 3 * $x + 1] = [byte](255 * $y / $Height)
            $data[$row + 3 * $x + 2] = [byte]((($x + $y + $Seed) % 16) -lt 8 ? 220 : 30)
        }
    }
    [IO.File]::WriteAllBytes($Path, $data)
    Get-Item -LiteralPath $Path
}

# Decoded pixels of a 24-bit BMP or an 8-bit RGB/RGBA PNG (what cin writes): Width, Height and Rgb, top row first.
function Read-ImagePixels([string] $Path) {
    $b = [IO.File]::ReadAllBytes((Convert-Path -LiteralPath $Path))
    if ($b[0] -eq 0x42 -and $b[1] -eq 0x4D) { return Read-Bmp $b }
    if ($b[0] -eq 0x89 -and $b[1] -eq 0x50) { return Read-Png $b }
    throw "${Path}: neither BMP nor PNG"
}

function Read-Bmp([byte[]] $b) {
    $offset = [BitConverter]::ToInt32($b, 10)
    $width = [BitConverter]::ToInt32($b, 18)
    $height = [BitConverter]::ToInt32($b, 22)
    $bits = [BitConverter]::ToUInt16($b, 28)
    if ($bits -ne 24) { throw "only 24-bit BMP files are decoded here; this one has $bits bits per pixel" }
    $topDown = $height -lt 0
    $height = [math]::Abs($height)
    $stride = [int][math]::Ceiling($width * 3 / 4) * 4
    $rgb = [byte[]]::new($width * $height * 3)
    for ($y = 0; $y -lt $height; $y++) {
        $src = $offset + ($topDown ? $y : $height - 1 - $y) * $stride
        $dst = $y * $width * 3
        for ($x = 0; $x -lt $width; $x++) {
            $rgb[$dst + 3 * $x] = $b[$src + 3 * $x + 2]
            $rgb[$dst + 3 * $x + 1] = $b[$src + 3 * $x + 1]
            $rgb[$dst + 3 * $x + 2] = $b[$src + 3 * $x]
        }
    }
    [pscustomobject]@{ Width = $width; Height = $height; Rgb = $rgb }
}

function Read-Png([byte[]] $b) {
    $be = { param($o) ([int]$b[$o] -shl 24) -bor ([int]$b[$o + 1] -shl 16) -bor ([int]$b[$o + 2] -shl 8) -bor $b[$o + 3] }
    $pos = 8
    $idat = [IO.MemoryStream]::new()
    while ($pos -lt $b.Length) {
        $length = & $be $pos
        $type = [Text.Encoding]::ASCII.GetString($b, $pos + 4, 4)
        if ($type -eq 'IHDR') {
            $width = & $be ($pos + 8); $height = & $be ($pos + 12)
            $depth = $b[$pos + 16]; $colorType = $b[$pos + 17]; $interlace = $b[$pos + 20]
        }
        elseif ($type -eq 'IDAT') { $idat.Write($b, $pos + 8, $length) }
        elseif ($type -eq 'IEND') { break }
        $pos += 12 + $length
    }
    if ($depth -ne 8 -or $interlace -ne 0 -or $colorType -notin 2, 6) {
        throw "only 8-bit, non-interlaced RGB or RGBA PNG files are decoded here (depth $depth, color type $colorType)"
    }
    $channels = $colorType -eq 6 ? 4 : 3
    $idat.Position = 0
    $z = [IO.Compression.ZLibStream]::new($idat, [IO.Compression.CompressionMode]::Decompress)
    $raw = [IO.MemoryStream]::new()
    $z.CopyTo($raw)
    $data = $raw.ToArray()

    $stride = $width * $channels
    $prev = [byte[]]::new($stride)
    $rgb = [byte[]]::new($width * $height * 3)
    $o = 0
    for ($y = 0; $y -lt $height; $y++) {
        $start = $y * ($stride + 1) + 1
        $filter = $data[$start - 1]
        $cur = [byte[]]::new($stride)
        [Array]::Copy($data, $start, $cur, 0, $stride)
        # One loop per filter type (PNG spec, section 9): a is the byte to the left, b the one above, c above-left.
        switch ($filter) {
            0 { }
            1 { for ($i = $channels; $i -lt $stride; $i++) { $cur[$i] = ($cur[$i] + $cur[$i - $channels]) -band 255 } }
            2 { for ($i = 0; $i -lt $stride; $i++) { $cur[$i] = ($cur[$i] + $prev[$i]) -band 255 } }
            3 {
                for ($i = 0; $i -lt $stride; $i++) {
                    $a = $i -ge $channels ? $cur[$i - $channels] : 0
                    $cur[$i] = ($cur[$i] + [math]::Floor(($a + $prev[$i]) / 2)) -band 255
                }
            }
            4 {
                for ($i = 0; $i -lt $stride; $i++) {
                    if ($i -ge $channels) { $a = $cur[$i - $channels]; $c = $prev[$i - $channels] } else { $a = 0; $c = 0 }
                    $b2 = $prev[$i]
                    $p = $a + $b2 - $c; $pa = [math]::Abs($p - $a); $pb = [math]::Abs($p - $b2); $pc = [math]::Abs($p - $c)
                    $pred = if ($pa -le $pb -and $pa -le $pc) { $a } elseif ($pb -le $pc) { $b2 } else { $c }
                    $cur[$i] = ($cur[$i] + $pred) -band 255
                }
            }
            default { throw "PNG filter type $filter" }
        }
        if ($channels -eq 3) { [Array]::Copy($cur, 0, $rgb, $o, $stride); $o += $stride }
        else { for ($i = 0; $i -lt $stride; $i += 4) { $rgb[$o++] = $cur[$i]; $rgb[$o++] = $cur[$i + 1]; $rgb[$o++] = $cur[$i + 2] } }
        $prev = $cur
    }
    [pscustomobject]@{ Width = $width; Height = $height; Rgb = $rgb }
}

# The largest difference between two decoded images' channels, in 0..255; throws if their sizes differ.
function Get-PixelDifference($a, $b) {
    if ($a.Width -ne $b.Width -or $a.Height -ne $b.Height) {
        throw "the images differ in size: $($a.Width)x$($a.Height) and $($b.Width)x$($b.Height)"
    }
    if ([Linq.Enumerable]::SequenceEqual([byte[]]$a.Rgb, [byte[]]$b.Rgb)) { return 0 }
    $max = 0
    for ($i = 0; $i -lt $a.Rgb.Length; $i++) {
        $d = [math]::Abs([int]$a.Rgb[$i] - [int]$b.Rgb[$i])
        if ($d -gt $max) { $max = $d }
    }
    $max
}

# The same for two 24-bit BMP files of one size, straight from their pixel blocks (BMP is uncompressed, and cin writes
# the same layout every time): much faster than decoding, for photo-sized images.
function Get-BmpPixelDifference([string] $PathA, [string] $PathB) {
    $a = [IO.File]::ReadAllBytes((Convert-Path -LiteralPath $PathA))
    $b = [IO.File]::ReadAllBytes((Convert-Path -LiteralPath $PathB))
    foreach ($offset in 18, 22, 28) {
        if ([BitConverter]::ToInt32($a, $offset) -ne [BitConverter]::ToInt32($b, $offset)) { throw 'the BMP files differ in size or depth' }
    }
    $start = [BitConverter]::ToInt32($a, 10)
    if ([BitConverter]::ToUInt16($a, 28) -ne 24 -or $start -ne [BitConverter]::ToInt32($b, 10) -or $a.Length -ne $b.Length) {
        throw 'the BMP files are laid out differently'
    }
    $pa = [ArraySegment[byte]]::new($a, $start, $a.Length - $start)
    $pb = [ArraySegment[byte]]::new($b, $start, $b.Length - $start)
    if ([Linq.Enumerable]::SequenceEqual($pa, $pb)) { return 0 }
    $max = 0
    for ($i = $start; $i -lt $a.Length; $i++) {
        $d = [math]::Abs([int]$a[$i] - [int]$b[$i])
        if ($d -gt $max) { $max = $d }
    }
    $max
}
