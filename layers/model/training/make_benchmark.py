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

`--set style-disjoint` writes a second benchmark whose products and backgrounds share no family and no
style with anything the model trains on: the products are Sweet Home 3D's furniture catalogue (Debian
sweethome3d-furniture: 783 realistic 3D renders of furniture, kitchenware, lamps, vehicles and other
objects, from Scopia CC-BY-3.0, BlendSwap CC0 / CC-BY-3.0, Kator Legaz and Reallusion CC-BY-3.0-US; the
catalogue's people are left out), and the shopper photos' backgrounds are Endless Sky's landscape photos
(Debian endless-sky-data: public domain or CC-BY-SA-4.0), not the wallpapers the model trained on.

Seeded: product i gets the same images whatever --products is, so the first 200 products (the CI slice)
are the same in the full benchmark.

`--shelves N` also writes N photos of two or three of the benchmark's products side by side (synth.shelf_photo)
to shelves/, with shelves/truth.csv naming each item's product and box: `shoplens eval --shelves` measures
how well a search with `"box": "auto"` finds and answers each item.

    npm install --prefix layers/model/training --no-save emoji-datasource-twitter@16.0.0
    python3 layers/model/training/make_benchmark.py --products 1000 --out target/benchmark-1000
    apt-get install sweethome3d-furniture endless-sky-data
    python3 layers/model/training/make_benchmark.py --set style-disjoint --products 600 --out target/disjoint-600
    python3 layers/model/training/make_benchmark.py --products 200 --views 1 --shelves 200 --out target/shelves-200
