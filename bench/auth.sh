#!/usr/bin/env bash
# bench/auth.sh - the accounts and Redis-layer benchmark (see bench/README.md,
# "Sessions and the response cache"). Brings up its own stack (var/bench-auth,
# ports 18392 / 15456 / 16426, reference nginx on 18393, a release build in
# build/bench-auth), then measures with wrk:
#   - GET /api/events/{id}: from the response cache (anonymous and with a
#     Bearer token), uncached (RESPONSE_CACHE_TTL=0), and the same bytes from
#     bench/fcgi-static behind nginx (the reference for the 0.8x target);
#   - GET /api/auth/me: session cached in Redis, not cached (Redis stopped:
#     one Postgres query per request), and without a session (401);
#   - POST /api/auth/login: throughput, bounded by the Argon2id cost.
# Cached page and reference run alternately, BENCH_ROUNDS times; the median
# of each is reported. Results go into bench/RESULTS.md between the markers
# "<!-- auth-bench -->" (the rest of the file is left alone).
set -euo pipefail
umask 022

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
for lib in common packages build postgres redis api nginx stack; do
    # shellcheck source=/dev/null
    . "$ROOT/scripts/lib/$lib.sh"
done
# shellcheck source=bench/lib/section.sh
. "$ROOT/bench/lib/section.sh"

export MARQUEE_VAR=$ROOT/var/bench-auth MARQUEE_BUILD=$ROOT/build/bench-auth
export MARQUEE_PORT=18392 MARQUEE_PG_PORT=15456 MARQUEE_REDIS_PORT=16426
REF_PORT=18393

EVENTS=${BENCH_EVENTS:-5000}
DURATION=${BENCH_SECONDS:-10}
ROUNDS=${BENCH_ROUNDS:-3}
CONNS=32
THREADS=2
export WORKERS=${WORKERS:-2}
export LOG_LEVEL=${LOG_LEVEL:-warn}
export MAX_REQUESTS=0
export RESPONSE_CACHE_TTL=3600 # nothing expires during a run
export EDGE_CACHE_SECONDS=0 # the app is measured, not nginx's cache in front of it

OUT=$ROOT/bench/out/auth
STARTED_AT=$(date +%s)
declare -A RPS P50 P99 ERRS BUSY
FCGI_PID=

cleanup() {
    local rc=$?
    trap - EXIT INT TERM
    ref_stop || true
    bench_stack_down
    exit "$rc"
}

# --- measuring ------------------------------------------------------------------


# run NAME URL [WRK_ARGS...]: 2 s warm-up, then DURATION s; results under NAME.
run() {
    local name=$1 url=$2 out=$OUT/wrk-$1.txt
    shift 2
    wait_quiet
    BUSY[$name]=$IDLE_BUSY
    wrk -t"$THREADS" -c"$CONNS" -d2s "$@" "$url" >/dev/null
    wrk -t"$THREADS" -c"$CONNS" -d"${DURATION}s" --timeout 30s --latency "$@" "$url" >"$out"
    RPS[$name]=$(awk '/^Requests\/sec:/ { printf "%.0f", $2 }' "$out")
    P50[$name]=$(to_ms "$(awk '$1 == "50%" { print $2 }' "$out")")
    P99[$name]=$(to_ms "$(awk '$1 == "99%" { print $2 }' "$out")")
    ERRS[$name]=$(awk '/Non-2xx or 3xx responses:/ { n += $NF }
        /Socket errors:/ { gsub(/,/, ""); n += $4 + $6 + $8 + $10 } END { print n + 0 }' "$out")
    say "wrk $name: ${RPS[$name]} req/s, p50 ${P50[$name]} ms, p99 ${P99[$name]} ms, errors ${ERRS[$name]}"
}

# busy_pct SECONDS: how busy the machine's CPUs were over that time, in %.
busy_pct() {
    local a b
    a=$(awk '/^cpu / { print $2 + $3 + $4 + $7 + $8, $2 + $3 + $4 + $5 + $6 + $7 + $8 }' /proc/stat)
    sleep "$1"
    b=$(awk '/^cpu / { print $2 + $3 + $4 + $7 + $8, $2 + $3 + $4 + $5 + $6 + $7 + $8 }' /proc/stat)
    awk -v a="$a" -v b="$b" 'BEGIN { split(a, x, " "); split(b, y, " ")
        printf "%.0f", (y[1] - x[1]) * 100 / ((y[2] - x[2]) > 0 ? y[2] - x[2] : 1) }'
}

