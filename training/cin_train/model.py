"""The generator network, exactly as styles/README.md defines it and the C# engine runs it.

Input: RGB in [0,1], NCHW, plus a weight vector over styles per image ([N, styles]); a one-hot row picks one
style, any other row blends the gamma/beta tables (the engine resolves a blend the same way, once per image).
"""
from typing import Sequence

import torch
import torch.nn as nn
import torch.nn.functional as F

from . import topology
from .topology import Conv, Residual

EPS = 1e-5


class CondInstanceNorm(nn.Module):
    """Instance norm with per-style gamma/beta tables [styles, C], blended by the style weights."""

    def __init__(self, styles: int, channels: int):
        super().__init__()
        self.gamma = nn.Parameter(torch.ones(styles, channels))
        self.beta = nn.Parameter(torch.zeros(styles, channels))

    def forward(self, x, style_weights):
        # Statistics in at least float32: under bf16 autocast a 256x256 mean/variance would lose most of its bits
        # (float64 stays float64, for the fixture's reference forward).
        ct = torch.promote_types(x.dtype, torch.float32)
        xf = x.to(ct)
        mean = xf.mean(dim=(2, 3), keepdim=True)
        var = (xf - mean).pow(2).mean(dim=(2, 3), keepdim=True)  # population variance, as the engine
        w = style_weights.to(ct)
        gamma = (w @ self.gamma.to(ct))[:, :, None, None]
        beta = (w @ self.beta.to(ct))[:, :, None, None]
        y = (xf - mean) * torch.rsqrt(var + EPS) * gamma + beta
        return y.to(x.dtype)


class ConvLayer(nn.Module):
    """[upsample x2] -> reflect pad k//2 -> bias-free conv -> CIN -> activation."""

    def __init__(self, spec: Conv, styles: int):
        super().__init__()
        self.spec = spec
        self.conv = nn.Conv2d(spec.cin, spec.cout, spec.kernel, spec.stride, bias=False)
        self.norm = CondInstanceNorm(styles, spec.cout)

    def forward(self, x, w):
        s = self.spec
        if s.upsample:
            x = F.interpolate(x, scale_factor=s.upsample, mode="nearest")
        p = s.kernel // 2
        x = self.conv(F.pad(x, (p, p, p, p), mode="reflect"))
        x = self.norm(x, w)
        if s.act == "relu":
            return F.relu(x)
        if s.act == "sigmoid":
            return torch.sigmoid(x)
        return x


class ResidualLayer(nn.Module):
    """y = x + CIN2(conv2(relu(CIN1(conv1(x))))), no activation after the add."""

    def __init__(self, spec: Residual, styles: int):
        super().__init__()
        self.spec = spec
        c, k = spec.channels, spec.kernel
        self.conv1 = ConvLayer(Conv(f"{spec.name}/conv1", k, 1, c, c, "relu"), styles)
        self.conv2 = ConvLayer(Conv(f"{spec.name}/conv2", k, 1, c, c, "none"), styles)

    def forward(self, x, w):
        return x + self.conv2(self.conv1(x, w), w)


class Network(nn.Module):
    def __init__(self, layers: Sequence = None, styles: int = 1):
        super().__init__()
        self.layers_spec = list(layers if layers is not None else topology.full())
        topology.validate(self.layers_spec)
        self.styles = styles
        self.body = nn.ModuleList(
            [ResidualLayer(s, styles) if isinstance(s, Residual) else ConvLayer(s, styles)
             for s in self.layers_spec])

    def forward(self, x, style_weights):
        for layer in self.body:
            x = layer(x, style_weights)
        return x

    def conv_layers(self):
        """(name, ConvLayer) for every convolution, in weights.bin / norm.txt order."""
        out = []
        for m in self.body:
            out.extend([m.conv1, m.conv2] if isinstance(m, ResidualLayer) else [m])
        return [(m.spec.name, m) for m in out]

    def norm_parameters(self):
        return [p for _, m in self.conv_layers() for p in (m.norm.gamma, m.norm.beta)]

    def conv_parameters(self):
        return [m.conv.weight for _, m in self.conv_layers()]

    @torch.no_grad()
    def add_style_row(self, init_from: Sequence[int] = None) -> int:
        """Append one style row to every gamma/beta table; it starts as the mean of `init_from` (default all),
        which is a better start for add_style than gamma=1, beta=0. Returns the new index."""
        for _, m in self.conv_layers():
            for name in ("gamma", "beta"):
                t = getattr(m.norm, name)
                src = t if init_from is None else t[list(init_from)]
                setattr(m.norm, name, nn.Parameter(torch.cat([t, src.mean(0, keepdim=True)], 0)))
        self.styles += 1
        return self.styles - 1


def one_hot(index, styles: int, device=None) -> torch.Tensor:
    """Style weights for a batch of style indices (a tensor or list)."""
    idx = torch.as_tensor(index, device=device).long().reshape(-1)
    return F.one_hot(idx, styles).float()
