#!/usr/bin/env bash
# bench/pages.sh - the website's pages against references measured in the same run.
# Brings up its own stack (var/bench-pages, ports 18484 / 15465 / 16435, a release
# build in build/bench-pages), loads BENCH_EVENTS sample events once, then measures
# with wrk (-t2 -c32, BENCH_SECONDS each after a 2 s warm-up), each run cycling
# through a list of URLs:
#   - uncached (RESPONSE_CACHE_TTL=0): the event page /events/{id} against the JSON
#     endpoints that carry the same data (/api/events/{id}, .../similar?limit=4 and
#     /api/tickets?eventId={id}), and the genre page /genres/{g}?page=k against
#     /api/events?genre=g&offset=... plus /api/genres; the JSON side is the rate at which
#     all its requests for one page could be answered, 1 / sum(1 / rate_i). Target:
#     page >= 0.8 x JSON. Runs go A-B-B-A (page, JSON, JSON, page).
#   - cached (RESPONSE_CACHE_TTL=30): the same event pages from the page cache against
#     bench/fcgi-static answering the same bytes on the app's socket behind the same
#     nginx (the libfcgi floor). Target: >= 0.9 x the responder. A-B-B-A too.
#   - edge (EDGE_CACHE_SECONDS=1, nginx's cache in front of the app): one hot event page
#     against nginx serving the same bytes as a static file (issue 15's rush target:
#     >= 0.8), at BENCH_RUSH_CONNS (1000) connections; A-B-B-A.
#   - weight: each page's HTML, the stylesheet and the script as a browser gets them
#     (gzip). Budgets: HTML <= 60 KB, CSS <= 20 KB, JS <= 10 KB.
# Results go into bench/RESULTS.md between "<!-- pages-bench -->" markers.
set -euo pipefail
umask 022
ulimit -n 8192 2>/dev/null || true # the rush runs hold 1000 connections

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
for lib in common packages build postgres redis api relay nginx stack; do
    # shellcheck source=/dev/null
    . "$ROOT/scripts/lib/$lib.sh"
done
# shellcheck source=bench/lib/section.sh
. "$ROOT/bench/lib/section.sh"

export MARQUEE_VAR=$ROOT/var/bench-pages MARQUEE_BUILD=$ROOT/build/bench-pages
export MARQUEE_PORT=18484 MARQUEE_PG_PORT=15465 MARQUEE_REDIS_PORT=16435

EVENTS=${BENCH_EVENTS:-2000}
DURATION=${BENCH_SECONDS:-10}
CONNS=32
THREADS=2
URLS_PER_RUN=200
export LOG_LEVEL=${LOG_LEVEL:-warn}
export MAX_REQUESTS=0
export EDGE_CACHE_SECONDS=0 # the app is measured, except in the edge runs below

OUT=$ROOT/bench/out/pages
STARTED_AT=$(date +%s)
# shellcheck disable=SC2034 # P50 and P90 are filled by wrk_urls, not reported here
declare -A RPS P50 P90 P99 ERRS
declare -A KB

cleanup() {
    local rc=$?
    trap - EXIT INT TERM
    [ -z "${RESPONDER:-}" ] || kill "$RESPONDER" 2>/dev/null || true
    bench_stack_down
    exit "$rc"
}



# pair NAME: the mean of runs NAME.1 and NAME.2 (the two halves of A-B-B-A).
pair() {
    RPS[$1]=$(awk -v a="${RPS[$1.1]}" -v b="${RPS[$1.2]}" 'BEGIN { printf "%.0f", (a + b) / 2 }')
    P99[$1]=$(awk -v a="${P99[$1.1]}" -v b="${P99[$1.2]}" 'BEGIN { print (b + 0 > a + 0) ? b : a }')
    ERRS[$1]=$((ERRS[$1.1] + ERRS[$1.2]))
}

# combined NAME PARTS...: the rate at which one of each of PARTS could be answered.
combined() {
    local name=$1 p sum=0
    shift
    for p in "$@"; do sum=$(awk -v s="$sum" -v r="${RPS[$p]}" 'BEGIN { print s + 1 / r }'); done
    RPS[$name]=$(awk -v s="$sum" 'BEGIN { printf "%.0f", 1 / s }')
}

