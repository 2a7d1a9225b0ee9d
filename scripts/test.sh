#!/usr/bin/env bash
# Builds everything and runs every test. Usage: ./scripts/test.sh [extra Maven arguments]
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/jdk.sh
echo "Using JDK at $JAVA_HOME ($(java_major "$JAVA_HOME"))"
exec ./mvnw -B --no-transfer-progress verify "$@"
