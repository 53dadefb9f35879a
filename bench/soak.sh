#!/usr/bin/env bash
# bench/soak.sh - SOAK_MINUTES (15) of mixed load with faults, then a check that every
# write acknowledged with a 2xx is in the database (see bench/README.md, "Soak").
# Brings up its own stack (var/bench-soak, ports 18396 / 15459 / 16429, a release build
# in build/bench-soak, BENCH_EVENTS sample events), then runs minute by minute:
#   - readers: wrk (-t2 -c16) cycling through event lists, event details, sessions,
#     search, similar events, genre and event pages (nginx's edge cache off, the
#     response cache on);
#   - writers (two loops of curl, all the time): a signed-in user favoriting events,
#     a seller listing tickets and a buyer ordering and cancelling them, a sign-in
#     every 20th turn; each acknowledged write is written down;
#   - faults, one per minute, 20 s into it: a worker killed (kill -9), except in minute
#     4 (of 15; 4/15 of SOAK_MINUTES) the master instead (restarted at once by the
#     script, as a service manager would), in minute 8 a Postgres restart and in
#     minute 12 a Redis restart.
# Per minute: requests, errors and the fault's recovery time (until /api/health is 200
# again); worker RSS at the start and the end; then every acknowledged write is looked
# up. Results go into bench/RESULTS.md between "<!-- soak-bench -->" markers.
set -euo pipefail
umask 022

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
for lib in common packages build postgres redis api relay nginx stack; do
    # shellcheck source=/dev/null
    . "$ROOT/scripts/lib/$lib.sh"
done
# shellcheck source=bench/lib/section.sh
. "$ROOT/bench/lib/section.sh"

export MARQUEE_VAR=$ROOT/var/bench-soak MARQUEE_BUILD=$ROOT/build/bench-soak
export MARQUEE_PORT=18396 MARQUEE_PG_PORT=15459 MARQUEE_REDIS_PORT=16429
export LOG_LEVEL=${LOG_LEVEL:-warn}
export EDGE_CACHE_SECONDS=0 # the app is soaked, not nginx's cache

MINUTES=${SOAK_MINUTES:-15}
EVENTS=${BENCH_EVENTS:-2000}
DURATION=58 # per minute of wrk (2 s of warm-up before it)
CONNS=16
THREADS=2
OUT=$ROOT/bench/out/soak
STARTED_AT=$(date +%s)
# shellcheck disable=SC2034 # P50 and P90 are filled by wrk_urls, not reported here
declare -A RPS P50 P90 P99 ERRS FAULT RECOVERY
WRITERS=()

cleanup() {
    local rc=$?
    trap - EXIT INT TERM
    local p
    for p in "${WRITERS[@]}"; do kill "$p" 2>/dev/null || true; done
    bench_stack_down
    exit "$rc"
}

sql() { pg_sql -d marquee -qAt -c "$1"; }

setup() {
    ensure_packages
    if [ -f "$BUILD/config.status" ] &&
        grep -qE -- '--enable-(sanitizers|debug)' "$BUILD/config.status"; then
        die "$BUILD was configured with sanitizers or debug; remove it for a release build"
    fi
    build_tree "$BUILD"
    stack_services
    local marker=$VAR/data/.loaded want="seed=42 events=$EVENTS"
    if [ ! -f "$marker" ] || [ "$(<"$marker")" != "$want" ]; then
        pg_recreate_db
        migrate
        load_data "$VAR/data/gen" "$EVENTS" 42
        rm -rf "$VAR/data/gen"
        echo "$want" >"$marker"
    fi
    migrate
    stack_serve
}

