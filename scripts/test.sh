#!/usr/bin/env bash
# Builds everything and runs every test. Usage: ./scripts/test.sh [extra Maven arguments]
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/jdk.sh
echo "Using JDK at $JAVA_HOME ($(java_major "$JAVA_HOME"))"
# Every Python tool (model server, export tool, moto_server, cfn-lint) runs in the project's environment,
# installed from requirements-dev.txt.
source scripts/python-env.sh
echo "Using Python at $(command -v python3) ($(python3 --version))"

# The SAM template must pass cfn-lint (which understands SAM's transform).
cfn-lint template.yaml && echo "cfn-lint: template.yaml is clean"

# The Python side's own tests: requirements declared, the model contract (manifest, hashing, reference
# preprocessing) and the model server's HTTP contract.
python3 -m pytest -q scripts/tests layers/model/tests

# The Java build and tests; the AWS adapter and function tests start moto_server and OpenSearch themselves.
./mvnw -B --no-transfer-progress verify "$@"

# The project's benchmark, first 200 of its 1,000 products (generated from Twemoji and Debian wallpapers):
# the built-in model must keep its recall on photos of products it never saw.
./scripts/benchmark.sh --products 200 --floor-recall10 0.95 --floor-recall1 0.85
# The style-disjoint benchmark, first 200 of its 600 products: families and backgrounds the model never
# trained on (furniture renders on landscape photos). Its floors sit just under today's model (0.882 / 0.637),
# so a change that loses generalisation fails here; the goal (recall@10 0.8, recall@1 0.5 on all 600) is
# issue 13's, met by model 1.4.0 (0.803 / 0.540).
./scripts/benchmark.sh --set style-disjoint --products 200 --floor-recall10 0.86 --floor-recall1 0.62

# Multi-object search: 100 photos of two or three of those products side by side, searched with
# "box": "auto"; the built-in object finder must keep finding the items (0.890 today) and answering each one
# with its own product first (0.578 with model 1.4.0, 0.563 with 1.3.0). Floors just under today's figures.
./scripts/benchmark.sh --products 200 --shelves 100 --auto-crop --floor-items-found 0.85 --floor-item-first 0.55

# TorchScript models run on DJL's PyTorch engine, which only the torchscript profile puts on the class path
# (its native jar is about 110 MB), so that one test runs in a build of its own.
./mvnw -B --no-transfer-progress -Ptorchscript -pl functions/engine-djl -am test \
  -Dtest=TorchScriptEmbedderTest -Dsurefire.failIfNoSpecifiedTests=false "$@"

# 3,000 photos through the no-Docker local AWS mode: uploaded = INDEXED records = index documents (about
# 6-9 minutes here: moto_server sets the pace; 5,000 took 10-15, which kept CI over 30 minutes); prints the
# time and images/s.
./scripts/bulk-ingest.sh 3000

# The Lambda layers, built the way `sam build` builds them; each prints its size against Lambda's limit.
make -s -C layers/model build-ModelLayer ARTIFACTS_DIR="$PWD/target/layers/model"
make -s -C layers/runtime build-RuntimeLayer ARTIFACTS_DIR="$PWD/target/layers/runtime-arm64" TARGET_ARCH=linux-aarch64
make -s -C layers/runtime build-RuntimeLayer ARTIFACTS_DIR="$PWD/target/layers/runtime-x86_64" TARGET_ARCH=linux-x64
