"""Writes the project's search benchmark: a catalog folder, shopper photos and their truth CSV, in the
layout `shoplens eval` reads.

Products are Twemoji artworks (npm emoji-datasource-twitter 16.0.0; graphics (c) Twitter, Inc and other
contributors, CC-BY 4.0), which the built-in model never saw: it was trained on Fluent, Noto and Oxygen
images only. Many Twemoji depict the same things as Noto or Fluent emoji in another style, so the benchmark
tests telling one drawn object from ~1,000 others, not recognising an unseen kind of thing. Each product has
one clean catalog image on white; each shopper photo puts it on a cluttered wallpaper scene (Debian
plasma-workspace-wallpapers and gnome-backgrounds) at 40-90% of the frame, rotated up to 20 degrees, relit,
sometimes blurred, JPEG-recompressed at quality 60-80, with other objects around it (synth.shopper_photo).
Debian's openclipart* and mate-backgrounds are held out and never read.

Seeded: product i gets the same images whatever --products is, so the first 200 products (the CI slice)
are the same in the full benchmark.

    npm install --prefix layers/model/training --no-save emoji-datasource-twitter@16.0.0
    python3 layers/model/training/make_benchmark.py --products 1000 --out target/benchmark-1000
"""
import argparse
import csv
import json
import os
import random
from multiprocessing import Pool

from PIL import Image

from shoplens_model.training import synth

HERE = os.path.dirname(os.path.abspath(__file__))
TWEMOJI = os.path.join(HERE, "node_modules", "emoji-datasource-twitter")
SEED = 20261126
# Skin-tone swatches and hair parts are not objects.
LEFT_OUT_CATEGORIES = {"Component"}
DISTRACTORS = 300

_state = {}


def products() -> list[dict]:
    """Every Twemoji image usable as a product, in a seeded order that does not depend on the count."""
    with open(os.path.join(TWEMOJI, "emoji.json"), encoding="utf-8") as f:
        entries = json.load(f)
    usable = [e for e in entries if e.get("has_img_twitter") and e["category"] not in LEFT_OUT_CATEGORIES]
    usable.sort(key=lambda e: e["unified"])
    random.Random(SEED).shuffle(usable)
    return usable


def load(entry: dict) -> Image.Image | None:
    path = os.path.join(TWEMOJI, "img", "twitter", "64", entry["image"])
    if not os.path.isfile(path):
        return None
    return synth._trim(Image.open(path).convert("RGBA"))


def _init(distractor_entries, size):
    _state["backgrounds"] = synth.load_backgrounds()
    if not _state["backgrounds"]:
        raise SystemExit("no wallpapers found: apt-get install gnome-backgrounds plasma-workspace-wallpapers")
    _state["distractors"] = [img for img in (load(e) for e in distractor_entries) if img is not None]
    _state["size"] = size


def _render(job):
    index, entry, product_id, out, views = job
    obj = load(entry)
    rng = random.Random(SEED * 1_000_003 + index)
    folder = os.path.join(out, "catalog", product_id)
    os.makedirs(folder, exist_ok=True)
    synth.catalog_view(obj, 256, rng).save(os.path.join(folder, "front.png"), optimize=True)
    names = []
    for v in range(views):
        photo = synth.shopper_photo(obj, _state["backgrounds"], _state["distractors"], _state["size"], rng)
        name = f"{product_id}-{v + 1}.jpg"
        # shopper_photo already recompressed it; quality 95 here keeps those artefacts as they are.
        photo.save(os.path.join(out, "queries", name), quality=95)
        names.append(name)
    return product_id, entry["name"], entry["category"], names


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--products", type=int, default=1000)
    p.add_argument("--views", type=int, default=2, help="shopper photos per product")
    p.add_argument("--size", type=int, default=320, help="side of a shopper photo in pixels")
    p.add_argument("--out", required=True)
    p.add_argument("--processes", type=int, default=os.cpu_count())
    args = p.parse_args()
    if not os.path.isdir(TWEMOJI):
        raise SystemExit(f"{TWEMOJI} is missing: npm install --prefix layers/model/training --no-save "
                         "emoji-datasource-twitter@16.0.0")
    every = [e for e in products() if load(e) is not None]
    # Clutter in the photos comes from the last Twemoji in the order, never products, so no photo shows a
    # second catalog product and the clutter is the same whatever --products is.
    distractors, candidates = every[-DISTRACTORS:], every[:-DISTRACTORS]
    if args.products > len(candidates):
        raise SystemExit(f"only {len(candidates)} Twemoji products exist; ask for fewer")
    chosen = candidates[:args.products]
    os.makedirs(os.path.join(args.out, "catalog"), exist_ok=True)
    os.makedirs(os.path.join(args.out, "queries"), exist_ok=True)
    jobs = [(i, e, "tw-" + e["unified"].lower(), args.out, args.views) for i, e in enumerate(chosen)]
    with Pool(args.processes, initializer=_init, initargs=(distractors, args.size)) as pool:
        rows = pool.map(_render, jobs, chunksize=8)
    with open(os.path.join(args.out, "catalog", "products.csv"), "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["id", "name", "category"])
        for product_id, name, category, _ in rows:
            w.writerow([product_id, name.lower() if name else product_id, category])
    with open(os.path.join(args.out, "queries", "truth.csv"), "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["query_file", "product_id"])
        for product_id, _, _, names in rows:
            for name in names:
                w.writerow([name, product_id])
    print(f"{len(rows)} products, {sum(len(r[3]) for r in rows)} shopper photos in {args.out}")


if __name__ == "__main__":
    main()
