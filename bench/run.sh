#!/usr/bin/env bash
# Benchmarks a release build of ansett on loopback.
#
#   bench/run.sh sqlite|postgres [ansett-bench args]                     a fresh installation (--setup)
#   bench/run.sh sqlite|postgres --candidates N [ansett-bench args]      a company of N demo candidates
#   bench/run.sh postgres --files-url s3://BUCKET [--servers 2] […]     files on S3; two servers on one database
#   ANSETT_BIN=/path/to/ansett bench/run.sh …                             the same against another build of the server
#
# With --candidates, the data is made once by `ansett demo-data` and kept for later runs (SQLite under
# ~/.cache/ansett-bench/, PostgreSQL in the database ansett_bench_N); delete them to start over. Starts the server,
# prints the time to its first answer, runs ansett-bench, prints the server's peak RSS, and stops everything.
#
# --files-url is passed to every server (as `serve --files-url`); for s3:// set ANSETT_S3_ENDPOINT (and AWS_* keys)
# as for serve, and the bucket is created first when the endpoint is a loopback test server (moto, MinIO).
# --servers 2 (PostgreSQL only) starts a second server with its own data dir on the same database and the same files
# (without --files-url, both use the first one's local files directory: one machine's stand-in for shared storage),
# and ansett-bench's clients take turns between the two.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
help_asked "${1:-}" && { usage; exit 0; }
BACKEND=${1:-sqlite}
shift || true
CANDIDATES=
FILES_URL=
SERVERS=1
while [ $# -gt 0 ]; do
  case "$1" in
    --candidates) CANDIDATES=$2; shift 2 ;;
    --files-url) FILES_URL=$2; shift 2 ;;
    --servers) SERVERS=$2; shift 2 ;;
    *) break ;;
  esac
done
case "$SERVERS" in
  1) ;;
  2) [ "$BACKEND" = postgres ] || { echo "two servers share a PostgreSQL database: use postgres" >&2; exit 2; } ;;
  *) echo "--servers is 1 or 2" >&2; exit 2 ;;
esac
build_release
# ANSETT_BIN: another build of the server to measure (an older commit's, to compare); the load generator is this one.
BIN=${ANSETT_BIN:-$CARGO_TARGET_DIR/release/ansett}
PORT=${PORT:-18080}
KEEP=
if [ -n "$CANDIDATES" ]; then
  KEEP=1
  DATA=$HOME/.cache/ansett-bench/$BACKEND-$CANDIDATES
  mkdir -p "$DATA"
  if [ "$BACKEND" = postgres ]; then
    DB=ansett_bench_$CANDIDATES
    psql "$BENCH_PG/postgres" -qtc "SELECT 1 FROM pg_database WHERE datname = '$DB'" | grep -q 1 || pg_create "$DB"
    DB_ARGS=(--database-url "$BENCH_PG/$DB")
  fi
  if [ ! -f "$DATA/password" ]; then
    echo "making $CANDIDATES demo candidates ($BACKEND), once:"
    demo_data "$DATA" "$CANDIDATES" timed | tee "$DATA/demo-data.log"
    demo_password "$DATA/demo-data.log" > "$DATA/password"
  fi
  demo_login "$(cat "$DATA/password")"
  BENCH_ARGS=("${DEMO_LOGIN[@]}")
  if [ "$BACKEND" = postgres ]; then
    # What autovacuum does on a default PostgreSQL (it is off on some machines, this one among them): clean up
    # the row versions earlier runs left (each applies updates the same few step counters thousands of times).
    psql "$BENCH_PG/$DB" -qc "VACUUM (ANALYZE)"
  fi
else
  DATA=$(mktemp -d /tmp/ansett-bench-XXXXXX)
  if [ "$BACKEND" = postgres ]; then
    DB=ansett_bench_$$
    pg_create "$DB"
    DB_ARGS=(--database-url "$BENCH_PG/$DB")
  fi
  BENCH_ARGS=(--setup)
