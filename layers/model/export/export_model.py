"""Exports an image model to an ONNX model directory in the project's model contract (model.onnx +
manifest.json), and computes reference tensors and embeddings with the same preprocessing in Python.

Architectures, through Hugging Face `transformers` (which runs on the CPU build of PyTorch):

    clip-vit-b32   CLIP ViT-B/32 image tower with its projection (512-d), e.g. openai/clip-vit-base-patch32
    dinov2-small   DINOv2 ViT-S/14, the CLS token after the last layer norm (384-d), e.g. facebook/dinov2-small
    resnet50       ResNet-50, global-average-pooled features (2048-d), e.g. microsoft/resnet-50

Where the weights come from (one of):

    --checkpoint DIR   a local directory saved by `save_pretrained` (config.json, weights, and ideally
                       preprocessor_config.json); what to use where no hub is reachable
    --hub NAME         a Hugging Face hub name, for users who are online
    --random           random weights (tests; the figures mean nothing); --tiny shrinks the network but
                       keeps its architecture and preprocessing

The preprocessing in the manifest is read from the checkpoint's image processor (or the architecture's
published defaults with --random): resize the shorter side, cut the centre, scale, normalise, with
Pillow's antialiased BILINEAR or BICUBIC filter, which the Java side reproduces exactly. open_clip and timm
checkpoints go through --source open_clip (--hub ViT-B-32 --checkpoint open_clip_model.bin) or
--source timm (--hub resnet50 --checkpoint model.pth), where those packages import (on the machines this
project is built on they do not, with the CPU-only torch, so those two paths are untested here).

    python3 layers/model/export/export_model.py export --arch clip-vit-b32 --checkpoint ~/clip --out models/clip
    python3 layers/model/export/export_model.py reference --model models/clip --images a.jpg b.png --out ref/
"""
from __future__ import annotations

import argparse
import json
import math
import os
import sys

import numpy as np

from shoplens_model.manifest import checked_weights, read_manifest, sha256_of
from shoplens_model.preprocess import load_rgb, preprocess

ARCHS = {
    "clip-vit-b32": {"hub": "openai/clip-vit-base-patch32", "name": "clip-vit-b32"},
    "dinov2-small": {"hub": "facebook/dinov2-small", "name": "dinov2-small"},
    "resnet50": {"hub": "microsoft/resnet-50", "name": "resnet50"},
}
PIL_FILTERS = {2: "bilinear", 3: "bicubic"}


# ---------------------------------------------------------------------------------------------- models

def _load_transformers(arch: str, source: str | None, tiny: bool, seed: int):
    """The network and its image processor from a checkpoint directory, a hub name, or random weights."""
    import torch
    import transformers as tf

    torch.manual_seed(seed)
    if arch == "clip-vit-b32":
        model_cls, config_cls = tf.CLIPVisionModelWithProjection, tf.CLIPVisionConfig
        random_config = dict(hidden_size=64, intermediate_size=128, num_hidden_layers=2, num_attention_heads=2,
                             projection_dim=32, patch_size=32, image_size=224) if tiny else dict(patch_size=32)
        default_processor = lambda: tf.CLIPImageProcessor()  # noqa: E731 (CLIP's published preprocessing)
    elif arch == "dinov2-small":
        model_cls, config_cls = tf.Dinov2Model, tf.Dinov2Config
        random_config = dict(hidden_size=48, intermediate_size=96, num_hidden_layers=2, num_attention_heads=2,
                             patch_size=14, image_size=224) if tiny else dict(
            hidden_size=384, num_hidden_layers=12, num_attention_heads=6, patch_size=14, image_size=518)
        default_processor = lambda: tf.BitImageProcessor(  # noqa: E731 (facebook/dinov2-small's)
            size={"shortest_edge": 256}, crop_size={"height": 224, "width": 224}, resample=3,
            image_mean=[0.485, 0.456, 0.406], image_std=[0.229, 0.224, 0.225], do_convert_rgb=True)
    elif arch == "resnet50":
        model_cls, config_cls = tf.ResNetModel, tf.ResNetConfig
        random_config = dict(embedding_size=16, hidden_sizes=[32, 64, 96, 128], depths=[1, 1, 1, 1],
                             layer_type="bottleneck") if tiny else dict(layer_type="bottleneck")
        default_processor = lambda: tf.ConvNextImageProcessor(  # noqa: E731 (microsoft/resnet-50's)
            size={"shortest_edge": 224}, crop_pct=0.875, resample=3,
            image_mean=[0.485, 0.456, 0.406], image_std=[0.229, 0.224, 0.225])
    else:
        raise SystemExit(f"unknown architecture {arch}; choose from {', '.join(ARCHS)}")

    if source is None:
        model = model_cls(config_cls(**random_config))
        processor = default_processor()
    else:
        model = model_cls.from_pretrained(source)
        try:
            processor = tf.AutoImageProcessor.from_pretrained(source)
        except (OSError, ValueError):
            print(f"{source} has no image processor config; using {arch}'s published preprocessing", file=sys.stderr)
            processor = default_processor()
    model.eval()
    return model, processor


