"""Time one training step of add_style on the CPU: the PyTorch side of the bench's `learn` row.

    python3 -m cin_train.bench_learn MODEL_FOLDER FEATURES_FOLDER [--crop 128] [--batch 4] [--steps 6] [--threads 2]

MODEL_FOLDER is a cin model folder (styles/magenta, styles/paintings40), FEATURES_FOLDER the loss network's
(features/resnet18): the same weights cin compiles in. A step is what add_style.py's Trainer does: the network with one
new row on a batch of crops, the loss network on the outputs and the crops, the three losses, backward to the row only,
and Adam. The photos and painting are synthetic: a step's time does not depend on the pictures. Prints one line:
`ms_per_step=<median> steps=<n> crop=<c> batch=<b> threads=<t>`. For the bench, give PyTorch its best: 2 threads and
OpenBLAS (LD_LIBRARY_PATH, see docs/learn/README.md), and run it in turns with cin.
"""
import argparse
import statistics
import time

import torch

from .add_style import freeze_for_add_style, one_style_targets
from .data import synthetic_photos
from .export import read_model
from .loss_net import load_features_folder
from .losses import Weights
from .train import Trainer


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("model")
    ap.add_argument("features")
    ap.add_argument("--crop", type=int, default=128)
    ap.add_argument("--batch", type=int, default=4)
    ap.add_argument("--steps", type=int, default=6)
    ap.add_argument("--threads", type=int, default=2)
    a = ap.parse_args(argv)
    torch.set_num_threads(a.threads)
    torch.manual_seed(0)
    net, _, _ = read_model(a.model)
    lossnet = load_features_folder(a.features)
    idx = net.add_style_row()
    params = freeze_for_add_style(net)
    painting = synthetic_photos(1, 256, seed=1)[0]
    targets = one_style_targets(lossnet, painting, idx, net.styles, synthetic_photos(8, a.crop, seed=2), "cpu")
    trainer = Trainer(net, lossnet, targets, [idx], Weights(), 1e-2, "cpu", params=params)
    batch = synthetic_photos(a.batch, a.crop, seed=3)
    trainer.step(batch)  # warm-up: allocator, first-call overheads
    times = []
    for _ in range(a.steps):
        start = time.perf_counter()
        trainer.step(batch)
        times.append(1000 * (time.perf_counter() - start))
    print(f"ms_per_step={statistics.median(times):.1f} steps={a.steps} crop={a.crop} batch={a.batch} threads={a.threads}")


if __name__ == "__main__":
    main()
