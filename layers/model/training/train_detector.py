"""Trains the built-in object finder: where the items are in a shopper photo, as scored boxes.

A CenterNet-style head on a small CNN (shoplens_model/training/network.py: DetectorNet), trained on
synthetic photos whose boxes the generator knows exactly (synth.detection_scene): one item as a shopper
photographs it, among distractors and sometimes covered by one, or two to four items side by side. Every
pasted object counts as an object. Objects come from the Oxygen icon theme and the Debian icon themes and game
art of families.py; backgrounds are the wallpapers the embedding model trains on. Neither benchmark's
families (Twemoji; Sweet Home 3D furniture on Endless Sky landscapes) is read, and Debian's openclipart*,
mate-backgrounds and tuxpaint-stamps-* stay held out.

Reproducible: every random choice is seeded, the recipe and figures are printed. Run from the repository root:

    apt-get install oxygen-icon-theme plasma-workspace-wallpapers gnome-backgrounds librsvg2-bin \
        papirus-icon-theme faenza-icon-theme breeze-icon-theme elementary-icon-theme \
        gnome-icon-theme-gartoon tango-icon-theme wesnoth-1.16-data freedroidrpg-data
    PYTHONPATH=layers/model python3 layers/model/training/train_detector.py --minutes 28 \
        | tee layers/model/training/detector-training-log.txt

It writes model.onnx and manifest.json (the object finder's contract, `"kind": "object-finder"`) to
layers/model/detector.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import time
from multiprocessing import Pool

import numpy as np
import torch
import torch.nn.functional as F

from shoplens_model.manifest import sha256_of
from shoplens_model.training import families, synth
from shoplens_model.training.schedule import Budget, learning_rate, seed_everything
from shoplens_model.training.network import DetectorExport, DetectorNet

MEAN = [0.485, 0.456, 0.406]
STD = [0.229, 0.224, 0.225]
STRIDE = 8

_STATE = {}


def _init_worker(objects, backgrounds, size):
    _STATE.update(objects=objects, backgrounds=backgrounds, size=size)


def _scene(job):
    seed, multi = job
    rng = random.Random(seed)
    objects = _STATE["objects"]
    chosen = [objects[rng.randrange(len(objects))] for _ in range(4)]
    img, boxes = synth.detection_scene(chosen, _STATE["backgrounds"], _STATE["size"], rng, multi)
    return np.asarray(img), np.array(boxes, dtype=np.float32).reshape(-1, 4)


def render(objects, backgrounds, size, seed, count, multi_share, processes):
    jobs = [(seed * 1_000_003 + i, (i % 100) < multi_share * 100) for i in range(count)]
    if not jobs:
        return np.zeros((0, size, size, 3), np.uint8), [], []
    with Pool(processes, initializer=_init_worker, initargs=(objects, backgrounds, size)) as pool:
        out = pool.map(_scene, jobs, chunksize=32)
    return np.stack([img for img, _ in out]), [boxes for _, boxes in out], [multi for _, multi in jobs]


def to_tensor(batch_uint8: np.ndarray) -> torch.Tensor:
    x = torch.from_numpy(np.ascontiguousarray(batch_uint8)).permute(0, 3, 1, 2).float().div_(255.0)
    return (x - torch.tensor(MEAN).view(1, 3, 1, 1)) / torch.tensor(STD).view(1, 3, 1, 1)


def targets(boxes_per_image, grid):
    """CenterNet targets: a Gaussian bump at each object's centre, and its offset and size at the centre cell."""
    n = len(boxes_per_image)
    heat = np.zeros((n, 1, grid, grid), np.float32)
    geometry = np.zeros((n, 4, grid, grid), np.float32)
    mask = np.zeros((n, 1, grid, grid), np.float32)
    ys, xs = np.mgrid[0:grid, 0:grid]
    for i, boxes in enumerate(boxes_per_image):
        for left, top, right, bottom in boxes:
            cx, cy = (left + right) / 2 * grid, (top + bottom) / 2 * grid
            gx, gy = min(grid - 1, int(cx)), min(grid - 1, int(cy))
            sigma = max(0.6, min(right - left, bottom - top) * grid / 6)
            bump = np.exp(-((xs - gx) ** 2 + (ys - gy) ** 2) / (2 * sigma ** 2))
            heat[i, 0] = np.maximum(heat[i, 0], bump)
            geometry[i, :, gy, gx] = (cx - gx, cy - gy, right - left, bottom - top)
            mask[i, 0, gy, gx] = 1
    return torch.from_numpy(heat), torch.from_numpy(geometry), torch.from_numpy(mask)


