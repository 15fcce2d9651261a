#!/usr/bin/env python3
"""The model comparison sheets in docs/models/, and the Kodak versions of two pictures in docs/training/.

Every stylized picture is made by the real `cin` command line; this script only downscales the photos, runs cin and
pastes the results into labelled grids (PIL: Debian's python3-pil). From the repository root:

    dotnet build src/Cin.Cli -c Release      # or: dotnet pwsh ./build.ps1 (the published native binary)
    /usr/bin/python3 docs/models/make_sheets.py [--cin PATH]

The photos are Kodak PhotoCD test images from ../shared/data/content (kodak24-*.jpg, the set's 320x320 crops),
resized to 256x256. The Kodak set is freely usable; the other content photos there (BSDS, COCO, ImageNet, ...) are
research-only and must not appear in the repository. The 22 Kodak photos were among the ~1,900 training photos of
paintings40, so these sheets show the model on photos it has seen, not a held-out test.
"""
import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile

from PIL import Image, ImageDraw, ImageFont

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CONTENT = os.path.join(os.path.dirname(REPO), "shared", "data", "content")
PAINTINGS = os.path.join(os.path.dirname(REPO), "shared", "data", "styles")
CELL = 256

# portrait, seascape, coloured objects, mountain landscape, action, town architecture
PHOTOS = ["kodim04", "kodim21", "kodim03", "kodim13", "kodim14", "kodim08"]

# The first four columns are the same four paintings in both models (magenta's names are aliases in paintings40),
# so the two sheets compare column by column; the last four are other styles of each model.
SHARED = ["starry-night", "great-wave", "kandinsky-composition-vii", "picabia-udnie"]
SHEETS = {
    "paintings40": SHARED + ["the-scream", "woman-with-a-hat", "the-kiss", "water-lilies"],
    "magenta": SHARED + ["delaunay-eiffel-tower", "stuart-davis-mellow-pad", "leger-striped-pots",
                         "klee-forest-figures"],
}

# training/RESULTS.md's sample sheet: its 8 styles, now on Kodak photos instead of the held-out research photos.
TRAINING_SAMPLES = ["starry-night", "the-scream", "composition-vii", "woman-with-a-hat", "the-kiss", "water-lilies",
                    "a-sunday-on-la-grande-jatte", "the-great-wave-off-kanagawa"]
ADD_STYLE = "the-great-wave-off-kanagawa"
ADD_STYLE_PHOTOS = ["kodim21", "kodim13", "kodim04", "kodim03"]


def font(size):
    for path in ("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", "DejaVuSans.ttf"):
        try:
            return ImageFont.truetype(path, size)
        except OSError:
            pass
    return ImageFont.load_default()


def find_cin(given):
    candidates = [given] if given else [os.path.join(REPO, "artifacts", "publish", "cin", "cin"),
                                        os.path.join(REPO, "src", "Cin.Cli", "bin", "Release", "net10.0", "cin")]
    for c in candidates:
        if c and os.path.isfile(c) and os.access(c, os.X_OK):
            return c
    sys.exit(f"no cin binary at {candidates}; build it first (dotnet build src/Cin.Cli -c Release)")


def prepare_photos(names, folder):
    paths = []
    for name in names:
        src = os.path.join(CONTENT, f"kodak24-{name}.jpg")
        if not os.path.exists(src):
            sys.exit(f"{src} not found: the sheets need ../shared/data/content")
        dst = os.path.join(folder, f"{name}.png")
        Image.open(src).convert("RGB").resize((CELL, CELL), Image.LANCZOS).save(dst)
        paths.append(dst)
    return paths


def stylize(cin, model, style, photos, folder):
    """Runs cin once for all photos; returns {photo name: stylized image}."""
    out = os.path.join(folder, f"{model}.{style}")
    cmd = [cin, *photos, "-o", out, "--model", model, "--style", style, "--name", "{name}.png", "--force"]
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
    return {os.path.splitext(os.path.basename(p))[0]: Image.open(os.path.join(out, os.path.basename(p))).convert("RGB")
            for p in photos}


