import io
import os
import shutil

import numpy as np
import torch
from PIL import Image

from cin_train.data import ContentPack, CropSampler, eval_indices, pack_content, pack_styles, write_pack

from conftest import shared_path


def jpeg(w, h, seed):
    rng = np.random.default_rng(seed)
    buf = io.BytesIO()
    Image.fromarray(rng.integers(0, 255, (h, w, 3), dtype=np.uint8)).save(buf, "JPEG")
    return buf.getvalue()


def test_pack_round_trip_and_crops(tmp_path):
    path = str(tmp_path / "p.npz")
    write_pack(path, ["a", "b"], [jpeg(300, 256, 0), jpeg(256, 280, 1)])
    pack = ContentPack(path)
    assert len(pack) == 2 and pack.names == ["a", "b"]
    assert pack.decode(0).shape == (256, 300, 3)
    assert pack.center_crop(1, 256).shape == (3, 256, 256)
    s = CropSampler([path], crop=256, seed=0)
    b = s.batch(5)
    assert b.shape == (5, 3, 256, 256) and b.dtype == torch.float32
    assert 0 <= float(b.min()) and float(b.max()) <= 1


def test_eval_indices_spread():
    idx = eval_indices(2034, 20)
    assert len(idx) == 20 and idx[0] > 0 and idx[-1] < 2034
    gaps = np.diff(idx)
    assert gaps.min() >= 100 and gaps.max() <= 102


def test_pack_shared_photos(tmp_path):
    src = shared_path("data", "content")
    some = sorted(f for f in os.listdir(src) if f.endswith(".jpg"))[:6]
    os.makedirs(tmp_path / "in")
    for f in some:  # a scratch copy of six photos, so the packer reads a small folder
        shutil.copy(os.path.join(src, f), tmp_path / "in" / f)
    pack_content(str(tmp_path / "in"), str(tmp_path / "out"), parts=2, eval_count=2)
    packs = [ContentPack(str(tmp_path / "out" / f"content_{g}.npz")) for g in ("train0", "train1", "eval")]
    assert sum(len(p) for p in packs) == 6 and len(packs[2]) == 2
    assert min(packs[0].decode(0).shape[:2]) == 256


def test_pack_shared_styles(tmp_path):
    src = shared_path("data", "styles-heldout")
    pack_styles(src, str(tmp_path / "s.npz"), long_side=128)
    pack = ContentPack(str(tmp_path / "s.npz"))
    assert len(pack) == 6 and max(pack.decode(0).shape[:2]) <= 128
