"""More object families for training, in drawing styles the first model never saw: other emoji sets and
game icons (npm Iconify packages), desktop icon themes and game item art (Debian packages).

Every loader returns `ObjectImage`s (one identity each), at most `limit` per family, a seeded sample so the
same families give the same objects. SVGs are rasterised once with `rsvg-convert` (Debian librsvg2-bin)
into a cache folder. Debian's openclipart*, mate-backgrounds and tuxpaint-stamps-* stay held out: the
`synth._check_not_held_out` guard runs on every path read here.
"""
from __future__ import annotations

import glob
import hashlib
import json
import os
import random
import re
import subprocess
from multiprocessing import Pool

from PIL import Image

from shoplens_model.training.synth import ObjectImage, _check_not_held_out, _trim

# (family, npm package, licence): each package's info.json names its licence.
ICONIFY_SETS = (
    ("openmoji", "@iconify-json/openmoji", "CC-BY-SA-4.0"),
    ("fluent-flat", "@iconify-json/fluent-emoji-flat", "MIT"),
    ("fxemoji", "@iconify-json/fxemoji", "Apache-2.0"),
    ("streamline", "@iconify-json/streamline-emojis", "CC-BY-4.0"),
    ("emojione", "@iconify-json/emojione", "CC-BY-4.0"),
    ("noto-v1", "@iconify-json/noto-v1", "Apache-2.0"),
    ("game-icons", "@iconify-json/game-icons", "CC-BY-3.0"),
)
# (family, Debian package, folder): icon themes and game art with their objects one per file.
DEBIAN_FAMILIES = (
    ("papirus", "papirus-icon-theme", "/usr/share/icons/Papirus"),
    ("faenza", "faenza-icon-theme", "/usr/share/icons/Faenza"),
    ("breeze", "breeze-icon-theme", "/usr/share/icons/breeze"),
    ("elementary", "elementary-icon-theme", "/usr/share/icons/elementary"),
    ("gartoon", "gnome-icon-theme-gartoon", "/usr/share/icons/gartoon"),
    ("tango", "tango-icon-theme", "/usr/share/icons/Tango"),
)
# (family, Debian package, globs): game art, one object per file (unit animation frames are left out: the
# frames of one unit would be near-twins under different names).
GAME_ART = (
    ("wesnoth", "wesnoth-1.16-data", ("/usr/share/games/wesnoth/1.16/data/core/images/portraits/**/*.png",
                                      "/usr/share/games/wesnoth/1.16/data/core/images/items/*.png")),
    ("freedroid", "freedroidrpg-data", ("/usr/share/freedroidrpg/data/graphics/items/*/inv_image.png",)),
)
RASTER_SIDE = 256
# Skin-tone variants draw one emoji five times: as separate identities they would be near-twins.
SKIN_TONE = re.compile(r"-(medium-)?(light|medium|dark)(-skin-tone)?$|-tone[1-5]$")


def _rasterise(job):
    svg, out = job
    if not os.path.exists(out):
        tmp = f"{out}.{os.getpid()}.part"
        with open(tmp, "wb") as f:
            done = subprocess.run(["rsvg-convert", "-w", str(RASTER_SIDE), "-h", str(RASTER_SIDE),
                                   "--keep-aspect-ratio", "-b", "none"], input=svg, stdout=f,
                                  stderr=subprocess.DEVNULL)
        if done.returncode != 0:
            os.remove(tmp)
            return None
        os.replace(tmp, out)
    return out


def _rasterise_all(named_svgs, cache, processes):
    """PNG paths for (key, svg bytes) pairs, rendered once into `cache`; keys whose SVG fails are dropped."""
    os.makedirs(cache, exist_ok=True)
    jobs = {os.path.join(cache, hashlib.sha1(svg).hexdigest() + ".png"): svg for _, svg in named_svgs}
    with Pool(processes) as pool:
        done = set(filter(None, pool.map(_rasterise, [(svg, out) for out, svg in jobs.items()], chunksize=16)))
    # the same picture under two names is one identity: keep its first name only
    seen, out = set(), []
    for key, svg in named_svgs:
        path = os.path.join(cache, hashlib.sha1(svg).hexdigest() + ".png")
        if path in done and path not in seen:
            seen.add(path)
            out.append((key, path))
    return out


