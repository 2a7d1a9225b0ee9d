#!/usr/bin/env bash
# Builds everything and runs every test. Usage: ./scripts/test.sh [extra Maven arguments]
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/jdk.sh
echo "Using JDK at $JAVA_HOME ($(java_major "$JAVA_HOME"))"
# -Ptorchscript also tests TorchScript models on DJL's PyTorch engine (its native jar is about 200 MB).
exec ./mvnw -B --no-transfer-progress -Ptorchscript verify "$@"
