"""Small fixtures for the training tests: a loss network and two synthetic 'paintings'."""
import os

import torch

from cin_train import loss_net
from cin_train.losses import StyleTargets

from conftest import LOSS_NET


def get_loss_net():
    """The converted ResNet-18 trunk when training/.cache holds it, else a randomly initialised small trunk.

    The random trunk (one block per stage, seeded) still gives Gram and feature losses that a generator can
    lower, which is all the smoke test checks; it says which one it used."""
    if os.path.exists(LOSS_NET):
        return loss_net.load(LOSS_NET), "converted ResNet-18"
    torch.manual_seed(0)
    net = loss_net.ResNetTrunk(blocks=(1, 1, 1))
    for m in net.modules():
        if isinstance(m, torch.nn.Conv2d):
            torch.nn.init.kaiming_normal_(m.weight)
            torch.nn.init.zeros_(m.bias)
    return net.eval(), "random small trunk (converted weights absent)"


def paintings(size=64):
    """Two textures of different colour and scale."""
    g = torch.Generator().manual_seed(3)
    yy, xx = torch.meshgrid(torch.arange(size), torch.arange(size), indexing="ij")
    stripes = ((xx + yy) // 4 % 2).float()
    a = torch.stack([0.9 * stripes, 0.3 * stripes + 0.2, torch.full_like(stripes, 0.1)])
    dots = torch.rand(1, 1, size // 8, size // 8, generator=g)
    dots = torch.nn.functional.interpolate(dots, size=(size, size), mode="nearest")[0, 0]
    b = torch.stack([0.1 + 0.2 * dots, 0.4 * dots, 0.5 + 0.5 * dots])
    return [a, b]


def targets(lossnet, photos):
    return StyleTargets.from_images(lossnet, paintings()).calibrate(lossnet, photos)