"""
import argparse
import csv
import glob
import io
import json
import os
import random
import re
import zipfile
from multiprocessing import Pool

from PIL import Image

from shoplens_model.training import synth

HERE = os.path.dirname(os.path.abspath(__file__))
TWEMOJI = os.path.join(HERE, "node_modules", "emoji-datasource-twitter")
SEED = 20261126
# Skin-tone swatches and hair parts are not objects.
LEFT_OUT_CATEGORIES = {"Component"}
DISTRACTORS = 300
FURNITURE = "/usr/share/sweethome3d/furniture/*.sh3f"
# People are no products, and a shop sells no staircases.
LEFT_OUT_FURNITURE = {"Characters", "Staircases"}
FURNITURE_DISTRACTORS = 150
LANDSCAPES = ("/usr/share/games/endless-sky/images/land/*.jpg",)

_state = {}


def products() -> list[dict]:
    """Every Twemoji image usable as a product, in a seeded order that does not depend on the count."""
    with open(os.path.join(TWEMOJI, "emoji.json"), encoding="utf-8") as f:
        entries = json.load(f)
    usable = [e for e in entries if e.get("has_img_twitter") and e["category"] not in LEFT_OUT_CATEGORIES]
    usable.sort(key=lambda e: e["unified"])
    random.Random(SEED).shuffle(usable)
    return [{"id": "tw-" + e["unified"].lower(), "name": e["name"], "category": e["category"],
             "image": e["image"]} for e in usable]


def furniture() -> list[dict]:
    """Every Sweet Home 3D catalogue item but people, in a seeded order that does not depend on the count."""
    items = []
    for archive in sorted(glob.glob(FURNITURE)):
        catalogue = os.path.basename(archive)[:-len(".sh3f")]
        with zipfile.ZipFile(archive) as z:
            fields = {}
            for line in z.read("PluginFurnitureCatalog.properties").decode("latin-1").splitlines():
                m = re.match(r"(name|category|icon)#(\d+)=(.*)", line)
                if m:
                    fields.setdefault(int(m.group(2)), {})[m.group(1)] = m.group(3).strip()
        for number, f in sorted(fields.items()):
            if f.get("category") not in LEFT_OUT_FURNITURE and f.get("icon"):
                items.append({"id": f"sh3d-{catalogue.lower()}-{number}", "name": f.get("name", ""),
                              "category": f["category"], "archive": archive, "member": f["icon"].lstrip("/")})
    random.Random(SEED).shuffle(items)
    return items


def load(entry: dict) -> Image.Image | None:
    if "archive" in entry:
        with zipfile.ZipFile(entry["archive"]) as z:
            return synth._trim(Image.open(io.BytesIO(z.read(entry["member"]))).convert("RGBA"))
    path = os.path.join(TWEMOJI, "img", "twitter", "64", entry["image"])
    if not os.path.isfile(path):
        return None
    return synth._trim(Image.open(path).convert("RGBA"))


def _init(distractor_entries, size, background_globs):
    _state["backgrounds"] = synth.load_backgrounds(globs=background_globs)
    # the model trains on shape-drawn scenes too: the style-disjoint set uses photographs only
    _state["procedural"] = 0.2 if background_globs is None else 0.0
    if not _state["backgrounds"]:
        raise SystemExit(f"no backgrounds found under {background_globs}: apt-get install gnome-backgrounds "
                         "plasma-workspace-wallpapers (the project's set) or endless-sky-data (style-disjoint)")
    _state["distractors"] = [img for img in (load(e) for e in distractor_entries) if img is not None]
    _state["size"] = size


def _render(job):
    index, entry, out, views = job
    product_id = entry["id"]
    obj = load(entry)
    rng = random.Random(SEED * 1_000_003 + index)
    folder = os.path.join(out, "catalog", product_id)
    os.makedirs(folder, exist_ok=True)
    synth.catalog_view(obj, 256, rng).save(os.path.join(folder, "front.png"), optimize=True)
    names = []
    for v in range(views):
        photo = synth.shopper_photo(obj, _state["backgrounds"], _state["distractors"], _state["size"], rng,
                                    _state["procedural"])
        name = f"{product_id}-{v + 1}.jpg"
        # shopper_photo already recompressed it; quality 95 here keeps those artefacts as they are.
        photo.save(os.path.join(out, "queries", name), quality=95)
        names.append(name)
    return product_id, entry["name"], entry["category"], names


def _shelf(job):
    index, entries, out, size = job
    rng = random.Random(SEED * 7_000_003 + index)
    items = [load(e) for e in entries]
    photo, boxes = synth.shelf_photo(items, _state["backgrounds"], size, rng, _state["procedural"])
    name = f"shelf-{index + 1:04d}.jpg"
    photo.save(os.path.join(out, "shelves", name), quality=95)
    return [(name, e["id"], box) for e, box in zip(entries, boxes)]


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--set", choices=("twemoji", "style-disjoint"), default="twemoji",
                   help="twemoji: the project's benchmark; style-disjoint: families and backgrounds the model "
                        "never trains on")
    p.add_argument("--products", type=int, default=1000)
    p.add_argument("--views", type=int, default=2, help="shopper photos per product")
    p.add_argument("--size", type=int, default=320, help="side of a shopper photo in pixels")
    p.add_argument("--out", required=True)
    p.add_argument("--processes", type=int, default=os.cpu_count())
    p.add_argument("--shelves", type=int, default=0, help="photos of two or three products side by side")
    args = p.parse_args()
    if args.set == "twemoji":
        if not os.path.isdir(TWEMOJI):
            raise SystemExit(f"{TWEMOJI} is missing: npm install --prefix layers/model/training --no-save "
                             "emoji-datasource-twitter@16.0.0")
        every, reserve, background_globs = [e for e in products() if load(e) is not None], DISTRACTORS, None
    else:
        if not glob.glob(FURNITURE):
            raise SystemExit("Sweet Home 3D's catalogue is missing: apt-get install sweethome3d-furniture")
        every, reserve, background_globs = [e for e in furniture() if load(e) is not None], \
            FURNITURE_DISTRACTORS, LANDSCAPES
    # Clutter in the photos comes from the last items in the order, never products, so no photo shows a
    # second catalog product and the clutter is the same whatever --products is.
    distractors, candidates = every[-reserve:], every[:-reserve]
    if args.products > len(candidates):
        raise SystemExit(f"only {len(candidates)} {args.set} products exist; ask for fewer")
    chosen = candidates[:args.products]
    os.makedirs(os.path.join(args.out, "catalog"), exist_ok=True)
    os.makedirs(os.path.join(args.out, "queries"), exist_ok=True)
    jobs = [(i, e, args.out, args.views) for i, e in enumerate(chosen)]
    with Pool(args.processes, initializer=_init, initargs=(distractors, args.size, background_globs)) as pool:
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
    if args.shelves:
        os.makedirs(os.path.join(args.out, "shelves"), exist_ok=True)
        rng = random.Random(SEED + 17)
        # wider than a one-item photo: each item still reaches the model at about its input size
        jobs = [(i, rng.sample(chosen, rng.choice((2, 3))), args.out, args.size * 2) for i in range(args.shelves)]
        with Pool(args.processes, initializer=_init, initargs=(distractors, args.size, background_globs)) as pool:
            shelves = pool.map(_shelf, jobs, chunksize=8)
        with open(os.path.join(args.out, "shelves", "truth.csv"), "w", newline="", encoding="utf-8") as f:
            w = csv.writer(f)
            w.writerow(["query_file", "product_id", "left", "top", "right", "bottom"])
            for items in shelves:
                for name, product_id, box in items:
                    w.writerow([name, product_id, *(f"{v:.4f}" for v in box)])
        print(f"{len(shelves)} shelf photos with {sum(len(s) for s in shelves)} items in {args.out}/shelves")


if __name__ == "__main__":
    main()
