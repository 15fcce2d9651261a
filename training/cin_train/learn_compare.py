"""Compare `cin learn` with PyTorch add_style on the same painting, photos, steps and settings.

    python3 -m cin_train.learn_compare MODEL_FOLDER FEATURES_FOLDER PAINTING CIN_STYLE --photos FILE... \
        [--steps 300] [--batch 4] [--crop 128] [--style-size 256] [--lr 1e-2] [--style-weight 0.75] [--eval 16]

Trains a row with PyTorch as add_style.py does (the row starts as the mean of the model's rows; only it trains), on
crops of the same photos scaled as cin scales them (short side 1.25x the crop) and the painting at the same long
side. Then it scores both rows, PyTorch's and the one in cin's style file CIN_STYLE, with the same loss network,
painting Grams and normalizers, on the same fixed evaluation crops, and prints one line per row:
`<who> style=<s> content=<c> tv=<t> total=<l>`, and the ratios cin/torch. Use it for issue 14's quality check.
"""
import argparse

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


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("model")
    ap.add_argument("features")
    ap.add_argument("painting")
    ap.add_argument("cin_style")
    ap.add_argument("--photos", nargs="+", required=True)
    ap.add_argument("--steps", type=int, default=300)
    ap.add_argument("--batch", type=int, default=4)
    ap.add_argument("--crop", type=int, default=128)
    ap.add_argument("--style-size", type=int, default=256)
    ap.add_argument("--lr", type=float, default=1e-2)
    ap.add_argument("--style-weight", type=float, default=0.75)
    ap.add_argument("--eval", type=int, default=16)
    ap.add_argument("--threads", type=int, default=2)
    a = ap.parse_args(argv)
    torch.set_num_threads(a.threads)
    torch.manual_seed(0)
    net, _, _ = read_model(a.model)
    lossnet = load_features_folder(a.features)
    w = Weights(1.0, a.style_weight, 1.0)
    painting = resize_long(Image.open(a.painting).convert("RGB"), a.style_size)
    painting = torch.from_numpy(np.asarray(painting).copy()).permute(2, 0, 1).float() / 255.0

    idx = net.add_style_row()
    train = FileCrops(a.photos, a.crop, seed=1)
    targets = one_style_targets(lossnet, painting, idx, net.styles, train.batch(16), "cpu")
    trainer = Trainer(net, lossnet, targets, [idx], w, a.lr, "cpu", params=freeze_for_add_style(net))
    for step in range(a.steps):
        trainer.step(train.batch(a.batch))

    # cin's row goes in as one more row, scored against the same targets.
    cin_idx = net.add_style_row()
    rows = read_cin_style(a.cin_style)
    with torch.no_grad():
        for name, m in net.conv_layers():
            m.norm.gamma[cin_idx] = rows[name]["gamma"]
            m.norm.beta[cin_idx] = rows[name]["beta"]
    grams = {k: torch.cat([v, v[idx:idx + 1]]) for k, v in targets.grams.items()}
    norms = {k: torch.cat([v, v[idx:idx + 1]]) for k, v in targets.norms.items()}
    targets = StyleTargets(grams, norms)
    photos = FileCrops(a.photos, a.crop, seed=999).batch(a.eval)
    results = {}
    for who, i in (("torch", idx), ("cin", cin_idx)):
        s, c, t, total = score(net, lossnet, targets, i, photos, w)
        results[who] = (s, c)
        print(f"{who} style={s:.4f} content={c:.4f} tv={t:.4f} total={total:.4f}")
    print(f"ratio cin/torch: style={results['cin'][0] / results['torch'][0]:.3f} content={results['cin'][1] / results['torch'][1]:.3f}")


if __name__ == "__main__":
    main()
