"""The committed C# fixture (tests/Models/fixture) is exactly what make_fixture writes today.

tests/Cin.Network.Tests/PyTorchFixtureTests.cs runs the C# engine on that folder's input.bin and compares with its
expected.bin. If the trainer's network, exporter or fixture code changed without the folder being regenerated, the C#
test would keep checking the engine against a stale PyTorch forward; this test fails instead. To regenerate, from
training/:

    python3 -m cin_train.make_fixture ../tests/Models/fixture
"""
import os

import numpy as np
import pytest

pytest.importorskip("torch", reason="PyTorch is not installed (Debian: apt-get install python3-torch)")

from cin_train.make_fixture import write_fixture  # noqa: E402  (needs torch)

from conftest import REPO  # noqa: E402

COMMITTED = os.path.join(REPO, "tests", "Models", "fixture")
FILES = ["expected.bin", "fixture.txt", "input.bin", "loss-weights.bin", "model.txt", "norm.txt", "style-gradient.bin",
         "styles.tsv", "weights.bin"]

REGENERATE = "regenerate it from training/ with: python3 -m cin_train.make_fixture ../tests/Models/fixture"


def test_regenerated_fixture_is_byte_identical_to_the_committed_one(tmp_path):
    if not os.path.isdir(COMMITTED):
        pytest.fail(f"{COMMITTED} is missing; {REGENERATE}")
    write_fixture(str(tmp_path))
    assert sorted(os.listdir(tmp_path)) == FILES
    assert sorted(os.listdir(COMMITTED)) == FILES, f"unexpected files in {COMMITTED}"
    for name in FILES:
        new = (tmp_path / name).read_bytes()
        with open(os.path.join(COMMITTED, name), "rb") as f:
            old = f.read()
        if new == old:
            continue
        detail = ""
        if name.endswith(".bin") and len(new) == len(old):
            a, b = np.frombuffer(new, "<f4"), np.frombuffer(old, "<f4")
            detail = f" ({np.count_nonzero(a != b)} of {a.size} floats differ, max abs diff {np.abs(a - b).max():.3g})"
        pytest.fail(f"tests/Models/fixture/{name} differs from what make_fixture writes now{detail}; {REGENERATE}")
