#!/usr/bin/env bash
# bench/relay.sh - marquee-relay: commit-to-XADD latency at a steady rate, and its
# maximum throughput (see bench/README.md, "The relay"). Brings up its own Postgres,
# Redis and relay (var/bench-relay, ports 15458 / 16428, a release build in
# build/bench-relay; no catalogue needed), then:
#   - latency: pgbench commits RELAY_RATE (1,000) outbox rows per second for
#     DURATION s through marquee_emit, each row carrying clock_timestamp() in ms;
#     the stream entry's id is Redis's clock at XADD (same machine): the
#     difference is commit-to-XADD, p50 / p99 / max over every row;
#   - throughput: with the relay stopped, BACKLOG (100,000) rows are committed, the
#     relay is started and timed until none is pending (rows/s), next to the
#     reference: pgbench committing the same rows unthrottled (the fastest rate a
#     writer produces them), measured before and after (A-B-B-A).
# Results go into bench/RESULTS.md between "<!-- relay-bench -->" markers.
set -euo pipefail
umask 022

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
for lib in common packages build postgres redis relay stack; do
    # shellcheck source=/dev/null
    . "$ROOT/scripts/lib/$lib.sh"
done
# shellcheck source=bench/lib/section.sh
. "$ROOT/bench/lib/section.sh"

export MARQUEE_VAR=$ROOT/var/bench-relay MARQUEE_BUILD=$ROOT/build/bench-relay
export MARQUEE_PORT=18395 MARQUEE_PG_PORT=15458 MARQUEE_REDIS_PORT=16428
export LOG_LEVEL=${LOG_LEVEL:-info}
export RELAY_STREAM_MAXLEN=10000000 # nothing trimmed before it is read back

RATE=${RELAY_RATE:-1000}
DURATION=${BENCH_SECONDS:-20}
BACKLOG=${RELAY_BACKLOG:-100000}
CLIENTS=16 # writers: each waits for its commit to be flushed, so many commit together
OUT=$ROOT/bench/out/relay
STARTED_AT=$(date +%s)

cleanup() {
    local rc=$?
    trap - EXIT INT TERM
    bench_stack_down
    exit "$rc"
}

setup() {
    ensure_packages
    if [ -f "$BUILD/config.status" ] &&
        grep -qE -- '--enable-(sanitizers|debug)' "$BUILD/config.status"; then
        die "$BUILD was configured with sanitizers or debug; remove it for a release build"
    fi
    build_tree "$BUILD"
    stack_services
    pg_recreate_db
    migrate
    redis-cli -h 127.0.0.1 -p "$REDIS_PORT" flushall >/dev/null
    relay_start
}

psql_() { pg_sql -d marquee -At "$@"; }
pending() { psql_ -c "SELECT count(*) FROM outbox WHERE sent_at IS NULL"; }
none_pending() { [ "$(pending)" = 0 ]; }

# One outbox row per transaction, as a state change writes it; data.t is the
# commit's clock in ms (the statement runs just before the commit).
write_emit_sql() {
    cat >"$OUT/emit.sql" <<'SQL'
SELECT marquee_emit('bench.relay', 'bench-' || :client_id, 1,
                    jsonb_build_object('t', (extract(epoch FROM clock_timestamp()) * 1000)::bigint));
SQL
}

# pgbench_emit SECONDS [RATE]: commits rows for SECONDS (at RATE/s when given);
# prints the transactions per second.
pgbench_emit() {
    local rate=()
    [ -z "${2:-}" ] || rate=(-R "$2")
    "$PGBIN/pgbench" -n -h 127.0.0.1 -p "$PG_PORT" -U marquee -c "$CLIENTS" -j 2 -T "$1" "${rate[@]}" \
        -f "$OUT/emit.sql" marquee 2>&1 | tee -a "$OUT/pgbench.txt" |
        awk '/^tps = / { printf "%.0f", $3 }'
}

