#!/usr/bin/env bash
# A single-node OpenSearch with the k-NN plugin (lucene engine), security off, for tests and the no-Docker
# local AWS mode. Both zips come from Maven Central (pinned below) through ./mvnw; OpenSearch refuses to run
# as root, so as root it runs as the unprivileged user 'shoplens' (created when missing).
#
#   scripts/services/opensearch.sh start [PORT]   # default 9200; waits until the node is green
#   scripts/services/opensearch.sh stop
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/jdk.sh

OPENSEARCH_VERSION=3.5.0
KNN_VERSION=3.5.0.0
# Outside the checkout: the unprivileged user must reach it, and a checkout under /root is closed to it.
HOME_DIR=${SHOPLENS_SERVICES_DIR:-/tmp/shoplens-services}/opensearch-$OPENSEARCH_VERSION
PORT=${2:-${OPENSEARCH_PORT:-9200}}
RUN_AS=shoplens

m2_file() { # group artifact version type
  echo "$HOME/.m2/repository/$(echo "$1" | tr . /)/$2/$3/$2-$3.$4"
}

install() {
  [ -x "$HOME_DIR/bin/opensearch" ] && [ -d "$HOME_DIR/plugins/opensearch-knn" ] && return 0
  ./mvnw -B -q --no-transfer-progress dependency:get -Dtransitive=false \
    -Dartifact=org.opensearch.distribution.integ-test-zip:opensearch:$OPENSEARCH_VERSION:zip
  ./mvnw -B -q --no-transfer-progress dependency:get -Dtransitive=false \
    -Dartifact=org.opensearch.plugin:opensearch-knn:$KNN_VERSION:zip
  rm -rf "$HOME_DIR"
  mkdir -p "$(dirname "$HOME_DIR")"
  unzip -q "$(m2_file org.opensearch.distribution.integ-test-zip opensearch $OPENSEARCH_VERSION zip)" -d "$(dirname "$HOME_DIR")"
  OPENSEARCH_JAVA_HOME=$JAVA_HOME "$HOME_DIR/bin/opensearch-plugin" install --batch \
    "file://$(m2_file org.opensearch.plugin opensearch-knn $KNN_VERSION zip)" >/dev/null
}

start() {
  install
  if curl -fs "http://127.0.0.1:$PORT/_cluster/health" >/dev/null 2>&1; then
    echo "OpenSearch already answers on port $PORT"; return 0
  fi
  local runner=()
  if [ "$(id -u)" = 0 ]; then
    id "$RUN_AS" >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin "$RUN_AS"
    chown -R "$RUN_AS" "$HOME_DIR"
    runner=(runuser -u "$RUN_AS" --)
  fi
  mkdir -p "$HOME_DIR/logs"
  "${runner[@]}" env OPENSEARCH_JAVA_HOME="$JAVA_HOME" OPENSEARCH_JAVA_OPTS="-Xms512m -Xmx512m" \
    "$HOME_DIR/bin/opensearch" -d -p "$HOME_DIR/opensearch.pid" \
    -Ediscovery.type=single-node -Ehttp.port="$PORT" -Ehttp.host=127.0.0.1 -Etransport.port=$((PORT + 100)) \
    -Ecluster.name=shoplens-local -Ecluster.routing.allocation.disk.threshold_enabled=false \
    > "$HOME_DIR/logs/start.out" 2>&1
  for _ in $(seq 1 90); do
    if curl -fs "http://127.0.0.1:$PORT/_cluster/health?wait_for_status=yellow&timeout=1s" >/dev/null 2>&1; then
      echo "OpenSearch $OPENSEARCH_VERSION with k-NN $KNN_VERSION is up on http://127.0.0.1:$PORT"; return 0
    fi
    sleep 2
  done
  echo "OpenSearch did not start; see $HOME_DIR/logs" >&2
  tail -20 "$HOME_DIR/logs/"*.log >&2 || true
  return 1
}

stop() {
  if [ -f "$HOME_DIR/opensearch.pid" ]; then
    kill "$(cat "$HOME_DIR/opensearch.pid")" 2>/dev/null || true
    rm -f "$HOME_DIR/opensearch.pid"
  fi
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  *) echo "usage: $0 start [PORT] | stop" >&2; exit 2 ;;
esac
