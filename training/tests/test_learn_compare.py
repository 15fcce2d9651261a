"""learn_compare's two steps agree: the row `train` writes is a readable cin-style file, and `score` gives it the
losses `train` reported (same targets, same evaluation crops)."""
import os
import re

import numpy as np
from PIL import Image

from cin_train import learn_compare
from cin_train.export import read_model

from conftest import REPO

MODEL = os.path.join(REPO, "styles", "magenta")
FEATURES = os.path.join(REPO, "features", "resnet18")


def write_pictures(tmp_path):
    rng = np.random.default_rng(5)
    photos = []
    for i in range(3):
        p = tmp_path / f"photo{i}.png"
        Image.fromarray(rng.integers(0, 256, (48 + 7 * i, 56, 3), dtype=np.uint8)).save(p)
        photos.append(str(p))
    painting = tmp_path / "painting.png"
    yy, xx = np.mgrid[0:64, 0:80]
    Image.fromarray(np.stack([(xx * 3) % 256, (yy * 5) % 256, (xx + yy) % 256], -1).astype(np.uint8)).save(painting)
    return photos, str(painting)


def losses_in(text):
    m = re.search(r"style=([\d.]+) content=([\d.]+)", text)
    return float(m.group(1)), float(m.group(2))


def test_train_writes_a_style_that_score_reads_back(tmp_path, capsys):
    photos, painting = write_pictures(tmp_path)
    out = str(tmp_path / "torch.cinstyle")
    common = ["--photos", *photos, "--crop", "32", "--style-size", "64", "--eval", "4", "--threads", "1"]
    learn_compare.main(["train", MODEL, FEATURES, painting, *common, "--out", out, "--steps", "3", "--batch", "2"])
    trained = losses_in(capsys.readouterr().out)

    text = open(out, encoding="utf-8").read()
    assert text.startswith("format cin-style 1\n")
    assert "\nmodel magenta\n" in text and "\nsteps 3\n" in text
    rows = learn_compare.read_cin_style(out)
    net, _, _ = read_model(MODEL)
    layers = net.conv_layers()
    assert list(rows) == [name for name, _ in layers]
    for name, m in layers:
        assert rows[name]["gamma"].shape == m.norm.gamma[0].shape
        mean = m.norm.gamma.detach().mean(0)
        assert not np.allclose(rows[name]["gamma"].numpy(), mean.numpy()), "the row did not move from the mean"

    learn_compare.main(["score", MODEL, FEATURES, painting, out, out, *common])
    printed = capsys.readouterr().out
    assert np.allclose(losses_in(printed.splitlines()[0]), trained, rtol=1e-3)
    assert "style=1.000 content=1.000" in printed