# latency: every bench.relay entry of the stream: Redis's ms at XADD minus data.t.
latency() {
    local tps
    say "latency: $RATE rows/s for ${DURATION}s"
    tps=$(pgbench_emit "$DURATION" "$RATE")
    wait_for 60 none_pending || die "rows still pending a minute after the run"
    redis-cli -h 127.0.0.1 -p "$REDIS_PORT" --raw XRANGE marquee:events - + |
        awk '/^[0-9]+-[0-9]+$/ { split($0, id, "-"); ms = id[1]; next }
             /"type": "bench.relay"/ { if (match($0, /"t": [0-9]+/)) print ms - substr($0, RSTART + 5, RLENGTH - 5) }' |
        sort -n >"$OUT/latency-ms.txt"
    LAT_N=$(wc -l <"$OUT/latency-ms.txt")
    LAT_RATE=$tps
    LAT_P50=$(awk -v n="$LAT_N" 'NR == int((n + 1) * 0.50) { print; exit }' "$OUT/latency-ms.txt")
    LAT_P99=$(awk -v n="$LAT_N" 'NR == int((n + 1) * 0.99) { print; exit }' "$OUT/latency-ms.txt")
    LAT_MAX=$(tail -n 1 "$OUT/latency-ms.txt")
    COMMITTED=$(psql_ -c "SELECT count(*) FROM outbox WHERE type = 'bench.relay'")
    say "latency: $LAT_N rows at $tps/s: p50 $LAT_P50 ms, p99 $LAT_P99 ms, max $LAT_MAX ms"
}

# drain: BACKLOG rows committed with the relay stopped, then timed until sent.
drain() {
    relay_stop
    psql_ -c "SELECT count(marquee_emit('bench.backlog', 'bench-' || (g % 100), g / 100 + 1,
                  jsonb_build_object('g', g)) IS NULL) FROM generate_series(1, $BACKLOG) g" >/dev/null
    local t0
    t0=$(now_ms)
    relay_start
    wait_for 600 none_pending || die "the backlog was not sent within 10 minutes"
    DRAIN_MS=$(($(now_ms) - t0))
    DRAIN_RATE=$((BACKLOG * 1000 / (DRAIN_MS > 0 ? DRAIN_MS : 1)))
    say "throughput: $BACKLOG rows sent in $DRAIN_MS ms: $DRAIN_RATE rows/s"
}

measure() {
    write_emit_sql
    : >"$OUT/pgbench.txt"
    latency
    say "reference: pgbench unthrottled (A)"
    REF_A=$(pgbench_emit 10)
    wait_for 120 none_pending || die "rows still pending"
    drain
    say "reference: pgbench unthrottled (A')"
    REF_B=$(pgbench_emit 10)
    REF=$(((REF_A + REF_B) / 2))
}

report() {
    local cpu mem ratio
    cpu=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)
    mem=$(awk '/^MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo)
    ratio=$(awk -v a="$DRAIN_RATE" -v b="$REF" 'BEGIN { printf "%.2f", a / b }')
    cat <<MD
<!-- relay-bench -->
## The relay (bench/relay.sh)

$(date -u -d "@$STARTED_AT" '+%Y-%m-%d %H:%M UTC'), $(nproc) CPUs ($cpu), $mem; Postgres,
Redis and marquee-relay on loopback, release build, default relay settings
(RELAY_BATCH_SIZE 500, RELAY_POLL_MS 20: writers do not NOTIFY, sql/016). Load average when the report
was written: $(cut -d' ' -f1-3 /proc/loadavg).

| measure | result | target |
|---|---|---|
| commit-to-XADD at $LAT_RATE rows/s ($LAT_N rows, ${DURATION} s), p50 | $LAT_P50 ms | |
| commit-to-XADD, p99 | $LAT_P99 ms | < 50 ms |
| commit-to-XADD, max | $LAT_MAX ms | |
| rows committed = rows in the stream | $COMMITTED = $LAT_N | equal |
| throughput: $BACKLOG waiting rows sent | $DRAIN_RATE rows/s ($DRAIN_MS ms) | |
| reference: pgbench committing such rows unthrottled ($CLIENTS clients, mean of before/after: $REF_A, $REF_B) | $REF rows/s | |
| relay throughput / writers' maximum | $ratio | ≥ 1: it keeps up |

- Latency is measured outside the relay: each row carries the database clock when it
  was written (just before its commit), the stream entry id is Redis's clock at XADD;
  both clocks are this machine's. The relay's own log line (\`xadd_p50_ms\`,
  \`xadd_p99_ms\`) measures from the transaction's start instead.
- A row waits for the relay's next look (every 20 ms when idle) plus one pipelined
  batch: at 1,000 rows/s each look finds a few rows; under a backlog each round moves
  RELAY_BATCH_SIZE rows (one SELECT, one pipeline of XADDs, one UPDATE).
- The reference is what writers can commit: one outbox row per transaction, each
  waiting for its WAL flush (16 clients share flushes). Before sql/016 every such
  transaction also NOTIFYed, which serialises commits; see bench/README.md.
<!-- /relay-bench -->
MD
}

main() {
    stack_select
    stack_env
    pg_find
    mkdir -p "$VAR/log" "$OUT"
    trap cleanup EXIT
    trap 'exit 130' INT TERM
    setup
    measure
    report >"$OUT/section.md"
    write_section relay "$OUT/section.md"
}

main "$@"
