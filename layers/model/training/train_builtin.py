"""Trains the project's built-in image-embedding model and exports it in the project's model contract.

Metric learning between clean catalog images and synthetic shopper photos of the same object (symmetric
InfoNCE with in-batch negatives). Reproducible: every random choice is seeded. Run from the repository root:

    npm install --prefix layers/model/training --no-save @lobehub/fluent-emoji-3d@1.1.0 \
        @iconify-json/openmoji@1.2.29 @iconify-json/fluent-emoji-flat@1.2.6 @iconify-json/fxemoji@1.2.2 \
        @iconify-json/streamline-emojis@1.2.4 @iconify-json/emojione@1.2.3 @iconify-json/noto-v1@1.2.5 \
        @iconify-json/game-icons@1.2.4
    apt-get install fonts-noto-color-emoji oxygen-icon-theme plasma-workspace-wallpapers gnome-backgrounds \
        librsvg2-bin papirus-icon-theme faenza-icon-theme breeze-icon-theme elementary-icon-theme \
        gnome-icon-theme-gartoon tango-icon-theme wesnoth-1.16-data freedroidrpg-data
    python3 layers/model/training/train_builtin.py --steps 3200

gives model 1.2.0 (the defaults are its recipe: 18 families, up to 1,500 objects from each added one, four
shopper photos an object, the harder photos, a 160 px input; `--size 128 --version 1.1.0` gives model
1.1.0, the same recipe at 128 px; `--steps 3200 --checkpoint C`, then `--steps 5000 --extend --checkpoint C
--version 1.3.0` give model 1.3.0, and then `--steps 7000 --extend --checkpoint C --version 1.4.0` model
1.4.0, the built-in model). `--minutes` ends the run on time on a shared machine, but how
many steps it buys depends on the machine's load; `--steps N` trains exactly N steps (the learning rate
follows the steps), so two recipes compare. `--families original --no-hard --query-views 6 --steps 3200`
gives the recipe of model 1.0.0 (Fluent, Noto and Oxygen only, the milder shopper photos; 1.0.0 itself ran
before `--steps` existed, on a time budget that ended at step 3,200). The log of each published model is
checked in beside this file, and those of the recipes tried and not published under experiments/.
`--checkpoint FOLDER` lets a run longer than the machine stays up go on where it stopped; `--extend` with a
larger `--steps` lets a finished run in that folder go on to more steps (a warm restart of the learning rate).

It prints figures before and after training on held-out objects and writes model.onnx and manifest.json.
"""
from __future__ import annotations

import argparse
import json
import math
import os
import random
import sys
import time
from multiprocessing import Pool

import numpy as np
import torch
import torch.nn.functional as F

from shoplens_model.manifest import sha256_of
from shoplens_model.training import families, synth
from shoplens_model.training.batches import BatchSampler
from shoplens_model.training.checkpoint import Checkpoint
from shoplens_model.training.schedule import Budget, learning_rate, seed_everything
from shoplens_model.training.network import EmbeddingNet
from shoplens_model.training.sample_products import SAMPLE_CODES

MEAN = [0.485, 0.456, 0.406]
STD = [0.229, 0.224, 0.225]

_POOL_STATE = {}


def _init_worker(objects, backgrounds, size, hard):
    _POOL_STATE.update(objects=objects, backgrounds=backgrounds, size=size, hard=hard)


def _views(job):
    index, seed, n_catalog, n_query = job
    rng = random.Random(seed)
    objects, size, hard = _POOL_STATE["objects"], _POOL_STATE["size"], _POOL_STATE["hard"]
    obj = objects[index].image
    distractors = [objects[rng.randrange(len(objects))].image for _ in range(3)]
    if hard:
        obj = synth.stylise(obj, rng)
    cat = [np.asarray(synth.catalog_view(obj, size, rng)) for _ in range(n_catalog)]
    qry = [np.asarray(synth.shopper_photo(obj, _POOL_STATE["backgrounds"], distractors, size, rng, hard=hard))
           for _ in range(n_query)]
    return np.stack(cat), np.stack(qry)


def render_views(objects, backgrounds, size, seed, n_catalog, n_query, processes, hard=False):
    jobs = [(i, seed * 1_000_003 + i, n_catalog, n_query) for i in range(len(objects))]
    # Filled in place as results arrive: stacking a list of them would hold every image twice (18 GB at 160 px).
    cat = np.empty((len(objects), n_catalog, size, size, 3), np.uint8)
    qry = np.empty((len(objects), n_query, size, size, 3), np.uint8)
    with Pool(processes, initializer=_init_worker, initargs=(objects, backgrounds, size, hard)) as pool:
        for i, (c, q) in enumerate(pool.imap(_views, jobs, chunksize=32)):
            cat[i], qry[i] = c, q
    return cat, qry


