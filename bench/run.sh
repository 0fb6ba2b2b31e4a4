#!/usr/bin/env bash
# Benchmarks a release build of ansett on loopback.
#
#   bench/run.sh sqlite|postgres [ansett-bench args]                     a fresh installation (--setup)
#   bench/run.sh sqlite|postgres --candidates N [ansett-bench args]      a company of N demo candidates
#   ANSETT_BIN=/path/to/ansett bench/run.sh …                             the same against another build of the server
#
# With --candidates, the data is made once by `ansett demo-data` and kept for later runs (SQLite under
# ~/.cache/ansett-bench/, PostgreSQL in the database ansett_bench_N); delete them to start over. Starts the server,
# prints the time to its first answer, runs ansett-bench, prints the server's peak RSS, and stops everything.
set -euo pipefail
cd "$(dirname "$0")/.."
BACKEND=${1:-sqlite}
shift || true
CANDIDATES=
if [ "${1:-}" = --candidates ]; then
  CANDIDATES=$2
  shift 2
fi
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$HOME/.cache/ansett-target}
cargo build --release -q -p ansett -p bench
# ANSETT_BIN: another build of the server to measure (an older commit's, to compare); the load generator is this one.
BIN=${ANSETT_BIN:-$CARGO_TARGET_DIR/release/ansett}
PORT=${PORT:-18080}
DB_ARGS=()
KEEP=
if [ -n "$CANDIDATES" ]; then
  KEEP=1
  DATA=$HOME/.cache/ansett-bench/$BACKEND-$CANDIDATES
  mkdir -p "$DATA"
  if [ "$BACKEND" = postgres ]; then
    DB=ansett_bench_$CANDIDATES
    psql -h 127.0.0.1 -U postgres -qtc "SELECT 1 FROM pg_database WHERE datname = '$DB'" | grep -q 1 ||
      psql -h 127.0.0.1 -U postgres -qc "CREATE DATABASE $DB"
    DB_ARGS=(--database-url "postgres://postgres@127.0.0.1:5432/$DB")
  fi
  if [ ! -f "$DATA/password" ]; then
    echo "making $CANDIDATES demo candidates ($BACKEND), once:"
    /usr/bin/time -f "demo-data: %e s, peak RSS %M KB" "$BIN" --data-dir "$DATA" "${DB_ARGS[@]}" demo-data \
      --company "Demo AS" --candidates "$CANDIDATES" | tee "$DATA/demo-data.log"
    grep -o 'made now: .*' "$DATA/demo-data.log" | cut -d' ' -f3 > "$DATA/password"
  fi
  BENCH_ARGS=(--demo demo-as --email admin.demo-as@demo.ansett.example --password "$(cat "$DATA/password")")
  if [ "$BACKEND" = postgres ]; then
    # What autovacuum does on a default PostgreSQL (it is off on some machines, this one among them): clean up
    # the row versions earlier runs left (each applies updates the same few step counters thousands of times).
    psql -h 127.0.0.1 -U postgres -d "$DB" -qc "VACUUM (ANALYZE)"
  fi
else
  DATA=$(mktemp -d /tmp/ansett-bench-XXXXXX)
  if [ "$BACKEND" = postgres ]; then
    DB=ansett_bench_$$
    psql -h 127.0.0.1 -U postgres -qc "CREATE DATABASE $DB"
    DB_ARGS=(--database-url "postgres://postgres@127.0.0.1:5432/$DB")
  fi
  BENCH_ARGS=(--setup)
fi
STARTED=$(date +%s%N)
ANSETT_LOG=warn "$BIN" --data-dir "$DATA" "${DB_ARGS[@]}" serve --listen "127.0.0.1:$PORT" --apply-limit 0 \
  > "$DATA/server.log" 2>&1 &
PID=$!
cleanup() {
  kill "$PID" 2>/dev/null || true
  wait "$PID" 2>/dev/null || true
  if [ -z "$KEEP" ]; then
    [ "$BACKEND" = postgres ] && psql -h 127.0.0.1 -U postgres -qc "DROP DATABASE IF EXISTS $DB WITH (FORCE)"
    rm -rf "$DATA"
  fi
}
trap cleanup EXIT
until curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null; do
  kill -0 "$PID" 2>/dev/null || { cat "$DATA/server.log"; exit 1; }
  sleep 0.01
done
echo "backend: $BACKEND, machine: $(nproc) cores, $(uname -srm), candidates: ${CANDIDATES:-fresh}"
echo "start-up to first answer: $((($(date +%s%N) - STARTED) / 1000000)) ms"
"$CARGO_TARGET_DIR/release/ansett-bench" --url "http://127.0.0.1:$PORT" "${BENCH_ARGS[@]}" "$@"
echo "server peak RSS: $(grep VmHWM /proc/$PID/status | awk '{print $2, $3}')"
