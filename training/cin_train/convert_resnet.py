"""Convert the CNTK-exported ResNet-18 ONNX (NuGet Microsoft.ML.DnnImageFeaturizer.ResNet18) to loss_net's trunk.

Reads the graph structurally (Conv -> BatchNormalization -> [Relu], Add nodes close residual blocks) instead of
trusting node names, folds each BatchNorm into its conv, checks that the paddings are the lopsided ones that
loss_net.py hard-codes, and keeps the stem and the first three stages only (the losses use nothing deeper).

    python3 -m cin_train.convert_resnet ResNet18.onnx OUT.pt [--half] [--trim-onnx OUT.onnx]

--trim-onnx also writes the ONNX graph cut after layer3, with relu1/layer1/layer2/layer3 as outputs and free
batch/height/width, so check_loss_net.py can compare against ONNX Runtime without carrying the 64 MB original.
"""
import argparse

import numpy as np
import onnx
import torch
from onnx import helper, numpy_helper

from .loss_net import FEATURES, ResNetTrunk

STAGES = 3


class Graph:
    def __init__(self, model):
        self.model = model
        self.nodes = list(model.graph.node)
        self.inits = {i.name: numpy_helper.to_array(i) for i in model.graph.initializer}
        self.producer = {o: n for n in self.nodes for o in n.output}
        self.consumers = {}
        for n in self.nodes:
            for i in n.input:
                self.consumers.setdefault(i, []).append(n)

    def only_consumer(self, name, op):
        cs = self.consumers.get(name, [])
        found = [c for c in cs if c.op_type == op]
        if len(found) != 1:
            raise ValueError(f"expected one {op} after {name}, found {[c.op_type for c in cs]}")
        return found[0]

    @staticmethod
    def attrs(node):
        return {a.name: helper.get_attribute_value(a) for a in node.attribute}

    def folded(self, conv):
        """(weight, bias, pads[t,l,b,r], stride, output name of the BN) for a Conv followed by BatchNormalization."""
        bn = self.only_consumer(conv.output[0], "BatchNormalization")
        w = self.inits[conv.input[1]].astype(np.float64)
        b = self.inits[conv.input[2]].astype(np.float64) if len(conv.input) > 2 else 0.0
        scale, shift, mean, var = (self.inits[i].astype(np.float64) for i in bn.input[1:5])
        eps = self.attrs(bn).get("epsilon", 1e-5)
        k = scale / np.sqrt(var + eps)
        a = self.attrs(conv)
        pads = list(a.get("pads", [0, 0, 0, 0]))  # ONNX order: top, left, bottom, right
        return w * k[:, None, None, None], (b - mean) * k + shift, pads, a["strides"][0], bn.output[0]


def _torch_pad(pads):
    t, l, b, r = pads
    return (l, r, t, b)


def convert(onnx_path):
    """Returns (state dict of float32 tensors, blocks per stage, feature output names in the ONNX graph)."""
    g = Graph(onnx.load(onnx_path))
    state, outputs = {}, {}
    stem = next(n for n in g.nodes if n.op_type == "Conv")
    w, b, pads, stride, bn_out = g.folded(stem)
    # Check that the graph has the quirks loss_net.py hard-codes; a different export must fail loudly here.
    model = ResNetTrunk()
    assert (_torch_pad(pads), stride) == (model.stem.pad, 2), (pads, stride)
    state["stem.conv.weight"], state["stem.conv.bias"] = w, b
    relu = g.only_consumer(bn_out, "Relu")
    outputs["relu1"] = relu.output[0]
    pool = g.only_consumer(relu.output[0], "MaxPool")
    assert list(Graph.attrs(pool)["pads"]) == [1, 1, 0, 0], Graph.attrs(pool)
    x = pool.output[0]
    blocks, stage, j = [], -1, 0
    while stage < STAGES:
        convs = [c for c in g.consumers.get(x, []) if c.op_type == "Conv"]
        if not convs:
            break
        down = [c for c in convs if Graph.attrs(c)["kernel_shape"][0] == 1]
        main = [c for c in convs if Graph.attrs(c)["kernel_shape"][0] == 3]
        assert len(main) == 1 and len(down) <= 1, [c.op_type for c in convs]
        if down or stage < 0:  # a projection shortcut starts a new stage (stage 1 has identity shortcuts)
            if stage + 1 == STAGES:
                break
            stage, j = stage + 1, 0
            blocks.append(0)
        p = f"stages.{stage}.{j}."
        w1, b1, pads1, s1, bn1 = g.folded(main[0])
        want = (1, 0, 1, 0) if s1 == 2 else (1, 1, 1, 1)
        assert _torch_pad(pads1) == want, (main[0].name, pads1)
        state[p + "conv1.conv.weight"], state[p + "conv1.conv.bias"] = w1, b1
        conv2 = g.only_consumer(g.only_consumer(bn1, "Relu").output[0], "Conv")
        w2, b2, pads2, _, bn2 = g.folded(conv2)
        assert pads2 == [1, 1, 1, 1]
        state[p + "conv2.conv.weight"], state[p + "conv2.conv.bias"] = w2, b2
        add = g.only_consumer(bn2, "Add")
        if down:
            wd, bd, padsd, _, bnd = g.folded(down[0])
            assert padsd == [0, 0, 0, 0] and bnd in add.input
            state[p + "down.conv.weight"], state[p + "down.conv.bias"] = wd, bd
        else:
            assert x in add.input, "identity shortcut expected"
        x = g.only_consumer(add.output[0], "Relu").output[0]
        outputs[f"layer{stage + 1}"] = x
        blocks[stage] += 1
        j += 1
    state = {k: torch.from_numpy(np.asarray(v, dtype=np.float32)) for k, v in state.items()}
    ResNetTrunk(blocks).load_state_dict(state)  # fails if any parameter is missing or misshapen
    return state, blocks, outputs, g


def trim_onnx(g, outputs, path):
    """The graph cut after layer3, outputs named by feature, with free N/H/W."""
    model = g.model
    cut = onnx.utils.Extractor(model).extract_model([model.graph.input[0].name],
                                                   [outputs[f] for f in FEATURES])
    for name, d in zip(("N", None, "H", "W"), cut.graph.input[0].type.tensor_type.shape.dim):
        if name:
            d.dim_param = name
    del cut.graph.value_info[:]
    for o in cut.graph.output:
        for d in o.type.tensor_type.shape.dim:
            d.dim_param = "d"
    rename = {outputs[f]: f for f in FEATURES}
    for n in cut.graph.node:
        n.output[:] = [rename.get(o, o) for o in n.output]
        n.input[:] = [rename.get(i, i) for i in n.input]
    for o in cut.graph.output:
        o.name = rename.get(o.name, o.name)
    onnx.save(cut, path)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("onnx")
    ap.add_argument("out")
    ap.add_argument("--half", action="store_true", help="store float16 (half the carry size)")
    ap.add_argument("--trim-onnx")
    a = ap.parse_args(argv)
    state, blocks, outputs, g = convert(a.onnx)
    dtype = torch.float16 if a.half else torch.float32
    torch.save({"blocks": blocks, "state": {k: v.to(dtype) for k, v in state.items()}}, a.out)
    n = sum(v.numel() for v in state.values())
    print(f"blocks per stage {blocks}, {n} parameters, saved {dtype} to {a.out}")
    if a.trim_onnx:
        trim_onnx(g, outputs, a.trim_onnx)
        print(f"trimmed ONNX to {a.trim_onnx}")


if __name__ == "__main__":
    main()
