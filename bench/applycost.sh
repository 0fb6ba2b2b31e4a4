#!/usr/bin/env bash
# Where applying's time and bytes go (issue 24, item 4): measures that hold on a shared machine.
#
#   bench/applycost.sh sqlite|postgres --cv filler|two-page|long [--candidates N] [--seconds S] [--concurrency C]
#                      [--wrap callgrind|strace] [--out DIR]
#
# Makes a fresh company of N demo candidates (default 1,000), starts `ansett serve`, lets `ansett-bench` apply with
# the chosen CV for S seconds, waits until the text worker has read and indexed every queued CV, stops the server,
# and prints the applications made and the database bytes they added, by table and index (SQLite: `dbstat` after a
# checkpoint; PostgreSQL: `pg_relation_size` of each table, its TOAST and each index), per application.
#   --wrap callgrind  runs serve under `valgrind --tool=callgrind` (requests, text worker, indexing, SQLite's work;
#                     the `ansett cv-text` children run natively), counted from the bench's first application to
#                     the queue's end (`callgrind_control -z`, `-d`; the count of applications is taken at the zero),
#                     then `ansett cv-text` under callgrind on one
#                     stored CV (extraction): instructions per application of each, files in --out.
#   --wrap strace     runs serve under `strace -f -c -e trace=fsync,fdatasync,write` (children included).
# ANSETT_BIN chooses the server build (default: this tree's release build, which must exist: bench/run.sh builds it);
# PROFILE=debug takes both programs from the debug build (bytes and syscall counts do not depend on it).
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
help_asked "${1:-}" && { usage; exit 0; }
BACKEND=${1:?sqlite or postgres}
shift
CV=filler CANDIDATES=1000 SECONDS_=10 CONCURRENCY=4 WRAP= OUT=
while [ $# -gt 0 ]; do
  case "$1" in
    --cv) CV=$2; shift 2 ;;
    --candidates) CANDIDATES=$2; shift 2 ;;
    --seconds) SECONDS_=$2; shift 2 ;;
    --concurrency) CONCURRENCY=$2; shift 2 ;;
    --wrap) WRAP=$2; shift 2 ;;
    --out) OUT=$2; shift 2 ;;
    *) echo "unknown argument $1" >&2; exit 2 ;;
  esac
done
PROFILE=${PROFILE:-release}
BIN=${ANSETT_BIN:-$CARGO_TARGET_DIR/$PROFILE/ansett}
BENCH=$CARGO_TARGET_DIR/$PROFILE/ansett-bench
PORT=${PORT:-18090}
DATA=$(mktemp -d /tmp/ansett-applycost-XXXXXX)
OUT=${OUT:-$DATA/out}
mkdir -p "$OUT"
DB=
if [ "$BACKEND" = postgres ]; then
  DB=ansett_applycost_$$
  pg_create "$DB"
  DB_ARGS=(--database-url "$BENCH_PG/$DB")
fi
SERVER=
cleanup() {
  [ -n "$SERVER" ] && kill "$SERVER" 2>/dev/null && wait "$SERVER" 2>/dev/null || true
  [ -n "$DB" ] && pg_drop "$DB"
  # Keep the server's log and the results when they were written inside the data dir (no --out).
  if [ "$OUT" = "$DATA/out" ]; then rm -rf "$DATA/files" "$DATA/ansett.db"*; else rm -rf "$DATA"; fi
}
trap cleanup EXIT
sql() {
  if [ "$BACKEND" = postgres ]; then
    psql "$BENCH_PG/$DB" -qAtF'|' -c "$1"
  else
    sqlite3 -separator '|' "$DATA/ansett.db" "$1"
  fi
}
# sizes FILE: bytes of every table and index, one "name|bytes" a line.
sizes() {
  if [ "$BACKEND" = postgres ]; then
    sql "SELECT c.relname, pg_relation_size(c.oid) + COALESCE(pg_relation_size(c.reltoastrelid), 0) \
         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace \
         WHERE n.nspname = 'public' AND c.relkind IN ('r', 'i')" | LC_ALL=C sort > "$1"
  else
    sql "PRAGMA wal_checkpoint(TRUNCATE)" > /dev/null
    { sql "SELECT name, SUM(pgsize) FROM dbstat GROUP BY name"; echo "(file)|$(stat -c %s "$DATA/ansett.db")"; } |
      LC_ALL=C sort > "$1"
  fi
}
demo_data "$DATA" "$CANDIDATES" > "$DATA/demo.log"
demo_login "$(demo_password "$DATA/demo.log")"
[ "$BACKEND" = postgres ] && sql "VACUUM (ANALYZE)"
sizes "$OUT/before.txt"
APPS_BEFORE=$(sql "SELECT COUNT(*) FROM applications")
case "$WRAP" in
  callgrind) SERVE_PREFIX=(valgrind --tool=callgrind --callgrind-out-file="$OUT/callgrind.serve") ;;
  strace) SERVE_PREFIX=(strace -f -c -e trace=fsync,fdatasync,write -o "$OUT/strace.txt") ;;
  "") ;;
  *) echo "--wrap callgrind|strace" >&2; exit 2 ;;
