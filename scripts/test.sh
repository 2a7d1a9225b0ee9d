#!/usr/bin/env bash
# Builds everything and runs every test. Usage: ./scripts/test.sh [extra Maven arguments]
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/jdk.sh
echo "Using JDK at $JAVA_HOME ($(java_major "$JAVA_HOME"))"
./mvnw -B --no-transfer-progress verify "$@"
# TorchScript models run on DJL's PyTorch engine, which only the torchscript profile puts on the class path
# (its native jar is about 110 MB), so that one test runs in a build of its own.
./mvnw -B --no-transfer-progress -Ptorchscript -pl functions/core test \
  -Dtest=TorchScriptEmbedderTest -Dsurefire.failIfNoSpecifiedTests=false "$@"
