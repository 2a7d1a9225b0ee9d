#!/usr/bin/env bash
# moto_server: real HTTP endpoints for S3, SQS and DynamoDB on one port, for tests and the no-Docker local
# AWS mode, with requests applied one at a time (see moto_serial.py), in the project's Python environment.
# Its log and pid live in a state folder of its own; `stop` stops only the server its state folder started.
#
#   scripts/services/moto.sh start [PORT] [STATE_DIR]   # default 5000
#   scripts/services/moto.sh stop [PORT] [STATE_DIR]
#
# STATE_DIR defaults to $SHOPLENS_SERVICES_DIR/moto-PORT.
set -euo pipefail
cd "$(dirname "$0")/../.."
PORT=${2:-${MOTO_PORT:-5000}}
STATE_DIR=${3:-${SHOPLENS_SERVICES_DIR:-/tmp/shoplens-services}/moto-$PORT}

answers() {
  curl -fs "http://127.0.0.1:$PORT/moto-api/" >/dev/null 2>&1
}

start() {
  source scripts/python-env.sh
  if answers; then
    echo "moto_server already answers on port $PORT (not started here, so not stopped here)"; return 0
  fi
  mkdir -p "$STATE_DIR"
  nohup python3 scripts/services/moto_serial.py 127.0.0.1 "$PORT" > "$STATE_DIR/moto.log" 2>&1 &
  echo $! > "$STATE_DIR/moto.pid"
  for _ in $(seq 1 50); do
    if answers; then
      echo "moto_server $(python3 -c "import moto; print(moto.__version__)") is up on http://127.0.0.1:$PORT"; return 0
    fi
    sleep 0.2
  done
  echo "moto_server did not start; see $STATE_DIR/moto.log" >&2
  return 1
}

stop() {
  if [ -f "$STATE_DIR/moto.pid" ]; then
    kill "$(cat "$STATE_DIR/moto.pid")" 2>/dev/null || true
    rm -f "$STATE_DIR/moto.pid"
  fi
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  *) echo "usage: $0 start [PORT] [STATE_DIR] | stop [PORT] [STATE_DIR]" >&2; exit 2 ;;
esac
