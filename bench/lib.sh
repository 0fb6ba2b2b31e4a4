# What the bench scripts share (run.sh, applycost.sh, retention.sh): sourced by each after `cd` to the repository
# root, never run alone. The scripts set `-euo pipefail` themselves.

export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$HOME/.cache/ansett-target}
# The PostgreSQL the benchmarks use (127.0.0.1:5432, user postgres, trust auth), without a database name.
BENCH_PG=postgres://postgres@127.0.0.1:5432
# The demo company `ansett demo-data --company "Demo AS"` makes, and its administrator.
BENCH_DEMO_SLUG=demo-as
BENCH_DEMO_EMAIL=admin.demo-as@demo.ansett.example

# usage: the script's header comment (its lines after the shebang up to the first line that is not a comment).
usage() {
  sed -n '2,/^[^#]/p' "bench/$(basename "$0")" | sed -n 's/^# \{0,1\}//p'
}

# help_asked FIRST_ARG: whether the script was asked for its usage (`-h`, `--help` in place of the backend; later
# arguments may be ansett-bench's own).
help_asked() {
  case "${1:-}" in -h | --help) return 0 ;; *) return 1 ;; esac
}

# build_release: the server and the load generator, in release mode.
build_release() {
  cargo build --release -q -p ansett -p bench
}

# pg_create DB, pg_drop DB: a benchmark's own database.
pg_create() {
  psql "$BENCH_PG/postgres" -qc "CREATE DATABASE $1"
}
pg_drop() {
  psql "$BENCH_PG/postgres" -qc "DROP DATABASE IF EXISTS $1 WITH (FORCE)"
}

# The server's database arguments (a script sets them for PostgreSQL), what `serve` runs under (a profiler, say)
# and its log level.
DB_ARGS=()
SERVE_PREFIX=()
SERVE_LOG=warn

# demo_data DATA_DIR N [timed]: makes the demo company of N candidates with $BIN, its log on stdout; `timed` adds
# the time and peak memory it took (on stderr).
demo_data() {
  local timed=()
  [ "${3:-}" = timed ] && timed=(/usr/bin/time -f "demo-data: %e s, peak RSS %M KB")
  "${timed[@]}" "$BIN" --data-dir "$1" "${DB_ARGS[@]}" demo-data --company "Demo AS" --candidates "$2"
}

# demo_password LOG: the administrator's password, from demo-data's log.
demo_password() {
  grep -o 'made now: .*' "$1" | cut -d' ' -f3
}

# demo_login PASSWORD: sets DEMO_LOGIN, ansett-bench's arguments to sign in to the demo company.
demo_login() {
  DEMO_LOGIN=(--demo "$BENCH_DEMO_SLUG" --email "$BENCH_DEMO_EMAIL" --password "$1")
}

# serve_in_background DATA_DIR PORT [serve args…]: one `ansett serve` of $BIN on loopback, without an apply limit
# (with DB_ARGS, SERVE_PREFIX, SERVE_LOG), its output in DATA_DIR/server.log; its pid in $!.
serve_in_background() {
  local data=$1 port=$2
  shift 2
  ANSETT_LOG=$SERVE_LOG "${SERVE_PREFIX[@]}" "$BIN" --data-dir "$data" "${DB_ARGS[@]}" serve \
    --listen "127.0.0.1:$port" --apply-limit 0 "$@" > "$data/server.log" 2>&1 &
}

# wait_for PORT DATA_DIR PID: until the server answers /healthz (its log shown and the script ended if it exits).
wait_for() {
  until curl -fs "http://127.0.0.1:$1/healthz" > /dev/null; do
    kill -0 "$3" 2> /dev/null || { cat "$2/server.log"; exit 1; }
    sleep 0.01
  done
}
