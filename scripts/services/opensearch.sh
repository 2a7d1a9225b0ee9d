#!/usr/bin/env bash
# A single-node OpenSearch with the k-NN plugin (lucene engine), security off, for tests and the no-Docker
# local AWS mode. Both zips come from Maven Central (pinned below) through ./mvnw and are unpacked once, to
# be shared; each node keeps its configuration, data, logs and pid in a state folder of its own, so runs on
# one machine never meet, and `stop` stops only the node its state folder started. OpenSearch refuses to run
# as root, so as root it runs as the unprivileged user 'shoplens' (created when missing).
#
#   scripts/services/opensearch.sh start [PORT] [STATE_DIR]   # default 9200; waits until the node is up
#   scripts/services/opensearch.sh stop [PORT] [STATE_DIR]
#
# STATE_DIR defaults to $SHOPLENS_SERVICES_DIR/opensearch-PORT; OPENSEARCH_TRANSPORT_PORT to the first free port from PORT + 100 to PORT + 199.
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/jdk.sh

OPENSEARCH_VERSION=3.5.0
KNN_VERSION=3.5.0.0
# Outside the checkout: the unprivileged user must reach it, and a checkout under /root is closed to it.
SERVICES_DIR=${SHOPLENS_SERVICES_DIR:-/tmp/shoplens-services}
HOME_DIR=$SERVICES_DIR/opensearch-$OPENSEARCH_VERSION
PORT=${2:-${OPENSEARCH_PORT:-9200}}
STATE_DIR=${3:-$SERVICES_DIR/opensearch-$PORT}
# A range: the node binds the first free port in it, so a busy PORT + 100 (another test's server, a client's
# ephemeral port) does not stop it from starting.
TRANSPORT_PORT=${OPENSEARCH_TRANSPORT_PORT:-$((PORT + 100))-$((PORT + 199))}
RUN_AS=shoplens

m2_file() { # group artifact version type
  echo "$HOME/.m2/repository/$(echo "$1" | tr . /)/$2/$3/$2-$3.$4"
}

install() {
  mkdir -p "$SERVICES_DIR"
  # Two runs starting at once unpack the distribution once.
  exec 9>"$SERVICES_DIR/.opensearch-install.lock"
  flock 9
  if [ ! -x "$HOME_DIR/bin/opensearch" ] || [ ! -d "$HOME_DIR/plugins/opensearch-knn" ]; then
    ./mvnw -B -q --no-transfer-progress dependency:get -Dtransitive=false \
      -Dartifact=org.opensearch.distribution.integ-test-zip:opensearch:$OPENSEARCH_VERSION:zip
    ./mvnw -B -q --no-transfer-progress dependency:get -Dtransitive=false \
      -Dartifact=org.opensearch.plugin:opensearch-knn:$KNN_VERSION:zip
    rm -rf "$HOME_DIR"
    unzip -q "$(m2_file org.opensearch.distribution.integ-test-zip opensearch $OPENSEARCH_VERSION zip)" -d "$SERVICES_DIR"
    OPENSEARCH_JAVA_HOME=$JAVA_HOME "$HOME_DIR/bin/opensearch-plugin" install --batch \
      "file://$(m2_file org.opensearch.plugin opensearch-knn $KNN_VERSION zip)" >/dev/null
  fi
  flock -u 9
}

answers() {
  curl -fs "http://127.0.0.1:$PORT/_cluster/health" >/dev/null 2>&1
}

start() {
  install
  if answers; then
    echo "OpenSearch already answers on port $PORT (not started here, so not stopped here)"; return 0
  fi
  mkdir -p "$STATE_DIR/data" "$STATE_DIR/logs"
  rm -rf "$STATE_DIR/config"
  cp -r "$HOME_DIR/config" "$STATE_DIR/config"
  local runner=()
  if [ "$(id -u)" = 0 ]; then
    id "$RUN_AS" >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin "$RUN_AS"
    chown -R "$RUN_AS" "$HOME_DIR" "$STATE_DIR"
    chmod 755 "$STATE_DIR"
    runner=(runuser -u "$RUN_AS" --)
  fi
  "${runner[@]}" env OPENSEARCH_JAVA_HOME="$JAVA_HOME" OPENSEARCH_PATH_CONF="$STATE_DIR/config" \
    OPENSEARCH_JAVA_OPTS="-Xms512m -Xmx512m" \
    "$HOME_DIR/bin/opensearch" -d -p "$STATE_DIR/opensearch.pid" \
    -Ediscovery.type=single-node -Ehttp.port="$PORT" -Ehttp.host=127.0.0.1 -Etransport.port="$TRANSPORT_PORT" \
    -Epath.data="$STATE_DIR/data" -Epath.logs="$STATE_DIR/logs" \
    -Ecluster.name=shoplens-local -Ecluster.routing.allocation.disk.threshold_enabled=false \
    > "$STATE_DIR/logs/start.out" 2>&1
  for _ in $(seq 1 90); do
    if curl -fs "http://127.0.0.1:$PORT/_cluster/health?wait_for_status=yellow&timeout=1s" >/dev/null 2>&1; then
      echo "OpenSearch $OPENSEARCH_VERSION with k-NN $KNN_VERSION is up on http://127.0.0.1:$PORT (state in $STATE_DIR)"
      return 0
    fi
    sleep 2
  done
  echo "OpenSearch did not start; see $STATE_DIR/logs" >&2
  tail -n 20 "$STATE_DIR/logs/start.out" "$STATE_DIR/logs/"*.log >&2 || true
  return 1
}

stop() {
  if [ -f "$STATE_DIR/opensearch.pid" ]; then
    kill "$(cat "$STATE_DIR/opensearch.pid")" 2>/dev/null || true
    rm -f "$STATE_DIR/opensearch.pid"
  fi
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  *) echo "usage: $0 start [PORT] [STATE_DIR] | stop [PORT] [STATE_DIR]" >&2; exit 2 ;;
esac