setup() {
    ensure_packages
    if [ -f "$BUILD/config.status" ] &&
        grep -qE -- '--enable-(sanitizers|debug)' "$BUILD/config.status"; then
        die "$BUILD was configured with sanitizers or debug; remove it for a release build"
    fi
    build_tree "$BUILD"
    make -s --no-print-directory -C "$BUILD" -j"$(nproc)" bench/fcgi-static
    stack_services
    migrate
    local marker=$VAR/data/.loaded want="seed=42 events=$EVENTS"
    if [ ! -f "$marker" ] || [ "$(<"$marker")" != "$want" ]; then
        pg_recreate_db
        migrate
        load_data "$VAR/data/gen" "$EVENTS" 42
        rm -rf "$VAR/data/gen"
        echo "$want" >"$marker"
    fi
    pg_sql -d marquee -c 'VACUUM ANALYZE' >/dev/null
}

serve_with_cache_ttl() {
    api_stop >/dev/null
    RESPONSE_CACHE_TTL=$1 stack_serve >/dev/null
}

sql() { pg_sql -d marquee -qAt -c "$1"; }

# urlencode: stdin lines to %-escaped lines (letters and digits kept).
urlencode() {
    local LC_ALL=C line out c i # one byte at a time
    while IFS= read -r line; do
        out=""
        for ((i = 0; i < ${#line}; i++)); do
            c=${line:i:1}
            case $c in [a-zA-Z0-9]) out+=$c ;; *) printf -v c '%%%02X' "'$c" && out+=$c ;; esac
        done
        echo "$out"
    done
}

# The URL lists: events with upcoming sessions (a fixed sample), genre pages 1-3.
make_urls() {
    sql "SELECT setseed(0.5); SELECT id FROM events WHERE session_count > 0 AND last_start_at > now()
         ORDER BY random() LIMIT $URLS_PER_RUN" | sed 1d >"$OUT/ids.txt"
    sed 's|^|/events/|' "$OUT/ids.txt" >"$OUT/urls-event-page.txt"
    sed 's|^\(.*\)$|/api/events/\1|' "$OUT/ids.txt" >"$OUT/urls-event-json.txt"
    sed 's|^\(.*\)$|/api/events/\1/similar?limit=4|' "$OUT/ids.txt" >"$OUT/urls-similar-json.txt"
    sed 's|^\(.*\)$|/api/tickets?eventId=\1|' "$OUT/ids.txt" >"$OUT/urls-tickets-json.txt"
    local g k
    : >"$OUT/urls-genre-page.txt"
    : >"$OUT/urls-genre-json.txt"
    while IFS= read -r g; do
        for k in 1 2 3; do
            echo "/genres/$g?page=$k" >>"$OUT/urls-genre-page.txt"
            echo "/api/events?genre=$g&offset=$(((k - 1) * 20))" >>"$OUT/urls-genre-json.txt"
        done
    done < <(sql "SELECT name FROM genres ORDER BY name" | urlencode)
    echo "/api/genres" >"$OUT/urls-genres-json.txt"
}

json_side() { # the JSON runs for one half of an A-B-B-A
    wrk_urls "event-json.$1" "$OUT/urls-event-json.txt"
    wrk_urls "similar-json.$1" "$OUT/urls-similar-json.txt"
    wrk_urls "tickets-json.$1" "$OUT/urls-tickets-json.txt"
    wrk_urls "genre-json.$1" "$OUT/urls-genre-json.txt"
    wrk_urls "genres-json.$1" "$OUT/urls-genres-json.txt"
}

measure_uncached() {
    serve_with_cache_ttl 0
    wrk_urls event-page.1 "$OUT/urls-event-page.txt"
    wrk_urls genre-page.1 "$OUT/urls-genre-page.txt"
    json_side 1
    json_side 2
    wrk_urls genre-page.2 "$OUT/urls-genre-page.txt"
    wrk_urls event-page.2 "$OUT/urls-event-page.txt"
    local n
    for n in event-page genre-page event-json similar-json tickets-json genre-json genres-json; do
        pair "$n"
    done
    combined event-json-all event-json similar-json tickets-json
    combined genre-json-all genre-json genres-json
}

# responder_run NAME: bench/fcgi-static answers the bytes of one event page
# ($OUT/page.html) on the app's socket, behind the same nginx; the app is stopped
# meanwhile.
responder_up() { [ -S "$SOCK" ] && kill -0 "$RESPONDER" 2>/dev/null; }
responder_run() {
    api_stop >/dev/null
    rm -f "$SOCK"
    "$BUILD/bench/fcgi-static" "$SOCK" "$OUT/page.html" "$(nproc)" >>"$VAR/log/fcgi-static.log" 2>&1 &
    RESPONDER=$!
    wait_for 10 responder_up || die "fcgi-static did not start"
    wrk_urls "$1" "$OUT/urls-event-page.txt"
    kill "$RESPONDER"
    wait "$RESPONDER" 2>/dev/null || true
    RESPONDER=
}

cached_run() {
    serve_with_cache_ttl 30
    local path
    while read -r path; do curl -fsS -o /dev/null "http://127.0.0.1:$PORT$path"; done \
        <"$OUT/urls-event-page.txt"
    wrk_urls "$1" "$OUT/urls-event-page.txt"
}

# edge_run NAME: one hot event page through nginx's cache (as a browser asks: no
# Cache-Control), at RUSH_CONNS connections.
RUSH_CONNS=${BENCH_RUSH_CONNS:-1000}
rush() {
    local name=$1 path=$2 out=$OUT/wrk-$1.txt
    wrk -t"$THREADS" -c"$RUSH_CONNS" -d2s "http://127.0.0.1:$PORT$path" >/dev/null
    wrk -t"$THREADS" -c"$RUSH_CONNS" -d"${DURATION}s" --timeout 30s --latency \
        "http://127.0.0.1:$PORT$path" >"$out"
    RPS[$name]=$(awk '/^Requests\/sec:/ { printf "%.0f", $2 }' "$out")
    P99[$name]=$(to_ms "$(awk '$1 == "99%" { print $2 }' "$out")")
    ERRS[$name]=$(awk '/Non-2xx or 3xx responses:/ { n += $NF }
        /Socket errors:/ { gsub(/,/, ""); n += $4 + $6 + $8 + $10 } END { print n + 0 }' "$out")
    say "wrk $name: ${RPS[$name]} req/s, p99 ${P99[$name]} ms, errors ${ERRS[$name]}"
}

measure_edge() {
    local page
    page=$(head -n 1 "$OUT/urls-event-page.txt")
    api_stop >/dev/null
    RESPONSE_CACHE_TTL=30 EDGE_CACHE_SECONDS=1 stack_serve >/dev/null
    curl -fsS -o "$BUILD/public/bench-page.html" "http://127.0.0.1:$PORT$page"
    rush edge.1 "$page"
    rush static.1 /static/bench-page.html
    rush static.2 /static/bench-page.html
    rush edge.2 "$page"
    rm -f "$BUILD/public/bench-page.html"
    pair edge
    pair static
}

measure_cached() {
    cached_run event-cached.1
    curl -fsS -o "$OUT/page.html" "http://127.0.0.1:$PORT$(head -n 1 "$OUT/urls-event-page.txt")"
    responder_run responder.1
    responder_run responder.2
    cached_run event-cached.2
    pair event-cached
    pair responder
}

# gz_kb URL [CURL ARGS]: the gzip-compressed size of URL's body in KB.
gz_kb() {
    local url=$1
    shift
    curl -fsS -H 'Accept-Encoding: gzip' -o "$OUT/gz" "$@" "http://127.0.0.1:$PORT$url"
    awk -v b="$(stat -c %s "$OUT/gz")" 'BEGIN { printf "%.1f", b / 1024 }'
}

measure_weight() {
    serve_with_cache_ttl 30
    local home css js user cookie id
    home=$(curl -fsS "http://127.0.0.1:$PORT/")
    css=$(grep -o '/static/app\.[0-9a-f]*\.css' <<<"$home" | head -n 1)
    js=$(grep -o '/static/app\.[0-9a-f]*\.js' <<<"$home" | head -n 1)
    id=$(head -n 1 "$OUT/ids.txt")
    user=bench$(date +%s)
    curl -fsS -c "$OUT/cookies" -o /dev/null -H 'Content-Type: application/json' \
        -d "{\"email\":\"$user@example.com\",\"username\":\"$user\",\"password\":\"bench password 1\"}" \
        "http://127.0.0.1:$PORT/api/auth/register"
    cookie=(-b "$OUT/cookies")
    KB[home]=$(gz_kb /)
    KB[genre]=$(gz_kb "$(head -n 1 "$OUT/urls-genre-page.txt")")
    KB[search]=$(gz_kb "/search?q=the")
    KB[event]=$(gz_kb "/events/$id")
    KB[event-signed-in]=$(gz_kb "/events/$id" "${cookie[@]}")
    KB[login]=$(gz_kb /login)
    KB[register]=$(gz_kb /register)
    KB[favorites]=$(gz_kb /favorites "${cookie[@]}")
    KB[sell]=$(gz_kb "/sell?event=$id" "${cookie[@]}")
    KB[orders]=$(gz_kb /orders "${cookie[@]}")
    KB[css]=$(gz_kb "$css")
    KB[js]=$(gz_kb "$js")
}

verdict() { awk -v v="$1" -v t="$2" -v op="$3" 'BEGIN { ok = op == "<=" ? v <= t : v >= t
    print ok ? "met" : "**NOT met**" }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }'; }
row() { printf '| %s | %s | %s | %s |\n' "$1" "${RPS[$2]}" "${P99[$2]:--}" "${ERRS[$2]:--}"; }

report() {
    local ev gen cached edge
    ev=$(ratio "${RPS[event-page]}" "${RPS[event-json-all]}")
    gen=$(ratio "${RPS[genre-page]}" "${RPS[genre-json-all]}")
    cached=$(ratio "${RPS[event-cached]}" "${RPS[responder]}")
    edge=$(ratio "${RPS[edge]}" "${RPS[static]}")
    cat <<MD
<!-- pages-bench -->
## Pages

Written by \`bench/pages.sh\` on $(date -u '+%Y-%m-%d %H:%M UTC') in $(($(date +%s) - STARTED_AT)) s: commit
$(git -C "$ROOT" rev-parse --short HEAD)$(git -C "$ROOT" diff --quiet 2>/dev/null || echo ' plus uncommitted changes'), release build, $(nproc) CPUs shared by wrk, nginx,
the workers and Postgres; $EVENTS events (\`marquee-datagen --seed 42\`); \`wrk -t$THREADS -c$CONNS
-d${DURATION}s\` after a 2 s warm-up, each run cycling through up to $URLS_PER_RUN URLs; A-B-B-A
order, rates are the means of the two rounds, p99 the worse.

| run | req/s | p99 ms | errors |
|---|---:|---:|---:|
$(row "event page, uncached" event-page)
$(row "\`/api/events/{id}\`" event-json)
$(row "\`/api/events/{id}/similar?limit=4\`" similar-json)
$(row "\`/api/tickets?eventId={id}\`" tickets-json)
$(row "the three together (1 / Σ 1/rate)" event-json-all)
$(row "genre page (pages 1-3 of every genre), uncached" genre-page)
$(row "\`/api/events?genre=…&offset=…\`" genre-json)
$(row "\`/api/genres\`" genres-json)
$(row "the two together" genre-json-all)
$(row "event page from the page cache" event-cached)
$(row "bench/fcgi-static with the same bytes, same nginx" responder)
$(row "one hot event page through nginx's cache, $RUSH_CONNS connections" edge)
$(row "nginx serving the same bytes as a file, $RUSH_CONNS connections" static)

- Event page uncached: **$ev** × the JSON that carries its data, target ≥ 0.8: $(verdict "$ev" 0.8 ">=").
- Genre page uncached: **$gen** × its JSON, target ≥ 0.8: $(verdict "$gen" 0.8 ">=").
- Event page from the cache: **$cached** × the libfcgi responder, target ≥ 0.9: $(verdict "$cached" 0.9 ">=").
- Hot event page through nginx's cache: **$edge** × nginx serving the file, target ≥ 0.8:
  $(verdict "$edge" 0.8 ">="); p99 ${P99[edge]} ms (target < 50: $(verdict "${P99[edge]}" 50 "<=")), errors ${ERRS[edge]}.

Weight as a browser gets it (gzip), KB:

| home | genre | search | event | event, signed in | login | register | favorites | sell | orders | CSS | JS |
|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|
| ${KB[home]} | ${KB[genre]} | ${KB[search]} | ${KB[event]} | ${KB[event-signed-in]} | ${KB[login]} | ${KB[register]} | ${KB[favorites]} | ${KB[sell]} | ${KB[orders]} | ${KB[css]} | ${KB[js]} |

Budgets: HTML ≤ 60 KB ($(verdict "$(printf '%s\n' "${KB[home]}" "${KB[genre]}" "${KB[search]}" "${KB[event]}" "${KB[event-signed-in]}" "${KB[favorites]}" "${KB[sell]}" "${KB[orders]}" | sort -n | tail -n 1)" 60 "<=") for the largest),
CSS ≤ 20 KB ($(verdict "${KB[css]}" 20 "<=")), JS ≤ 10 KB ($(verdict "${KB[js]}" 10 "<=")).
<!-- /pages-bench -->
MD
}

write_results() {
    report >"$OUT/section.md"
    write_section pages "$OUT/section.md"
}

main() {
    stack_select
    stack_env
    mkdir -p "$VAR/log" "$OUT"
    trap cleanup EXIT
    trap 'exit 130' INT TERM
    setup
    make_urls
    measure_uncached
    measure_cached
    measure_edge
    measure_weight
    write_results
}

main "$@"
