"""Plot a checkpoint's loss history (content, style per layer, TV) against the step, as a PNG.

    python3 -m cin_train.plot_history CKPT OUT.png [--mark STEP ...]

Needs matplotlib (Debian: python3-matplotlib); training does not. --mark draws a vertical line at each STEP,
for example where the loss weights changed.
"""
import argparse

import torch


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("ckpt")
    ap.add_argument("out")
    ap.add_argument("--mark", type=int, nargs="*", default=[])
    a = ap.parse_args(argv)
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    h = torch.load(a.ckpt, map_location="cpu")["history"]
    steps = [r["step"] for r in h]
    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(11, 4))
    ax1.plot(steps, [r["content"] for r in h], label="content (layer2)")
    ax1.plot(steps, [r["style"] for r in h], label="style (sum of 4 layers)")
    ax1.plot(steps, [r["tv"] for r in h], label="total variation")
    for k in ("relu1", "layer1", "layer2", "layer3"):
        ax2.plot(steps, [r[f"style_{k}"] for r in h], label=f"style {k}")
    ax2.set_yscale("log")
    for ax in (ax1, ax2):
        for m in a.mark:
            ax.axvline(m, color="grey", linestyle=":")
        ax.set_xlabel("step (batch 16, 256x256)")
        ax.legend(fontsize=8)
        ax.grid(alpha=0.3)
    ax1.set_title("training losses (mean over 100 steps)")
    ax2.set_title("normalised style error per layer (1 = the photo itself)")
    fig.tight_layout()
    fig.savefig(a.out, dpi=90)


if __name__ == "__main__":
    main()
