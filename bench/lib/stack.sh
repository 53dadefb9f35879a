# shellcheck shell=bash
# shellcheck disable=SC2034 # the settings are read by the scripts that source this
# The bench stack's build and data, shared by bench/run.sh and bench/compare.sh
# (var/bench, build/bench): the settings, a release build, and BENCH_EVENTS events
# loaded once.

# Always the bench stack, whatever stack `scripts/dev` exported.
export MARQUEE_VAR=$ROOT/var/bench MARQUEE_BUILD=$ROOT/build/bench
export MARQUEE_PORT=18090 MARQUEE_PG_PORT=15434 MARQUEE_REDIS_PORT=16381
REF_PORT=18091

EVENTS=${BENCH_EVENTS:-100000}
DURATION=${BENCH_SECONDS:-10}
SOAK_REQUESTS=${BENCH_SOAK_REQUESTS:-1000000}
SEED=${BENCH_SEED:-1}
CONNS=32
THREADS=2
WRK_TIMEOUT=30
export WORKERS=${WORKERS:-2}
export LOG_LEVEL=${LOG_LEVEL:-warn}
# The handlers' own cost first (every request runs its SQL); the response cache is
# measured after, with this TTL.
CACHE_TTL=${BENCH_CACHE_TTL:-30}
export RESPONSE_CACHE_TTL=0
export EDGE_CACHE_SECONDS=0 # the app is measured, not nginx's cache in front of it
# Recycled workers would hide a leak from the RSS check.
export MAX_REQUESTS=0

for v in EVENTS DURATION SOAK_REQUESTS SEED WORKERS; do
    if ! [[ ${!v} =~ ^[0-9]+$ ]] || ((${!v} == 0)); then
        die "bench: $v must be a positive integer, not '${!v}'"
    fi
done

bench_build() {
    # A sanitizer or debug build would measure the instrumentation.
    if [ -f "$BUILD/config.status" ] &&
        grep -qE -- '--enable-(sanitizers|debug)' "$BUILD/config.status"; then
        die "$BUILD was configured with sanitizers or debug; remove it for a release build"
    fi
    build_tree "$BUILD"
    make -s --no-print-directory -C "$BUILD" -j"$(nproc)" bench/fcgi-static bench/print-sql
}

bench_tools() {
    pg_find
    PGBENCH=$PGBIN/pgbench
    [ -x "$PGBENCH" ] || die "no pgbench in $PGBIN (it ships with the postgresql package)"
    command -v wrk >/dev/null || die "no wrk (scripts/lib/packages.sh installs it)"
}

# bench_data: BENCH_EVENTS events through the real pipeline, once per (seed, count,
# schema): an edited migration (a new index, say) needs a fresh database.
bench_data() {
    local marker=$VAR/data/.loaded want schema
    schema=$(cat "$ROOT"/sql/*.sql | md5sum | cut -c1-12)
    want="seed=$SEED events=$EVENTS schema=$schema"
    if [ -f "$marker" ] && [ "$(<"$marker")" = "$want" ]; then
        migrate
        say "data: already loaded ($want, $(<"$VAR/data/.loaded-at"))"
        return 0
    fi
    local t0=$SECONDS
    rm -f "$marker"
    pg_recreate_db
    redis-cli -h 127.0.0.1 -p "$REDIS_PORT" flushall >/dev/null
    migrate
    load_data "$VAR/data/gen" "$EVENTS" "$SEED"
    say "data: VACUUM ANALYZE"
    pg_sql -d marquee -c 'VACUUM ANALYZE'
    # The pages are only the pipeline's input; the database holds the data.
    rm -rf "$VAR/data/gen"
    date -u '+%Y-%m-%d %H:%M UTC' >"$VAR/data/.loaded-at"
    echo "$want" >"$marker"
    LOAD_SECONDS=$((SECONDS - t0))
    say "data: loaded in ${LOAD_SECONDS}s"
}
