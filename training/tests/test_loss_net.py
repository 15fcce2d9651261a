import glob
import os

import pytest
import torch

from cin_train import loss_net

from conftest import TRAINING


def test_trunk_shapes():
    net = loss_net.ResNetTrunk()
    f = net(torch.rand(1, 3, 64, 96))
    assert {k: tuple(v.shape) for k, v in f.items()} == {
        "relu1": (1, 64, 32, 48), "layer1": (1, 64, 16, 24), "layer2": (1, 128, 8, 12), "layer3": (1, 256, 4, 6)}
    assert sum(p.numel() for p in net.parameters()) == 2_780_544
    assert not any(p.requires_grad for p in net.parameters())


def test_preprocess_is_bgr_minus_means():
    net = loss_net.ResNetTrunk()
    x = torch.zeros(1, 3, 2, 2)
    x[:, 0] = 1.0  # pure red
    p = net.preprocess(x)
    assert torch.allclose(p[0, :, 0, 0], torch.tensor([-103.06, -115.90, 255 - 123.15]))


def find_onnx():
    for p in [os.path.join(TRAINING, ".cache", "resnet18_l3.onnx")] + glob.glob(os.path.expanduser(
            "~/.nuget/packages/microsoft.ml.dnnimagefeaturizer.resnet18/*/tools/DnnImageModels/"
            "ResNet18Onnx/ResNet18.onnx")):
        if os.path.exists(p):
            return p
    pytest.skip("ResNet18.onnx not found (NuGet package or training/.cache); see README.md")


def test_conversion_matches_float64_graph(tmp_path):
    onnx = pytest.importorskip("onnx")
    from cin_train.check_loss_net import reference_forward
    from cin_train.convert_resnet import convert

    path = find_onnx()
    state, blocks, outputs, g = convert(path)
    assert blocks == [2, 2, 2]
    net = loss_net.ResNetTrunk(blocks)
    net.load_state_dict(state)
    torch.manual_seed(0)
    x = net.preprocess(torch.rand(1, 3, 224, 224))
    ours = net.forward_raw(x)
    model = onnx.load(path)
    del model.graph.output[:]
    for f in loss_net.FEATURES:
        model.graph.output.add().name = outputs[f]
    ref = reference_forward(model, x)
    for f in loss_net.FEATURES:
        assert (ours[f].double() - ref[outputs[f]]).abs().max() < 1e-3, f