esac
serve_in_background "$DATA" "$PORT"
SERVER=$!
wait_for "$PORT" "$DATA" "$SERVER"
"$BENCH" --url "http://127.0.0.1:$PORT" "${DEMO_LOGIN[@]}" --scenarios apply --cv "$CV" --seconds "$SECONDS_" \
  --concurrency "$CONCURRENCY" --deep-pages 0 > "$OUT/bench.txt" &
BENCH_PID=$!
if [ "$WRAP" = callgrind ]; then
  # Count from the first application on: the bench's sign-in (Argon2id) and list pages come before it.
  until grep -q '^company:' "$OUT/bench.txt"; do sleep 0.05; done
  callgrind_control -z "$SERVER" > /dev/null
  APPS_BEFORE=$(sql "SELECT COUNT(*) FROM applications")
fi
wait "$BENCH_PID"
cat "$OUT/bench.txt"
# The text worker reads and indexes the queued CVs after the answers: wait for it (at most 10 minutes).
for _ in $(seq 600); do
  [ "$(sql "SELECT COUNT(*) FROM file_text_queue")" = 0 ] && break
  sleep 1
done
[ "$WRAP" = callgrind ] && callgrind_control -d "$SERVER" > /dev/null
# strace passes no SIGTERM on: stop the server it runs.
[ "$WRAP" = strace ] && kill -TERM $(pgrep -P "$SERVER") 2> /dev/null
kill -TERM "$SERVER" 2> /dev/null || true
wait "$SERVER" || true
SERVER=
sizes "$OUT/after.txt"
APPS=$(($(sql "SELECT COUNT(*) FROM applications") - APPS_BEFORE))
echo "backend: $BACKEND, cv: $CV, candidates: $CANDIDATES, applications made: $APPS"
echo "with text: $(sql "SELECT COUNT(*) FROM files WHERE text_content IS NOT NULL") files," \
  "$(sql "SELECT COUNT(*) FROM search_terms WHERE origin % 4 = 2") CV term rows," \
  "$(sql "SELECT COALESCE(SUM(LENGTH(text_content)), 0) FROM files") bytes of text_content"
echo "bytes added per application, by table and index (largest first):"
LC_ALL=C join -t'|' -a2 -e0 -o 0,1.2,2.2 "$OUT/before.txt" "$OUT/after.txt" |
  awk -F'|' -v n="$APPS" '{ d = $3 - $2; if (d != 0) printf "%12.0f  %s\n", d / n, $1; t += ($1 == "(file)" ? 0 : d) }
    END { printf "%12.0f  total (tables + indexes)\n", t / n }' | sort -rn
if [ "$WRAP" = callgrind ]; then
  SERVE=$(grep -m1 '^\(summary\|totals\):' "$OUT/callgrind.serve.1" | awk '{print $2}')
  echo "serve (requests, worker, indexing): $(awk -v s="$SERVE" -v n="$APPS" 'BEGIN { printf "%.1f", s / n / 1e6 }')" \
    "M instructions per application"
  CVFILE=$(find "$DATA/files" -type f -size +1k | head -1)
  valgrind --tool=callgrind --callgrind-out-file="$OUT/callgrind.cv-text" "$BIN" cv-text < "$CVFILE" \
    > "$OUT/cv-text.txt" 2> "$OUT/cv-text.valgrind"
  echo "cv-text child (extraction of one CV, $(stat -c %s "$CVFILE") bytes, $(wc -w < "$OUT/cv-text.txt") words):" \
    "$(grep -m1 '^\(summary\|totals\):' "$OUT/callgrind.cv-text" | awk '{printf "%.1f", $2 / 1e6}') M instructions"
fi
if [ "$WRAP" = strace ]; then
  cat "$OUT/strace.txt"
  awk -v n="$APPS" '$NF ~ /^(fsync|fdatasync|write)$/ { printf "%s per application: %.2f\n", $NF, $4 / n }' \
    "$OUT/strace.txt"
fi