def to_tensor(batch_uint8: np.ndarray) -> torch.Tensor:
    x = torch.from_numpy(batch_uint8).permute(0, 3, 1, 2).float().div_(255.0)
    mean = torch.tensor(MEAN).view(1, 3, 1, 1)
    std = torch.tensor(STD).view(1, 3, 1, 1)
    # channels-last convolutions train about a quarter faster on CPU; the numbers are the same
    return ((x - mean) / std).contiguous(memory_format=torch.channels_last)


@torch.no_grad()
def embed(model, images: np.ndarray, batch: int = 256) -> torch.Tensor:
    model.eval()
    outs = [F.normalize(model(to_tensor(images[i:i + batch])), dim=1) for i in range(0, len(images), batch)]
    return torch.cat(outs)


@torch.no_grad()
def evaluate(model, gallery: np.ndarray, queries: np.ndarray) -> dict:
    """Recall@k of shopper photos against the catalog images of held-out objects (one image each)."""
    g = embed(model, gallery)
    n, per = queries.shape[0], queries.shape[1]
    q = embed(model, queries.reshape(n * per, *queries.shape[2:]))
    truth = torch.arange(n).repeat_interleave(per)
    ranks = (q @ g.T).argsort(dim=1, descending=True)
    pos = (ranks == truth[:, None]).float().argmax(dim=1)
    exact = embed(model, gallery)  # the catalog image itself must come back first
    exact_rank1 = ((exact @ g.T).argmax(dim=1) == torch.arange(n)).float().mean().item()
    return {
        "recall@1": (pos < 1).float().mean().item(),
        "recall@5": (pos < 5).float().mean().item(),
        "recall@10": (pos < 10).float().mean().item(),
        "mrr": (1.0 / (pos.float() + 1)).mean().item(),
        "exact@1": exact_rank1,
        "gallery": n, "queries": n * per,
    }


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--fluent-dir", default=os.path.join(os.path.dirname(__file__),
                                                       "node_modules/@lobehub/fluent-emoji-3d/assets"))
    p.add_argument("--out", default=os.path.join(os.path.dirname(__file__), "..", "builtin"))
    p.add_argument("--size", type=int, default=160, help="input side in pixels")
    p.add_argument("--dim", type=int, default=256)
    p.add_argument("--pairs", type=int, default=64, help="objects per batch")
    p.add_argument("--minutes", type=float, default=45.0, help="training time budget")
    p.add_argument("--steps", type=int, help="train this many steps, whatever the machine's speed (the learning "
                   "rate follows the steps); without it, --minutes decides")
    p.add_argument("--query-views", type=int, default=4, help="shopper photos drawn once per object")
    p.add_argument("--val-objects", type=int, default=400)
    p.add_argument("--seed", type=int, default=20261126)
    p.add_argument("--processes", type=int, default=os.cpu_count())
    p.add_argument("--families", choices=("original", "extended"), default="extended",
                   help="original: Fluent, Noto, Oxygen; extended adds 7 emoji and icon sets from npm, 6 icon "
                        "themes and 2 games' item art from Debian (shoplens_model/training/families.py)")
    p.add_argument("--family-limit", type=int, default=1500, help="objects at most per added family")
    p.add_argument("--hard", action=argparse.BooleanOptionalAction, default=True,
                   help="harder shopper photos (scale 25-90%%, tilt, occlusion, stronger colour) and objects "
                        "sometimes redrawn as flat colour, line art or grey")
    p.add_argument("--hard-negatives", type=float, default=0.0, metavar="SHARE",
                   help="share of each batch made of look-alike groups (an object and its nearest neighbours "
                        "under the current model), re-found every --mine-every steps; 0 draws every batch at "
                        "random (shoplens_model/training/batches.py)")
    p.add_argument("--mine-every", type=int, default=500, help="steps between two searches for look-alikes; "
                   "the first comes after this many steps too, once the model has learned something to search with")
    p.add_argument("--cache", default=os.path.join(os.path.dirname(__file__), "cache"),
                   help="rasterised SVGs of the added families")
    p.add_argument("--version", default="1.2.0")
    p.add_argument("--checkpoint", metavar="FOLDER",
                   help="keep the drawn images and the training state here, and go on from the last save when "
                        "started again with the same recipe (shoplens_model/training/checkpoint.py); needs --steps")
    p.add_argument("--checkpoint-every", type=int, default=100, help="steps between two saves")
    p.add_argument("--extend", action="store_true",
                   help="the --checkpoint holds a finished run with fewer --steps: go on from its end to --steps. "
                        "The learning rate climbs back to where a schedule of --steps stands at that step and "
                        "falls to 0 at the new end (a warm restart); the rest of the recipe must be the same")
    args = p.parse_args()
    if args.mine_every < 1:
        p.error(f"--mine-every must be at least 1 step, got {args.mine_every}")
    if args.checkpoint and args.steps is None:
        p.error("--checkpoint needs --steps: a run on a time budget cannot say where a resumed run should end")
    if args.extend and not args.checkpoint:
        p.error("--extend goes on from a --checkpoint folder: give one")
    if args.checkpoint_every < 1:
        p.error(f"--checkpoint-every must be at least 1 step, got {args.checkpoint_every}")
    print("recipe:", json.dumps(vars(args), sort_keys=True), flush=True)
    try:
        checkpoint = Checkpoint(args.checkpoint, vars(args), args.extend) if args.checkpoint else None
    except ValueError as e:
        p.error(str(e))

    seed_everything(args.seed)
    started = time.time()

    fluent = synth.load_fluent(args.fluent_dir)
    if not fluent:
        sys.exit(f"no Fluent emoji under {args.fluent_dir}: run the npm install in this file's docstring")
    codes = [o.key.split(":", 1)[1] for o in fluent]
    objects = fluent + synth.load_noto(codes) + synth.load_oxygen()
    if args.families == "extended":
        node_modules = os.path.join(os.path.dirname(__file__), "node_modules")
        objects += families.load_iconify(node_modules, args.cache, args.family_limit, args.seed, args.processes)
        objects += families.load_debian_families(args.cache, args.family_limit, args.seed, args.processes)
    objects = [o for o in objects if o.key.split(":", 1)[1] not in SAMPLE_CODES]
    backgrounds = synth.load_backgrounds()
    rng = random.Random(args.seed)
    fluent_keys = sorted(o.key for o in objects if o.key.startswith("fluent:"))
    val_keys = set(rng.sample(fluent_keys, args.val_objects))
    # The Noto and Fluent images of one held-out emoji are both kept out of training.
    val_codes = {k.split(":", 1)[1] for k in val_keys}
    train = [o for o in objects if o.key.split(":", 1)[1] not in val_codes]
    val = [o for o in objects if o.key in val_keys]
    print(f"objects: {len(train)} train, {len(val)} held-out, {len(backgrounds)} backgrounds "
          f"(excluded {len(SAMPLE_CODES)} sample-catalog products)", flush=True)

    t = time.time()
    if checkpoint and checkpoint.has_views():
        views = checkpoint.load_views()
        train_cat, train_qry, val_cat, val_qry = (views[k] for k in ("train_cat", "train_qry", "val_cat", "val_qry"))
        print(f"loaded the drawn images from {args.checkpoint} in {time.time() - t:.0f}s", flush=True)
    else:
        train_cat, train_qry = render_views(train, backgrounds, args.size, args.seed, 2, args.query_views,
                                            args.processes, args.hard)
        # held-out photos are made as the benchmarks make theirs, so figures compare across recipes
        val_cat, val_qry = render_views(val, backgrounds, args.size, args.seed + 1, 1, 2, args.processes)
        val_cat = val_cat[:, 0]
        print(f"rendered {train_cat.shape[0] * (2 + args.query_views) + val_cat.shape[0] * 3} images "
              f"in {time.time() - t:.0f}s", flush=True)
        if checkpoint:
            checkpoint.save_views(dict(train_cat=train_cat, train_qry=train_qry, val_cat=val_cat, val_qry=val_qry))

    model = EmbeddingNet(dim=args.dim).to(memory_format=torch.channels_last)
    opt = torch.optim.AdamW(model.parameters(), lr=2e-3, weight_decay=0.05)
    log_temp = torch.nn.Parameter(torch.tensor(math.log(0.07)))
    opt.add_param_group({"params": [log_temp], "weight_decay": 0.0})
    step, n = 0, len(train)
    gen = np.random.default_rng(args.seed)
    batches = BatchSampler(n, args.pairs, gen, share=args.hard_negatives)
    if checkpoint:
        step, batches.neighbours = checkpoint.load_state(model, opt, log_temp, gen)
    if step:
        print(f"went on from the save at step {step} in {args.checkpoint}", flush=True)
    else:
        before = evaluate(model, val_cat, val_qry)
        print("before training (random weights):", json.dumps({k: round(v, 4) for k, v in before.items()}),
              flush=True)
    budget = Budget(args.minutes, args.steps)  # after the figures before training, so a time budget is all training
    while not budget.spent(step):
        lr = learning_rate(2e-3, step, budget.progress(step))
        for g in opt.param_groups:
            g["lr"] = lr
        if batches.mining and step > 0 and step % args.mine_every == 0:
            t = time.time()
            batches.refresh(embed(model, train_cat[:, 0]).numpy())
            print(f"  look-alikes re-found at step {step} in {time.time() - t:.0f}s", flush=True)
        idx = batches.next()
        cat = train_cat[idx, gen.integers(0, 2, size=args.pairs)]
        qry = train_qry[idx, gen.integers(0, args.query_views, size=args.pairs)]
        if gen.random() < 0.5:  # mirror both views: a mirrored product is still that product
            cat, qry = cat[:, :, ::-1], qry[:, :, ::-1]
        model.train()
        z = F.normalize(model(to_tensor(np.ascontiguousarray(np.concatenate([cat, qry])))), dim=1)
        zc, zq = z[:args.pairs], z[args.pairs:]
        logits = zq @ zc.T / log_temp.exp().clamp(min=0.01)
        target = torch.arange(args.pairs)
        loss = 0.5 * (F.cross_entropy(logits, target) + F.cross_entropy(logits.T, target))
        opt.zero_grad()
        loss.backward()
        opt.step()
        step += 1
        if step % 100 == 0:
            print(f"step {step} loss {loss.item():.3f} temp {log_temp.exp().item():.3f} lr {lr:.5f} "
                  f"{budget.elapsed_minutes():.1f} min", flush=True)
        if step % 1000 == 0:
            m = evaluate(model, val_cat, val_qry)
            print(f"  held-out at step {step}:", json.dumps({k: round(v, 4) for k, v in m.items()}), flush=True)
        if checkpoint and (step % args.checkpoint_every == 0 or budget.spent(step)):
            checkpoint.save_state(step, model, opt, log_temp, gen, batches.neighbours)

    after = evaluate(model, val_cat, val_qry)
    print(f"after {step} steps ({budget.elapsed_minutes():.1f} min):",
          json.dumps({k: round(v, 4) for k, v in after.items()}), flush=True)
    export(model, args)
    print(f"total {(time.time() - started) / 60:.1f} min", flush=True)