fi
FILES_ARGS=()
if [ -n "$FILES_URL" ]; then
  FILES_ARGS=(--files-url "$FILES_URL")
  case "$FILES_URL" in
    s3://*)
      BUCKET=${FILES_URL#s3://}
      BUCKET=${BUCKET%%/*}
      case "${ANSETT_S3_ENDPOINT:-}" in
        http://127.0.0.1:* | http://localhost:*) curl -fsS -X PUT "$ANSETT_S3_ENDPOINT/$BUCKET" >/dev/null || true ;;
      esac
      ;;
  esac
elif [ "$SERVERS" = 2 ]; then
  FILES_ARGS=(--files-url "file:$DATA/files")
fi
# start_server DATA_DIR PORT: one `ansett serve`, in the background; its pid in $!.
start_server() {
  serve_in_background "$1" "$2" "${FILES_ARGS[@]}"
}
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  if [ -z "$KEEP" ]; then
    [ "$BACKEND" = postgres ] && pg_drop "$DB"
    rm -rf "$DATA"
  fi
  rm -rf "${SECOND:-}"
}
trap cleanup EXIT
STARTED=$(date +%s%N)
start_server "$DATA" "$PORT"
PIDS+=($!)
wait_for "$PORT" "$DATA" "${PIDS[0]}"
echo "backend: $BACKEND, machine: $(nproc) cores, $(uname -srm), candidates: ${CANDIDATES:-fresh}, files: ${FILES_URL:-file:<data-dir>/files}, servers: $SERVERS"
echo "start-up to first answer: $((($(date +%s%N) - STARTED) / 1000000)) ms"
URL_ARGS=(--url "http://127.0.0.1:$PORT")
if [ "$SERVERS" = 2 ]; then
  # The second server starts after the first has migrated the database; its own data dir, the same database.
  SECOND=$(mktemp -d /tmp/ansett-bench-second-XXXXXX)
  start_server "$SECOND" "$((PORT + 1))"
  PIDS+=($!)
  wait_for "$((PORT + 1))" "$SECOND" "${PIDS[1]}"
  URL_ARGS+=(--also-url "http://127.0.0.1:$((PORT + 1))")
fi
"$CARGO_TARGET_DIR/release/ansett-bench" "${URL_ARGS[@]}" "${BENCH_ARGS[@]}" "$@"
# CVs applied with are read and indexed by the servers' text workers after the request: say how far behind the
# load left them, and how long they took to catch up.
queued_texts() {
  if [ "$BACKEND" = postgres ]; then
    psql "$BENCH_PG/$DB" -qtAc "SELECT COUNT(*) FROM file_text_queue"
  else
    sqlite3 -cmd ".timeout 10000" "$DATA/ansett.db" "SELECT COUNT(*) FROM file_text_queue"
  fi
}
QUEUED=$(queued_texts)
if [ "$QUEUED" != 0 ]; then
  CAUGHT_UP=$(date +%s%N)
  # At most ten minutes: a server that died never empties the queue.
  until [ "$(queued_texts)" = 0 ] || [ $(($(date +%s%N) - CAUGHT_UP)) -gt 600000000000 ]; do sleep 0.2; done
  LEFT=$(queued_texts)
  if [ "$LEFT" = 0 ]; then
    echo "CV texts queued when the load ended: $QUEUED, all read and indexed $((($(date +%s%N) - CAUGHT_UP) / 1000000)) ms later"
  else
    echo "CV texts queued when the load ended: $QUEUED, still $LEFT ten minutes later"
  fi
fi
for pid in "${PIDS[@]}"; do
  echo "server $pid peak RSS: $(grep VmHWM /proc/$pid/status | awk '{print $2, $3}')"
  # utime+stime and cutime+cstime (fields 14-17, clock ticks): the server's CPU, and its finished children's
  # (the `ansett cv-text` readers).
  echo "server $pid CPU: $(awk -v hz="$(getconf CLK_TCK)" '{ printf "%.2f s, its CV readers %.2f s", ($14 + $15) / hz, ($16 + $17) / hz }' "/proc/$pid/stat")"
done
