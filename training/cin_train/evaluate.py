"""Losses of a trained model on held-out photos, and sample sheets.

    python3 -m cin_train.evaluate CKPT --loss-net LOSS.pt --styles styles.npz --eval content_eval.npz \
        [--json OUT.json] [--sheet OUT.jpg --sheet-photos 4 --sheet-styles a,b,c]

The numbers use the same loss definitions and normalisers as training (the normalisers stored in the
checkpoint), on 256x256 center crops, every photo through every style.
"""
import argparse
import json

import numpy as np
import torch
from PIL import Image

from . import checkpoint
from .data import ContentPack
from .losses import STYLE_LAYERS, StyleTargets, content_loss, style_loss, tv_loss
from .model import one_hot
from .train import load_lossnet, style_images


@torch.no_grad()
def evaluate(net, lossnet, targets, photos, device):
    """Mean content / style / per-layer style loss over photos x styles, and per-style means."""
    net.eval()
    rows = []
    for s in range(net.styles):
        idx = torch.full((photos.shape[0],), s, device=device, dtype=torch.long)
        out = net(photos, one_hot(idx, net.styles, device))
        feats, cfeats = lossnet(out), lossnet(photos)
        st, per = style_loss(feats, targets, idx)
        rows.append({"style": s, "content": content_loss(feats, cfeats).item(), "style_sum": st.item(),
                     "tv": tv_loss(out).item(), **{f"style_{k}": per[k].item() for k in STYLE_LAYERS}})
    keys = [k for k in rows[0] if k != "style"]
    return {"mean": {k: float(np.mean([r[k] for r in rows])) for k in keys}, "per_style": rows}


@torch.no_grad()
def sheet(net, photos, styles, path, device, cell=256):
    """A grid: one row per photo, the photo first, then one column per style index."""
    net.eval()
    cols = [photos] + [net(photos, one_hot([s] * photos.shape[0], net.styles, device)) for s in styles]
    rows = [torch.cat([c[i] for c in cols], dim=2) for i in range(photos.shape[0])]
    grid = torch.cat(rows, dim=1).clamp(0, 1).mul(255).round().byte().permute(1, 2, 0).cpu().numpy()
    Image.fromarray(grid).save(path, quality=90)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("ckpt")
    ap.add_argument("--loss-net", required=True)
    ap.add_argument("--styles", required=True)
    ap.add_argument("--eval", required=True)
    ap.add_argument("--json")
    ap.add_argument("--sheet")
    ap.add_argument("--sheet-photos", type=int, default=4)
    ap.add_argument("--sheet-styles", default="")
    a = ap.parse_args(argv)
    device = "cuda" if torch.cuda.is_available() else "cpu"
    state = checkpoint.load(a.ckpt)
    net = checkpoint.network_from(state).to(device)
    names, paintings = style_images(a.styles)
    assert names == state["styles"]
    lossnet = load_lossnet(a.loss_net, device)
    pack = ContentPack(a.eval)
    photos = torch.stack([pack.center_crop(i, 256) for i in range(len(pack))]).to(device)
    if a.json:
        targets = StyleTargets.from_images(lossnet, paintings, device)
        targets.norms = {k: v.to(device) for k, v in state["extra"]["style_norms"].items()}
        res = evaluate(net, lossnet, targets, photos, device)
        res.update(step=state["step"], photos=pack.names, styles=names)
        with open(a.json, "w") as f:
            json.dump(res, f, indent=1)
        print("mean over", len(pack), "photos x", len(names), "styles:", json.dumps(res["mean"]))
    if a.sheet:
        picks = [names.index(n) for n in a.sheet_styles.split(",") if n] or list(range(min(6, len(names))))
        sheet(net, photos[:a.sheet_photos], picks, a.sheet, device)


if __name__ == "__main__":
    main()
