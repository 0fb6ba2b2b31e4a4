#!/usr/bin/env bash
# Measures the retention pass (issue 19) as `serve` runs it: how many candidates it anonymises per second, and the
# p95 of applying and of the Kandidater list while it runs, against the same load with no one due.
#
#   bench/retention.sh sqlite|postgres --candidates N [--window S] [--concurrency C]
#
# The pass destroys what it measures, so the data is its own: made fresh by `ansett demo-data` under
# ~/.cache/ansett-bench/retention-<backend>-N (PostgreSQL: the database ansett_bench_retention_N) and removed at
# the end. Steps: make the data; set the company's retention to 120 months, so the pass `serve` runs at start finds
# no one; start `ansett serve` and measure apply + list_first for one window (the baseline); stop it; set the
# retention back to the default 6 months; count the due candidates (`ansett retention run --dry-run`); start
# `serve` again, whose pass at start now anonymises them, and measure apply + list_first window after window until
# the server logs "retention pass done" with its time.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
help_asked "${1:-}" && { usage; exit 0; }
BACKEND=${1:?sqlite or postgres}
shift
CANDIDATES=50000
WINDOW=5
CONCURRENCY=4
while [ $# -gt 0 ]; do
  case $1 in
    --candidates) CANDIDATES=$2; shift 2 ;;
    --window) WINDOW=$2; shift 2 ;;
    --concurrency) CONCURRENCY=$2; shift 2 ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done
build_release
BIN=$CARGO_TARGET_DIR/release/ansett
LOADGEN=$CARGO_TARGET_DIR/release/ansett-bench
PORT=${PORT:-18081}
DATA=$HOME/.cache/ansett-bench/retention-$BACKEND-$CANDIDATES
DB=ansett_bench_retention_$CANDIDATES
rm -rf "$DATA"
mkdir -p "$DATA"
if [ "$BACKEND" = postgres ]; then
  pg_drop "$DB"
  pg_create "$DB"
  DB_ARGS=(--database-url "$BENCH_PG/$DB")
fi
# SQL on the installation, for the two policy changes the test makes behind the server's back.
sql() {
  if [ "$BACKEND" = postgres ]; then psql "$BENCH_PG/$DB" -qtAc "$1"; else sqlite3 "$DATA/ansett.db" "$1"; fi
}
PID=
# Every step may fail (a server already gone) without keeping the rest from running: the data is tens of GB.
cleanup() {
  if [ -n "$PID" ]; then kill "$PID" 2>/dev/null || true; wait "$PID" 2>/dev/null || true; fi
  if [ "$BACKEND" = postgres ]; then pg_drop "$DB" || true; fi
  rm -rf "$DATA"
}
trap cleanup EXIT

echo "backend: $BACKEND, machine: $(nproc) cores, $(uname -srm), candidates: $CANDIDATES"
demo_data "$DATA" "$CANDIDATES" timed > "$DATA/demo-data.log"
demo_login "$(demo_password "$DATA/demo-data.log")"
[ "$BACKEND" = postgres ] && psql "$BENCH_PG/$DB" -qc "VACUUM (ANALYZE)"
sql "UPDATE companies SET retention_months = 120"

# The pass logs at info when it is done.
SERVE_LOG=warn,ansett=info
serve() {
  serve_in_background "$DATA" "$PORT"
  PID=$!
  wait_for "$PORT" "$DATA" "$PID"
}
stop() {
  kill "$PID" && wait "$PID" || true
  PID=
}
load() {
  "$LOADGEN" --url "http://127.0.0.1:$PORT" "${DEMO_LOGIN[@]}" --scenarios apply,list_first \
    --concurrency "$CONCURRENCY" --seconds "$WINDOW" |
    grep -E '^(apply|list_first) '
}
pass_done() { grep -q 'retention pass done' "$DATA/server.log"; }

echo "scenario     requests      req/s   p50 ms   p95 ms   p99 ms  errors"
echo "-- no one due (retention 120 months)"
serve
until pass_done; do sleep 0.1; done
load
stop

sql "UPDATE companies SET retention_months = 6"
"$BIN" --data-dir "$DATA" "${DB_ARGS[@]}" retention run --dry-run > "$DATA/dry-run.log"
head -1 "$DATA/dry-run.log"

echo "-- during serve's pass at start (retention 6 months)"
serve
WINDOWS=0
while ! pass_done; do
  load
  WINDOWS=$((WINDOWS + 1))
done
grep 'retention pass done' "$DATA/server.log" | sed 's/.*retention pass done/pass:/'
ANONYMISED=$(grep -o 'anonymised=[0-9]*' "$DATA/server.log" | tail -1 | cut -d= -f2)
MS=$(grep -o ' ms=[0-9]*' "$DATA/server.log" | tail -1 | cut -d= -f2)
echo "pass: $ANONYMISED candidates in $MS ms: $((ANONYMISED * 1000 / (MS > 0 ? MS : 1))) per second;" \
  "$WINDOWS load window(s) of apply + list_first began during it"
echo "-- after the pass"
load
echo "server peak RSS: $(grep VmHWM /proc/$PID/status | awk '{print $2, $3}')"
