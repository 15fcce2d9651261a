#!/usr/bin/env python3
"""Issue 14's quality check: `cin learn` with its defaults on the six held-out paintings, and the sheet of results.

Every style is learned and every picture stylized by the real `cin` command line; this script only picks the photos,
times the runs and pastes the results into a grid (PIL: Debian's python3-pil). From the repository root:

    dotnet pwsh ./build.ps1                               # the published native binary
    /usr/bin/python3 docs/learn/make_sheet.py [--cin PATH] [--torch DIR] [--keep DIR]

The styles are learned from every 40th photo of ../shared/data/content (51 research photos, used for training only,
never shipped; the Kodak photos are left out). The sheet shows three Kodak PhotoCD photos (freely usable), which
the learner never saw. With --torch DIR, the rows PyTorch learned with the same settings
(`python3 -m cin_train.learn_compare train ...`, files named torch-<model>-<painting>.cinstyle) get a row of their
own under cin's, for comparison by eye. Prints a Markdown table of the learn times and cin's final losses.
"""
import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

from PIL import Image, ImageDraw

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(REPO, "docs", "models"))
from make_sheets import find_cin, font  # noqa: E402  (the model sheets' font and binary lookup)
SHARED = os.path.join(os.path.dirname(REPO), "shared", "data")
HELDOUT = os.path.join(SHARED, "styles-heldout")
CONTENT = os.path.join(SHARED, "content")
PHOTOS = ["kodim04", "kodim21", "kodim08"]  # portrait, seascape, town
CELL = 200


def training_photos():
    names = sorted(n for n in os.listdir(CONTENT) if n.endswith(".jpg") and not n.startswith("kodak"))
    return [os.path.join(CONTENT, n) for i, n in enumerate(names, 1) if i % 40 == 7]


def sheet_photos(folder):
    paths = []
    for name in PHOTOS:
        dst = os.path.join(folder, f"{name}.png")
        Image.open(os.path.join(CONTENT, f"kodak24-{name}.jpg")).convert("RGB").resize((CELL, CELL), Image.LANCZOS).save(dst)
        paths.append(dst)
    return paths


def learn(cin, painting, name, photos, styles, env, extra):
    out = os.path.join(styles, name + ".cinstyle")
    t0 = time.time()
    subprocess.run([cin, "learn", painting, "--name", name, "--out", out, "--force", "--photos", *photos, *extra],
                   check=True, env=env, stdout=subprocess.DEVNULL)
    seconds = time.time() - t0
    text = open(out, encoding="utf-8").read()
    model = re.search(r"^model (\S+)$", text, re.M).group(1)
    losses = re.search(r"^losses style=(\S+) content=(\S+) tv=(\S+)$", text, re.M).groups()
    return seconds, model, tuple(float(v) for v in losses)


def stylize(cin, style, photos, work, env):
    out = os.path.join(work, "out", style)
    subprocess.run([cin, *photos, "-o", out, "--style", style, "--name", "{name}.png", "--force"],
                   check=True, env=env, stdout=subprocess.DEVNULL)
    return [Image.open(os.path.join(out, os.path.basename(p))).convert("RGB") for p in photos]


def thumbnail(path):
    im = Image.open(path).convert("RGB")
    im.thumbnail((CELL, CELL), Image.LANCZOS)
    cell = Image.new("RGB", (CELL, CELL), (24, 24, 24))
    cell.paste(im, ((CELL - im.width) // 2, (CELL - im.height) // 2))
    return cell


def grid(title, rows, path):
    """rows: (label, [images]); the first image of a row is the painting (or blank)."""
    pad, top = 4, 40
    columns = max(len(images) for _, images in rows)
    sheet = Image.new("RGB", (columns * (CELL + pad) + pad, top + len(rows) * (CELL + pad) + pad), (24, 24, 24))
    draw = ImageDraw.Draw(sheet)
    draw.text((pad + 4, 8), title, font=font(18), fill=(235, 235, 235))
    for r, (label, images) in enumerate(rows):
        y = top + r * (CELL + pad)
        for c, im in enumerate(images):
            if im is not None:
                sheet.paste(im, (pad + c * (CELL + pad), y))
        draw.text((pad + CELL + pad + 5, y + 3), label, font=font(14), fill=(255, 255, 0), stroke_width=2,
                  stroke_fill=(0, 0, 0))
    sheet.save(path, quality=86, optimize=True)
    print(f"wrote {os.path.relpath(path, REPO)} ({sheet.width}x{sheet.height}, {os.path.getsize(path) // 1024} KiB)")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--cin", help="the cin binary (default: the published one)")
    ap.add_argument("--torch", help="a folder of PyTorch rows (torch-<model>-<painting>.cinstyle) to show under cin's")
    ap.add_argument("--keep", help="keep the style files and outputs in this folder")
    ap.add_argument("--out", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "heldout-sheet.jpg"))
    ap.add_argument("learn_args", nargs="*", help="extra `cin learn` options after --, e.g. -- --model magenta")
    a = ap.parse_args()
    if not os.path.isdir(HELDOUT) or not os.path.isdir(CONTENT):
        sys.exit(f"the sheet needs {HELDOUT} and {CONTENT}")
    cin = find_cin(a.cin)
    work = a.keep or tempfile.mkdtemp(prefix="cin-learn-sheet-")
    styles = os.path.join(work, "styles")
    os.makedirs(styles, exist_ok=True)
    env = dict(os.environ, CIN_STYLES_DIR=styles)
    try:
        photos = sheet_photos(work)
        train = training_photos()
        rows, table = [], []
        for painting in sorted(p for p in os.listdir(HELDOUT) if p.endswith(".jpg")):
            name = os.path.splitext(painting)[0]
            path = os.path.join(HELDOUT, painting)
            seconds, model, (style, content, tv) = learn(cin, path, "heldout-" + name, train, styles, env, a.learn_args)
            table.append(f"| {name} | {model} | {seconds:.0f} s | {style:.3f} | {content:.3f} | {tv:.4f} |")
            print(table[-1], flush=True)
            rows.append((f"cin learn ({model}): style {style:.2f}, content {content:.2f}",
                         [thumbnail(path)] + stylize(cin, "heldout-" + name, photos, work, env)))
            torch_row = a.torch and os.path.join(a.torch, f"torch-{model}-{name}.cinstyle")
            if torch_row and os.path.exists(torch_row):
                shutil.copy(torch_row, styles)
                rows.append(("PyTorch add_style, same settings", [None] + stylize(cin, f"{name}-torch", photos, work, env)))
        grid("cin learn with its defaults, on six paintings it was never trained on (Kodak photos)", rows, a.out)
        print("\n| painting | model | learn time | style | content | tv |\n| --- | --- | ---: | ---: | ---: | ---: |")
        print("\n".join(table))
    finally:
        if not a.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