# wait_quiet: the stack idles here, so whatever keeps the CPUs busy is someone
# else's; waits up to BENCH_IDLE_WAIT seconds (300) for under 10 %.
wait_quiet() {
    local deadline=$((SECONDS + ${BENCH_IDLE_WAIT:-300}))
    while :; do
        IDLE_BUSY=$(busy_pct 3)
        ((IDLE_BUSY >= 10 && SECONDS < deadline)) || break
        say "bench: the CPUs are ${IDLE_BUSY}% busy with other work, waiting"
    done
    say "bench: CPUs ${IDLE_BUSY}% busy before measuring"
}

median() { printf '%s\n' "$@" | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }

# --- the reference: fcgi-static behind a second nginx ------------------------------

ref_nginx() { "$NGINX" -p "$VAR/nginx-ref/" -e "$VAR/log/nginx-ref-error.log" -c "$VAR/nginx-ref/nginx.conf" "$@"; }

ref_start() {
    local d
    mkdir -p "$VAR/nginx-ref"
    for d in client_body proxy fastcgi uwsgi scgi; do mkdir -p "$VAR/nginx-ref/tmp/$d"; done
    ln -sfn "$ROOT/nginx/fastcgi.conf" "$VAR/nginx-ref/fastcgi.conf"
    "$BUILD/bench/fcgi-static" "$VAR/run/fcgi-static.sock" "$VAR/static/event.json" "$WORKERS" \
        >>"$VAR/log/fcgi-static.log" 2>&1 </dev/null &
    FCGI_PID=$!
    # The app's http settings (scripts/lib/nginx.sh) and its site, so the reference
    # pays what the API pays in nginx; /fcgi is the only addition.
    sed -e "s#unix:$SOCK#unix:$VAR/run/fcgi-static.sock#" \
        -e "s#listen 127.0.0.1:$PORT;#listen 127.0.0.1:$REF_PORT;\n        location = /fcgi { include fastcgi.conf; fastcgi_pass marquee_api; }#" \
        -e "s#$VAR/run/nginx.pid#$VAR/run/nginx-ref.pid#" \
        -e "s#$VAR/nginx/tmp#$VAR/nginx-ref/tmp#g" \
        -e "s#$VAR/log/nginx-access.log#$VAR/log/nginx-ref-access.log#" \
        "$VAR/nginx/nginx.conf" >"$VAR/nginx-ref/nginx.conf"
    quiet "$VAR/log/nginx-ref-t.log" ref_nginx -t -q
    ref_nginx
    wait_for 10 curl -fsS -o /dev/null "http://127.0.0.1:$REF_PORT/fcgi" ||
        die "the reference did not answer on 127.0.0.1:$REF_PORT"
}

ref_stop() {
    if pid_alive "$VAR/run/nginx-ref.pid" >/dev/null; then ref_nginx -s quit || true; fi
    if [ -n "$FCGI_PID" ] && proc_alive "$FCGI_PID"; then
        kill -TERM "$FCGI_PID" 2>/dev/null || true
        wait "$FCGI_PID" 2>/dev/null || true
    fi
    FCGI_PID=
}

# --- setup --------------------------------------------------------------------------

setup() {
    ensure_packages
    if [ -f "$BUILD/config.status" ] &&
        grep -qE -- '--enable-(sanitizers|debug)' "$BUILD/config.status"; then
        die "$BUILD was configured with sanitizers or debug; remove it for a release build"
    fi
    build_tree "$BUILD"
    make -s --no-print-directory -C "$BUILD" -j"$(nproc)" bench/fcgi-static
    stack_services
    local marker=$VAR/data/.loaded want="seed=1 events=$EVENTS"
    # Reloaded when the data differs or a migration no longer applies (an
    # edited one, while the schema is still being written).
    if [ ! -f "$marker" ] || [ "$(<"$marker")" != "$want" ] ||
        ! prog marquee-migrate --dir "$ROOT/sql" >>"$VAR/log/migrate.log" 2>&1; then
        rm -f "$marker"
        pg_recreate_db
        migrate
        load_data "$VAR/data/gen" "$EVENTS" 1
        pg_sql -d marquee -c 'VACUUM ANALYZE' >/dev/null
        rm -rf "$VAR/data/gen"
        echo "$want" >"$marker"
    fi
    redis-cli -h 127.0.0.1 -p "$REDIS_PORT" flushall >/dev/null
    api_stop
    stack_serve
}

