BeforeAll {
    . $PSScriptRoot/TestHelpers.ps1
    Import-Module (Get-CinModuleManifest) -Force

    # Three small photos, made once and copied into a fresh folder for each test.
    $source = Join-Path $TestDrive 'source'
    New-Item -ItemType Directory $source | Out-Null
    foreach ($n in 1..3) { New-TestBitmap (Join-Path $source "$([char](96 + $n)).bmp") -Seed $n | Out-Null }

    function New-WorkFolder {
        $dir = Join-Path $TestDrive ([guid]::NewGuid().ToString('n').Substring(0, 8))
        New-Item -ItemType Directory $dir | Out-Null
        Copy-Item (Join-Path $source '*.bmp') $dir
        $dir
    }

    function Get-Names([string] $folder) { @(Get-ChildItem -LiteralPath $folder -Force | ForEach-Object Name | Sort-Object) }
}

Describe 'Convert-CinImage' {
    BeforeEach {
        $dir = New-WorkFolder
    }

    Context 'Input' {
        It 'stylizes every file piped from Get-ChildItem into the -Destination folder, as {name}-{style}.{ext}' {
            $output = Get-ChildItem $dir -Filter *.bmp | Convert-CinImage -Style starry-night -Destination (Join-Path $dir 'out')
            $output | Should -BeNullOrEmpty
            Get-Names (Join-Path $dir 'out') | Should -Be @('a-starry-night.bmp', 'b-starry-night.bmp', 'c-starry-night.bmp')
            $image = Read-ImagePixels (Join-Path $dir 'out/a-starry-night.bmp')
            "$($image.Width)x$($image.Height)" | Should -Be '48x40'
        }

        It 'writes beside each input when there is no -Destination' {
            Get-Item (Join-Path $dir 'a.bmp') | Convert-CinImage -Style great-wave
            Join-Path $dir 'a-great-wave.bmp' | Should -Exist
        }

        It 'takes strings from the pipeline as -Path' {
            Join-Path $dir 'b.bmp' | Convert-CinImage -Style great-wave -Destination (Join-Path $dir 'out')
            Join-Path $dir 'out/b-great-wave.bmp' | Should -Exist
        }

        It 'expands wildcards in -Path and takes -LiteralPath as written' {
            Copy-Item -LiteralPath (Join-Path $dir 'a.bmp') -Destination (Join-Path $dir 'x[1].bmp')
            Convert-CinImage -Path (Join-Path $dir '[ab].bmp') -Style 0 -Destination (Join-Path $dir 'wild')
            Get-Names (Join-Path $dir 'wild') | Should -Be @('a-delaunay-eiffel-tower.bmp', 'b-delaunay-eiffel-tower.bmp')
            Convert-CinImage -LiteralPath (Join-Path $dir 'x[1].bmp') -Style 0 -Destination (Join-Path $dir 'literal')
            Get-Names (Join-Path $dir 'literal') | Should -Be @('x[1]-delaunay-eiffel-tower.bmp')
        }

        It 'resolves relative paths against the PowerShell location, not the process''s directory' {
            Push-Location $dir
            try {
                [Environment]::CurrentDirectory | Should -Not -Be $dir
                Convert-CinImage a.bmp -Style great-wave -Destination relative
            }
            finally {
                Pop-Location
            }
            Join-Path $dir 'relative/a-great-wave.bmp' | Should -Exist
        }
    }

    Context '-PassThru' {
        It 'writes a FileInfo for each file written, as Get-Item does' {
            $files = @(Get-ChildItem $dir -Filter *.bmp | Convert-CinImage -Style great-wave -Destination (Join-Path $dir 'out') -PassThru)
            $files | Should -HaveCount 3
            $files | Should -BeOfType ([IO.FileInfo])
            $files.Name | Should -Be @('a-great-wave.bmp', 'b-great-wave.bmp', 'c-great-wave.bmp')
            $files.FullName | Should -Be (Get-ChildItem (Join-Path $dir 'out') | Sort-Object Name).FullName
            $files[0].PSPath | Should -BeLike 'Microsoft.PowerShell.Core\FileSystem::*'
        }
    }

    Context 'Styles' {
        It 'takes a blend as a hashtable, named after the blended styles' {
            $a = Join-Path $dir 'a.bmp'
            $blend = Convert-CinImage $a -Style @{ 'starry-night' = 0.7; 'great-wave' = 0.3 } -Destination (Join-Path $dir 'blend') -PassThru
            $blend.Name | Should -Be 'a-starry-night+great-wave.bmp'
            $starry = Convert-CinImage $a -Style starry-night -Destination (Join-Path $dir 'one') -PassThru
            $wave = Convert-CinImage $a -Style great-wave -Destination (Join-Path $dir 'one') -PassThru
            $pixels = Read-ImagePixels $blend.FullName
            Get-PixelDifference $pixels (Read-ImagePixels $starry.FullName) | Should -BeGreaterThan 2
            Get-PixelDifference $pixels (Read-ImagePixels $wave.FullName) | Should -BeGreaterThan 2
        }

        It 'gives the same pixels for a hashtable, an ordered dictionary and the text blend' {
            $a = Join-Path $dir 'a.bmp'
            $outputs = @(
                Convert-CinImage $a -Style @{ 'great-wave' = 0.25; 'starry-night' = 0.75 } -Destination (Join-Path $dir 'h.png') -PassThru
                Convert-CinImage $a -Style ([ordered]@{ 24 = 0.25; 'starry-night' = 0.75 }) -Destination (Join-Path $dir 'o.png') -PassThru
                Convert-CinImage $a -Style 'starry-night=0.75,great-wave=0.25' -Destination (Join-Path $dir 't.png') -PassThru
                Convert-CinImage $a -Style starry-night=0.75, great-wave=0.25 -Destination (Join-Path $dir 'u.png') -PassThru
            )
            $first = Read-ImagePixels $outputs[0].FullName
            foreach ($other in $outputs | Select-Object -Skip 1) { Get-PixelDifference $first (Read-ImagePixels $other.FullName) | Should -Be 0 }
        }

        It 'takes CinStyle objects from the pipeline, one output per style' {
            Get-CinStyle starry-night, great-wave | Convert-CinImage -Path (Join-Path $dir 'a.bmp') -Destination (Join-Path $dir 'each')
            Get-Names (Join-Path $dir 'each') | Should -Be @('a-great-wave.bmp', 'a-starry-night.bmp')
        }

        It 'takes a CinStyle object, an alias number or a name as the same style' {
            $a = Join-Path $dir 'a.bmp'
            $outputs = @(
                Convert-CinImage $a -Style (Get-CinStyle great-wave) -Destination (Join-Path $dir '1.png') -PassThru
                Convert-CinImage $a -Style 24 -Destination (Join-Path $dir '2.png') -PassThru
                Convert-CinImage $a -Style GREAT-WAVE -Destination (Join-Path $dir '3.png') -PassThru
            )
            $first = Read-ImagePixels $outputs[0].FullName
            foreach ($other in $outputs | Select-Object -Skip 1) { Get-PixelDifference $first (Read-ImagePixels $other.FullName) | Should -Be 0 }
        }

        It 'stops before writing anything when the style is unknown' {
            { Get-ChildItem $dir -Filter *.bmp | Convert-CinImage -Style stary-night -Destination (Join-Path $dir 'out') } |
                Should -Throw -ErrorId 'InvalidStyle,Cin.PowerShell.ConvertCinImageCommand' -ExpectedMessage "*Did you mean 'starry-night'?*"
            Join-Path $dir 'out' | Should -Not -Exist
        }

        It 'stops before writing anything when the model is unknown' {
            { Convert-CinImage (Join-Path $dir 'a.bmp') -Style 0 -Model nosuch -Destination (Join-Path $dir 'out') } |
                Should -Throw -ErrorId 'ModelNotFound,Cin.PowerShell.ConvertCinImageCommand' -ExpectedMessage "unknown model 'nosuch' (available: *magenta*)"
            Join-Path $dir 'out' | Should -Not -Exist
        }

        It 'refuses a value that is no style when binding -Style' {
            { Convert-CinImage (Join-Path $dir 'a.bmp') -Style (Get-Date) } | Should -Throw -ErrorId 'ParameterArgumentTransformationError,Cin.PowerShell.ConvertCinImageCommand'
            { Convert-CinImage (Join-Path $dir 'a.bmp') -Style @{ 'great-wave' = 'lots' } } | Should -Throw -ExpectedMessage '*must be a number*'
            { Get-Item (Join-Path $dir 'a.bmp') | Convert-CinImage -Destination (Join-Path $dir 'out') } | Should -Throw -ExpectedMessage '*was -Style left out?*'
        }
    }

    Context '-WhatIf, -Confirm and -Force' {
        It 'writes nothing with -WhatIf, not even the destination folder' {
            Get-ChildItem $dir -Filter *.bmp | Convert-CinImage -Style starry-night -Destination (Join-Path $dir 'never') -WhatIf
            Join-Path $dir 'never' | Should -Not -Exist
            Get-Names $dir | Should -Be @('a.bmp', 'b.bmp', 'c.bmp')
        }

        It 'leaves an existing output alone with -WhatIf -Force' {
            $out = Join-Path $dir 'out.bmp'
            Convert-CinImage (Join-Path $dir 'a.bmp') -Style starry-night -Destination $out
            $before = (Get-FileHash $out).Hash
            Convert-CinImage (Join-Path $dir 'a.bmp') -Style great-wave -Destination $out -Force -WhatIf
            (Get-FileHash $out).Hash | Should -Be $before
        }

        It 'supports ShouldProcess with ConfirmImpact Medium' {
            $attribute = (Get-Command Convert-CinImage).ImplementingType.GetCustomAttributes([Management.Automation.CmdletAttribute], $false)[0]
            $attribute.SupportsShouldProcess | Should -BeTrue
            $attribute.ConfirmImpact | Should -Be 'Medium'
        }

        It 'overwrites with -Force -Confirm:$false without asking, even when $ConfirmPreference asks for everything' {
            $out = Join-Path $dir 'out.bmp'
            Convert-CinImage (Join-Path $dir 'a.bmp') -Style starry-night -Destination $out
            $expected = Convert-CinImage (Join-Path $dir 'a.bmp') -Style great-wave -Destination (Join-Path $dir 'expected.bmp') -PassThru
            $ConfirmPreference = 'Low'
            # pwsh runs this suite with -NonInteractive, where a prompt would fail the command.
            Convert-CinImage (Join-Path $dir 'a.bmp') -Style great-wave -Destination $out -Force -Confirm:$false
            (Get-FileHash $out).Hash | Should -Be (Get-FileHash $expected.FullName).Hash
        }

        It 'reports an existing output without -Force as ResourceExists and leaves it alone' {
            $out = Join-Path $dir 'out.bmp'
            Convert-CinImage (Join-Path $dir 'a.bmp') -Style starry-night -Destination $out
            $before = (Get-FileHash $out).Hash
            Convert-CinImage (Join-Path $dir 'a.bmp') -Style great-wave -Destination $out -ErrorVariable problems -ErrorAction SilentlyContinue
            $problems | Should -HaveCount 1
            $problems[0].FullyQualifiedErrorId | Should -Be 'OutputExists,Cin.PowerShell.ConvertCinImageCommand'
            $problems[0].CategoryInfo.Category | Should -Be 'ResourceExists'
            $problems[0].TargetObject | Should -Be $out
            $problems[0].ErrorDetails.RecommendedAction | Should -BeLike '*-Force*'
            (Get-FileHash $out).Hash | Should -Be $before
        }
    }

    Context 'Errors' {
        It 'reports a bad file in the middle of a batch as one non-terminating error and converts the others' {
            Set-Content (Join-Path $dir 'b.bmp') 'this is not an image'
            $written = Get-ChildItem $dir -Filter *.bmp | Sort-Object Name |
                Convert-CinImage -Style starry-night -Destination (Join-Path $dir 'out') -PassThru -ErrorVariable problems -ErrorAction SilentlyContinue
            $written.Name | Should -Be @('a-starry-night.bmp', 'c-starry-night.bmp')
            $problems | Should -HaveCount 1
            $problems[0].FullyQualifiedErrorId | Should -Be 'NotAnImage,Cin.PowerShell.ConvertCinImageCommand'
            $problems[0].CategoryInfo.Category | Should -Be 'InvalidData'
            $problems[0].TargetObject | Should -Be (Join-Path $dir 'b.bmp')
            Get-Names (Join-Path $dir 'out') | Should -Be @('a-starry-night.bmp', 'c-starry-night.bmp')
        }

        It 'gives each kind of bad input its own error id and category' {
            New-Item -ItemType File (Join-Path $dir 'empty.bmp') | Out-Null
            $bytes = [IO.File]::ReadAllBytes((Join-Path $dir 'a.bmp'))
            [IO.File]::WriteAllBytes((Join-Path $dir 'cut.bmp'), $bytes[0..199])
            New-Item -ItemType Directory (Join-Path $dir 'folder.bmp') | Out-Null
            $inputs = 'empty.bmp', 'cut.bmp', 'missing.bmp', 'folder.bmp' | ForEach-Object { Join-Path $dir $_ }
            Convert-CinImage -LiteralPath $inputs -Style 0 -Destination (Join-Path $dir 'out') -ErrorVariable problems -ErrorAction SilentlyContinue
            $seen = $problems | ForEach-Object { '{0} {1} {2}' -f ($_.FullyQualifiedErrorId -split ',')[0], $_.CategoryInfo.Category, (Split-Path $_.TargetObject -Leaf) }
            $seen | Should -Be @(
                'PathNotFound ObjectNotFound missing.bmp'
                'InputIsFolder InvalidArgument folder.bmp'
                'ImageEmpty InvalidData empty.bmp'
                'ImageCorrupt InvalidData cut.bmp'
            )
        }

        It 'refuses to write two inputs to one file' {
            Convert-CinImage (Join-Path $dir 'a.bmp'), (Join-Path $dir 'b.bmp') -Style 0 -Destination (Join-Path $dir 'one.bmp') -ErrorVariable problems -ErrorAction SilentlyContinue
            $problems | Should -HaveCount 1
            $problems[0].FullyQualifiedErrorId | Should -Be 'OutputAlreadyWritten,Cin.PowerShell.ConvertCinImageCommand'
            $problems[0].TargetObject | Should -Be (Join-Path $dir 'one.bmp')
        }

        It 'reports an output format it cannot write' {
            Convert-CinImage (Join-Path $dir 'a.bmp') -Style 0 -Destination (Join-Path $dir 'a.gif') -ErrorVariable problems -ErrorAction SilentlyContinue
            $problems[0].FullyQualifiedErrorId | Should -Be 'UnknownOutputFormat,Cin.PowerShell.ConvertCinImageCommand'
            $problems[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        }

        It 'stops at once for an unknown token in -Destination' {
            { Convert-CinImage (Join-Path $dir 'a.bmp') -Style 0 -Destination (Join-Path $dir '{nope}.png') } |
                Should -Throw -ErrorId 'UnknownDestinationToken,Cin.PowerShell.ConvertCinImageCommand'
        }
    }

    Context 'Destination' {
        It 'replaces {name}, {style}, {ext} and {model}, creating the folders' {
            Convert-CinImage (Join-Path $dir 'a.bmp') -Style great-wave -Destination (Join-Path $dir 'out/{model}/{style}/{name}.{ext}')
            Join-Path $dir 'out/magenta/great-wave/a.bmp' | Should -Exist
        }

        It 'writes the format that the extension of -Destination names' {
            $png = Convert-CinImage (Join-Path $dir 'a.bmp') -Style great-wave -Destination (Join-Path $dir 'a.png') -PassThru
            $header = [IO.File]::ReadAllBytes($png.FullName)[0..3]
            $header | Should -Be @(0x89, 0x50, 0x4E, 0x47)
            (Read-ImagePixels $png.FullName).Width | Should -Be 48
        }
    }

    Context 'Options' {
        It 'writes the photo itself at -Strength 0' {
            $out = Convert-CinImage (Join-Path $dir 'a.bmp') -Style great-wave -Strength 0 -Destination (Join-Path $dir 's0.png') -PassThru
            Get-PixelDifference (Read-ImagePixels (Join-Path $dir 'a.bmp')) (Read-ImagePixels $out.FullName) | Should -BeLessOrEqual 1
        }

        It 'keeps the photo''s size with -KeepColors and -WorkSize, and changes the result' {
            $a = Join-Path $dir 'a.bmp'
            $plain = Read-ImagePixels (Convert-CinImage $a -Style great-wave -Destination (Join-Path $dir 'p.png') -PassThru).FullName
            foreach ($options in @{ KeepColors = 'Luminance' }, @{ WorkSize = 24 }) {
                $other = Read-ImagePixels (Convert-CinImage $a -Style great-wave -Destination (Join-Path $dir 'o.png') -Force -PassThru @options).FullName
                Get-PixelDifference $plain $other | Should -BeGreaterThan 2
            }
        }
    }

    Context 'Progress' {
        It 'reports each file of a pipeline, then completes' {
            $ps = [powershell]::Create()
            try {
                $null = $ps.AddScript('param($manifest, $dir) Import-Module $manifest; Get-ChildItem $dir -Filter *.bmp | Sort-Object Name | Convert-CinImage -Style 0 -Destination (Join-Path $dir out)').
                    AddArgument((Get-CinModuleManifest)).AddArgument($dir)
                $ps.Invoke()
                $ps.HadErrors | Should -BeFalse
                $records = @($ps.Streams.Progress | Where-Object ActivityId -eq 1)
                @($records | Where-Object RecordType -eq Processing).StatusDescription |
                    Should -Be @('File 1: a.bmp (delaunay-eiffel-tower)', 'File 2: b.bmp (delaunay-eiffel-tower)', 'File 3: c.bmp (delaunay-eiffel-tower)')
                $records[-1].RecordType | Should -Be 'Completed'
            }
            finally {
                $ps.Dispose()
            }
        }

        It 'shows a percentage when every input is known up front' {
            $ps = [powershell]::Create()
            try {
                $null = $ps.AddScript('param($manifest, $dir) Import-Module $manifest; Convert-CinImage -Path (Join-Path $dir *.bmp) -Style 0 -Destination (Join-Path $dir out)').
                    AddArgument((Get-CinModuleManifest)).AddArgument($dir)
                $ps.Invoke()
                @($ps.Streams.Progress | Where-Object RecordType -eq Processing).PercentComplete | Should -Be @(0, 33, 66)
            }
            finally {
                $ps.Dispose()
            }
        }
    }

    Context 'Stopping (Ctrl+C)' {
        It 'stops between files and leaves no partial or temporary file' {
            $in = Join-Path $dir 'many'
            $out = Join-Path $dir 'stopped'
            New-Item -ItemType Directory $in | Out-Null
            New-TestBitmap (Join-Path $in '00.bmp') -Width 160 -Height 120 | Out-Null
            foreach ($n in 1..29) { Copy-Item (Join-Path $in '00.bmp') (Join-Path $in ('{0:d2}.bmp' -f $n)) }
            $complete = (Convert-CinImage (Join-Path $in '00.bmp') -Style starry-night -Destination (Join-Path $dir 'whole.bmp') -PassThru).Length

            # The pipeline is held after the first file: its source hands over one file, then waits for a gate that
            # never opens. So the stop lands between files however the machine schedules the two runspaces.
            $gate = [Threading.ManualResetEventSlim]::new($false)
            $ps = [powershell]::Create()
            try {
                $null = $ps.AddScript('param($manifest, $in, $out, $gate) Import-Module $manifest
                    & { $files = @(Get-ChildItem $in -Filter *.bmp | Sort-Object Name); $files[0]; while (-not $gate.Wait(50)) { }; $files[1..($files.Count - 1)] } |
                        Convert-CinImage -Style starry-night -Destination $out -ThreadCount 1').
                    AddArgument((Get-CinModuleManifest)).AddArgument($in).AddArgument($out).AddArgument($gate)
                $null = $ps.BeginInvoke()
                # A guard against a broken build, not a time limit on the work.
                $deadline = [DateTime]::UtcNow.AddMinutes(5)
                while (@(Get-ChildItem $out -Filter *.bmp -ErrorAction SilentlyContinue).Count -eq 0) {
                    if ([DateTime]::UtcNow -gt $deadline) { throw 'no output appeared within 5 minutes' }
                    Start-Sleep -Milliseconds 5
                }
                $ps.Stop()
                $ps.InvocationStateInfo.State | Should -Be 'Stopped'
            }
            finally {
                $ps.Dispose()
                $gate.Dispose()
            }
            $left = @(Get-ChildItem $out -Force)
            $left.Count | Should -Be 1
            $left | Where-Object Name -Like '*.tmp' | Should -BeNullOrEmpty
            foreach ($file in $left) { $file.Length | Should -Be $complete -Because "$($file.Name) must be complete" }
        }
    }
}
