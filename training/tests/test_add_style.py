import torch

from cin_train import topology
from cin_train.add_style import add_style, freeze_for_add_style
from cin_train.data import synthetic_photos
from cin_train.losses import Weights, total_loss
from cin_train.model import Network, one_hot

from helpers import get_loss_net, paintings, targets


class ListSampler:
    def __init__(self, photos):
        self.photos = photos

    def batch(self, n):
        return self.photos[:n]


def test_only_gamma_beta_get_gradients():
    net = Network(topology.build((8, 16, 16), 1), styles=2)
    params = freeze_for_add_style(net)
    lossnet, _ = get_loss_net()
    photos = synthetic_photos(2, 32)
    t = targets(lossnet, photos)
    idx = torch.tensor([1, 1])
    loss, _ = total_loss(lossnet, net(photos, one_hot(idx, 2)), photos, t, idx, Weights(1, 1, 1))
    loss.backward()
    for name, p in net.named_parameters():
        is_norm = name.endswith(("gamma", "beta"))
        assert (p.grad is not None) == is_norm, name
        assert p.requires_grad == is_norm, name
    assert len(params) == 2 * len(net.conv_layers())
    assert all(p.grad is None for p in lossnet.parameters())


def test_add_style_changes_only_its_row():
    torch.manual_seed(0)
    net = Network(topology.build((8, 16, 16), 1), styles=2)
    with torch.no_grad():
        for _, m in net.conv_layers():
            m.norm.gamma.uniform_(0.5, 1.5)
    before = {k: v.clone() for k, v in net.state_dict().items()}
    lossnet, _ = get_loss_net()
    photos = synthetic_photos(4, 32)
    idx, names, hist = add_style(net, ["a", "b"], "new", paintings()[0], lossnet, ListSampler(photos),
                                 Weights(1, 1, 1), steps=3, lr=1e-2, device="cpu", batch=2, calibrate=4,
                                 log=lambda *_: None)
    assert idx == 2 and names == ["a", "b", "new"] and net.styles == 3
    for k, v in net.state_dict().items():
        if k.endswith(("gamma", "beta")):
            assert torch.equal(v[:2], before[k])
        else:
            assert torch.equal(v, before[k]), k
    # The new row trained away from its start (the mean of the others).
    g = net.conv_layers()[0][1].norm.gamma
    assert not torch.allclose(g[2], g[:2].mean(0))