api_json() { curl -fsS "http://127.0.0.1:$PORT$1"; }

# The bench user's password: fixed, the account lives only in this stack.
PASSWORD="bench password 1"

sign_in() {
    curl -sS -o /dev/null -X POST "http://127.0.0.1:$PORT/api/auth/register" \
        -H 'Content-Type: application/json' \
        -d "{\"email\":\"bench@example.org\",\"username\":\"bench\",\"password\":\"$PASSWORD\"}"
    TOKEN=$(curl -fsS -X POST "http://127.0.0.1:$PORT/api/auth/login" \
        -H 'Content-Type: application/json' \
        -d "{\"login\":\"bench\",\"password\":\"$PASSWORD\"}" |
        sed -n 's/.*"token":"\([^"]*\)".*/\1/p')
    [ -n "$TOKEN" ] || die "bench: cannot sign in"
}

# --- the runs -------------------------------------------------------------------------

measure() {
    local id page i
    id=$(api_json '/api/events?limit=1' | sed -n 's/^{"items":\[{"id":"\([0-9a-f]*\)".*/\1/p')
    [ -n "$id" ] || die "bench: no event in the data"
    page="http://127.0.0.1:$PORT/api/events/$id"
    EVENT_ID=$id
    mkdir -p "$VAR/static"
    curl -fsS "$page" >"$VAR/static/event.json"
    curl -fsS "$page" -o /dev/null -D "$OUT/headers-cached.txt"
    grep -qi '^x-cache: hit' "$OUT/headers-cached.txt" || die "bench: the event page is not cached"
    BYTES=$(wc -c <"$VAR/static/event.json")
    ref_start
    local -a ref=() cached=() ratio=()
    for ((i = 1; i <= ROUNDS; i++)); do
        run "fcgi-$i" "http://127.0.0.1:$REF_PORT/fcgi"
        run "cached-$i" "$page"
        ref+=("${RPS[fcgi-$i]}")
        cached+=("${RPS[cached-$i]}")
        ratio+=("$(awk -v a="${RPS[cached-$i]}" -v b="${RPS[fcgi-$i]}" 'BEGIN { printf "%.2f", a / b }')")
    done
    REF_MEDIAN=$(median "${ref[@]}")
    CACHED_MEDIAN=$(median "${cached[@]}")
    RATIO_MEDIAN=$(median "${ratio[@]}")
    RATIOS="${ratio[*]}"
    ref_stop

    run cached-bearer "$page" -H "Authorization: Bearer $TOKEN"
    run me-cached "http://127.0.0.1:$PORT/api/auth/me" -H "Authorization: Bearer $TOKEN"
    run me-anonymous "http://127.0.0.1:$PORT/api/auth/me"

    cat >"$OUT/login.lua" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"login":"bench","password":"$PASSWORD"}'
LUA
    CONNS=1 THREADS=1 run login-c1 "http://127.0.0.1:$PORT/api/auth/login" -s "$OUT/login.lua"
    CONNS=4 run login "http://127.0.0.1:$PORT/api/auth/login" -s "$OUT/login.lua"

    # Uncached: the response cache off (Redis still up for sessions).
    api_stop
    RESPONSE_CACHE_TTL=0 stack_serve >/dev/null
    run uncached "$page"
    run uncached-bearer "$page" -H "Authorization: Bearer $TOKEN"
    # The session cache out of the picture: Redis stopped, Postgres per request.
    redis_stop >/dev/null
    run me-uncached "http://127.0.0.1:$PORT/api/auth/me" -H "Authorization: Bearer $TOKEN"
    redis_start >/dev/null
}