def _load_png(key, path):
    img = _trim(Image.open(path).convert("RGBA"))
    return ObjectImage(key, img) if img is not None else None


def load_iconify(node_modules: str, cache: str, limit: int, seed: int, processes: int) -> list[ObjectImage]:
    out = []
    for family, package, _ in ICONIFY_SETS:
        path = os.path.join(node_modules, package, "icons.json")
        _check_not_held_out(path)
        if not os.path.exists(path):
            raise FileNotFoundError(f"{path} is missing: npm install the packages in train_builtin.py's docstring")
        with open(path) as f:
            data = json.load(f)
        names = sorted(n for n in data["icons"] if not SKIN_TONE.search(n))
        names = sorted(random.Random(f"{seed}:{family}").sample(names, min(limit, len(names))))
        named = []
        for name in names:
            icon = data["icons"][name]
            w, h = icon.get("width", data.get("width", 16)), icon.get("height", data.get("height", 16))
            svg = (f'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
                   f'viewBox="{icon.get("left", 0)} {icon.get("top", 0)} {w} {h}">{icon["body"]}</svg>')
            named.append((f"{family}:{name}", svg.encode()))
        for key, png in _rasterise_all(named, os.path.join(cache, family), processes):
            obj = _load_png(key, png)
            if obj is not None:
                out.append(obj)
    return out


def _theme_files(root: str) -> dict[str, str]:
    """One file per icon name: the SVG where there is one, else the largest PNG of at least 64 px."""
    best: dict[str, tuple[int, str]] = {}
    for path in sorted(glob.glob(os.path.join(root, "**", "*"), recursive=True)):
        name, ext = os.path.splitext(os.path.basename(path))
        if ext not in (".svg", ".png") or "symbolic" in path or not os.path.isfile(path):
            continue
        real = os.path.realpath(path)
        _check_not_held_out(real)
        if ext == ".svg":
            rank = 10_000
        else:
            with Image.open(real) as im:
                rank = min(im.size)
            if rank < 64:
                continue
        if name not in best or rank > best[name][0]:
            best[name] = (rank, real)
    return {name: path for name, (_, path) in best.items()}


def load_debian_families(cache: str, limit: int, seed: int, processes: int) -> list[ObjectImage]:
    out = []
    for family, package, root in DEBIAN_FAMILIES:
        if not os.path.isdir(root):
            raise FileNotFoundError(f"{root} is missing: apt-get install {package}")
        files = _theme_files(root)
        names = sorted(random.Random(f"{seed}:{family}").sample(sorted(files), min(limit, len(files))))
        svgs = [(f"{family}:{n}", open(files[n], "rb").read()) for n in names if files[n].endswith(".svg")]
        pngs = [(f"{family}:{n}", files[n]) for n in names if files[n].endswith(".png")]
        for key, path in _rasterise_all(svgs, os.path.join(cache, family), processes) + pngs:
            obj = _load_png(key, path)
            if obj is not None:
                out.append(obj)
    for family, package, patterns in GAME_ART:
        files = sorted({os.path.realpath(p) for pattern in patterns for p in glob.glob(pattern, recursive=True)})
        if not files:
            raise FileNotFoundError(f"no files for {family}: apt-get install {package}")
        files = sorted(random.Random(f"{seed}:{family}").sample(files, min(limit, len(files))))
        for path in files:
            _check_not_held_out(path)
            obj = _load_png(f"{family}:{os.path.relpath(path, os.path.commonpath(files))}", path)
            if obj is not None:
                out.append(obj)
    return out
