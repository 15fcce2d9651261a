"""Add a style to a trained model by training only its gamma/beta row; every conv weight stays frozen.

    python3 -m cin_train.add_style CKPT PAINTING NAME --loss-net LOSS.pt --content PACK... --out NEW.pt
        [--steps 2000] [--time-limit 150] [--lr 1e-2]

PAINTING is an image file or a styles .npz (then NAME picks the painting in it). If NAME is already a style of the
model (a painting held out of training has an untrained row), that row is retrained; otherwise a row is appended.
The row starts as the mean of the model's other rows, and every other row is restored bit for bit afterwards, so
the styles the model had are unchanged.
"""
import argparse
import os
import time

import torch
from PIL import Image

from . import checkpoint
from .data import ContentPack, CropSampler
from .losses import STYLE_LAYERS, StyleTargets, Weights
from .train import Trainer, load_lossnet


def freeze_for_add_style(net):
    """Only the gamma/beta tables train; returns them."""
    for p in net.parameters():
        p.requires_grad_(False)
    params = net.norm_parameters()
    for p in params:
        p.requires_grad_(True)
    return params


def prepare_row(net, names, name):
    """Index of the style row to train for `name`, appending one if needed, initialised from the other rows."""
    others = [i for i, n in enumerate(names) if n != name]
    if name in names:
        idx = names.index(name)
        with torch.no_grad():
            for _, m in net.conv_layers():
                m.norm.gamma[idx] = m.norm.gamma[others].mean(0)
                m.norm.beta[idx] = m.norm.beta[others].mean(0)
    else:
        idx = net.add_style_row(others)
        names = names + [name]
    return idx, names


def one_style_targets(lossnet, painting, idx, styles, photos, device):
    """Targets with the painting's Grams in row `idx` (the other rows are never indexed)."""
    t = StyleTargets.from_images(lossnet, [painting], device).calibrate(lossnet, photos)
    grams = {k: torch.zeros(styles, *t.grams[k].shape[1:], device=device) for k in STYLE_LAYERS}
    norms = {k: torch.ones(styles, device=device) for k in STYLE_LAYERS}
    for k in STYLE_LAYERS:
        grams[k][idx], norms[k][idx] = t.grams[k][0], t.norms[k][0]
    return StyleTargets(grams, norms)


def load_painting(path, name):
    if path.endswith(".npz"):
        pack = ContentPack(path)
        return pack.tensor(pack.names.index(name))
    img = Image.open(path).convert("RGB")
    return torch.from_numpy(__import__("numpy").asarray(img).copy()).permute(2, 0, 1).float() / 255.0


def add_style(net, names, name, painting, lossnet, sampler, weights, steps, lr, device, time_limit=None,
              batch=16, calibrate=64, log=print):
    t0 = time.time()
    before = {k: v.detach().clone() for k, v in net.state_dict().items()}
    idx, names = prepare_row(net, names, name)
    net.to(device)
    params = freeze_for_add_style(net)
    targets = one_style_targets(lossnet, painting, idx, net.styles, sampler.batch(calibrate), device)
    tr = Trainer(net, lossnet, targets, [idx], weights, lr, device, amp=device == "cuda", params=params)
    history = []
    for step in range(1, steps + 1):
        parts = tr.step(sampler.batch(batch))
        if step % 100 == 0 or step == steps:
            rec = {k: float(v) for k, v in parts.items()}
            rec.update(step=step, wall=time.time() - t0)
            history.append(rec)
            log(" ".join(f"{k}={v:.4g}" for k, v in rec.items()))
        if time_limit and time.time() - t0 > time_limit:
            break
    with torch.no_grad():  # every row but idx exactly as it was
        for key, old in before.items():
            new = net.state_dict()[key]
            if key.endswith(("gamma", "beta")):
                keep = [i for i in range(old.shape[0]) if i != idx]
                new[keep] = old[keep].to(new.device)
            else:
                assert torch.equal(new.cpu(), old.cpu()), f"{key} changed in add_style"
    for p in net.parameters():
        p.requires_grad_(True)
    return idx, names, history


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("ckpt")
    ap.add_argument("painting")
    ap.add_argument("name")
    ap.add_argument("--loss-net", required=True)
    ap.add_argument("--content", nargs="+", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--steps", type=int, default=2000)
    ap.add_argument("--time-limit", type=float)
    ap.add_argument("--lr", type=float, default=1e-2)
    ap.add_argument("--batch", type=int, default=16)
    ap.add_argument("--size", type=int, default=256)
    ap.add_argument("--style-weight", type=float, help="default: the checkpoint's training weight")
    ap.add_argument("--tv-weight", type=float)
    a = ap.parse_args(argv)
    device = "cuda" if torch.cuda.is_available() else "cpu"
    state = checkpoint.load(a.ckpt)
    net, names = checkpoint.network_from(state), list(state["styles"])
    cfg = state.get("config", {})
    w = Weights(cfg.get("content_weight", 1.0),
                a.style_weight if a.style_weight is not None else cfg.get("style_weight", 0.75),
                a.tv_weight if a.tv_weight is not None else cfg.get("tv_weight", 1.0))
    lossnet = load_lossnet(a.loss_net, device)
    sampler = CropSampler([p for p in a.content if os.path.exists(p)], device, a.size, seed=12345)
    painting = load_painting(a.painting, a.name)
    idx, names, history = add_style(net, names, a.name, painting, lossnet, sampler, w, a.steps, a.lr, device,
                                    a.time_limit, a.batch)
    extra = dict(state.get("extra", {}))
    extra["add_style"] = {"name": a.name, "index": idx, "history": history, "weights": vars(w)}
    checkpoint.save(a.out, net.cpu(), names, state["step"], None, state["history"], cfg, extra)
    print(f"style {a.name!r} is row {idx}; saved {a.out}")


if __name__ == "__main__":
    main()