# --- report ----------------------------------------------------------------------------

row() { printf '| %s | %s | %s | %s | %s | %s |\n' "$1" "${RPS[$2]}" "${P50[$2]}" "${P99[$2]}" "${ERRS[$2]}" "${BUSY[$2]}"; }

report() {
    local met=NOT hash_ms bound
    awk -v r="$RATIO_MEDIAN" 'BEGIN { exit !(r >= 0.8) }' && met=""
    hash_ms=${P50[login-c1]}
    bound=$(awk -v w="$WORKERS" -v t="$hash_ms" 'BEGIN { printf "%.0f", w * 1000 / t }')
    cat <<MD
<!-- auth-bench -->
## Sessions and the response cache

Written by \`bench/auth.sh\` on $(date -u '+%Y-%m-%d %H:%M UTC') in $(($(date +%s) - STARTED_AT)) s: commit
$(git -C "$ROOT" rev-parse --short HEAD)$(git -C "$ROOT" diff --quiet 2>/dev/null || echo ' plus uncommitted changes'), release build, $(nproc) CPUs shared by wrk, nginx,
$WORKERS workers, Postgres and Redis; each run waits for the machine to be idle (the last column:
how busy it was just before, with this stack idle); $EVENTS events; \`wrk -t$THREADS -c$CONNS -d${DURATION}s\` after a 2 s
warm-up. Event \`$EVENT_ID\` ($BYTES bytes).

**Target: a cached event page ≥ 0.8 × the minimal libfcgi responder returning the same
bytes, in the same run: $([ -z "$met" ] && echo met || echo '**NOT met**')** (median ratio $RATIO_MEDIAN over $ROUNDS alternating
rounds: $RATIOS; medians $CACHED_MEDIAN vs $REF_MEDIAN req/s).

| run | req/s | p50 ms | p99 ms | errors | CPU busy before, % |
|---|---:|---:|---:|---:|---:|
$(for ((i = 1; i <= ROUNDS; i++)); do row "reference: bench/fcgi-static, same bytes (round $i)" "fcgi-$i"; row "GET /api/events/{id}, cached (round $i)" "cached-$i"; done)
$(row "GET /api/events/{id}, cached, with a Bearer token" cached-bearer)
$(row "GET /api/events/{id}, uncached (RESPONSE_CACHE_TTL=0)" uncached)
$(row "GET /api/events/{id}, uncached, with a Bearer token" uncached-bearer)
$(row "GET /api/auth/me, session cached in Redis" me-cached)
$(row "GET /api/auth/me, no session cache (Redis stopped)" me-uncached)
$(row "GET /api/auth/me, no session (401)" me-anonymous)
$(row "POST /api/auth/login, 1 connection" login-c1)
$(row "POST /api/auth/login, 4 connections" login)

- "me, no session (401)" counts its 401s as errors: that is the answer measured.
- Public pages ignore the token (no session lookup), so signed-in and anonymous
  readers cost the same.
- A signed-in request with its session cached costs one Redis round trip and no
  Postgres query; without the session cache it costs one Postgres query (a primary-key
  lookup). On one machine the two cost about the same; what the session cache buys is
  Postgres left to the work only it can do.
- The uncached page is the SQL of \`events_get\` (see the catalogue results); the cached
  page is served from the worker's memory (see docs/ARCHITECTURE.md, "Redis").
- Login is bounded by Argon2id (m = 19 MiB, t = 2, p = 1): one sign-in takes about
  ${hash_ms} ms on one connection, almost all of it the hash, so $WORKERS workers top out
  near $bound sign-ins per second (${RPS[login]} measured with 4 connections). That is
  the cost the OWASP parameters buy; it also bounds a password-guessing client, together
  with the rate limit of 5 failures per 15 minutes.
<!-- /auth-bench -->
MD
}

write_results() {
    report >"$OUT/section.md"
    write_section auth "$OUT/section.md"
}

main() {
    stack_select
    stack_env
    mkdir -p "$VAR/log" "$OUT"
    trap cleanup EXIT
    trap 'exit 130' INT TERM
    setup
    sign_in
    measure
    write_results
}

main "$@"