make_urls() {
    local ids
    ids=$(sql "SELECT id FROM events WHERE session_count > 0 AND last_start_at > now()
               ORDER BY md5(id) LIMIT 100")
    {
        echo "/api/events?limit=20"
        echo "/api/genres"
        for q in rock jazz festival theatre football; do echo "/api/search?q=$q"; done
        while read -r id; do
            echo "/api/events/$id"
            echo "/api/events/$id/sessions"
            echo "/api/events/$id/similar?limit=4"
            echo "/events/$id"
        done <<<"$ids"
        echo "/genres/Music"
        echo "/"
    } >"$OUT/urls.txt"
    echo "$ids" >"$OUT/event-ids.txt"
    SESSION=$(sql "SELECT id FROM event_sessions WHERE start_at > now() + interval '1 day'
                   AND status IS DISTINCT FROM 'cancelled' ORDER BY id LIMIT 1")
}

# --- writers ----------------------------------------------------------------------------

api() { # METHOD PATH TOKEN [BODY]: prints "status body"
    local body=$OUT/body.$BASHPID
    curl -s --max-time 10 -o "$body" -w '%{http_code}' -X "$1" \
        -H "Authorization: Bearer $3" -H 'Content-Type: application/json' \
        -H "Idempotency-Key: soak-$BASHPID-$RANDOM$RANDOM" ${4:+-d "$4"} \
        "http://127.0.0.1:$PORT$2" 2>/dev/null || echo 000
    echo " $(cat "$body" 2>/dev/null)"
}

sign_up() { # NAME: prints "userId token"
    local r pass=correct-horse-battery
    curl -s --max-time 10 -H 'Content-Type: application/json' \
        -d "{\"email\":\"$1@example.com\",\"username\":\"$1\",\"password\":\"$pass\"}" \
        "http://127.0.0.1:$PORT/api/auth/register" >/dev/null
    r=$(curl -s --max-time 10 -H 'Content-Type: application/json' \
        -d "{\"login\":\"$1\",\"password\":\"$pass\"}" "http://127.0.0.1:$PORT/api/auth/login")
    echo "$(json_id "200 $r") $(grep -o '"token":"[^"]*"' <<<"$r" | cut -d'"' -f4)"
}

# json_id ANSWER: the first "id" of a 2xx answer of api.
json_id() {
    [[ $1 == 2* ]] || return 0
    grep -o '"id":"[^"]*"' <<<"$1" | head -n 1 | cut -d'"' -f4 || true
}

# favoriter USER TOKEN: PUTs favorites round the sample events, one per turn.
favoriter() {
    local user=$1 token=$2 n=0 id r
    while :; do
        while read -r id; do
            r=$(api PUT "/api/users/$user/favorites/$id" "$token")
            n=$((n + 1))
            echo "$(date +%s) fav ${r%% *} $id" >>"$OUT/writes.log"
            if ((n % 20 == 0)); then
                r=$(curl -s --max-time 10 -o /dev/null -w '%{http_code}' -H 'Content-Type: application/json' \
                    -d "{\"login\":\"soak_fav\",\"password\":\"correct-horse-battery\"}" \
                    "http://127.0.0.1:$PORT/api/auth/login" || echo 000)
                echo "$(date +%s) login $r -" >>"$OUT/writes.log"
            fi
        done <"$OUT/event-ids.txt"
    done
}

# trader SELLER_TOKEN BUYER_TOKEN: lists a ticket, orders it, cancels the order.
trader() {
    local seller=$1 buyer=$2 r t o
    while :; do
        r=$(api POST /api/tickets "$seller" "{\"sessionId\":\"$SESSION\",\"priceCents\":1500}")
        t=$(json_id "$r")
        echo "$(date +%s) ticket ${r%% *} ${t:--}" >>"$OUT/writes.log"
        [ -n "$t" ] || continue
        r=$(api POST /api/orders "$buyer" "{\"ticketId\":\"$t\"}")
        o=$(json_id "$r")
        echo "$(date +%s) order ${r%% *} ${o:--}" >>"$OUT/writes.log"
        [ -n "$o" ] || continue
        r=$(api DELETE "/api/orders/$o" "$buyer")
        echo "$(date +%s) cancel ${r%% *} $o" >>"$OUT/writes.log"
    done
}

start_writers() {
    local fav seller buyer
    fav=$(sign_up soak_fav)
    seller=$(sign_up soak_seller)
    buyer=$(sign_up soak_buyer)
    if [ -z "${fav#* }" ] || [ -z "${seller#* }" ] || [ -z "${buyer#* }" ]; then
        die "could not sign the soak's users up"
    fi
    : >"$OUT/writes.log"
    favoriter "${fav% *}" "${fav#* }" &
    WRITERS+=($!)
    trader "${seller#* }" "${buyer#* }" &
    WRITERS+=($!)
}

# --- faults -----------------------------------------------------------------------------

workers_rss_kb() {
    local pid
    pid=$(api_pid) || {
        echo 0
        return
    }
    pgrep -P "$pid" | xargs -r ps -o rss= -p | awk '{ s += $1 } END { print s + 0 }'
}

recovered() { curl -fsS -o /dev/null --max-time 1 "http://127.0.0.1:$PORT/api/health"; }

# fault MINUTE: the minute's fault, then the seconds until /api/health is 200 again.
fault() {
    local m=$1 t0 pid
    sleep 20
    t0=$(now_ms)
    case $m in
    "$((MINUTES * 4 / 15 > 0 ? MINUTES * 4 / 15 : 1))")
        FAULT[$m]="master kill -9, restarted"
        kill -9 "$(api_pid)"
        api_start >/dev/null
        ;;
    "$((MINUTES * 8 / 15))")
        FAULT[$m]="Postgres restart"
        pg_stop >/dev/null
        pg_start >/dev/null
        ;;
    "$((MINUTES * 12 / 15))")
        FAULT[$m]="Redis restart"
        redis_stop >/dev/null
        redis_start >/dev/null
        ;;
    *)
        FAULT[$m]="worker kill -9"
        pid=$(pgrep -P "$(api_pid)" | head -n 1)
        kill -9 "$pid"
        ;;
    esac
    wait_for 60 recovered || true
    echo "${FAULT[$m]}|$(awk -v a="$t0" -v b="$(now_ms)" 'BEGIN { printf "%.1f", (b - a) / 1000 }')"
}

