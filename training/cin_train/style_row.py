"""Move one style's gamma/beta row between a model folder's norm.txt and a `cin-style 1` file.

    python3 -m cin_train.style_row export MODEL_FOLDER STYLE OUT.cinstyle
    python3 -m cin_train.style_row replace MODEL_FOLDER STYLE LEARNED.cinstyle

`export` writes a built-in style's row as a style file, so `learn_compare score` can score it beside a row `cin learn`
made. `replace` writes a learned row into norm.txt in place of a built-in style's row (how weak built-in rows are
mended: docs/learn/README.md); the style keeps its index, name and provenance in styles.tsv, and the numbers are
copied as the style file has them, which is already the shortest form that round-trips to float32.
"""
import argparse
import os
from typing import Dict, List, Tuple

from .export import _write_text

Row = Dict[Tuple[str, str], List[str]]


def style_index(folder: str, name: str) -> int:
    with open(os.path.join(folder, "styles.tsv"), encoding="utf-8") as f:
        for line in f.read().splitlines()[1:]:
            cells = line.split("\t")
            if len(cells) > 2 and (cells[1] == name or name in cells[2].split(",")):
                return int(cells[0])
    raise ValueError(f"{folder}: no style named {name!r}")


def model_name(folder: str) -> str:
    with open(os.path.join(folder, "model.txt"), encoding="utf-8") as f:
        for line in f:
            if line.startswith("name "):
                return line.split()[1]
    raise ValueError(f"{folder}/model.txt: no name")


def read_norm(folder: str) -> List[List[str]]:
    with open(os.path.join(folder, "norm.txt"), encoding="utf-8") as f:
        return [line.split() for line in f.read().splitlines() if line.strip()]


def read_style_row(path: str) -> Row:
    """{(layer, gamma|beta): values as written} from a `cin-style 1` file."""
    with open(path, encoding="utf-8") as f:
        lines = f.read().splitlines()
    if not lines or lines[0] != "format cin-style 1":
        raise ValueError(f"{path}: not a cin-style 1 file")
    row = {}
    for line in lines[1:]:
        if line.startswith("norm "):
            _, layer, which, *values = line.split(" ")
            row[(layer, which)] = values
    return row


def export(folder: str, name: str, out: str) -> None:
    index = style_index(folder, name)
    lines = ["format cin-style 1", f"# The built-in row of {model_name(folder)}'s {name}, exported by cin_train.style_row.",
             f"name {name}", f"model {model_name(folder)}"]
    for layer, s, which, *values in read_norm(folder):
        if int(s) == index:
            lines.append(" ".join(["norm", layer, which, *values]))
    _write_text(out, lines)


def replace(folder: str, name: str, style_file: str) -> None:
    index = style_index(folder, name)
    row = read_style_row(style_file)
    norm = read_norm(folder)
    out, used = [], set()
    for layer, s, which, *values in norm:
        if int(s) == index:
            key = (layer, which)
            if key not in row:
                raise ValueError(f"{style_file}: no {which} for layer {layer}")
            if len(row[key]) != len(values):
                raise ValueError(f"{style_file}: {layer} {which} has {len(row[key])} values; the model has {len(values)}")
            values = row[key]
            used.add(key)
        out.append(" ".join([layer, s, which, *values]))
    extra = set(row) - used
    if extra:
        raise ValueError(f"{style_file}: layers the model does not have: {sorted(extra)}")
    _write_text(os.path.join(folder, "norm.txt"), out)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = ap.add_subparsers(dest="command", required=True)
    e = sub.add_parser("export")
    e.add_argument("folder")
    e.add_argument("style")
    e.add_argument("out")
    r = sub.add_parser("replace")
    r.add_argument("folder")
    r.add_argument("style")
    r.add_argument("style_file")
    a = ap.parse_args(argv)
    if a.command == "export":
        export(a.folder, a.style, a.out)
    else:
        replace(a.folder, a.style, a.style_file)


if __name__ == "__main__":
    main()
