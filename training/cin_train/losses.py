"""Perceptual losses on the ResNet-18 trunk: Gram style loss, feature content loss, total variation.

Normalisation follows what worked in the shared loss-network note ("each style layer's Gram error is divided by
its value at the start", where an optimisation starts from the photo), made fixed for a feed-forward trainer:
- style: on each of relu1, layer1, layer2, layer3, ||G(out) - G(style)||^2 / E_photos ||G(photo) - G(style)||^2,
  the denominator measured once per painting and layer on a calibration batch of training photos (`calibrate`).
  So every layer and painting starts near 1 when the output is still the photo, whatever its Gram magnitude
  (relu1's Gram is dominated by its mean and would otherwise hardly count); the four layers are summed;
- content: on layer2, ||F(out) - F(photo)||^2 / ||F(photo)||^2 per image;
- TV: mean absolute difference of neighbouring pixels of the [0,1] output.
Everything is reduced in float32, also under bf16 autocast: Gram sums over 65k positions would lose most bits.
"""
from dataclasses import dataclass
from typing import Dict, List

import torch

STYLE_LAYERS = ("relu1", "layer1", "layer2", "layer3")
CONTENT_LAYER = "layer2"


def gram(f: torch.Tensor) -> torch.Tensor:
    """[N, C, H, W] -> [N, C, C], averaged over positions."""
    n, c, h, w = f.shape
    f = f.float().reshape(n, c, h * w)
    return torch.bmm(f, f.transpose(1, 2)) / (h * w)


@dataclass
class Weights:
    """Defaults from the real run's weight sweep (RESULTS.md); the note's 10 / 3 swamped the content."""
    content: float = 1.0
    style: float = 0.75
    tv: float = 1.0


class StyleTargets:
    """Gram matrices of each painting, per style layer: [styles, C, C], with their squared norms."""

    def __init__(self, grams: Dict[str, torch.Tensor], norms: Dict[str, torch.Tensor] = None):
        self.grams = grams
        # Until calibrated: relative to the painting's own Gram norm.
        self.norms = norms if norms is not None else {k: g.pow(2).sum(dim=(1, 2)) for k, g in grams.items()}

    @torch.no_grad()
    def calibrate(self, loss_net, photos: torch.Tensor, chunk: int = 16):
        """Set each painting's per-layer normaliser to the mean Gram error of unstylized photos."""
        sums = {k: torch.zeros_like(v) for k, v in self.norms.items()}
        for i in range(0, photos.shape[0], chunk):
            feats = loss_net(photos[i:i + chunk].float())
            for k in STYLE_LAYERS:
                g = gram(feats[k])  # [n, C, C]
                for s in range(self.grams[k].shape[0]):
                    sums[k][s] += (g - self.grams[k][s]).pow(2).sum(dim=(1, 2)).sum()
        self.norms = {k: v / photos.shape[0] for k, v in sums.items()}
        return self

    @classmethod
    @torch.no_grad()
    def from_images(cls, loss_net, images: List[torch.Tensor], device="cpu"):
        """images: float CHW in [0,1], each fed whole, one at a time, in float32.

        Each is center-cropped to a multiple of 16 px: with CNTK's lopsided padding a stride-2 block of an odd
        size gives main and shortcut branches of different sizes (the graph was made for 224x224)."""
        per = {k: [] for k in STYLE_LAYERS}
        for img in images:
            h, w = (d // 16 * 16 for d in img.shape[1:])
            t, l = (img.shape[1] - h) // 2, (img.shape[2] - w) // 2
            img = img[:, t:t + h, l:l + w]
            feats = loss_net(img[None].to(device=device, dtype=torch.float32))
            for k in STYLE_LAYERS:
                per[k].append(gram(feats[k])[0])
        return cls({k: torch.stack(v) for k, v in per.items()})

    def to(self, device):
        return StyleTargets({k: v.to(device) for k, v in self.grams.items()},
                            {k: v.to(device) for k, v in self.norms.items()})


def style_loss(feats, targets: StyleTargets, style_idx: torch.Tensor):
    """Mean over the batch of the per-layer normalised Gram errors; returns (sum over layers, {layer: value})."""
    per = {}
    for k in STYLE_LAYERS:
        g = gram(feats[k])
        err = (g - targets.grams[k][style_idx]).pow(2).sum(dim=(1, 2)) / targets.norms[k][style_idx]
        per[k] = err.mean()
    return sum(per.values()), per


def content_loss(feats, content_feats):
    f, c = feats[CONTENT_LAYER].float(), content_feats[CONTENT_LAYER].float()
    err = (f - c).pow(2).sum(dim=(1, 2, 3)) / c.pow(2).sum(dim=(1, 2, 3)).clamp_min(1e-8)
    return err.mean()


def tv_loss(img):
    img = img.float()
    return (img[:, :, 1:, :] - img[:, :, :-1, :]).abs().mean() + (img[:, :, :, 1:] - img[:, :, :, :-1]).abs().mean()


def total_loss(loss_net, out, photo, targets, style_idx, w: Weights, content_feats=None):
    """Returns (total, {name: detached value}) for one batch."""
    if content_feats is None:
        with torch.no_grad():
            content_feats = loss_net(photo)
    feats = loss_net(out)
    s, per = style_loss(feats, targets, style_idx)
    c = content_loss(feats, content_feats)
    t = tv_loss(out)
    total = w.content * c + w.style * s + w.tv * t
    parts = {"total": total, "content": c, "style": s, "tv": t}
    parts.update({f"style_{k}": v for k, v in per.items()})
    return total, {k: v.detach() for k, v in parts.items()}
