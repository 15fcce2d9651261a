import hashlib
import os

import numpy as np
import torch

from cin_train.export import read_model
from cin_train.make_fixture import BLEND, H, W, write_fixture


def test_fixture_files_and_values(tmp_path):
    write_fixture(str(tmp_path))
    names = sorted(os.listdir(tmp_path))
    assert names == ["expected.bin", "fixture.txt", "input.bin", "loss-weights.bin", "model.txt", "norm.txt",
                     "style-gradient.bin", "styles.tsv", "weights.bin"]
    x = np.fromfile(tmp_path / "input.bin", "<f4")
    e = np.fromfile(tmp_path / "expected.bin", "<f4")
    assert x.size == H * W * 3 and e.size == 2 * H * W * 3
    assert x.min() >= 0 and x.max() <= 1
    # The exported folder, read back and run in float32, reproduces expected.bin (the C# engine's target).
    net, info, styles = read_model(str(tmp_path))
    assert info.name == "fixture" and net.styles == 2
    xt = torch.from_numpy(x.reshape(1, H, W, 3)).permute(0, 3, 1, 2)
    for k, w in enumerate(((0.0, 1.0), BLEND)):
        y = net(xt, torch.tensor([w])).permute(0, 2, 3, 1).detach().numpy().ravel()
        ref = e[k * H * W * 3:(k + 1) * H * W * 3]
        assert np.abs(y - ref).max() < 1e-5
    # Style 1 and the blend differ, so a test that ignores the weights would fail.
    assert np.abs(e[:H * W * 3] - e[H * W * 3:]).max() > 1e-3


def test_fixture_is_deterministic(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    write_fixture(str(a))
    write_fixture(str(b))
    for f in ("weights.bin", "norm.txt", "input.bin", "expected.bin"):
        assert hashlib.sha256((a / f).read_bytes()).digest() == hashlib.sha256((b / f).read_bytes()).digest()
