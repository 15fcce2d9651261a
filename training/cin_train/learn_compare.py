"""Compare `cin learn` with PyTorch add_style on the same painting, photos, steps and settings (issue 14's quality check).

Two steps, so the slow PyTorch side can run while cin is being built or timed:

    python3 -m cin_train.learn_compare train MODEL_FOLDER FEATURES_FOLDER PAINTING --photos FILE... --out TORCH.cinstyle \
        [--name NAME] [--steps 300] [--batch 4] [--crop 128] [--style-size 256] [--lr 1e-2] [--style-weight 0.75]
    python3 -m cin_train.learn_compare score MODEL_FOLDER FEATURES_FOLDER PAINTING STYLE... --photos FILE... \
        [--crop 128] [--style-size 256] [--style-weight 0.75] [--eval 16] [--calibration 64]

`train` learns a row with PyTorch as add_style.py does (the row starts as the mean of the model's rows; only it
trains), on crops of the photos scaled as cin scales them (short side 1.25x the crop) and the painting at the same
long side, and writes it as a `cin-style 1` file, so cin can use it (`--style-file`) and it can be scored.
`score` scores each style file's row, cin's and PyTorch's, with one loss network, one set of painting Grams and
normalizers, on the same fixed evaluation crops, and prints one line per file,
`<file> style=<s> content=<c> tv=<t> total=<l>`, then each file's style and content ratio to the first file's.
"""
import argparse
import hashlib
import os
import time

import numpy as np
import torch
from PIL import Image

from .add_style import freeze_for_add_style, one_style_targets
from .data import resize_long, resize_short
from .export import read_model
from .loss_net import load_features_folder
from .losses import StyleTargets, Weights, content_loss, style_loss, tv_loss
from .model import one_hot
from .train import Trainer


def read_cin_style(path):
    """{layer: (gamma, beta)} from a `cin-style 1` file."""
    rows = {}
    with open(path, encoding="utf-8") as f:
        lines = f.read().splitlines()
    if lines[0] != "format cin-style 1":
        raise ValueError(f"{path}: not a cin style file")
    for line in lines[1:]:
        if line.startswith("norm "):
            _, layer, kind, *vals = line.split(" ")
            rows.setdefault(layer, {})[kind] = torch.tensor([float(v) for v in vals])
    return rows


