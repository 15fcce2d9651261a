"""Checkpoints that carry everything needed to resume on a fresh device machine or to export."""
import os

import torch

from . import topology
from .model import Network


def save(path, net, style_names, step=0, optimizer=None, history=None, config=None, extra=None):
    state = {
        "layers": [layer.line() for layer in net.layers_spec],
        "styles": list(style_names),
        "model": {k: v.detach().float().cpu() for k, v in net.state_dict().items()},
        "step": step,
        "history": history or [],
        "config": config or {},
        "extra": extra or {},
    }
    if optimizer is not None:
        state["optimizer"] = optimizer.state_dict()
    tmp = path + ".tmp"
    torch.save(state, tmp)
    os.replace(tmp, path)  # a command killed mid-write must not leave a torn checkpoint


def load(path, map_location="cpu"):
    return torch.load(path, map_location=map_location)


def network_from(state):
    layers = [topology.parse_line(line) for line in state["layers"]]
    net = Network(layers, len(state["styles"]))
    net.load_state_dict(state["model"])
    return net


def load_network(path):
    state = load(path)
    return network_from(state), state["styles"]
