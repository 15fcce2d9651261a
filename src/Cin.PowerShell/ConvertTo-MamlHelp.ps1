#Requires -Version 7.4
<#
.SYNOPSIS
    Writes a binary module's MAML help (<Assembly>.dll-Help.xml) from one markdown file per cmdlet.

.DESCRIPTION
    Prose comes from the markdown (docs/powershell/<Cmdlet>.md); everything the code already knows comes from the
    imported module itself: syntax, parameter sets, types, positions, mandatory flags, aliases, pipeline input and
    wildcard support. So the help cannot drift from the cmdlets, and the script fails the build when a cmdlet has no
    page, a page has no synopsis or fewer than two examples, or a parameter is undocumented or documented but absent.

    Markdown layout (level-2 sections, in any order; level-3 headings name the items of a section):
        # <Cmdlet-Name>
        ## Synopsis          one paragraph
        ## Description       paragraphs
        ## Parameters        ### -Name, paragraphs; a line "Default value: ..." becomes the default shown
        ## Inputs / Outputs  ### <type name>, paragraphs
        ## Examples          ### <title>, a fenced code block, then paragraphs of remarks
        ## Notes             paragraphs
        ## Related links     "- [text](uri)" lines; a uri ending in .md is another page here and gets no uri
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $MarkdownFolder,
    [Parameter(Mandatory)] [string] $OutputPath
)

Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'

function Read-HelpMarkdown([string] $path) {
    $doc = [ordered]@{
        Name = $null; Synopsis = @(); Description = @(); Parameters = [ordered]@{}; Inputs = @(); Outputs = @()
        Examples = @(); Notes = @(); Links = @()
    }
    $section = $null; $item = $null; $paragraph = [Collections.Generic.List[string]]::new()
    $inCode = $false; $code = [Collections.Generic.List[string]]::new()

    # Paragraphs go to the current item, else to the current section.
    $flush = {
        if ($paragraph.Count -eq 0) { return }
        $text = ($paragraph -join ' ') -replace '`', ''
        $paragraph.Clear()
        $target = if ($null -ne $item) { $item } else { $doc }
        $key = if ($null -ne $item) { 'Paragraphs' } else { $section }
        if ($null -eq $key) { throw "${path}: text before the first section: $text" }
        if ($key -eq 'Parameters' -or $key -eq 'Inputs' -or $key -eq 'Outputs' -or $key -eq 'Examples') {
            throw "${path}: text in '## $key' before its first '### ' heading: $text"
        }
        $target[$key] = @($target[$key]) + $text
    }

    foreach ($line in [IO.File]::ReadAllLines($path)) {
        if ($line -match '^```') {
            if ($inCode) {
                if ($null -eq $item -or $section -ne 'Examples') { throw "${path}: a code block outside an example" }
                $item.Code = $code -join "`n"; $code.Clear(); $inCode = $false
            }
            else { & $flush; $inCode = $true }
            continue
        }
        if ($inCode) { $code.Add($line); continue }

        if ($line -match '^# (.+)$') { & $flush; $doc.Name = $Matches[1].Trim(); continue }
        if ($line -match '^## (.+)$') {
            & $flush; $item = $null
            $section = switch ($Matches[1].Trim()) {
                'Synopsis' { 'Synopsis' } 'Description' { 'Description' } 'Parameters' { 'Parameters' }
                'Inputs' { 'Inputs' } 'Outputs' { 'Outputs' } 'Examples' { 'Examples' } 'Notes' { 'Notes' }
                'Related links' { 'Links' }
                default { throw "${path}: unknown section '## $_'" }
            }
            continue
        }
        if ($line -match '^### (.+)$') {
            & $flush
            $heading = $Matches[1].Trim()
            $item = [ordered]@{ Paragraphs = @() }
            switch ($section) {
                'Parameters' {
                    if ($heading -notmatch '^-(\w+)$') { throw "${path}: a parameter heading must be '### -Name'; got '$heading'" }
                    $item.Default = $null
                    $doc.Parameters[$Matches[1]] = $item
                }
                'Examples' { $item.Title = $heading; $item.Code = $null; $doc.Examples += $item }
                { $_ -in 'Inputs', 'Outputs' } { $item.Type = $heading; $doc[$section] += $item }
                default { throw "${path}: '### $heading' in a section without items" }
            }
            continue
        }
        if ($section -eq 'Links' -and $line -match '^\s*[-*]\s+\[(.+?)\]\((.*?)\)\s*$') {
            $doc.Links += [ordered]@{ Text = $Matches[1]; Uri = ($Matches[2] -like '*.md' ? '' : $Matches[2]) }
            continue
        }
        if ($section -eq 'Parameters' -and $null -ne $item -and $line -match '^Default value:\s*(.+)$') {
            & $flush; $item.Default = $Matches[1].Trim(); continue
        }
        if ($line.Trim() -eq '') { & $flush } else { $paragraph.Add($line.Trim()) }
    }
    & $flush
    if ($inCode) { throw "${path}: a code block is not closed" }
    $doc
}