class Embedding:
    """Wraps a transformers vision model so that ONNX sees image -> one embedding per image."""

    def __new__(cls, arch, model):
        import torch

        class Wrapped(torch.nn.Module):
            def __init__(self):
                super().__init__()
                self.model = model

            def forward(self, image):
                out = self.model(pixel_values=image)
                if arch == "clip-vit-b32":
                    return out.image_embeds
                if arch == "dinov2-small":
                    return out.pooler_output
                return out.pooler_output.flatten(1)

        return Wrapped().eval()


def preprocessing_of(processor) -> dict:
    """The manifest's preprocessing fields from a transformers image processor."""
    resample = int(getattr(processor, "resample", 2))
    if resample not in PIL_FILTERS:
        raise SystemExit(f"the image processor resamples with Pillow filter {resample}; only BILINEAR (2) and "
                         "BICUBIC (3) are supported")
    size = dict(processor.size)
    crop_pct = getattr(processor, "crop_pct", None)
    if getattr(processor, "do_center_crop", False) or crop_pct is not None:
        if crop_pct is not None and "shortest_edge" in size:  # ConvNext-style: resize to edge / crop_pct
            edge = size["shortest_edge"]
            crop = {"height": edge, "width": edge}
            shorter = int(edge / crop_pct) if edge < 384 else edge
        else:
            crop = dict(processor.crop_size)
            shorter = size["shortest_edge"]
        fields = {"inputWidth": crop["width"], "inputHeight": crop["height"], "resize": "shorter-side-center-crop",
                  "resizeShorterSide": shorter}
    else:
        fields = {"inputWidth": size["width"], "inputHeight": size["height"], "resize": "squash"}
    fields.update({
        "interpolation": PIL_FILTERS[resample],
        "mean": [float(v) for v in processor.image_mean],
        "std": [float(v) for v in processor.image_std],
        "colorOrder": "RGB",
        "pixelScale": float(processor.rescale_factor),
    })
    return fields


def _optional(package: str):
    try:
        return __import__(package)
    except Exception as e:  # they fail at import with a CPU-only torch on the machines this is built on
        raise SystemExit(f"--source {package} needs the {package} package, which does not import here ({e}); "
                         "use --source transformers") from e


