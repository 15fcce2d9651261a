"""Write a small random-weight model plus an input and PyTorch's output, so C# tests can check the engine.

    python3 -m cin_train.make_fixture OUTDIR

OUTDIR gets a model folder in the styles/ format (name `fixture`: widths 8/16/16, 2 residual blocks, 2 styles) and:
- input.bin: float32 little-endian, NHWC 1x36x20x3, values in [0,1];
- expected.bin: float32 little-endian, two NHWC 1x36x20x3 outputs one after the other:
  first style 1 alone (weights [0, 1]), then the blend weights [0.25, 0.75];
- loss-weights.bin: float32 little-endian, NHWC 1x36x20x3, values in [-1,1]: R in the scalar loss sum(R * output);
- style-gradient.bin: float32 little-endian, the gradient of that loss for style 1 alone (weights [0, 1]) with
  respect to style 1's row, by autograd in float64: for each conv layer in norm.txt order, its gamma (out values)
  then its beta (out values);
- fixture.txt: the same description, for whoever opens the folder.
The reference forward runs in float64 on the float32 weights exactly as exported, so the C# float32 engine
should match it within about 1e-5; tests use 1e-4. The content is seeded, so reruns write identical files.
"""
import os
import sys

import numpy as np
import torch

from . import topology
from .export import ModelInfo, Style, write_model
from .model import Network

H, W = 36, 20
BLEND = (0.25, 0.75)


def fixture_network(seed=20240601):
    torch.manual_seed(seed)
    net = Network(topology.build((8, 16, 16), 2), styles=2)
    with torch.no_grad():
        for _, m in net.conv_layers():
            m.norm.gamma.uniform_(0.5, 1.5)  # away from the identity, so a wrong gamma/beta row shows
            m.norm.beta.uniform_(-0.5, 0.5)
    return net


def write_fixture(out):
    net = fixture_network()
    styles = [Style("fixture-a", "fa", "Fixture style A", "-", "-", "random values, cin_train.make_fixture"),
              Style("fixture-b", "fb", "Fixture style B", "-", "-", "random values, cin_train.make_fixture")]
    write_model(net, out, ModelInfo("fixture", "Random-weight fixture, widths 8,16,16, 2 residual blocks",
                                    "none (random test values)", "training/cin_train/make_fixture.py"), styles)
    g = torch.Generator().manual_seed(7)
    x = torch.rand(1, 3, H, W, generator=g)
    ref = net.double()
    outs = []
    with torch.no_grad():
        for w in ((0.0, 1.0), BLEND):
            y = ref(x.double(), torch.tensor([w], dtype=torch.float64))
            outs.append(y.permute(0, 2, 3, 1).numpy().astype("<f4"))  # NCHW -> NHWC
    x.permute(0, 2, 3, 1).numpy().astype("<f4").tofile(os.path.join(out, "input.bin"))
    np.concatenate([o.ravel() for o in outs]).tofile(os.path.join(out, "expected.bin"))
    r, grads = style_gradient(ref, x)
    r.permute(0, 2, 3, 1).numpy().astype("<f4").tofile(os.path.join(out, "loss-weights.bin"))
    grads.astype("<f4").tofile(os.path.join(out, "style-gradient.bin"))
    with open(os.path.join(out, "fixture.txt"), "w", encoding="utf-8", newline="\n") as f:
        f.write(__doc__.split("\n\n", 2)[2])
    return net, x, outs


def style_gradient(net64, x, style=1):
    """R and d sum(R * net(x)) / d (gamma, beta) of `style`, one-hot, by autograd in float64 (net64 is float64)."""
    g = torch.Generator().manual_seed(11)
    r = torch.rand(1, 3, H, W, generator=g) * 2 - 1  # float32, as written; used exactly in float64
    net64.zero_grad(set_to_none=True)
    weights = torch.zeros(1, net64.styles, dtype=torch.float64)
    weights[0, style] = 1
    loss = (net64(x.double(), weights) * r.double()).sum()
    loss.backward()
    rows = []
    for _, m in net64.conv_layers():
        rows.append(m.norm.gamma.grad[style].numpy())
        rows.append(m.norm.beta.grad[style].numpy())
    net64.zero_grad(set_to_none=True)
    return r, np.concatenate(rows)


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    if len(argv) != 1:
        sys.exit(__doc__)
    write_fixture(argv[0])
    print(f"wrote fixture model, input.bin, expected.bin, loss-weights.bin and style-gradient.bin to {argv[0]}")


if __name__ == "__main__":
    main()