$module = Import-Module $ModulePath -PassThru -Force
try {
    $commands = @(Get-Command -Module $module.Name -CommandType Cmdlet | Sort-Object Name)
    if ($commands.Count -eq 0) { throw "$ModulePath exports no cmdlets" }

    # The common parameters are PowerShell's to describe ([<CommonParameters>]); WhatIf and Confirm are documented.
    $common = [Management.Automation.PSCmdlet]::CommonParameters
    $standard = @{
        WhatIf  = 'Shows what would happen if the cmdlet runs. The cmdlet is not run.'
        Confirm = 'Prompts you for confirmation before running the cmdlet.'
    }

    $settings = [Xml.XmlWriterSettings]@{ Indent = $true; Encoding = [Text.UTF8Encoding]::new($false) }
    New-Item -ItemType Directory -Force (Split-Path $OutputPath) | Out-Null
    $w = [Xml.XmlWriter]::Create($OutputPath, $settings)
    $maml = 'http://schemas.microsoft.com/maml/2004/10'
    $cmd = 'http://schemas.microsoft.com/maml/dev/command/2004/10'
    $dev = 'http://schemas.microsoft.com/maml/dev/2004/10'

    function Write-Paras([string[]] $paras) {
        $w.WriteStartElement('maml', 'description', $maml)
        foreach ($p in $paras) { $w.WriteElementString('maml', 'para', $maml, $p) }
        $w.WriteEndElement()
    }
    function Write-TypeName([string] $name) {
        $w.WriteStartElement('dev', 'type', $dev)
        $w.WriteElementString('maml', 'name', $maml, $name)
        $w.WriteEndElement()
    }
    function Write-Parameter($command, [string] $name, $doc, [string] $set) {
        $meta = $command.Parameters[$name]
        $sets = if ($set) { @($meta.ParameterSets[$set]) } else { @($meta.ParameterSets.Values) }
        if ($meta.ParameterSets.ContainsKey('__AllParameterSets') -and -not $set) { $sets = @($meta.ParameterSets['__AllParameterSets']) }
        $first = $sets[0]
        $isSwitch = $meta.SwitchParameter
        $byValue = @($sets | Where-Object ValueFromPipeline).Count -gt 0
        $byName = @($sets | Where-Object ValueFromPipelineByPropertyName).Count -gt 0
        $pipeline = if ($byValue -and $byName) { 'True (ByValue, ByPropertyName)' } elseif ($byValue) { 'True (ByValue)' } elseif ($byName) { 'True (ByPropertyName)' } else { 'False' }
        $wildcards = @($meta.Attributes | Where-Object { $_ -is [Management.Automation.SupportsWildcardsAttribute] }).Count -gt 0
        $type = $meta.ParameterType.Name

        $w.WriteStartElement('command', 'parameter', $cmd)
        $w.WriteAttributeString('required', ($first.IsMandatory ? 'true' : 'false'))
        $w.WriteAttributeString('variableLength', ($meta.ParameterType.IsArray ? 'true' : 'false'))
        $w.WriteAttributeString('globbing', ($wildcards ? 'true' : 'false'))
        $w.WriteAttributeString('pipelineInput', $pipeline)
        $w.WriteAttributeString('position', ($first.Position -ge 0 ? [string]$first.Position : 'named'))
        $w.WriteAttributeString('aliases', ($meta.Aliases.Count ? ($meta.Aliases -join ', ') : 'none'))
        $w.WriteElementString('maml', 'name', $maml, $name)
        Write-Paras $doc.Paragraphs
        if (-not $isSwitch -or -not $set) {
            $w.WriteStartElement('command', 'parameterValue', $cmd)
            $w.WriteAttributeString('required', ($isSwitch ? 'false' : 'true'))
            $w.WriteAttributeString('variableLength', ($meta.ParameterType.IsArray ? 'true' : 'false'))
            $w.WriteString($type)
            $w.WriteEndElement()
        }
        Write-TypeName $type
        $w.WriteElementString('dev', 'defaultValue', $dev, ($doc.Default ?? ($isSwitch ? 'False' : 'None')))
        $w.WriteEndElement()
    }

    $w.WriteStartDocument()
    $w.WriteStartElement('helpItems', 'http://msh')
    $w.WriteAttributeString('schema', 'maml')
    foreach ($command in $commands) {
        $page = Join-Path $MarkdownFolder "$($command.Name).md"
        if (-not (Test-Path $page)) { throw "$($command.Name) has no help page: $page" }
        $doc = Read-HelpMarkdown $page
        if ($doc.Name -ne $command.Name) { throw "${page}: the title is '$($doc.Name)', not '$($command.Name)'" }
        if (@($doc.Synopsis).Count -ne 1) { throw "${page}: '## Synopsis' needs exactly one paragraph" }
        if (@($doc.Examples).Count -lt 2) { throw "${page}: needs at least two examples; it has $(@($doc.Examples).Count)" }
        foreach ($example in $doc.Examples) { if (-not $example.Code) { throw "${page}: example '$($example.Title)' has no code block" } }

        $parameters = @($command.Parameters.Keys | Where-Object { $_ -notin $common })
        foreach ($name in $parameters) {
            if (-not $doc.Parameters.Contains($name)) {
                if (-not $standard.ContainsKey($name)) { throw "${page}: parameter -$name is not documented" }
                $doc.Parameters[$name] = [ordered]@{ Paragraphs = @($standard[$name]); Default = $null }
            }
        }
        foreach ($name in $doc.Parameters.Keys) {
            if ($name -notin $parameters) { throw "${page}: documents -$name, which $($command.Name) does not have" }
        }

        $w.WriteStartElement('command', 'command', $cmd)
        $w.WriteAttributeString('xmlns', 'maml', $null, $maml)
        $w.WriteAttributeString('xmlns', 'command', $null, $cmd)
        $w.WriteAttributeString('xmlns', 'dev', $null, $dev)

        $w.WriteStartElement('command', 'details', $cmd)
        $w.WriteElementString('command', 'name', $cmd, $command.Name)
        $w.WriteElementString('command', 'verb', $cmd, $command.Verb)
        $w.WriteElementString('command', 'noun', $cmd, $command.Noun)
        Write-Paras $doc.Synopsis
        $w.WriteEndElement()

        Write-Paras $doc.Description

        $w.WriteStartElement('command', 'syntax', $cmd)
        foreach ($set in $command.ParameterSets) {
            $w.WriteStartElement('command', 'syntaxItem', $cmd)
            $w.WriteElementString('maml', 'name', $maml, $command.Name)
            # Positional parameters first, in position order, as PowerShell's own syntax lines list them.
            $inSet = @($set.Parameters | Where-Object { $_.Name -notin $common } |
                Sort-Object @{ e = { $_.Position -ge 0 ? $_.Position : [int]::MaxValue } }, @{ e = { -not $_.IsMandatory } })
            foreach ($p in $inSet) {
                $setName = if ($command.Parameters[$p.Name].ParameterSets.ContainsKey($set.Name)) { $set.Name } else { '__AllParameterSets' }
                Write-Parameter $command $p.Name $doc.Parameters[$p.Name] $setName
            }
            $w.WriteEndElement()
        }
        $w.WriteEndElement()

        $w.WriteStartElement('command', 'parameters', $cmd)
        foreach ($name in $doc.Parameters.Keys) { Write-Parameter $command $name $doc.Parameters[$name] $null }
        $w.WriteEndElement()

        foreach ($kind in @(@('inputTypes', 'inputType', 'Inputs'), @('returnValues', 'returnValue', 'Outputs'))) {
            $w.WriteStartElement('command', $kind[0], $cmd)
            foreach ($entry in $doc[$kind[2]]) {
                $w.WriteStartElement('command', $kind[1], $cmd)
                Write-TypeName $entry.Type
                Write-Paras $entry.Paragraphs
                $w.WriteEndElement()
            }
            $w.WriteEndElement()
        }

        if (@($doc.Notes).Count) {
            $w.WriteStartElement('maml', 'alertSet', $maml)
            $w.WriteStartElement('maml', 'alert', $maml)
            foreach ($p in $doc.Notes) { $w.WriteElementString('maml', 'para', $maml, $p) }
            $w.WriteEndElement()
            $w.WriteEndElement()
        }

        $w.WriteStartElement('command', 'examples', $cmd)
        $n = 0
        foreach ($example in $doc.Examples) {
            $n++
            $w.WriteStartElement('command', 'example', $cmd)
            $title = $example.Title -replace '^Example \d+:\s*', ''
            $w.WriteElementString('maml', 'title', $maml, "--------- Example ${n}: $title ---------")
            $w.WriteElementString('dev', 'code', $dev, $example.Code)
            $w.WriteStartElement('dev', 'remarks', $dev)
            foreach ($p in $example.Paragraphs) { $w.WriteElementString('maml', 'para', $maml, $p) }
            # An empty paragraph: Get-Help then leaves a blank line before the next example's title.
            $w.WriteElementString('maml', 'para', $maml, '')
            $w.WriteEndElement()
            $w.WriteEndElement()
        }
        $w.WriteEndElement()

        $w.WriteStartElement('command', 'relatedLinks', $cmd)
        foreach ($link in $doc.Links) {
            $w.WriteStartElement('maml', 'navigationLink', $maml)
            $w.WriteElementString('maml', 'linkText', $maml, $link.Text)
            $w.WriteElementString('maml', 'uri', $maml, $link.Uri)
            $w.WriteEndElement()
        }
        $w.WriteEndElement()

        $w.WriteEndElement()
        Write-Verbose "$($command.Name): $(@($doc.Examples).Count) examples, $($doc.Parameters.Count) parameters"
    }
    $w.WriteEndElement()
    $w.WriteEndDocument()
    $w.Dispose()
}
finally {
    Remove-Module $module -Force -ErrorAction SilentlyContinue
}
