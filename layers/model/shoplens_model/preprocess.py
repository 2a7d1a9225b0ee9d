"""The reference preprocessing: a picture to the model's input tensor exactly as the manifest describes it,
with Pillow's resampling, which the Java side (PilResampler) reproduces to the last pixel level."""
import numpy as np
from PIL import Image, ImageOps


def load_rgb(path: str) -> Image.Image:
    """The picture upright and opaque: transparent areas over white with round(c*a + 255*(1-a)), as the
    Java decoder does."""
    img = ImageOps.exif_transpose(Image.open(path))
    return to_rgb(img)


def to_rgb(img: Image.Image) -> Image.Image:
    """An opaque RGB picture, transparent areas over white."""
    if img.mode in ("RGBA", "LA", "PA") or (img.mode == "P" and "transparency" in img.info):
        rgba = np.asarray(img.convert("RGBA"), dtype=np.float64)
        a = rgba[..., 3:4] / 255.0
        rgb = np.floor(rgba[..., :3] * a + 255.0 * (1.0 - a) + 0.5)
        return Image.fromarray(rgb.astype(np.uint8), "RGB")
    return img.convert("RGB")


def preprocess(img: Image.Image, manifest: dict) -> np.ndarray:
    """The model's input tensor (CHW, float32) exactly as the manifest describes it."""
    w, h = manifest["inputWidth"], manifest["inputHeight"]
    resample = {"bilinear": Image.BILINEAR, "bicubic": Image.BICUBIC}[manifest["interpolation"]]
    if manifest["resize"] == "squash":
        img = img.resize((w, h), resample)
    elif manifest["resize"] == "shorter-side-center-crop":
        shorter = manifest.get("resizeShorterSide") or max(w, h)
        sw, sh = img.size
        longer = int(shorter * max(sw, sh) / min(sw, sh))
        rw, rh = (shorter, longer) if sw <= sh else (longer, shorter)
        img = img.resize((rw, rh), resample)
        top, left = (rh - h) // 2, (rw - w) // 2
        img = img.crop((left, top, left + w, top + h))
    else:
        raise ValueError(f"reference preprocessing does not implement resize {manifest['resize']}")
    x = np.asarray(img, dtype=np.float32) * np.float32(manifest["pixelScale"])
    x = (x - np.asarray(manifest["mean"], dtype=np.float32)) / np.asarray(manifest["std"], dtype=np.float32)
    if manifest["colorOrder"] == "BGR":
        x = x[..., ::-1]
    return np.ascontiguousarray(x.transpose(2, 0, 1), dtype=np.float32)
