"""Redraws the two docs/training pictures of intermediate checkpoints on Kodak photos, on the CPU.

    cd training && /usr/bin/python3 scripts/kodak_sheets.py [--cache .cache] [--docs ../docs/training]

The device calls drew their sheets on the held-out evaluation photos, which come from research-only sets (BSDS500,
COCO, ImageNet) and must not be published. This script draws the same sheets from the same checkpoints (the ones the
device calls returned, kept in .cache/device1/) on four Kodak PhotoCD test images from ../shared/data/content,
which are free to use, resized to 256x256. It takes a few minutes on two cores.

- collapsed_style_weight_10.jpg: the step-13,490 checkpoint (style weight 10, TV 3), photo then starry-night,
  the-scream, composition-vii, woman-with-a-hat, the-kiss, water-lilies and the-great-wave-off-kanagawa (still
  untrained then: gamma 1, beta 0).
- style_weight_sweep.jpg: the three 210-s sweep checkpoints, top to bottom style weight 0.25, 0.75 and 2, photo
  then the first six of those styles.
The final model's sheets are drawn by docs/models/make_sheets.py with the cin command line.
"""
import argparse
import os
import sys
import tempfile

import numpy as np
import torch
from PIL import Image

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from cin_train import checkpoint  # noqa: E402
from cin_train.evaluate import sheet  # noqa: E402

TRAINING = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CONTENT = os.path.join(os.path.dirname(os.path.dirname(TRAINING)), "shared", "data", "content")
PHOTOS = ["kodim21", "kodim13", "kodim04", "kodim03"]
STYLES = ["starry-night", "the-scream", "composition-vii", "woman-with-a-hat", "the-kiss", "water-lilies"]
HOLD = "the-great-wave-off-kanagawa"


def kodak(size=256):
    ims = []
    for name in PHOTOS:
        im = Image.open(os.path.join(CONTENT, f"kodak24-{name}.jpg")).convert("RGB").resize((size, size), Image.LANCZOS)
        ims.append(torch.from_numpy(np.asarray(im, dtype=np.float32) / 255).permute(2, 0, 1))
    return torch.stack(ims)


def draw(ckpt, styles, photos, path):
    state = checkpoint.load(ckpt)
    net = checkpoint.network_from(state)
    sheet(net, photos, [state["styles"].index(s) for s in styles], path, "cpu")
    print(f"{path}: step {state['step']}, {len(styles)} styles")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--cache", default=os.path.join(TRAINING, ".cache"))
    ap.add_argument("--docs", default=os.path.join(os.path.dirname(TRAINING), "docs", "training"))
    a = ap.parse_args()
    torch.set_grad_enabled(False)
    photos = kodak()
    run = os.path.join(a.cache, "device1")
    draw(os.path.join(run, "ckpt_model.pt"), STYLES + [HOLD], photos,
         os.path.join(a.docs, "collapsed_style_weight_10.jpg"))
    with tempfile.TemporaryDirectory() as tmp:
        parts = []
        for w in ("0.25", "0.75", "2"):
            p = os.path.join(tmp, f"sheet_{w}.png")
            draw(os.path.join(run, f"sweep_{w}_model.pt"), STYLES, photos, p)
            parts.append(Image.open(p).convert("RGB"))
        stacked = Image.new("RGB", (parts[0].width, sum(p.height for p in parts)))
        y = 0
        for p in parts:
            stacked.paste(p, (0, y))
            y += p.height
        stacked = stacked.resize((stacked.width * 2048 // stacked.height, 2048), Image.LANCZOS)
        out = os.path.join(a.docs, "style_weight_sweep.jpg")
        stacked.save(out, quality=90)
        print(f"{out}: {stacked.width}x{stacked.height}")


if __name__ == "__main__":
    main()
