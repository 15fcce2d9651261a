"""Packing photos and paintings compactly for the device machine, and sampling training batches from them.

A call to the device machine carries at most 64 MiB, so photos travel as JPEG bytes, not pixels: a pack is one
.npz with the concatenated JPEG files (`blob`), their `offsets` and `names`. The 2,034 shared photos, resized to
a short side of 256 and re-encoded at quality 85, take about 45 MiB; they are split into two packs of about
23 MiB, so a call can carry one or both next to the loss network, the paintings and a checkpoint (train.py uses
whichever packs are present). 20 photos, spread evenly over the sorted names (so over every source set), are kept
out of training entirely for the evaluation.

    python3 -m cin_train.data content SRC_DIR OUT_DIR [--parts 2] [--eval 20]
    python3 -m cin_train.data styles SRC_DIR OUT.npz [--long-side 512]

Paintings are packed at a long side of 512 (see README.md, "Style image size").
"""
import argparse
import glob
import io
import os

import numpy as np
import torch
from PIL import Image


def _jpeg(img: Image.Image, quality: int) -> bytes:
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=quality, optimize=True)
    return buf.getvalue()


def resize_short(img: Image.Image, short: int) -> Image.Image:
    w, h = img.size
    r = short / min(w, h)
    return img.resize((max(short, round(w * r)), max(short, round(h * r))), Image.LANCZOS)


def resize_long(img: Image.Image, long: int) -> Image.Image:
    w, h = img.size
    r = min(1.0, long / max(w, h))  # never upscale
    return img.resize((round(w * r), round(h * r)), Image.LANCZOS) if r < 1 else img


def write_pack(path, names, blobs):
    offsets = np.cumsum([0] + [len(b) for b in blobs]).astype(np.int64)
    np.savez(path, blob=np.frombuffer(b"".join(blobs), dtype=np.uint8), offsets=offsets,
             names=np.array(names))


def eval_indices(n, count):
    """Evenly spread indices into the sorted file list."""
    return sorted({int(i * n / count + n / (2 * count)) for i in range(count)})


def pack_content(src, out, parts=2, eval_count=20, short=256, quality=85):
    files = sorted(glob.glob(os.path.join(src, "*.jpg")))
    held = set(eval_indices(len(files), eval_count))
    groups = {"eval": []}
    for p in range(parts):
        groups[f"train{p}"] = []
    k = 0
    for i, f in enumerate(files):
        img = resize_short(Image.open(f).convert("RGB"), short)
        if i in held:
            # Evaluation photos at high quality: they are few, and the numbers in RESULTS.md come from them.
            groups["eval"].append((os.path.basename(f), _jpeg(img, 95)))
        else:
            groups[f"train{k % parts}"].append((os.path.basename(f), _jpeg(img, quality)))
            k += 1
    os.makedirs(out, exist_ok=True)
    for g, items in groups.items():
        write_pack(os.path.join(out, f"content_{g}.npz"), [n for n, _ in items], [b for _, b in items])
        size = sum(len(b) for _, b in items)
        print(f"content_{g}.npz: {len(items)} photos, {size / 2 ** 20:.1f} MiB")


def pack_styles(src, out, long_side=512, quality=95):
    """Paintings in the order of SRC/styles.tsv (which is also the model's style order)."""
    with open(os.path.join(src, "styles.tsv"), encoding="utf-8") as f:
        files = [line.split("\t")[0] for line in f.read().splitlines()[1:] if line.strip()]
    blobs = [_jpeg(resize_long(Image.open(os.path.join(src, fn)).convert("RGB"), long_side), quality)
             for fn in files]
    write_pack(out, [os.path.splitext(fn)[0] for fn in files], blobs)
    print(f"{out}: {len(files)} paintings, {sum(map(len, blobs)) / 2 ** 20:.1f} MiB")


class ContentPack:
    """Random access to the JPEGs of one pack."""

    def __init__(self, path):
        z = np.load(path)
        self.blob, self.offsets, self.names = z["blob"], z["offsets"], [str(n) for n in z["names"]]

    def __len__(self):
        return len(self.names)

    def decode(self, i) -> np.ndarray:
        data = self.blob[self.offsets[i]:self.offsets[i + 1]].tobytes()
        return np.asarray(Image.open(io.BytesIO(data)).convert("RGB"))

    def tensor(self, i) -> torch.Tensor:
        """Float CHW in [0,1]."""
        return torch.from_numpy(self.decode(i).copy()).permute(2, 0, 1).float() / 255.0

    def center_crop(self, i, size) -> torch.Tensor:
        x = self.tensor(i)
        if min(x.shape[1:]) < size:
            x = torch.nn.functional.interpolate(x[None], scale_factor=size / min(x.shape[1:]) + 1e-6,
                                                mode="bilinear", align_corners=False)[0]
        h, w = x.shape[1:]
        t, l = (h - size) // 2, (w - size) // 2
        return x[:, t:t + size, l:l + size]


class CropSampler:
    """All photos of a pack decoded once into uint8 tensors on `device`; batches of random crops with flips."""

    def __init__(self, packs, device="cpu", crop=256, seed=0):
        self.images = []
        for p in packs:
            pack = ContentPack(p) if isinstance(p, str) else p
            for i in range(len(pack)):
                img = torch.from_numpy(pack.decode(i).copy()).permute(2, 0, 1)
                if min(img.shape[1:]) >= crop:
                    self.images.append(img.to(device))
        if not self.images:
            raise ValueError("no photo is large enough for the crop")
        self.crop, self.device = crop, device
        self.gen = torch.Generator().manual_seed(seed)

    def __len__(self):
        return len(self.images)

    def batch(self, n) -> torch.Tensor:
        c, g = self.crop, self.gen
        idx = torch.randint(len(self.images), (n,), generator=g).tolist()
        out = []
        for i in idx:
            img = self.images[i]
            h, w = img.shape[1:]
            t = torch.randint(h - c + 1, (1,), generator=g).item()
            l = torch.randint(w - c + 1, (1,), generator=g).item()
            x = img[:, t:t + c, l:l + c]
            if torch.rand((), generator=g).item() < 0.5:
                x = x.flip(2)
            out.append(x)
        return torch.stack(out).float().div_(255.0)


def synthetic_photos(n, size, seed=0):
    """Smooth random colour fields with edges, for tests that must not depend on the shared photos."""
    g = torch.Generator().manual_seed(seed)
    low = torch.rand(n, 3, 4, 4, generator=g)
    x = torch.nn.functional.interpolate(low, size=(size, size), mode="bilinear", align_corners=False)
    bars = (torch.arange(size)[None, None, None, :] // max(1, size // 8)) % 2
    return (0.8 * x + 0.2 * bars.float()).clamp(0, 1)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = ap.add_subparsers(dest="what", required=True)
    c = sub.add_parser("content")
    c.add_argument("src")
    c.add_argument("out")
    c.add_argument("--parts", type=int, default=2)
    c.add_argument("--eval", type=int, default=20)
    s = sub.add_parser("styles")
    s.add_argument("src")
    s.add_argument("out")
    s.add_argument("--long-side", type=int, default=512)
    a = ap.parse_args(argv)
    if a.what == "content":
        pack_content(a.src, a.out, a.parts, a.eval)
    else:
        pack_styles(a.src, a.out, a.long_side)


if __name__ == "__main__":
    main()
