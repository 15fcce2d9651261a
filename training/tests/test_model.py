import torch

from cin_train import topology
from cin_train.model import CondInstanceNorm, Network, one_hot


def test_full_width_counts():
    layers = topology.full()
    assert topology.weight_count(layers) == 1_674_432
    net = Network(layers, styles=3)
    assert sum(p.numel() for p in net.conv_parameters()) == 1_674_432
    channels = sum(co for _, _, _, co in topology.kernels(layers))
    assert channels == 32 + 64 + 128 + 10 * 128 + 64 + 32 + 3
    assert sum(p.numel() for p in net.norm_parameters()) == 2 * 3 * channels
    assert len(net.conv_layers()) == 16


def test_magenta_topology_counts():
    layers = topology.magenta()
    assert [k for k in topology.kernels(layers)][-1] == ("expand/conv3", 9, 4, 3)
    assert topology.weight_count(layers) == 140_364  # ~140 k weights, as the shared Magenta note says


def test_forward_shape_and_range():
    net = Network(topology.build((8, 16, 16), 2), styles=2)
    x = torch.rand(2, 3, 36, 20)
    y = net(x, one_hot([0, 1], 2))
    assert y.shape == x.shape
    assert float(y.min()) > 0 and float(y.max()) < 1


def test_blend_is_on_gamma_beta():
    torch.manual_seed(0)
    norm = CondInstanceNorm(3, 4)
    with torch.no_grad():
        norm.gamma.uniform_(0.5, 1.5)
        norm.beta.uniform_(-1, 1)
    x = torch.randn(1, 4, 5, 6)
    w = torch.tensor([[0.2, 0.3, 0.5]])
    mean = x.mean((2, 3), keepdim=True)
    var = x.var((2, 3), unbiased=False, keepdim=True)  # population variance
    g = (w @ norm.gamma)[:, :, None, None]
    b = (w @ norm.beta)[:, :, None, None]
    assert torch.allclose(norm(x, w), (x - mean) / torch.sqrt(var + 1e-5) * g + b, atol=1e-5)


def test_topology_validation_rejects_bad_chain():
    layers = topology.build((8, 16, 16), 1)
    bad = layers[:1] + layers[2:]
    try:
        topology.validate(bad)
    except ValueError:
        return
    raise AssertionError("a broken in/out chain must be rejected")


def test_add_style_row_appends_mean():
    net = Network(topology.build((8, 16, 16), 1), styles=2)
    with torch.no_grad():
        for _, m in net.conv_layers():
            m.norm.gamma.uniform_(0.5, 1.5)
    idx = net.add_style_row()
    assert idx == 2 and net.styles == 3
    for _, m in net.conv_layers():
        assert torch.allclose(m.norm.gamma[2], m.norm.gamma[:2].mean(0))