class FileCrops:
    """Random crops with flips of photo files, each scaled to a short side of 1.25x the crop (as cin's CropSampler)."""

    def __init__(self, files, crop, seed):
        self.images = []
        for f in files:
            img = resize_short(Image.open(f).convert("RGB"), crop * 5 // 4)
            self.images.append(torch.from_numpy(np.asarray(img).copy()).permute(2, 0, 1))
        self.crop, self.gen = crop, torch.Generator().manual_seed(seed)

    def batch(self, n):
        c, g, out = self.crop, self.gen, []
        for i in torch.randint(len(self.images), (n,), generator=g).tolist():
            img = self.images[i]
            t = torch.randint(img.shape[1] - c + 1, (1,), generator=g).item()
            l = torch.randint(img.shape[2] - c + 1, (1,), generator=g).item()
            x = img[:, t:t + c, l:l + c]
            if torch.rand((), generator=g).item() < 0.5:
                x = x.flip(2)
            out.append(x)
        return torch.stack(out).float() / 255.0


@torch.no_grad()
def score(net, lossnet, targets, idx, photos, w):
    out = net(photos, one_hot(torch.full((photos.shape[0],), idx), net.styles))
    feats, content_feats = lossnet(out), lossnet(photos)
    s, _ = style_loss(feats, targets, torch.full((photos.shape[0],), idx))
    c, t = content_loss(feats, content_feats), tv_loss(out)
    return float(s), float(c), float(t), float(w.content * c + w.style * s + w.tv * t)


def sha256_file(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def model_fingerprint(model_folder):
    """The weights' sha256 as model.txt declares it (the fingerprint cin checks a style file against)."""
    with open(os.path.join(model_folder, "model.txt"), encoding="utf-8") as f:
        for line in f:
            if line.startswith("weights "):
                return line.split("sha256=")[1].split()[0]
    raise ValueError(f"{model_folder}: no weights line in model.txt")


def write_cin_style(path, net, idx, name, model_folder, painting_path, steps, losses):
    lines = ["format cin-style 1", "# learned by PyTorch (training/cin_train/learn_compare.py), for comparison with cin learn",
             f"name {name}", f"model {os.path.basename(os.path.normpath(model_folder))}",
             f"model-weights sha256={model_fingerprint(model_folder)}",
             f"painting sha256={sha256_file(painting_path)} {os.path.basename(painting_path)}", f"steps {steps}",
             f"losses style={losses[0]:.6g} content={losses[1]:.6g} tv={losses[2]:.6g}"]
    for layer, m in net.conv_layers():
        for kind in ("gamma", "beta"):
            vals = getattr(m.norm, kind)[idx].detach().float().tolist()
            lines.append(f"norm {layer} {kind} " + " ".join(repr(float(np.float32(v))) for v in vals))
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join(lines) + "\n")
    os.replace(tmp, path)


def setup(a):
    """The network with one new row (the mean of the others), the loss network, the painting's targets in that row."""
    torch.set_num_threads(a.threads)
    torch.manual_seed(0)
    net, _, _ = read_model(a.model)
    lossnet = load_features_folder(a.features)
    painting = resize_long(Image.open(a.painting).convert("RGB"), a.style_size)
    painting = torch.from_numpy(np.asarray(painting).copy()).permute(2, 0, 1).float() / 255.0
    idx = net.add_style_row()
    calibration = FileCrops(a.photos, a.crop, seed=1)
    targets = one_style_targets(lossnet, painting, idx, net.styles, calibration.batch(a.calibration), "cpu")
    return net, lossnet, idx, targets, calibration


def train(a):
    net, lossnet, idx, targets, crops = setup(a)
    w = Weights(1.0, a.style_weight, 1.0)
    trainer = Trainer(net, lossnet, targets, [idx], w, a.lr, "cpu", params=freeze_for_add_style(net))
    t0 = time.time()
    for _ in range(a.steps):
        trainer.step(crops.batch(a.batch))
    seconds = time.time() - t0
    photos = FileCrops(a.photos, a.crop, seed=999).batch(a.eval)
    s, c, t, total = score(net, lossnet, targets, idx, photos, w)
    name = a.name or os.path.splitext(os.path.basename(a.painting))[0]
    write_cin_style(a.out, net, idx, name, a.model, a.painting, a.steps, (s, c, t))
    print(f"torch {a.steps} steps in {seconds:.1f} s ({seconds / a.steps * 1000:.0f} ms/step): "
          f"style={s:.4f} content={c:.4f} tv={t:.4f} total={total:.4f} -> {a.out}", flush=True)


def score_files(a):
    net, lossnet, idx, targets, _ = setup(a)
    w = Weights(1.0, a.style_weight, 1.0)
    # Every file's row goes in as one more row, scored against the painting's targets (copied to that row).
    first_idx = net.styles
    for path in a.styles:
        i = net.add_style_row()
        rows = read_cin_style(path)
        with torch.no_grad():
            for name, m in net.conv_layers():
                m.norm.gamma[i] = rows[name]["gamma"]
                m.norm.beta[i] = rows[name]["beta"]
    extra = len(a.styles)
    grams = {k: torch.cat([v] + [v[idx:idx + 1]] * extra) for k, v in targets.grams.items()}
    norms = {k: torch.cat([v] + [v[idx:idx + 1]] * extra) for k, v in targets.norms.items()}
    targets = StyleTargets(grams, norms)
    photos = FileCrops(a.photos, a.crop, seed=999).batch(a.eval)
    results = []
    for n, path in enumerate(a.styles):
        s, c, t, total = score(net, lossnet, targets, first_idx + n, photos, w)
        results.append((s, c))
        print(f"{path} style={s:.4f} content={c:.4f} tv={t:.4f} total={total:.4f}")
    for path, (s, c) in zip(a.styles[1:], results[1:]):
        print(f"ratio {os.path.basename(path)}/{os.path.basename(a.styles[0])}: "
              f"style={s / results[0][0]:.3f} content={c / results[0][1]:.3f}")


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = ap.add_subparsers(dest="command", required=True)
    for command in ("train", "score"):
        p = sub.add_parser(command)
        p.add_argument("model")
        p.add_argument("features")
        p.add_argument("painting")
        if command == "score":
            p.add_argument("styles", nargs="+", help="style files to score; ratios are to the first")
        p.add_argument("--photos", nargs="+", required=True)
        p.add_argument("--crop", type=int, default=128)
        p.add_argument("--style-size", type=int, default=256)
        p.add_argument("--style-weight", type=float, default=0.75)
        p.add_argument("--eval", type=int, default=16)
        p.add_argument("--threads", type=int, default=2)
        # 16 crops left a layer's normalizer anywhere from 0.8x to 2.3x the 64-crop one (Brooklyn Bridge, four seeds):
        # enough to tilt the balance between style and content. cin learn calibrates on 64 too.
        p.add_argument("--calibration", type=int, default=64, help="unstyled crops whose mean Gram error normalizes each style layer")
        if command == "train":
            p.add_argument("--out", required=True)
            p.add_argument("--name")
            p.add_argument("--steps", type=int, default=300)
            p.add_argument("--batch", type=int, default=4)
            p.add_argument("--lr", type=float, default=1e-2)
    a = ap.parse_args(argv)
    train(a) if a.command == "train" else score_files(a)


if __name__ == "__main__":
    main()