def grid(title, columns, rows, cells, path, quality=88):
    """columns: header labels (the first is the photo column); cells[r][c]: images of CELL x CELL."""
    head, top, pad = 44, 36, 4
    big, small = font(20), font(15)
    w = len(columns) * (CELL + pad) + pad
    h = top + head + len(rows) * (CELL + pad) + pad
    sheet = Image.new("RGB", (w, h), (24, 24, 24))
    draw = ImageDraw.Draw(sheet)
    draw.text((pad + 4, 8), title, font=big, fill=(235, 235, 235))
    for c, label in enumerate(columns):
        x = pad + c * (CELL + pad)
        lines = wrap(draw, label, small, CELL - 8)
        for i, line in enumerate(lines[:2]):
            draw.text((x + 4, top + 2 + i * 19), line, font=small, fill=(220, 220, 220))
    for r, row_cells in enumerate(cells):
        y = top + head + r * (CELL + pad)
        for c, im in enumerate(row_cells):
            sheet.paste(im, (pad + c * (CELL + pad), y))
        draw.text((pad + 5, y + 3), rows[r], font=small, fill=(255, 255, 0), stroke_width=2, stroke_fill=(0, 0, 0))
    sheet.save(path, quality=quality, optimize=True)
    print(f"wrote {os.path.relpath(path, REPO)} ({sheet.width}x{sheet.height}, {os.path.getsize(path) // 1024} KiB)")


def wrap(draw, text, fnt, width):
    lines, line = [], ""
    for part in re.findall(r"[^\s-]*-|[^\s-]+\s*|\s+", text):
        trial = line + part
        if line and draw.textlength(trial.rstrip(), font=fnt) > width:
            lines.append(line.rstrip())
            line = part
        else:
            line = trial
    return lines + [line.rstrip()]


def model_sheet(cin, model, styles, photos, work, path):
    images = {p: Image.open(os.path.join(work, "photos", p + ".png")).convert("RGB") for p in PHOTOS}
    outs = [stylize(cin, model, s, photos, work) for s in styles]
    cells = [[images[p]] + [o[p] for o in outs] for p in PHOTOS]
    grid(f"cin --model {model}", ["photo (Kodak)"] + styles, PHOTOS, cells, path)
    return outs


def add_style_sheet(cin, work, path):
    """The painting on top, then four photos and what the add_style row made of them."""
    photos = [os.path.join(work, "photos", p + ".png") for p in ADD_STYLE_PHOTOS]
    out = stylize(cin, "paintings40", ADD_STYLE, photos, work)
    painting = Image.open(os.path.join(PAINTINGS, ADD_STYLE + ".jpg")).convert("RGB")
    painting.thumbnail((2 * CELL * 3 // 2, CELL))
    n = len(ADD_STYLE_PHOTOS)
    sheet = Image.new("RGB", (n * CELL, CELL + 2 * CELL), "white")
    sheet.paste(painting, ((n * CELL - painting.width) // 2, 0))
    for i, p in enumerate(ADD_STYLE_PHOTOS):
        sheet.paste(Image.open(photos[i]).convert("RGB"), (i * CELL, CELL))
        sheet.paste(out[p], (i * CELL, 2 * CELL))
    sheet.save(path, quality=88, optimize=True)
    print(f"wrote {os.path.relpath(path, REPO)} ({sheet.width}x{sheet.height}, {os.path.getsize(path) // 1024} KiB)")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--cin", help="the cin binary (default: the published one, else the Release build)")
    ap.add_argument("--keep", help="keep the individual outputs in this folder")
    a = ap.parse_args()
    cin = find_cin(a.cin)
    print(f"cin: {os.path.relpath(cin, REPO)}")
    work = a.keep or tempfile.mkdtemp(prefix="cin-sheets-")
    os.makedirs(os.path.join(work, "photos"), exist_ok=True)
    try:
        photos = prepare_photos(sorted(set(PHOTOS + ADD_STYLE_PHOTOS)), os.path.join(work, "photos"))
        photos = [p for p in photos if os.path.splitext(os.path.basename(p))[0] in PHOTOS]
        here = os.path.dirname(os.path.abspath(__file__))
        for model, styles in SHEETS.items():
            model_sheet(cin, model, styles, photos, work, os.path.join(here, f"{model}-kodak.jpg"))
        training = os.path.join(REPO, "docs", "training")
        model_sheet(cin, "paintings40", TRAINING_SAMPLES, photos, work, os.path.join(training, "samples_full40.jpg"))
        add_style_sheet(cin, work, os.path.join(training, "add_style_great_wave.jpg"))
    finally:
        if not a.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
