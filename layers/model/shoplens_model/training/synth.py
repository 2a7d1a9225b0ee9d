"""Synthetic catalog images and shopper photos, made from images this project may use.

Objects come from packages with open licences: the 3D Fluent Emoji (npm @lobehub/fluent-emoji-3d, MIT),
Noto Color Emoji (Debian fonts-noto-color-emoji, OFL-1.1) and the Oxygen icon theme (Debian
oxygen-icon-theme, LGPL-3). Backgrounds come from Debian's plasma-workspace-wallpapers and
gnome-backgrounds. Debian's openclipart* and mate-backgrounds packages are held out for an independent
evaluation and must never be read here.
"""
from __future__ import annotations

import glob
import io
import math
import os
import random
from dataclasses import dataclass

import numpy as np
from PIL import Image, ImageDraw, ImageEnhance, ImageFilter, ImageFont, ImageOps

HELD_OUT = ("openclipart", "mate-backgrounds", "/usr/share/backgrounds/mate")
FLUENT_DIRS = ("node_modules/@lobehub/fluent-emoji-3d/assets",)
NOTO_FONT = "/usr/share/fonts/truetype/noto/NotoColorEmoji.ttf"
OXYGEN_DIR = "/usr/share/icons/oxygen/base/256x256"
WALLPAPER_GLOBS = (
    "/usr/share/wallpapers/*/contents/images/*.jpg",
    "/usr/share/wallpapers/*/contents/images/*.png",
    "/usr/share/backgrounds/gnome/*.webp",
    "/usr/share/backgrounds/gnome/*.jpg",
    "/usr/share/backgrounds/gnome/*.png",
)


def _check_not_held_out(path: str) -> None:
    if any(h in path for h in HELD_OUT):
        raise ValueError(f"{path} belongs to the held-out evaluation set")


@dataclass(frozen=True)
class ObjectImage:
    """One object identity: a name and an RGBA image cropped to its visible pixels."""
    key: str
    image: Image.Image


def _trim(rgba: Image.Image) -> Image.Image | None:
    box = rgba.getchannel("A").point(lambda a: 255 if a > 8 else 0).getbbox()
    if box is None or (box[2] - box[0]) < 12 or (box[3] - box[1]) < 12:
        return None
    return rgba.crop(box)


def load_fluent(assets_dir: str) -> list[ObjectImage]:
    out = []
    for path in sorted(glob.glob(os.path.join(assets_dir, "*.webp"))):
        _check_not_held_out(path)
        code = os.path.basename(path)[:-5]
        img = _trim(Image.open(path).convert("RGBA"))
        if img is not None:
            out.append(ObjectImage("fluent:" + code, img))
    return out


def codepoints_to_text(code: str) -> str:
    return "".join(chr(int(part, 16)) for part in code.replace("_", "-").split("-"))


def render_noto(code: str, font: ImageFont.FreeTypeFont) -> Image.Image | None:
    canvas = Image.new("RGBA", (160, 160), (0, 0, 0, 0))
    ImageDraw.Draw(canvas).text((8, 8), codepoints_to_text(code), font=font, embedded_color=True)
    img = _trim(canvas)
    # Sequences the font lacks render as several glyphs side by side: keep roughly square ones only.
    if img is None or img.width > 1.6 * img.height or img.height > 1.6 * img.width:
        return None
    return img


def load_noto(codes: list[str]) -> list[ObjectImage]:
    font = ImageFont.truetype(NOTO_FONT, 109)
    out = []
    for code in codes:
        img = render_noto(code, font)
        if img is not None:
            out.append(ObjectImage("noto:" + code, img))
    return out


def load_oxygen() -> list[ObjectImage]:
    seen, out = set(), []
    for path in sorted(glob.glob(os.path.join(OXYGEN_DIR, "*", "*.png"))):
        real = os.path.realpath(path)
        _check_not_held_out(real)
        if real in seen:
            continue
        seen.add(real)
        img = _trim(Image.open(real).convert("RGBA"))
        if img is not None:
            out.append(ObjectImage("oxygen:" + os.path.basename(real)[:-4], img))
    return out


def load_backgrounds(max_side: int = 640, globs=None) -> list[Image.Image]:
    """Scenes for shopper photos: the wallpapers the model trains on, unless other globs are given."""
    out = []
    for pattern in globs or WALLPAPER_GLOBS:
        for path in sorted(glob.glob(pattern)):
            _check_not_held_out(path)
            img = Image.open(path)
            img.draft("RGB", (max_side, max_side))
            img = img.convert("RGB")
            scale = max_side / min(img.size)
            if scale < 1:
                img = img.resize((max(1, round(img.width * scale)), max(1, round(img.height * scale))), Image.BILINEAR)
            out.append(img)
    return out


