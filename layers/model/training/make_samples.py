"""Writes the sample catalog (local/sample-catalog) and sample shopper photos (local/sample-queries).

Images come from the 3D Fluent Emoji (npm @lobehub/fluent-emoji-3d 1.1.0, MIT licence, (c) Microsoft);
backgrounds of the shopper photos from Debian's plasma-workspace-wallpapers and gnome-backgrounds.
Seeded: running it again writes the same files.

    npm install --prefix layers/model/training @lobehub/fluent-emoji-3d@1.1.0
    python3 layers/model/training/make_samples.py
"""
import csv
import os
import random

from PIL import Image, ImageFilter

from shoplens_model.training import synth
from shoplens_model.training.sample_products import SAMPLE_PRODUCTS

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", "..", ".."))
ASSETS = os.path.join(HERE, "node_modules/@lobehub/fluent-emoji-3d/assets")


def studio_shot(obj: Image.Image, size: int) -> Image.Image:
    """A second product shot: mirrored, smaller, on a soft grey studio backdrop with a shadow."""
    canvas = Image.linear_gradient("L").resize((size, size)).point(lambda v: 250 - v // 10).convert("RGB")
    o = obj.transpose(Image.FLIP_LEFT_RIGHT)
    scale = 0.7 * size / max(o.size)
    o = o.resize((round(o.width * scale), round(o.height * scale)), Image.LANCZOS)
    shadow = Image.new("RGBA", o.size, (0, 0, 0, 0))
    shadow.putalpha(o.getchannel("A").point(lambda a: a // 4))
    x, y = (size - o.width) // 2, (size - o.height) // 2
    canvas.paste(shadow.filter(ImageFilter.GaussianBlur(8)), (x + 8, y + 10), shadow.filter(ImageFilter.GaussianBlur(8)))
    canvas.paste(o, (x, y), o)
    return canvas


def main():
    rng = random.Random(7)
    catalog = os.path.join(ROOT, "local", "sample-catalog")
    queries = os.path.join(ROOT, "local", "sample-queries")
    os.makedirs(catalog, exist_ok=True)
    os.makedirs(queries, exist_ok=True)
    backgrounds = synth.load_backgrounds()
    objects = {}
    for code, pid, name, category in SAMPLE_PRODUCTS:
        img = Image.open(os.path.join(ASSETS, code + ".webp")).convert("RGBA")
        objects[pid] = synth._trim(img)
    with open(os.path.join(catalog, "products.csv"), "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["id", "name", "category"])
        for code, pid, name, category in SAMPLE_PRODUCTS:
            w.writerow([pid, name, category])
            folder = os.path.join(catalog, pid)
            os.makedirs(folder, exist_ok=True)
            synth.on_white(objects[pid], 320, 0.86).save(os.path.join(folder, "front.jpg"), quality=90)
            studio_shot(objects[pid], 320).save(os.path.join(folder, "studio.jpg"), quality=90)
    with open(os.path.join(queries, "truth.csv"), "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["query_file", "product_id"])
        pids = [p for _, p, _, _ in SAMPLE_PRODUCTS]
        for pid in pids:
            distractors = [objects[rng.choice(pids)] for _ in range(3)]
            photo = synth.shopper_photo(objects[pid], backgrounds, distractors, 480, rng)
            photo.save(os.path.join(queries, pid + ".jpg"), quality=85)
            w.writerow([pid + ".jpg", pid])
    print(f"wrote {len(SAMPLE_PRODUCTS)} products to {catalog} and {len(SAMPLE_PRODUCTS)} shopper photos to {queries}")


if __name__ == "__main__":
    main()
