"""Check the converted loss network against the ONNX graph it came from, on real photos.

Two references:
- ONNX Runtime (installed on the GPU machine, not installable on the CPU machines);
- a float64 interpreter of the raw (unfolded) graph written with torch ops, so the check also runs on CPU.

    python3 -m cin_train.check_loss_net TRIMMED.onnx CONVERTED.pt PACK.npz [--json OUT.json] [--count N]

Inputs are photos from a data pack, center-cropped to 256x256 (and one at 224x224, the graph's native size),
preprocessed as loss_net does (BGR 0..255 minus channel means); both sides get the same preprocessed tensor.
"""
import argparse
import json

import numpy as np
import onnx
import torch
import torch.nn.functional as F
from onnx import helper, numpy_helper

from . import loss_net
from .data import ContentPack
from .loss_net import FEATURES


def reference_forward(model, x):
    """Run an ONNX graph of Conv/BatchNormalization/Relu/MaxPool/Add in float64, node by node.

    It stops as soon as every requested output exists, so the full NuGet graph (which goes on to layer4 and an
    AveragePool) works as well as the copy cut after layer3.
    """
    g = model.graph
    env = {i.name: torch.from_numpy(numpy_helper.to_array(i).astype(np.float64)) for i in g.initializer}
    env[g.input[0].name] = x.double()
    wanted = {o.name for o in g.output}
    for n in g.node:
        if wanted.issubset(env):
            break
        a = {t.name: helper.get_attribute_value(t) for t in n.attribute}
        i = [env[k] for k in n.input]
        if n.op_type == "Conv":
            t, l, b, r = a.get("pads", [0, 0, 0, 0])
            y = F.conv2d(F.pad(i[0], (l, r, t, b)), i[1], i[2] if len(i) > 2 else None, a["strides"])
        elif n.op_type == "BatchNormalization":
            x0, s, sh, m, v = i
            k = (s / torch.sqrt(v + a.get("epsilon", 1e-5)))[None, :, None, None]
            y = (x0 - m[None, :, None, None]) * k + sh[None, :, None, None]
        elif n.op_type == "Relu":
            y = F.relu(i[0])
        elif n.op_type == "MaxPool":
            t, l, b, r = a["pads"]
            y = F.max_pool2d(F.pad(i[0], (l, r, t, b), value=float("-inf")), a["kernel_shape"], a["strides"])
        elif n.op_type == "Add":
            y = i[0] + i[1]
        else:
            raise ValueError(f"unsupported op {n.op_type}")
        env[n.output[0]] = y
    return {o.name: env[o.name] for o in g.output}


def ort_forward(path, x):
    import onnxruntime as ort
    sess = ort.InferenceSession(path, providers=["CPUExecutionProvider"])
    names = [o.name for o in sess.get_outputs()]
    ys = sess.run(names, {sess.get_inputs()[0].name: x.numpy().astype(np.float32)})
    return {n: torch.from_numpy(y) for n, y in zip(names, ys)}


def compare(ours, ref):
    out = {}
    for f in FEATURES:
        d = (ours[f].double() - ref[f].double()).abs().max().item()
        out[f] = {"max_abs_diff": d, "max_abs_value": ref[f].abs().max().item()}
    return out


def photos(pack_path, count, size):
    pack = ContentPack(pack_path)
    imgs = [pack.center_crop(i, size) for i in range(min(count, len(pack)))]
    return torch.stack(imgs)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("onnx")
    ap.add_argument("pt")
    ap.add_argument("pack")
    ap.add_argument("--count", type=int, default=8)
    ap.add_argument("--json")
    ap.add_argument("--no-ort", action="store_true")
    a = ap.parse_args(argv)
    net = loss_net.load(a.pt)
    model = onnx.load(a.onnx)
    report = {}
    for size, count in ((256, a.count), (224, 1)):
        x = net.preprocess(photos(a.pack, count, size))
        with torch.no_grad():
            ours = net.forward_raw(x)
        report[f"{size}px_x{count}_float64_reference"] = compare(ours, reference_forward(model, x))
        if not a.no_ort:
            report[f"{size}px_x{count}_onnxruntime"] = compare(ours, ort_forward(a.onnx, x))
    text = json.dumps(report, indent=1)
    print(text)
    if a.json:
        with open(a.json, "w") as f:
            f.write(text)


if __name__ == "__main__":
    main()
