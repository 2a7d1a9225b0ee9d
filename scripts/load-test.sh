#!/usr/bin/env bash
# Load test on loopback: the local server (then, with --aws, the no-Docker local AWS mode's API Gateway)
# answers photo searches at rising request rates until it sheds most of them. Prints, per step, the rate
# offered, the throughput answered, p50/p99 latency, and the requests shed (503 + Retry-After) or failed.
#
#   ./scripts/load-test.sh [--aws] [--rates 5,10,20,40,80,160] [--seconds 5]
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/jdk.sh
aws="" ; args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --aws) aws=1; shift ;;
    *) args+=("$1"); shift ;;
  esac
done
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
wait_for() { for _ in $(seq 1 240); do curl -fs "$1" >/dev/null 2>&1 && return 0; sleep 0.5; done; echo "$1 did not answer" >&2; return 1; }
jar=local/target/shoplens-local.jar
./mvnw -B -q --no-transfer-progress -DskipTests -pl local -am package
photo=local/sample-queries/teddy-bear.jpg
data=$(mktemp -d)
port=$(free_port)
"$JAVA_HOME/bin/java" --add-modules jdk.incubator.vector -jar "$jar" serve --data "$data" --port "$port" \
  --sample-catalog local/sample-catalog > "$data/server.log" 2>&1 &
server=$!
cleanup() {
  kill $server 2>/dev/null || true
  if [ -n "${awsmode:-}" ]; then # the local AWS mode and the servers its script started (they stop only their own)
    kill $awsmode 2>/dev/null || true
    scripts/services/moto.sh stop 5000 || true
    scripts/services/opensearch.sh stop 9200 >/dev/null || true
  fi
  rm -rf "$data"
}
trap cleanup EXIT
wait_for "http://127.0.0.1:$port/health"
echo "== local server ($(nproc) cores; the load generator runs on the same machine)"
"$JAVA_HOME/bin/java" -jar "$jar" load --url "http://127.0.0.1:$port/search" --photo "$photo" "${args[@]}"
kill $server
if [ -n "$aws" ]; then
  api=$(free_port)
  API_PORT=$api scripts/run-local-aws.sh > "$data/aws.log" 2>&1 &
  awsmode=$!
  for _ in $(seq 1 480); do grep -q "API on" "$data/aws.log" && break; sleep 0.5; done
  echo "== local AWS mode (the search function behind the local API Gateway with the template's throttle: 100/s,"
  echo "   burst 200; an empty catalog, so each search embeds and asks OpenSearch)"
  "$JAVA_HOME/bin/java" -jar "$jar" load --url "http://127.0.0.1:$api/search" --photo "$photo" --json "${args[@]}"
fi
