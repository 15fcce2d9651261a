#!/usr/bin/env python3
"""Writes the text half of a model folder (model.txt, styles.tsv, norm.txt) with seeded random gamma/beta.

Tests compile these folders through the source generator and feed the network random weights at run time, so no
weights.bin is written; the sha256 in model.txt is a placeholder that only LoadEmbedded() would check.

    python3 make_test_model.py paper 32,64,128 5 3 paper
"""
import random
import struct
import sys


def shortest(value):
    """The shortest decimal that reads back as the same float32."""
    f = struct.unpack("<f", struct.pack("<f", value))[0]
    for digits in range(1, 10):
        text = f"{f:.{digits}g}"
        if struct.unpack("<f", struct.pack("<f", float(text)))[0] == f:
            return text
    return repr(f)


def main(folder, widths, blocks, styles, name):
    w1, w2, w3 = (int(w) for w in widths.split(","))
    blocks, styles = int(blocks), int(styles)
    layers = [("contract/conv1", 9, 1, 3, w1, "relu", 1),
              ("contract/conv2", 3, 2, w1, w2, "relu", 1),
              ("contract/conv3", 3, 2, w2, w3, "relu", 1)]
    residual = [f"residual/residual{i + 1}" for i in range(blocks)]
    tail = [("expand/conv1", 3, 1, w3, w2, "relu", 2),
            ("expand/conv2", 3, 1, w2, w1, "relu", 2),
            ("expand/conv3", 9, 1, w1, 3, "sigmoid", 1)]
    norm_layers = [(l[0], l[4]) for l in layers]
    for r in residual:
        norm_layers += [(r + "/conv1", w3), (r + "/conv2", w3)]
    norm_layers += [(l[0], l[4]) for l in tail]
    count = sum(k * k * i * o for _, k, _, i, o, _, _ in layers + tail) + blocks * 2 * 9 * w3 * w3

    def conv(l):
        n, k, s, i, o, a, u = l
        up = f" upsample={u}" if u > 1 else ""
        return f"conv {n}{up} kernel={k} stride={s} in={i} out={o} act={a}"

    lines = ["format cin-model 1", f"name {name}", f"title Test model {widths} with {blocks} residual blocks",
             "licence none (random test values)", "source tests/Models/make_test_model.py",
             f"styles {styles}", f"weights weights.bin float32 count={count} sha256={'0' * 64}"]
    lines += [conv(l) for l in layers]
    lines += [f"residual {r} kernel=3 channels={w3}" for r in residual]
    lines += [conv(l) for l in tail]
    with open(f"{folder}/model.txt", "w") as f:
        f.write("\n".join(lines) + "\n")
    with open(f"{folder}/styles.tsv", "w") as f:
        f.write("index\tname\taliases\ttitle\tartist\tyear\tsource\n")
        for s in range(styles):
            f.write(f"{s}\trandom-{s}\tr{s}\tRandom style {s}\t-\t-\tseeded random values\n")
    rng = random.Random(20171024)
    with open(f"{folder}/norm.txt", "w") as f:
        for layer, channels in norm_layers:
            for s in range(styles):
                gamma = [shortest(rng.uniform(0.5, 1.5)) for _ in range(channels)]
                beta = [shortest(rng.uniform(-0.5, 0.5)) for _ in range(channels)]
                f.write(f"{layer} {s} gamma {' '.join(gamma)}\n")
                f.write(f"{layer} {s} beta {' '.join(beta)}\n")


if __name__ == "__main__":
    main(*sys.argv[1:])
