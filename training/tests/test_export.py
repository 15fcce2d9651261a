import hashlib
import os

import numpy as np
import pytest
import torch

from cin_train import topology
from cin_train.export import ModelInfo, Style, read_model, shared_styles, write_model
from cin_train.model import Network, one_hot

from conftest import REPO, shared_path


def random_net(layers, styles, seed=1):
    torch.manual_seed(seed)
    net = Network(layers, styles)
    with torch.no_grad():
        for _, m in net.conv_layers():
            m.norm.gamma.uniform_(0.5, 1.5)
            m.norm.beta.uniform_(-0.5, 0.5)
    return net


def test_round_trip(tmp_path):
    net = random_net(topology.build((8, 16, 16), 2), 3)
    styles = [Style(f"s-{i}", f"a{i}", "Title", "Artist", "1900", "src") for i in range(3)]
    write_model(net, str(tmp_path), ModelInfo("round-trip", "t", "l", "s"), styles)
    back, info, styles_back = read_model(str(tmp_path))
    assert info.name == "round-trip" and styles_back == styles
    assert back.layers_spec == net.layers_spec
    for (k, a), b in zip(net.state_dict().items(), back.state_dict().values()):
        assert torch.equal(a, b), k
    x = torch.rand(1, 3, 24, 16)
    w = torch.tensor([[0.2, 0.3, 0.5]])
    assert torch.equal(net(x, w), back(x, w))


def test_weights_are_hwio_and_checksummed(tmp_path):
    net = random_net(topology.build((8, 16, 16), 1), 1)
    write_model(net, str(tmp_path), ModelInfo("hwio"), [Style("only")])
    raw = (tmp_path / "weights.bin").read_bytes()
    text = (tmp_path / "model.txt").read_text()
    assert f"count={len(raw) // 4} sha256={hashlib.sha256(raw).hexdigest()}" in text
    flat = np.frombuffer(raw, "<f4")
    w0 = net.conv_layers()[0][1].conv.weight.detach().numpy()  # OIHW [8, 3, 9, 9]
    # HWIO, output channel fastest: element (kh, kw, i, o) at ((kh * K + kw) * I + i) * O + o.
    assert flat[0] == w0[0, 0, 0, 0] and flat[1] == w0[1, 0, 0, 0]
    assert flat[8] == w0[0, 1, 0, 0]                  # next input channel
    assert flat[8 * 3] == w0[0, 0, 0, 1]              # next kw
    assert flat[8 * 3 * 9] == w0[0, 0, 1, 0]          # next kh


def test_norm_txt_lines(tmp_path):
    net = random_net(topology.build((8, 16, 16), 1), 2)
    write_model(net, str(tmp_path), ModelInfo("norm"), [Style("a"), Style("b")])
    lines = (tmp_path / "norm.txt").read_text().splitlines()
    assert len(lines) == len(net.conv_layers()) * 2 * 2
    name, style, which, *vals = lines[1].split()
    assert (name, style, which, len(vals)) == ("contract/conv1", "0", "beta", 8)
    assert all(np.float32(v) == np.float32(float(v)) for v in vals)


def test_rejects_bad_style_name(tmp_path):
    net = random_net(topology.build((8, 16, 16), 1), 1)
    with pytest.raises(ValueError):
        write_model(net, str(tmp_path), ModelInfo("bad"), [Style("Not Kebab")])


def test_shared_styles_rows():
    rows = shared_styles(shared_path("data", "styles", "styles.tsv"))
    assert len(rows) == 40
    assert rows[0].name == "starry-night" and rows[0].artist == "Vincent van Gogh"
    assert len({r.name for r in rows}) == 40
    for i, r in enumerate(rows):
        r.row(i)  # kebab names, no tabs


def test_committed_paintings40():
    """styles/paintings40, the trained model cin ships: reads back (sha256, count), runs, keeps the provenance."""
    folder = os.path.join(REPO, "styles", "paintings40")
    net, info, styles = read_model(folder)
    assert info.name == "paintings40" and net.styles == len(styles) == 40
    assert topology.weight_count(net.layers_spec) == 1_674_432
    y = net(torch.rand(1, 3, 32, 32), one_hot([0], 40))
    assert y.shape == (1, 3, 32, 32)
    aliases = {s.name: s.aliases for s in styles if s.aliases}
    assert aliases == {"the-great-wave-off-kanagawa": "great-wave", "composition-vii": "kandinsky-composition-vii",
                       "udnie": "picabia-udnie"}
    tsv = os.path.join(REPO, "..", "shared", "data", "styles", "styles.tsv")
    if os.path.exists(tsv):  # the provenance columns are the shared table's, row for row
        shared = {s.name: s for s in shared_styles(tsv)}
        for s in styles:
            t = shared[s.name]
            assert (s.title, s.artist, s.year, s.source) == (t.title, t.artist, t.year, t.source)