def _load_open_clip(args):
    """An open_clip image tower: --hub is the model name (e.g. ViT-B-32), --checkpoint its weights file."""
    import torch
    open_clip = _optional("open_clip")
    if not args.hub:
        raise SystemExit("--source open_clip needs --hub MODEL_NAME (e.g. ViT-B-32) and --checkpoint FILE or "
                         "a pretrained tag in --pretrained")
    model, _, transform = open_clip.create_model_and_transforms(args.hub, pretrained=args.checkpoint or args.pretrained)
    model.eval()
    size = model.visual.image_size
    size = size[0] if isinstance(size, (tuple, list)) else size
    normalize = [t for t in transform.transforms if t.__class__.__name__ == "Normalize"][0]

    class Tower(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.model = model

        def forward(self, image):
            return self.model.encode_image(image)

    prep = {"inputWidth": size, "inputHeight": size, "resize": "shorter-side-center-crop", "resizeShorterSide": size,
            "interpolation": "bicubic", "mean": [float(v) for v in normalize.mean],
            "std": [float(v) for v in normalize.std], "colorOrder": "RGB", "pixelScale": 1.0 / 255.0}
    return Tower().eval(), prep


def _load_timm(args):
    """A timm model without its classifier: --hub is the model name, --checkpoint a weights file."""
    timm = _optional("timm")
    model = timm.create_model(args.hub, pretrained=args.checkpoint is None and not args.random, num_classes=0,
                              checkpoint_path=args.checkpoint or "")
    model.eval()
    config = timm.data.resolve_data_config({}, model=model)
    _, height, width = config["input_size"]
    interpolation = config.get("interpolation", "bicubic")
    if interpolation not in ("bilinear", "bicubic"):
        raise SystemExit(f"the timm model resizes with {interpolation}; only bilinear and bicubic are supported")
    crop_pct = config.get("crop_pct", 1.0)
    prep = {"inputWidth": width, "inputHeight": height, "resize": "shorter-side-center-crop",
            "resizeShorterSide": int(max(width, height) / crop_pct), "interpolation": interpolation,
            "mean": [float(v) for v in config["mean"]], "std": [float(v) for v in config["std"]],
            "colorOrder": "RGB", "pixelScale": 1.0 / 255.0}
    return model, prep


def export(args) -> None:
    import torch
    import onnxruntime as ort

    arch = args.arch
    source = args.checkpoint or args.hub
    if source is None and not args.random:
        raise SystemExit("say where the weights come from: --checkpoint DIR, --hub NAME or --random")
    if args.source == "open_clip":
        net, prep = _load_open_clip(args)
    elif args.source == "timm":
        net, prep = _load_timm(args)
    else:
        model, processor = _load_transformers(arch, source, args.tiny, args.seed)
        prep = preprocessing_of(processor)
        net = Embedding(arch, model)
    os.makedirs(args.out, exist_ok=True)
    path = os.path.join(args.out, "model.onnx")
    dummy = torch.randn(2, 3, prep["inputHeight"], prep["inputWidth"])
    with torch.no_grad():
        expected = net(dummy).numpy()
        torch.onnx.export(net, dummy, path, input_names=["image"], output_names=["embedding"],
                          dynamic_axes={"image": {0: "batch"}, "embedding": {0: "batch"}}, opset_version=17,
                          dynamo=False)
    got = ort.InferenceSession(path, providers=["CPUExecutionProvider"]).run(None, {"image": dummy.numpy()})[0]
    diff = float(np.abs(expected - got).max())
    if diff > 1e-3:
        raise SystemExit(f"the ONNX export disagrees with PyTorch by {diff:.2e}")
    sha = sha256_of(path)
    manifest = {
        "name": args.name or ARCHS[arch]["name"] + ("-random" if source is None else ""),
        "version": args.version,
        "format": "onnx",
        "weights": "model.onnx",
        "sha256": sha,
        **prep,
        "outputDimension": int(expected.shape[1]),
        "normalization": "l2",
        "inputName": "image",
        "outputName": "embedding",
        "source": source or f"random weights (seed {args.seed}{', tiny' if args.tiny else ''})",
    }
    with open(os.path.join(args.out, "manifest.json"), "w") as f:
        json.dump(manifest, f, indent=2)
        f.write("\n")
    print(f"{arch}: wrote {path} ({os.path.getsize(path) / 1e6:.1f} MB, {manifest['outputDimension']}-d, "
          f"ONNX vs PyTorch max diff {diff:.1e})")


# -------------------------------------------------------------------------------- reference inference

def reference(args) -> None:
    import onnxruntime as ort

    manifest = read_manifest(args.model)
    session = ort.InferenceSession(checked_weights(args.model, manifest), providers=["CPUExecutionProvider"])
    os.makedirs(args.out, exist_ok=True)
    for path in args.images:
        tensor = preprocess(load_rgb(path), manifest)
        embedding = session.run([manifest["outputName"]], {manifest["inputName"]: tensor[None]})[0][0]
        embedding = embedding / max(float(np.linalg.norm(embedding)), 1e-12)
        stem = os.path.splitext(os.path.basename(path))[0]
        np.save(os.path.join(args.out, stem + ".tensor.npy"), tensor)
        np.save(os.path.join(args.out, stem + ".embedding.npy"), embedding.astype(np.float32))
        print(f"{stem}: tensor {tensor.shape}, embedding {embedding.shape}")


def check_processor(args) -> None:
    """Shows that the manifest's preprocessing is the transformers processor's, on RGB pictures."""
    _, processor = _load_transformers(args.arch, args.checkpoint or args.hub, True, 0)
    manifest = preprocessing_of(processor)
    worst = 0.0
    for path in args.images:
        img = load_rgb(path)
        ours = preprocess(img, manifest)
        theirs = processor(images=img, return_tensors="np")["pixel_values"][0]
        worst = max(worst, float(np.abs(ours - theirs).max()))
    print(json.dumps({"arch": args.arch, "maxAbsDiff": worst}))


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="command", required=True)
    e = sub.add_parser("export", help="write model.onnx and manifest.json")
    e.add_argument("--arch", required=True, choices=sorted(ARCHS))
    e.add_argument("--checkpoint", help="local directory saved by save_pretrained")
    e.add_argument("--hub", help="Hugging Face hub name (needs the internet)")
    e.add_argument("--random", action="store_true", help="random weights, for tests")
    e.add_argument("--tiny", action="store_true", help="with --random: a small network of the same architecture")
    e.add_argument("--source", choices=["transformers", "open_clip", "timm"], default="transformers",
                   help="the library that builds the network (open_clip and timm where they import)")
    e.add_argument("--pretrained", help="with --source open_clip: a pretrained tag instead of --checkpoint")
    e.add_argument("--seed", type=int, default=0)
    e.add_argument("--name")
    e.add_argument("--version", default="1")
    e.add_argument("--out", required=True)
    r = sub.add_parser("reference", help="Python tensors and embeddings of images, for parity checks")
    r.add_argument("--model", required=True)
    r.add_argument("--images", nargs="+", required=True)
    r.add_argument("--out", required=True)
    c = sub.add_parser("check-processor", help="compare the manifest preprocessing with transformers'")
    c.add_argument("--arch", required=True, choices=sorted(ARCHS))
    c.add_argument("--checkpoint")
    c.add_argument("--hub")
    c.add_argument("--images", nargs="+", required=True)
    args = p.parse_args()
    {"export": export, "reference": reference, "check-processor": check_processor}[args.command](args)


if __name__ == "__main__":
    main()
