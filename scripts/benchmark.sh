#!/usr/bin/env bash
# Generates one of the project's benchmarks and measures a model on it with `shoplens eval`:
#   --set twemoji (default): Twemoji products, shopper photos on wallpaper scenes — the model's own style;
#   --set style-disjoint: Sweet Home 3D's furniture renders on Endless Sky's landscape photos — families
#     and backgrounds the model never trains on (see layers/model/training/make_benchmark.py).
#
#   ./scripts/benchmark.sh [--set S] [--products N] [--model DIR] [--floor-recall10 R] [--floor-recall1 R] [--json]
#                          [--auto-crop] [--object-finder builtin|heuristic|DIR]
#                          [--shelves N [--floor-items-found R] [--floor-item-first R]]
#
# --auto-crop searches with "box": "auto" (the whole photo and each item the object finder sees); --shelves
# also makes N photos of two or three products side by side and measures each item found and answered.
# N defaults to 1000 for twemoji and 600 for style-disjoint (the README's figures); CI runs the first 200 of
# each with floors. Generated data goes to target/benchmark-N or target/disjoint-N and is reused when present.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/jdk.sh
source scripts/python-env.sh

set_name=twemoji products="" model="" floor10="" floor1="" json="" auto="" finder="" shelves="" floor_found="" floor_first=""
while [ $# -gt 0 ]; do
  case "$1" in
    --set) set_name="$2"; shift 2 ;;
    --products) products="$2"; shift 2 ;;
    --model) model="$2"; shift 2 ;;
    --floor-recall10) floor10="$2"; shift 2 ;;
    --floor-recall1) floor1="$2"; shift 2 ;;
    --json) json="--json"; shift ;;
    --auto-crop) auto="--auto-crop"; shift ;;
    --object-finder) finder="$2"; shift 2 ;;
    --shelves) shelves="$2"; shift 2 ;;
    --floor-items-found) floor_found="$2"; shift 2 ;;
    --floor-item-first) floor_first="$2"; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done

case "$set_name" in
  twemoji)
    products="${products:-1000}" out="target/benchmark-${products:-1000}"
    if [ ! -f layers/model/training/node_modules/emoji-datasource-twitter/emoji.json ]; then
      npm install --prefix layers/model/training --no-save --no-audit --no-fund emoji-datasource-twitter@16.0.0 >/dev/null
    fi ;;
  style-disjoint) products="${products:-600}" out="target/disjoint-${products:-600}" ;;
  *) echo "unknown set $set_name: twemoji or style-disjoint" >&2; exit 2 ;;
esac
[ -n "$shelves" ] && out="$out-shelves-$shelves"
if [ ! -f "$out/queries/truth.csv" ]; then
  python3 layers/model/training/make_benchmark.py --set "$set_name" --products "$products" --out "$out" \
    ${shelves:+--shelves "$shelves"}
fi
[ -f local/target/shoplens-local.jar ] || ./mvnw -B -q --no-transfer-progress -pl local -am package -DskipTests

args=(eval --catalog "$out/catalog" --queries "$out/queries" --truth "$out/queries/truth.csv" --json)
[ -n "$model" ] && args+=(--model "$model")
[ -n "$auto" ] && args+=(--auto-crop)
[ -n "$finder" ] && args+=(--object-finder "$finder")
[ -n "$shelves" ] && args+=(--shelves "$out/shelves")
metrics="$("$JAVA_HOME/bin/java" -jar local/target/shoplens-local.jar "${args[@]}")"
if [ -n "$json" ]; then
  echo "$metrics"
fi
METRICS="$metrics" FLOOR10="$floor10" FLOOR1="$floor1" PRODUCTS="$products" SET="$set_name" AUTO="$auto" \
  FLOOR_FOUND="$floor_found" FLOOR_FIRST="$floor_first" python3 - <<'PY'
import json, os, sys
m = json.loads(os.environ["METRICS"])
shelves = m.pop("shelves", None)
m = m.get("search", m)
print(f"{os.environ['SET']} benchmark{' with box auto' if os.environ['AUTO'] else ''}, {os.environ['PRODUCTS']} products, {m['queries']} shopper photos, model {m['model']}: "
      f"recall@1 {m['recallAt1']:.3f}, recall@5 {m['recallAt5']:.3f}, recall@10 {m['recallAt10']:.3f}, "
      f"mAP@10 {m['mapAt10']:.3f}, MRR {m['mrr']:.3f}; query p50 {m['latencyP50Ms']:.1f} ms, "
      f"p99 {m['latencyP99Ms']:.1f} ms; ANN recall@10 vs exact {m['annRecallAt10']:.4f}")
failed = []
for key, floor in (("recallAt10", os.environ["FLOOR10"]), ("recallAt1", os.environ["FLOOR1"])):
    if floor and m[key] < float(floor):
        failed.append(f"{key} {m[key]:.3f} is below the floor {floor}")
if shelves:
    s = shelves
    print(f"shelf photos: {s['photos']} holding {s['items']} items, object finder {s['finder']} "
          f"({s['boxesPerPhoto']:.2f} boxes a photo): items found {s['itemsFound']:.3f}; the item's own box answers "
          f"it first {s['ownFirstMatch']:.3f}, among its 5 {s['amongOwnMatches']:.3f}; item among the photo's "
          f"first 10 {s['amongPhotosFirstTen']:.3f}; with the true box drawn: first {s['trueBoxFirstMatch']:.3f}, "
          f"among 5 {s['trueBoxAmongFive']:.3f}")
    for key, floor in (("itemsFound", os.environ["FLOOR_FOUND"]), ("ownFirstMatch", os.environ["FLOOR_FIRST"])):
        if floor and s[key] < float(floor):
            failed.append(f"shelves {key} {s[key]:.3f} is below the floor {floor}")
if failed:
    sys.exit("benchmark floor not met: " + "; ".join(failed))
PY
