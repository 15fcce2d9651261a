"""Write a trained Network as a styles/ model folder, and read one back (styles/README.md is the contract).

PyTorch keeps conv kernels OIHW; weights.bin is HWIO (output channel fastest), so every kernel is permuted
(2, 3, 1, 0) on the way out and back on the way in.

    python3 -m cin_train.export CHECKPOINT OUTDIR --name paintings40 --title "..." [--styles-tsv PATH] [--alias NAME=ALIAS]
"""
import argparse
import hashlib
import os
import re
from dataclasses import dataclass
from typing import List, Sequence

import numpy as np
import torch

from . import topology
from .model import Network

HEADER = "index\tname\taliases\ttitle\tartist\tyear\tsource"
KEBAB = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


@dataclass
class Style:
    name: str
    aliases: str = ""
    title: str = "-"
    artist: str = "-"
    year: str = "-"
    source: str = "-"

    def row(self, index: int) -> str:
        cells = [str(index), self.name, self.aliases, self.title, self.artist, self.year, self.source]
        for c in cells:
            if "\t" in c or "\n" in c:
                raise ValueError(f"style {self.name}: a cell holds a tab or newline: {c!r}")
        if not KEBAB.match(self.name):
            raise ValueError(f"style name {self.name!r} is not kebab-case")
        return "\t".join(cells)


@dataclass
class ModelInfo:
    name: str
    title: str = "-"
    licence: str = "-"
    source: str = "-"


def shortest(v: float) -> str:
    """The shortest decimal that reads back as the same float32 (numpy's float32 repr is exactly that)."""
    s = str(np.float32(v))
    assert np.float32(s) == np.float32(v)
    return s


def hwio_weights(net: Network) -> np.ndarray:
    parts = [m.conv.weight.detach().float().permute(2, 3, 1, 0).contiguous().numpy().ravel()
             for _, m in net.conv_layers()]
    return np.concatenate(parts).astype("<f4")


def write_model(net: Network, folder: str, info: ModelInfo, styles: Sequence[Style]) -> None:
    if len(styles) != net.styles:
        raise ValueError(f"{len(styles)} style rows for a network of {net.styles} styles")
    os.makedirs(folder, exist_ok=True)
    weights = hwio_weights(net)
    raw = weights.tobytes()
    assert weights.size == topology.weight_count(net.layers_spec)
    with open(os.path.join(folder, "weights.bin"), "wb") as f:
        f.write(raw)
    lines = ["format cin-model 1", f"name {info.name}", f"title {info.title}", f"licence {info.licence}",
             f"source {info.source}", f"styles {net.styles}",
             f"weights weights.bin float32 count={weights.size} sha256={hashlib.sha256(raw).hexdigest()}"]
    lines += [layer.line() for layer in net.layers_spec]
    _write_text(os.path.join(folder, "model.txt"), lines)
    _write_text(os.path.join(folder, "styles.tsv"), [HEADER] + [s.row(i) for i, s in enumerate(styles)])
    norm = []
    for name, m in net.conv_layers():
        g = m.norm.gamma.detach().float().numpy()
        b = m.norm.beta.detach().float().numpy()
        for s in range(net.styles):
            norm.append(f"{name} {s} gamma " + " ".join(shortest(v) for v in g[s]))
            norm.append(f"{name} {s} beta " + " ".join(shortest(v) for v in b[s]))
    _write_text(os.path.join(folder, "norm.txt"), norm)


def _write_text(path: str, lines: List[str]) -> None:
    # newline="\n": the folder is read on every platform and diffed in git; no CRLF.
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join(lines) + "\n")


def _statements(path: str):
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.split("#", 1)[0].strip()
            if line:
                yield line


def _pairs(words):
    out = {}
    for w in words:
        if "=" not in w:
            raise ValueError(f"expected key=value, found {w!r}")
        k, v = w.split("=", 1)
        out[k] = v
    return out


