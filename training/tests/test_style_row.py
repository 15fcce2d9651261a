import pytest
import torch

from cin_train import topology
from cin_train.export import ModelInfo, Style, read_model, write_model
from cin_train.style_row import export, read_style_row, replace

from test_export import random_net


@pytest.fixture
def folder(tmp_path):
    net = random_net(topology.build((8, 16, 16), 2), 3)
    styles = [Style(f"s-{i}", "alias-1" if i == 1 else "", "Title", "Artist", "1900", "src") for i in range(3)]
    write_model(net, str(tmp_path / "model"), ModelInfo("rows", "t", "l", "s"), styles)
    return str(tmp_path / "model"), net


def test_export_then_replace_moves_one_row(folder, tmp_path):
    path, net = folder
    exported = str(tmp_path / "s2.cinstyle")
    export(path, "s-2", exported)
    # Style 2's row, written in place of style 1's: style 1 now equals style 2, the others are untouched.
    replace(path, "alias-1", exported)
    back, _, styles = read_model(path)
    assert [s.name for s in styles] == ["s-0", "s-1", "s-2"]
    for name, m in back.conv_layers():
        original = dict(net.conv_layers())[name]
        assert torch.equal(m.norm.gamma[1], original.norm.gamma[2]), name
        assert torch.equal(m.norm.beta[1], original.norm.beta[2]), name
        for s in (0, 2):
            assert torch.equal(m.norm.gamma[s], original.norm.gamma[s]), name
            assert torch.equal(m.norm.beta[s], original.norm.beta[s]), name


def test_exported_row_has_every_layer(folder, tmp_path):
    path, net = folder
    exported = str(tmp_path / "s0.cinstyle")
    export(path, "s-0", exported)
    row = read_style_row(exported)
    assert set(row) == {(name, which) for name, _ in net.conv_layers() for which in ("gamma", "beta")}


def test_replace_refuses_a_row_of_another_shape(folder, tmp_path):
    path, _ = folder
    exported = str(tmp_path / "s0.cinstyle")
    export(path, "s-0", exported)
    text = open(exported, encoding="utf-8").read().splitlines()
    text = [line + " 1.0" if line.startswith("norm ") and " gamma " in line else line for line in text]
    open(exported, "w", encoding="utf-8").write("\n".join(text) + "\n")
    before = open(f"{path}/norm.txt", encoding="utf-8").read()
    with pytest.raises(ValueError, match="values; the model has"):
        replace(path, "s-1", exported)
    assert open(f"{path}/norm.txt", encoding="utf-8").read() == before


def test_unknown_style_is_an_error(folder, tmp_path):
    path, _ = folder
    with pytest.raises(ValueError, match="no style named"):
        export(path, "nope", str(tmp_path / "x.cinstyle"))
