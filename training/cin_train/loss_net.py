"""The loss network: the ImageNet ResNet-18 of Microsoft.ML.DnnImageFeaturizer.ResNet18, up to layer3.

It is a CNTK export, so it is not torchvision's ResNet-18 (see convert_resnet.py and the shared loss-network note):
- lopsided padding: the 7x7/2 stem pads 3 top/left and 2 bottom/right; the max-pool and the 3x3/2 convs pad 1
  top/left and 0 bottom/right;
- its input is BGR in 0..255 minus channel means, with no division by a standard deviation.
BatchNorm is already folded into the conv weights and biases by the converter.

Returned features: relu1 (stem conv+ReLU, 64 ch at 1/2), layer1 (64, 1/4), layer2 (128, 1/8), layer3 (256, 1/16).
"""
import torch
import torch.nn as nn
import torch.nn.functional as F

# Channel means of ResNetPreprocess.onnx's 224x224 mean image, in B, G, R order.
BGR_MEAN = (103.06, 115.90, 123.15)
FEATURES = ("relu1", "layer1", "layer2", "layer3")


class FoldedConv(nn.Module):
    """Conv with BatchNorm folded in; `pad` is (left, right, top, bottom) as F.pad takes it."""

    def __init__(self, cin, cout, k, stride, pad):
        super().__init__()
        self.conv = nn.Conv2d(cin, cout, k, stride, bias=True)
        self.pad = tuple(pad)

    def forward(self, x):
        return self.conv(F.pad(x, self.pad) if any(self.pad) else x)


class BasicBlock(nn.Module):
    def __init__(self, cin, cout, stride):
        super().__init__()
        self.conv1 = FoldedConv(cin, cout, 3, stride, (1, 1, 1, 1) if stride == 1 else (1, 0, 1, 0))
        self.conv2 = FoldedConv(cout, cout, 3, 1, (1, 1, 1, 1))
        self.down = FoldedConv(cin, cout, 1, stride, (0, 0, 0, 0)) if stride != 1 or cin != cout else None

    def forward(self, x):
        y = self.conv2(F.relu(self.conv1(x)))
        return F.relu(y + (self.down(x) if self.down is not None else x))


class ResNetTrunk(nn.Module):
    def __init__(self, blocks=(2, 2, 2), widths=(64, 128, 256)):
        super().__init__()
        self.blocks = tuple(blocks)
        self.stem = FoldedConv(3, 64, 7, 2, (3, 2, 3, 2))
        stages, cin = [], 64
        for i, (n, w) in enumerate(zip(blocks, widths)):
            stride = 1 if i == 0 else 2
            stages.append(nn.Sequential(*[BasicBlock(cin if j == 0 else w, w, stride if j == 0 else 1)
                                          for j in range(n)]))
            cin = w
        self.stages = nn.ModuleList(stages)
        self.register_buffer("mean", torch.tensor(BGR_MEAN).view(1, 3, 1, 1), persistent=False)
        for p in self.parameters():
            p.requires_grad_(False)

    def preprocess(self, rgb01):
        """RGB in [0,1] -> the network's input: BGR in 0..255 minus channel means, no std division."""
        return rgb01.flip(1) * 255.0 - self.mean.to(rgb01.dtype)

    def forward_raw(self, x):
        """Features from an already preprocessed input (what the ONNX graph takes)."""
        out = {}
        x = F.relu(self.stem(x))
        out["relu1"] = x
        # Max-pool 3x3/2 padded 1 top/left only; -inf padding, as a pooling pad must never win.
        x = F.max_pool2d(F.pad(x, (1, 0, 1, 0), value=float("-inf")), 3, 2)
        for i, stage in enumerate(self.stages):
            x = stage(x)
            out[f"layer{i + 1}"] = x
        return out

    def forward(self, rgb01):
        return self.forward_raw(self.preprocess(rgb01))


def load(path, device="cpu", dtype=torch.float32):
    """A trunk from converter output (a .pt holding `blocks` and a float16 or float32 state dict)."""
    blob = torch.load(path, map_location="cpu")
    net = ResNetTrunk(blob["blocks"])
    net.load_state_dict({k: v.float() for k, v in blob["state"].items()})
    return net.to(device=device, dtype=dtype).eval()


def load_features_folder(folder, device="cpu", dtype=torch.float32):
    """A trunk from a `cin-features 1` folder (model.txt + weights.bin, as `cin-import resnet18` writes it and as cin
    compiles in), so the trainer and cin read the very same numbers; no ONNX module needed. Checks count and sha256."""
    import hashlib
    import os
    import numpy as np

    statements = []
    with open(os.path.join(folder, "model.txt"), encoding="utf-8") as f:
        for line in f:
            line = line.split("#", 1)[0].strip()
            if line:
                statements.append(line)
    if statements[0] != "format cin-features 1":
        raise ValueError(f"{folder}: not a cin-features 1 folder")
    kv = lambda words: dict(w.split("=", 1) for w in words)
    blocks, mean, decl = [], None, None
    for st in statements[1:]:
        key, _, rest = st.partition(" ")
        words = rest.split()
        if key == "input":
            mean = [float(v) for v in kv(words[1:])["mean"].split(",")]
        elif key == "weights":
            decl = (words[0], kv(words[2:]))
        elif key == "block":
            stage = int(words[0].split("/")[0].removeprefix("layer"))
            while len(blocks) < stage:
                blocks.append(0)
            blocks[stage - 1] += 1
    net = ResNetTrunk(tuple(blocks))
    file, d = decl
    raw = open(os.path.join(folder, file), "rb").read()
    if hashlib.sha256(raw).hexdigest() != d["sha256"]:
        raise ValueError(f"{folder}: weights sha256 mismatch")
    flat = np.frombuffer(raw, dtype="<f4")
    if flat.size != int(d["count"]):
        raise ValueError(f"{folder}: weights count mismatch")
    convs = [net.stem]
    for stage in net.stages:
        for block in stage:
            convs += [block.conv1, block.conv2] + ([block.down] if block.down is not None else [])
    off = 0
    with torch.no_grad():
        for m in convs:
            co, ci, k, _ = m.conv.weight.shape
            n = k * k * ci * co
            m.conv.weight.copy_(torch.from_numpy(flat[off:off + n].copy()).reshape(k, k, ci, co).permute(3, 2, 0, 1))
            off += n
            m.conv.bias.copy_(torch.from_numpy(flat[off:off + co].copy()))
            off += co
        if off != flat.size:
            raise ValueError(f"{folder}: {flat.size - off} weights left over")
        net.mean.copy_(torch.tensor(mean, dtype=torch.float32).view(1, 3, 1, 1))
    return net.to(device=device, dtype=dtype).eval()