def read_model(folder: str):
    """Read a model folder back into (Network, ModelInfo, [Style]); checks count and sha256."""
    layers, info, n_styles, weights_decl = [], ModelInfo("-"), None, None
    statements = list(_statements(os.path.join(folder, "model.txt")))
    if statements[0] != "format cin-model 1":
        raise ValueError("not a cin-model 1 file")
    for st in statements[1:]:
        key, _, rest = st.partition(" ")
        if key in ("name", "title", "licence", "source"):
            setattr(info, key, rest)
        elif key == "styles":
            n_styles = int(rest)
        elif key == "weights":
            words = rest.split()
            weights_decl = (words[0], _pairs(words[2:]))
        elif key in ("conv", "residual"):
            layers.append(topology.parse_line(st))
        else:
            raise ValueError(f"unknown statement {key!r}")
    net = Network(layers, n_styles)
    file, decl = weights_decl
    with open(os.path.join(folder, file), "rb") as f:
        raw = f.read()
    if hashlib.sha256(raw).hexdigest() != decl["sha256"]:
        raise ValueError("weights.bin sha256 mismatch")
    flat = np.frombuffer(raw, dtype="<f4")
    if flat.size != int(decl["count"]) or flat.size != topology.weight_count(layers):
        raise ValueError("weights.bin count mismatch")
    off = 0
    with torch.no_grad():
        for _, m in net.conv_layers():
            co, ci, k, _ = m.conv.weight.shape
            n = k * k * ci * co
            hwio = torch.from_numpy(flat[off:off + n].copy()).reshape(k, k, ci, co)
            m.conv.weight.copy_(hwio.permute(3, 2, 0, 1))
            off += n
        rows = {}
        for st in _statements(os.path.join(folder, "norm.txt")):
            layer, s, which, *vals = st.split()
            rows[(layer, int(s), which)] = torch.tensor([float(v) for v in vals], dtype=torch.float32)
        for name, m in net.conv_layers():
            for s in range(n_styles):
                m.norm.gamma[s] = rows[(name, s, "gamma")]
                m.norm.beta[s] = rows[(name, s, "beta")]
    styles = []
    with open(os.path.join(folder, "styles.tsv"), encoding="utf-8") as f:
        lines = f.read().splitlines()
    if lines[0] != HEADER:
        raise ValueError("styles.tsv header")
    for i, line in enumerate(l for l in lines[1:] if l):
        cells = line.split("\t")
        if int(cells[0]) != i:
            raise ValueError("styles.tsv rows out of order")
        styles.append(Style(*cells[1:]))
    if len(styles) != n_styles:
        raise ValueError("styles.tsv disagrees with model.txt")
    return net, info, styles


def shared_styles(tsv_path: str) -> List[Style]:
    """Style rows (names and provenance) from the shared paintings' styles.tsv, in its row order."""
    with open(tsv_path, encoding="utf-8") as f:
        rows = [line.rstrip("\n").split("\t") for line in f if line.strip()]
    head, rows = rows[0], rows[1:]
    out = []
    for r in rows:
        d = dict(zip(head, r))
        src = (f"https://github.com/{d['source_repo']}/blob/{d['source_commit']}/{d['source_path']}; "
               f"public domain: {d['public_domain_reason'].split(';')[0]}")
        out.append(Style(os.path.splitext(d["file"])[0], "", d["title"], d["artist"], d["year"], src))
    return out


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("checkpoint")
    ap.add_argument("outdir")
    ap.add_argument("--name", required=True)
    ap.add_argument("--title", default="-")
    ap.add_argument("--licence", default="-")
    ap.add_argument("--source", default="training/ (cin's own trainer)")
    ap.add_argument("--styles-tsv", help="shared styles.tsv; default: the names stored in the checkpoint")
    ap.add_argument("--alias", action="append", default=[], metavar="NAME=ALIAS[,ALIAS]",
                    help="aliases for a style (repeatable), e.g. the-great-wave-off-kanagawa=great-wave")
    a = ap.parse_args(argv)
    from .checkpoint import load_network
    net, names = load_network(a.checkpoint)
    if a.styles_tsv:
        by_name = {s.name: s for s in shared_styles(a.styles_tsv)}
        styles = [by_name.get(n, Style(n)) for n in names]
    else:
        styles = [Style(n) for n in names]
    for pair in a.alias:
        name, _, aliases = pair.partition("=")
        match = [s for s in styles if s.name == name]
        if not match or not aliases:
            raise SystemExit(f"--alias {pair!r}: expected NAME=ALIAS with NAME one of the model's styles")
        match[0].aliases = aliases
    write_model(net, a.outdir, ModelInfo(a.name, a.title, a.licence, a.source), styles)
    print(f"wrote {a.outdir}: {net.styles} styles, {topology.weight_count(net.layers_spec)} weights")


if __name__ == "__main__":
    main()