def on_white(obj: Image.Image, size: int, fill: float = 0.85) -> Image.Image:
    """A clean catalog photo: the object centred on white, filling `fill` of the frame."""
    canvas = Image.new("RGB", (size, size), (255, 255, 255))
    scale = fill * size / max(obj.size)
    o = obj.resize((max(1, round(obj.width * scale)), max(1, round(obj.height * scale))), Image.LANCZOS)
    canvas.paste(o, ((size - o.width) // 2, (size - o.height) // 2), o)
    return canvas


def catalog_view(obj: Image.Image, size: int, rng: random.Random) -> Image.Image:
    """A catalog photo with the small variations real product shots have (framing, white level)."""
    img = on_white(obj, size, rng.uniform(0.72, 0.95))
    if rng.random() < 0.3:
        img = ImageEnhance.Brightness(img).enhance(rng.uniform(0.92, 1.05))
    return img


def _procedural_background(size: int, rng: random.Random) -> Image.Image:
    top = tuple(rng.randrange(256) for _ in range(3))
    bottom = tuple(rng.randrange(256) for _ in range(3))
    bg = Image.linear_gradient("L").resize((size, size))
    img = Image.composite(Image.new("RGB", (size, size), bottom), Image.new("RGB", (size, size), top), bg)
    draw = ImageDraw.Draw(img)
    for _ in range(rng.randrange(0, 12)):
        x, y = rng.randrange(size), rng.randrange(size)
        r = rng.randrange(4, size // 3)
        colour = tuple(rng.randrange(256) for _ in range(3))
        if rng.random() < 0.5:
            draw.ellipse((x - r, y - r, x + r, y + r), fill=colour)
        else:
            draw.rectangle((x - r, y - r, x + r, y + r // 2), fill=colour)
    return img.filter(ImageFilter.GaussianBlur(rng.uniform(0, 3)))


def _background(backgrounds: list[Image.Image], size: int, rng: random.Random,
                procedural: float = 0.2) -> Image.Image:
    if not backgrounds or rng.random() < procedural:
        return _procedural_background(size, rng)
    src = rng.choice(backgrounds)
    side = rng.randint(max(16, min(src.size) // 4), min(src.size))
    x, y = rng.randint(0, src.width - side), rng.randint(0, src.height - side)
    img = src.crop((x, y, x + side, y + side)).resize((size, size), Image.BILINEAR)
    if rng.random() < 0.5:
        img = img.transpose(Image.FLIP_LEFT_RIGHT)
    return img


def _paste(canvas: Image.Image, obj: Image.Image, frac: float, angle: float, rng: random.Random,
           centre: bool, owners: "_Owners | None" = None) -> tuple[int, int, int, int]:
    size = canvas.width
    scale = frac * size / max(obj.size)
    o = obj.resize((max(1, round(obj.width * scale)), max(1, round(obj.height * scale))), Image.BICUBIC)
    o = o.rotate(angle, resample=Image.BICUBIC, expand=True)
    if centre:
        slack_x, slack_y = max(0, size - o.width), max(0, size - o.height)
        x = (size - o.width) // 2 + rng.randint(-slack_x // 2, slack_x // 2) if slack_x else (size - o.width) // 2
        y = (size - o.height) // 2 + rng.randint(-slack_y // 2, slack_y // 2) if slack_y else (size - o.height) // 2
    else:
        x, y = rng.randint(-o.width // 2, size - o.width // 2), rng.randint(-o.height // 2, size - o.height // 2)
    canvas.paste(o, (x, y), o)
    if owners is not None:
        owners.mark(o, x, y)
    return x, y, o.width, o.height


def shopper_photo(obj: Image.Image, backgrounds: list[Image.Image], distractors: list[Image.Image],
                  size: int, rng: random.Random, procedural: float = 0.2, hard: bool = False) -> Image.Image:
    """A photo a shopper might take: the object on a cluttered scene at 40-90% of the frame,
    rotated up to 20 degrees, relit, sometimes blurred, JPEG-recompressed at quality 60-80.
    `procedural` is the share of scenes drawn from shapes instead of a background photo. `hard` (training
    only) widens it: 25-90% of the frame, a perspective tilt, other objects in front of it, stronger colour
    shifts and sometimes grey; without it the random draws are the same as ever, so benchmarks do not move."""
    work = size * 2
    canvas = _background(backgrounds, work, rng, procedural)
    for d in rng.sample(distractors, k=min(len(distractors), rng.randrange(0, 3))):
        _paste(canvas, d, rng.uniform(0.15, 0.45), rng.uniform(-40, 40), rng, centre=False)
    if rng.random() < (0.45 if hard else 0.3):  # a soft drop shadow grounds the object in the scene
        shadow = Image.new("RGBA", obj.size, (0, 0, 0, 0))
        shadow.putalpha(obj.getchannel("A").point(lambda a: a // 3))
        _paste(canvas, shadow.filter(ImageFilter.GaussianBlur(6)), 0.65, 0, rng, centre=True)
    if hard and rng.random() < 0.5:
        obj = _tilt(obj, rng)
    box = _paste(canvas, obj, rng.uniform(0.25, 0.9) if hard else rng.uniform(0.4, 0.9), rng.uniform(-20, 20), rng,
                 centre=True)
    if hard and distractors and rng.random() < 0.3:
        _occlude(canvas, rng.choice(distractors), box, rng)
    return _finish(canvas, size, rng, hard)


def _finish(img: Image.Image, size: int, rng: random.Random, hard: bool) -> Image.Image:
    """The camera's part: light, colour cast, blur, the final size and JPEG compression."""
    img = ImageEnhance.Brightness(img).enhance(rng.uniform(0.6, 1.35))
    img = ImageEnhance.Contrast(img).enhance(rng.uniform(0.7, 1.3))
    img = ImageEnhance.Color(img).enhance(rng.uniform(0.4, 1.5) if hard else rng.uniform(0.6, 1.3))
    if rng.random() < 0.35:
        tint = Image.new("RGB", img.size, tuple(rng.randrange(256) for _ in range(3)))
        img = Image.blend(img, tint, rng.uniform(0.05, 0.25 if hard else 0.2))
    if hard and rng.random() < 0.08:
        img = img.convert("L").convert("RGB")
    if rng.random() < 0.4:
        img = img.filter(ImageFilter.GaussianBlur(rng.uniform(0.5, 2.5)))
    img = img.resize((size, size), Image.BILINEAR)
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=rng.randint(60, 80))
    return Image.open(io.BytesIO(buf.getvalue())).convert("RGB")


def _tilt(obj: Image.Image, rng: random.Random, strength: float = 0.12) -> Image.Image:
    """The object seen a little from the side: its corners moved by up to `strength` of its size."""
    w, h = obj.size
    jitter = lambda n: rng.uniform(-strength, strength) * n  # noqa: E731
    # PIL maps each output corner back to an input point: (x0, y0) top-left, then clockwise
    quad = (jitter(w), jitter(h), jitter(w), h + jitter(h), w + jitter(w), h + jitter(h), w + jitter(w), jitter(h))
    return obj.transform(obj.size, Image.QUAD, quad, Image.BICUBIC)


def _occlude(canvas: Image.Image, other: Image.Image, box: tuple[int, int, int, int], rng: random.Random,
             owners: "_Owners | None" = None) -> None:
    """Another object in front, its centre on the edge of the product's box, covering part of it."""
    x, y, w, h = box
    side = rng.uniform(0.3, 0.55) * max(w, h)
    scale = side / max(other.size)
    o = other.resize((max(1, round(other.width * scale)), max(1, round(other.height * scale))), Image.BICUBIC)
    edge = rng.randrange(4)
    cx = x + (rng.uniform(0, w) if edge < 2 else (0 if edge == 2 else w))
    cy = y + (rng.uniform(0, h) if edge >= 2 else (0 if edge == 0 else h))
    canvas.paste(o, (round(cx - o.width / 2), round(cy - o.height / 2)), o)
    if owners is not None:
        owners.mark(o, round(cx - o.width / 2), round(cy - o.height / 2))


def stylise(obj: Image.Image, rng: random.Random) -> Image.Image:
    """Sometimes the object in another drawing style (training only): flat colour, line art or grey, so the
    model meets more styles than its families draw in. One style per object, catalog and photos alike."""
    r = rng.random()
    alpha = obj.getchannel("A")
    if r < 0.12:  # flat colour: few colour levels, soft edges gone
        rgb = ImageOps.posterize(obj.convert("RGB"), rng.choice((2, 3))).filter(ImageFilter.ModeFilter(3))
    elif r < 0.2:  # line art: dark outlines on white
        edges = obj.convert("L").filter(ImageFilter.FIND_EDGES).point(lambda v: 0 if v > 24 else 255)
        rgb = edges.filter(ImageFilter.MinFilter(3)).convert("RGB")
    elif r < 0.26:
        rgb = obj.convert("L").convert("RGB")
    else:
        return obj
    out = rgb.convert("RGBA")
    out.putalpha(alpha)
    return out


class _Owners:
    """Which pasted object each pixel of a scene shows, so every object's visible box is known exactly,
    however later objects cover it or the frame cuts it."""

    def __init__(self, side: int):
        self.side = side
        self.owner = np.full((side, side), -1, dtype=np.int16)
        self.areas: list[int] = []

    def mark(self, o: Image.Image, x: int, y: int) -> None:
        ident = len(self.areas)
        solid = np.asarray(o.getchannel("A")) > 96
        self.areas.append(int(solid.sum()))
        x0, y0, x1, y1 = max(0, x), max(0, y), min(self.side, x + o.width), min(self.side, y + o.height)
        if x1 > x0 and y1 > y0:
            region = self.owner[y0:y1, x0:x1]
            region[solid[y0 - y:y1 - y, x0 - x:x1 - x]] = ident

    def boxes(self, min_visible: float = 0.35, min_side: float = 0.04) -> list[tuple[float, float, float, float]]:
        """Normalised (left, top, right, bottom) of each object showing at least `min_visible` of itself."""
        out = []
        for ident, area in enumerate(self.areas):
            ys, xs = np.nonzero(self.owner == ident)
            if area == 0 or len(xs) < min_visible * area:
                continue
            box = (xs.min() / self.side, ys.min() / self.side, (xs.max() + 1) / self.side, (ys.max() + 1) / self.side)
            if box[2] - box[0] >= min_side and box[3] - box[1] >= min_side:
                out.append(box)
        return out


def detection_scene(objects: list[Image.Image], backgrounds: list[Image.Image], size: int, rng: random.Random,
                    multi: bool) -> tuple[Image.Image, list[tuple[float, float, float, float]]]:
    """A photo for training the object finder, with the box of every object in it (training only).
    One object: as a shopper photographs an item (hard shopper photo, distractors around it).
    `multi`: two to four items side by side at 18-50 % of the frame each, as on a table or a shelf."""
    work = size * 2
    canvas = _background(backgrounds, work, rng, 0.2)
    owners = _Owners(work)
    if multi:
        for obj in rng.sample(objects, k=rng.randint(2, min(4, len(objects)))):
            _paste(canvas, stylise(obj, rng), rng.uniform(0.18, 0.5), rng.uniform(-25, 25), rng, centre=False,
                   owners=owners)
    else:
        main, others = objects[0], objects[1:]
        for d in rng.sample(others, k=min(len(others), rng.randrange(0, 3))):
            _paste(canvas, d, rng.uniform(0.15, 0.45), rng.uniform(-40, 40), rng, centre=False, owners=owners)
        main = stylise(main, rng)
        if rng.random() < 0.5:
            main = _tilt(main, rng)
        box = _paste(canvas, main, rng.uniform(0.2, 0.9), rng.uniform(-20, 20), rng, centre=True, owners=owners)
        if others and rng.random() < 0.3:
            _occlude(canvas, rng.choice(others), box, rng, owners)
    return _finish(canvas, size, rng, True), owners.boxes()


def shelf_photo(objects: list[Image.Image], backgrounds: list[Image.Image], size: int, rng: random.Random,
                procedural: float = 0.2) -> tuple[Image.Image, list[tuple[float, float, float, float]]]:
    """A photo of several items side by side, as a shopper photographs a shelf or a table: each item in its own
    slot, left to right, at 25-45 % of the frame, rotated a little; returns the photo and each item's box in the
    order given (benchmarks of multi-object search)."""
    work = size * 2
    canvas = _background(backgrounds, work, rng, procedural)
    owners = _Owners(work)
    slot = work / len(objects)
    for i, obj in enumerate(objects):
        side = rng.uniform(0.25, 0.45) * work
        scale = min(side, 0.9 * slot) / max(obj.size)
        o = obj.resize((max(1, round(obj.width * scale)), max(1, round(obj.height * scale))), Image.BICUBIC)
        o = o.rotate(rng.uniform(-12, 12), resample=Image.BICUBIC, expand=True)
        x = round(i * slot + (slot - o.width) / 2 + rng.uniform(-0.05, 0.05) * slot)
        y = round((work - o.height) / 2 + rng.uniform(-0.2, 0.2) * work)
        x, y = min(max(0, x), work - o.width), min(max(0, y), work - o.height)
        canvas.paste(o, (x, y), o)
        owners.mark(o, x, y)
    boxes = owners.boxes(min_visible=0.0, min_side=0.0)
    if len(boxes) != len(objects):
        raise ValueError("an item of the shelf photo is not visible")
    return _finish(canvas, size, rng, False), boxes
