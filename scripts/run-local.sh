#!/usr/bin/env bash
# Builds the local server, indexes the sample catalog on first start, and serves http://localhost:8080/.
# Usage: ./scripts/run-local.sh [serve options, e.g. --port 9090 --data /tmp/shoplens]
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/jdk.sh
jar=local/target/shoplens-local.jar
if [ ! -f "$jar" ] || [ -n "$(find functions/core/src functions/engine-djl/src functions/imaging-opencv/src local/src layers/model/builtin layers/model/detector pom.xml local/pom.xml functions/core/pom.xml functions/engine-djl/pom.xml functions/imaging-opencv/pom.xml -newer "$jar" -print -quit)" ]; then
  echo "Building the local server..."
  ./mvnw -B -q --no-transfer-progress -DskipTests -pl local -am package
fi
exec "$JAVA_HOME/bin/java" --add-modules jdk.incubator.vector -jar "$jar" serve --sample-catalog local/sample-catalog "$@"