soak() {
    local m line
    RSS_START=$(workers_rss_kb)
    for ((m = 1; m <= MINUTES; m++)); do
        fault "$m" >"$OUT/fault-$m.txt" &
        wrk_urls "m$m" "$OUT/urls.txt"
        wait $! || true
        line=$(<"$OUT/fault-$m.txt")
        FAULT[$m]=${line%|*}
        RECOVERY[$m]=${line#*|}
        say "minute $m: ${FAULT[$m]}, recovered in ${RECOVERY[$m]} s"
    done
    RSS_END=$(workers_rss_kb)
}

# check_writes: every acknowledged write is in the database.
check_writes() {
    local kind status id
    FAV_OK=0 FAV_LOST=0 TICKET_OK=0 TICKET_LOST=0 ORDER_OK=0 ORDER_LOST=0 W_ERR=0 W_ALL=0
    while read -r _ kind status id; do
        W_ALL=$((W_ALL + 1))
        [[ $status == 2* ]] || {
            W_ERR=$((W_ERR + 1))
            continue
        }
        case $kind in
        fav) echo "$id" >>"$OUT/acked-favs.txt" ;;
        ticket) echo "$id" >>"$OUT/acked-tickets.txt" ;;
        order) echo "$id" >>"$OUT/acked-orders.txt" ;;
        esac
    done <"$OUT/writes.log"
    FAV_OK=$(sort -u "$OUT/acked-favs.txt" | wc -l)
    FAV_LOST=$(comm -23 <(sort -u "$OUT/acked-favs.txt") \
        <(sql "SELECT f.event_id FROM favorites f JOIN users u ON u.id = f.user_id
               WHERE u.username = 'soak_fav'" | sort -u) | wc -l)
    TICKET_OK=$(sort -u "$OUT/acked-tickets.txt" | wc -l)
    TICKET_LOST=$(comm -23 <(sort -u "$OUT/acked-tickets.txt") \
        <(sql "SELECT id FROM tickets WHERE session_id = '$SESSION'" | sort -u) | wc -l)
    ORDER_OK=$(sort -u "$OUT/acked-orders.txt" | wc -l)
    ORDER_LOST=$(comm -23 <(sort -u "$OUT/acked-orders.txt") <(sql "SELECT id FROM orders" | sort -u) | wc -l)
}

report() {
    local cpu mem m reqs=0 errs=0
    cpu=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)
    mem=$(awk '/^MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo)
    cat <<MD
<!-- soak-bench -->
## Soak with faults (bench/soak.sh)

$(date -u -d "@$STARTED_AT" '+%Y-%m-%d %H:%M UTC'), $(nproc) CPUs ($cpu), $mem, load average at the
end $(cut -d' ' -f1-3 /proc/loadavg); $MINUTES minutes, $EVENTS events, release build,
WORKERS ${WORKERS:-default}; readers: wrk -t$THREADS -c$CONNS over $(wc -l <"$OUT/urls.txt") URLs
(API lists, details, sessions, search, similar, pages); writers: favorites, listings,
orders and cancellations, sign-ins, all the time.

| minute | fault (20 s in) | read requests | read errors | read p99 ms | recovery s |
|---|---|---|---|---|---|
MD
    for ((m = 1; m <= MINUTES; m++)); do
        local n
        n=$(awk -v r="${RPS[m$m]}" -v d="$DURATION" 'BEGIN { printf "%.0f", r * d }')
        reqs=$((reqs + n))
        errs=$((errs + ${ERRS[m$m]}))
        echo "| $m | ${FAULT[$m]} | $n | ${ERRS[m$m]} | ${P99[m$m]} | ${RECOVERY[$m]} |"
    done
    cat <<MD

- Reads: $reqs requests, $errs errors (non-2xx or socket errors, all minutes).
- Writes: $W_ALL attempted, $W_ERR not acknowledged (an error answer or no answer,
  during faults); acknowledged and found afterwards: favorites $FAV_OK (missing
  $FAV_LOST), listings $TICKET_OK (missing $TICKET_LOST), orders $ORDER_OK (missing
  $ORDER_LOST).
- Workers' RSS (all workers): $RSS_START KB at the start, $RSS_END KB at the end.
- Recovery is from the fault until /api/health answers 200; a killed worker is
  replaced by its master, a killed master is restarted by the script (as a service
  manager would), Postgres and Redis are restarted with scripts/dev's own commands.
<!-- /soak-bench -->
MD
}

main() {
    stack_select
    stack_env
    pg_find
    mkdir -p "$VAR/log" "$OUT"
    rm -f "$OUT"/acked-*.txt
    touch "$OUT"/acked-{favs,tickets,orders}.txt
    trap cleanup EXIT
    trap 'exit 130' INT TERM
    setup
    make_urls
    start_writers
    soak
    for p in "${WRITERS[@]}"; do kill "$p" 2>/dev/null || true; done
    WRITERS=()
    check_writes
    report >"$OUT/section.md"
    write_section soak "$OUT/section.md"
}

main "$@"
