#!/usr/bin/env bash
# Benchmarks a fresh release build of ansett on loopback: `bench/run.sh sqlite` or `bench/run.sh postgres`.
# Starts the server on a fresh database, runs ansett-bench against it, prints the server's peak RSS, and stops
# everything. Extra arguments go to ansett-bench (e.g. --seconds 30 --concurrency 32).
set -euo pipefail
cd "$(dirname "$0")/.."
BACKEND=${1:-sqlite}
shift || true
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$HOME/.cache/ansett-target}
cargo build --release -q -p ansett -p bench
DATA=$(mktemp -d /tmp/ansett-bench-XXXXXX)
PORT=${PORT:-18080}
DB_ARGS=()
if [ "$BACKEND" = postgres ]; then
  DB=ansett_bench_$$
  psql -h 127.0.0.1 -U postgres -qc "CREATE DATABASE $DB"
  DB_ARGS=(--database-url "postgres://postgres@127.0.0.1:5432/$DB")
fi
ANSETT_LOG=warn "$CARGO_TARGET_DIR/release/ansett" --data-dir "$DATA" "${DB_ARGS[@]}" serve \
  --listen "127.0.0.1:$PORT" --apply-limit 0 > "$DATA/server.log" 2>&1 &
PID=$!
cleanup() {
  kill "$PID" 2>/dev/null || true
  wait "$PID" 2>/dev/null || true
  [ "$BACKEND" = postgres ] && psql -h 127.0.0.1 -U postgres -qc "DROP DATABASE IF EXISTS $DB WITH (FORCE)"
  rm -rf "$DATA"
}
trap cleanup EXIT
for _ in $(seq 1 50); do curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.1; done
echo "backend: $BACKEND, machine: $(nproc) cores, $(uname -srm)"
"$CARGO_TARGET_DIR/release/ansett-bench" --url "http://127.0.0.1:$PORT" --setup "$@"
echo "server peak RSS: $(grep VmHWM /proc/$PID/status | awk '{print $2, $3}')"