def loss_of(model, images, boxes_per_image):
    logits, geometry = model(to_tensor(images))
    heat_t, geometry_t, mask = targets(boxes_per_image, logits.shape[-1])
    p = torch.sigmoid(logits).clamp(1e-4, 1 - 1e-4)
    positive = (heat_t == 1).float()
    focal = -(positive * (1 - p) ** 2 * torch.log(p)
              + (1 - positive) * (1 - heat_t) ** 4 * p ** 2 * torch.log(1 - p)).sum()
    count = positive.sum().clamp(min=1)
    shape = (torch.abs(torch.sigmoid(geometry) - geometry_t) * mask)
    return focal / count, shape[:, :2].sum() / count, shape[:, 2:].sum() / count


def iou(a, b):
    w = max(0.0, min(a[2], b[2]) - max(a[0], b[0]))
    h = max(0.0, min(a[3], b[3]) - max(a[1], b[1]))
    inter = w * h
    return inter / ((a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter + 1e-9)


def onnx_detector(path):
    """The exported graph run by ONNX Runtime, called like DetectorExport."""
    import onnxruntime as ort
    sess = ort.InferenceSession(path, providers=["CPUExecutionProvider"])
    return lambda x: tuple(torch.from_numpy(a) for a in sess.run(None, {"image": x.numpy()}))


@torch.no_grad()
def evaluate(model, images, boxes_per_image, multi, min_score, detector=None):
    """Single-item photos: how often the best box finds the item (IoU >= 0.5 with the item's box; the item is
    the largest object). Multi-item photos: the share of items found by some box scoring >= min_score, and
    the share of such boxes that found an item."""
    if detector is None:
        model.eval()
        detector = DetectorExport(model)
    scores, boxes = [], []
    for i in range(0, len(images), 128):
        s, b = detector(to_tensor(images[i:i + 128]))
        scores.append(s.numpy())
        boxes.append(b.numpy())
    scores, boxes = np.concatenate(scores), np.concatenate(boxes)
    top1 = singles = found = items = kept = true_kept = 0
    for s, b, truth, is_multi in zip(scores, boxes, boxes_per_image, multi):
        if len(truth) == 0:
            continue
        if not is_multi:
            main = max(truth, key=lambda t: (t[2] - t[0]) * (t[3] - t[1]))
            singles += 1
            top1 += iou(b[0], main) >= 0.5
        else:
            chosen = [box for score, box in zip(s, b) if score >= min_score]
            items += len(truth)
            found += sum(any(iou(c, t) >= 0.5 for c in chosen) for t in truth)
            kept += len(chosen)
            true_kept += sum(any(iou(c, t) >= 0.5 for t in truth) for c in chosen)
    return {"single: best box finds the item": round(top1 / max(1, singles), 4),
            "multi: items found": round(found / max(1, items), 4),
            "multi: boxes that are items": round(true_kept / max(1, kept), 4),
            "single photos": singles, "multi items": items}


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    here = os.path.dirname(os.path.abspath(__file__))
    p.add_argument("--out", default=os.path.join(here, "..", "detector"))
    p.add_argument("--size", type=int, default=192)
    p.add_argument("--scenes", type=int, default=12000)
    p.add_argument("--multi-share", type=float, default=0.35, help="share of scenes with two to four items")
    p.add_argument("--val-scenes", type=int, default=1000)
    p.add_argument("--batch", type=int, default=32)
    p.add_argument("--minutes", type=float, default=28.0, help="training time budget")
    p.add_argument("--steps", type=int, help="train this many steps, whatever the machine's speed (the learning "
                   "rate follows the steps); without it, --minutes decides")
    p.add_argument("--min-score", type=float, default=0.3, help="the score a box needs to count as an object")
    p.add_argument("--family-limit", type=int, default=800, help="objects at most per family")
    p.add_argument("--seed", type=int, default=20261203)
    p.add_argument("--processes", type=int, default=os.cpu_count())
    p.add_argument("--cache", default=os.path.join(here, "cache"), help="rasterised SVGs of the icon themes")
    p.add_argument("--version", default="1.0.0")
    p.add_argument("--evaluate-onnx", metavar="MODEL_ONNX",
                   help="only measure an exported finder on the held-out scenes (through ONNX Runtime) and stop")
    args = p.parse_args()
    print("recipe:", json.dumps(vars(args), sort_keys=True), flush=True)
    seed_everything(args.seed)
    started = time.time()

    objects = synth.load_oxygen() + families.load_debian_families(args.cache, args.family_limit, args.seed,
                                                                  args.processes)
    images = [o.image for o in objects]
    random.Random(args.seed).shuffle(images)
    held_out = max(1, len(images) // 10)
    train_objects, val_objects = images[held_out:], images[:held_out]
    backgrounds = synth.load_backgrounds()
    print(f"objects: {len(train_objects)} train, {len(val_objects)} held-out; {len(backgrounds)} backgrounds",
          flush=True)
    t = time.time()
    train_images, train_boxes, _ = render(train_objects, backgrounds, args.size, args.seed,
                                          0 if args.evaluate_onnx else args.scenes, args.multi_share, args.processes)
    val_images, val_boxes, val_multi = render(val_objects, backgrounds, args.size, args.seed + 1, args.val_scenes,
                                              0.5, args.processes)
    print(f"rendered {len(train_images) + len(val_images)} scenes in {time.time() - t:.0f}s", flush=True)
    if args.evaluate_onnx:
        print(f"{args.evaluate_onnx} through ONNX Runtime:", json.dumps(evaluate(
            None, val_images, val_boxes, val_multi, args.min_score, onnx_detector(args.evaluate_onnx))), flush=True)
        return

    model = DetectorNet()
    print("before training:", json.dumps(evaluate(model, val_images, val_boxes, val_multi, args.min_score)),
          flush=True)
    opt = torch.optim.AdamW(model.parameters(), lr=2e-3, weight_decay=1e-4)
    budget, step = Budget(args.minutes, args.steps), 0
    gen = np.random.default_rng(args.seed)
    while not budget.spent(step):
        lr = learning_rate(2e-3, step, budget.progress(step))
        for g in opt.param_groups:
            g["lr"] = lr
        idx = gen.choice(len(train_images), size=args.batch, replace=False)
        batch, boxes = train_images[idx], [train_boxes[i] for i in idx]
        if gen.random() < 0.5:  # a mirrored photo has mirrored boxes
            batch = batch[:, :, ::-1]
            boxes = [np.stack([1 - b[:, 2], b[:, 1], 1 - b[:, 0], b[:, 3]], axis=1) for b in boxes]
        model.train()
        focal, offset, size = loss_of(model, batch, boxes)
        loss = focal + offset + 5 * size
        opt.zero_grad()
        loss.backward()
        opt.step()
        step += 1
        if step % 100 == 0:
            print(f"step {step} loss {loss.item():.3f} (heatmap {focal.item():.3f} offset {offset.item():.3f} "
                  f"size {size.item():.3f}) lr {lr:.5f} {budget.elapsed_minutes():.1f} min", flush=True)
        if step % 1000 == 0:
            print(f"  held-out at step {step}:",
                  json.dumps(evaluate(model, val_images, val_boxes, val_multi, args.min_score)), flush=True)
    after = evaluate(model, val_images, val_boxes, val_multi, args.min_score)
    print(f"after {step} steps ({budget.elapsed_minutes():.1f} min):", json.dumps(after), flush=True)
    export(model, args, val_images[:8])
    print("exported graph through ONNX Runtime:", json.dumps(evaluate(
        None, val_images, val_boxes, val_multi, args.min_score, onnx_detector(os.path.join(args.out, "model.onnx")))),
        flush=True)
    print(f"total {(time.time() - started) / 60:.1f} min", flush=True)


def export(model, args, photos):
    os.makedirs(args.out, exist_ok=True)
    path = os.path.join(args.out, "model.onnx")
    graph = DetectorExport(model).eval()
    dummy = to_tensor(photos)
    # the reference comes first: the exporter puts the module back in the mode it found it in, and a wrapper
    # made in training mode would leave BatchNorm on batch statistics
    with torch.no_grad():
        ref_scores, ref_boxes = (t.numpy() for t in graph(dummy))
    torch.onnx.export(graph, dummy, path, input_names=["image"], output_names=["scores", "boxes"],
                      dynamic_axes={"image": {0: "batch"}, "scores": {0: "batch"}, "boxes": {0: "batch"}},
                      opset_version=17, dynamo=False)
    import onnxruntime as ort
    sess = ort.InferenceSession(path, providers=["CPUExecutionProvider"])
    got_scores, got_boxes = sess.run(None, {"image": dummy.numpy()})
    # boxes are compared where they count: peaks scoring below min-score may tie and swap places
    counted = ref_scores >= args.min_score
    print(f"onnx check on {len(photos)} held-out photos: max abs diff scores "
          f"{np.abs(ref_scores - got_scores).max():.2e}, boxes {np.abs(ref_boxes - got_boxes)[counted].max(initial=0.0):.2e}",
          flush=True)
    manifest = {
        "kind": "object-finder",
        "name": "builtin-object-finder",
        "version": args.version,
        "format": "onnx",
        "weights": "model.onnx",
        "sha256": sha256_of(path),
        "inputWidth": args.size,
        "inputHeight": args.size,
        "resize": "squash",
        "interpolation": "bilinear",  # Pillow's, as the scenes were shrunk in training
        "mean": MEAN,
        "std": STD,
        "colorOrder": "RGB",
        "pixelScale": 1.0 / 255.0,
        "inputName": "image",
        "scoresName": "scores",
        "boxesName": "boxes",
        "maxObjects": graph.detector.top,
        "minScore": args.min_score,
    }
    with open(os.path.join(args.out, "manifest.json"), "w") as f:
        json.dump(manifest, f, indent=2)
        f.write("\n")
    print(f"wrote {path} ({os.path.getsize(path) / 1e6:.1f} MB) sha256 {manifest['sha256']}", flush=True)


if __name__ == "__main__":
    main()
