"""The 50-step CPU smoke run: 64x64 crops, 2 styles, a small generator; the loss must go down."""
import torch

from cin_train import topology
from cin_train.data import synthetic_photos
from cin_train.losses import Weights, total_loss
from cin_train.model import Network, one_hot
from cin_train.train import Trainer

from helpers import get_loss_net, targets


def fixed_batch_loss(net, lossnet, t, photos):
    with torch.no_grad():
        total = 0.0
        for s in (0, 1):
            idx = torch.full((photos.shape[0],), s)
            loss, _ = total_loss(lossnet, net(photos, one_hot(idx, 2)), photos, t, idx, Weights(1, 1, 1))
            total += float(loss)
    return total / 2


def test_fifty_steps_lower_the_loss(capsys):
    torch.manual_seed(0)
    lossnet, which = get_loss_net()
    photos = synthetic_photos(16, 64, seed=1)
    t = targets(lossnet, photos)
    net = Network(topology.build((16, 32, 32), 2), styles=2)
    tr = Trainer(net, lossnet, t, [0, 1], Weights(1, 1, 1), lr=1e-3)
    held = synthetic_photos(4, 64, seed=99)
    start = fixed_batch_loss(net, lossnet, t, held)
    gen = torch.Generator().manual_seed(0)
    for step in range(50):
        pick = torch.randint(16, (4,), generator=gen)
        tr.step(photos[pick], gen)
    end = fixed_batch_loss(net, lossnet, t, held)
    with capsys.disabled():
        print(f"\nsmoke run ({which}): loss on held-out batch {start:.4f} -> {end:.4f}")
    assert end < 0.8 * start