def export(model, args):
    os.makedirs(args.out, exist_ok=True)
    path = os.path.join(args.out, "model.onnx")
    model.eval().to(memory_format=torch.contiguous_format)
    dummy = torch.randn(2, 3, args.size, args.size)
    torch.onnx.export(model, dummy, path, input_names=["image"], output_names=["embedding"],
                      dynamic_axes={"image": {0: "batch"}, "embedding": {0: "batch"}}, opset_version=17,
                      dynamo=False)
    import onnxruntime as ort
    sess = ort.InferenceSession(path, providers=["CPUExecutionProvider"])
    ref = model(dummy).detach().numpy()
    got = sess.run(None, {"image": dummy.numpy()})[0]
    print(f"onnx check: max abs diff {np.abs(ref - got).max():.2e}", flush=True)
    sha = sha256_of(path)
    manifest = {
        "name": "builtin-shopper-cnn",
        "version": args.version,
        "format": "onnx",
        "weights": "model.onnx",
        "sha256": sha,
        "inputWidth": args.size,
        "inputHeight": args.size,
        "resize": "squash",
        "mean": MEAN,
        "std": STD,
        "colorOrder": "RGB",
        "pixelScale": 1.0 / 255.0,
        "outputDimension": args.dim,
        "normalization": "l2",
        "inputName": "image",
        "outputName": "embedding",
    }
    with open(os.path.join(args.out, "manifest.json"), "w") as f:
        json.dump(manifest, f, indent=2)
        f.write("\n")
    print(f"wrote {path} ({os.path.getsize(path) / 1e6:.1f} MB) sha256 {sha}", flush=True)


if __name__ == "__main__":
    main()
