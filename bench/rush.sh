#!/usr/bin/env bash
# bench/rush.sh - issue 15's on-sale rush, measured against references taken in the
# same run. Brings up its own stack (var/bench-rush; ports BENCH_PORT 18486,
# BENCH_PG_PORT 15476, BENCH_REDIS_PORT 16436; a release build in build/bench-rush),
# loads BENCH_EVENTS sample events once, then runs the parts named on the command line
# (all by default):
#   hot    one hot event page and /api/events/{id} through nginx's cache
#          (EDGE_CACHE_SECONDS=1) at BENCH_RUSH_CONNS (1000) connections, each against
#          nginx serving the same bytes as a static file, A-B-B-A; Postgres
#          transactions per URL per validity period (pg_stat_database, the app's
#          response cache off so every refresh reaches Postgres); Postgres stopped
#          mid-run with both URLs under load: errors.
#   storm  issue 12's order storm (waiting room off): bench/buyers with 500 buyers over
#          100 listings of one session for BENCH_SECONDS, against pgbench running the
#          same reserve call (marquee_order_create) with the same buyers and
#          listings, A-B-B-A; double holds checked in SQL.
#   rush   2000 buyers on 100 listings, waiting room on: exactly 100 orders, no
#          double hold, no 5xx, p99 of every answer; the rank correlation between
#          arrival and admission; the hot event page measured at the same time.
# Results go into bench/RESULTS.md between "<!-- rush-bench -->" markers.
set -euo pipefail
umask 022
ulimit -n 16384 2>/dev/null || ulimit -n 8192 2>/dev/null || true

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
for lib in common packages build postgres redis api relay nginx stack; do
    # shellcheck source=/dev/null
    . "$ROOT/scripts/lib/$lib.sh"
done
# shellcheck source=bench/lib/section.sh
. "$ROOT/bench/lib/section.sh"

export MARQUEE_VAR=$ROOT/var/bench-rush MARQUEE_BUILD=$ROOT/build/bench-rush
export MARQUEE_PORT=${BENCH_PORT:-18486} MARQUEE_PG_PORT=${BENCH_PG_PORT:-15476}
export MARQUEE_REDIS_PORT=${BENCH_REDIS_PORT:-16436}

EVENTS=${BENCH_EVENTS:-2000}
DURATION=${BENCH_SECONDS:-10}
RUSH_CONNS=${BENCH_RUSH_CONNS:-1000}
THREADS=2
export LOG_LEVEL=${LOG_LEVEL:-warn}
export MAX_REQUESTS=0

OUT=$ROOT/bench/out/rush
STARTED_AT=$(date +%s)
declare -A RPS P99 ERRS NOTE

cleanup() {
    local rc=$?
    trap - EXIT INT TERM
    rm -f "$BUILD/public/rush-page.html" "$BUILD/public/rush-event.json"
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
    make -s --no-print-directory -C "$BUILD" -j"$(nproc)" bench/buyers
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

sql() { pg_sql -d marquee -qAt -c "$1"; }

# serve VAR=VALUE...: marquee-api restarted with those settings (exported, so they
# last until the next serve names them), nginx and marquee-relay up.
serve() {
    local kv
    api_stop >/dev/null
    for kv in "$@"; do export "${kv?}"; done
    stack_serve >/dev/null
}

# pair NAME: the mean of runs NAME.1 and NAME.2 (the two halves of A-B-B-A).
pair() {
    RPS[$1]=$(awk -v a="${RPS[$1.1]}" -v b="${RPS[$1.2]}" 'BEGIN { printf "%.0f", (a + b) / 2 }')
    P99[$1]=$(awk -v a="${P99[$1.1]}" -v b="${P99[$1.2]}" 'BEGIN { print (b + 0 > a + 0) ? b : a }')
    ERRS[$1]=$((ERRS[$1.1] + ERRS[$1.2]))
}

# wrk_parse NAME FILE: req/s, p99 and errors (non-2xx/3xx and socket errors).
wrk_parse() {
    local name=$1 out=$2
    RPS[$name]=$(awk '/^Requests\/sec:/ { printf "%.0f", $2 }' "$out")
    P99[$name]=$(to_ms "$(awk '$1 == "99%" { print $2 }' "$out")")
    ERRS[$name]=$(awk '/Non-2xx or 3xx responses:/ { n += $NF }
        /Socket errors:/ { gsub(/,/, ""); n += $4 + $6 + $8 + $10 } END { print n + 0 }' "$out")
    say "wrk $name: ${RPS[$name]} req/s, p99 ${P99[$name]} ms, errors ${ERRS[$name]}"
}

# hot NAME PATH [SECONDS]: one URL at RUSH_CONNS connections (as a browser asks: no
# Cache-Control), after a 2 s warm-up.
hot() {
    local name=$1 path=$2 secs=${3:-$DURATION}
    wrk -t"$THREADS" -c"$RUSH_CONNS" -d2s "http://127.0.0.1:$PORT$path" >/dev/null
    wrk -t"$THREADS" -c"$RUSH_CONNS" -d"${secs}s" --timeout 30s --latency \
        "http://127.0.0.1:$PORT$path" >"$OUT/wrk-$name.txt"
    wrk_parse "$name" "$OUT/wrk-$name.txt"
}

# The hot event: the one with the most upcoming sessions among the first events.
pick_event() {
    EVENT=$(sql "SELECT id FROM events WHERE session_count > 0 AND last_start_at > now()
                 ORDER BY session_count DESC, id LIMIT 1")
    PAGE=/events/$EVENT
    JSON=/api/events/$EVENT
}

measure_hot_rates() {
    serve RESPONSE_CACHE_TTL=30 EDGE_CACHE_SECONDS=1
    curl -fsS -o "$BUILD/public/rush-page.html" "http://127.0.0.1:$PORT$PAGE"
    curl -fsS -o "$BUILD/public/rush-event.json" "http://127.0.0.1:$PORT$JSON"
    local k
    for k in 1 2; do
        if [ "$k" = 1 ]; then
            hot "edge-page.$k" "$PAGE"
            hot "static-page.$k" /static/rush-page.html
            hot "static-json.$k" /static/rush-event.json
            hot "edge-json.$k" "$JSON"
        else
            hot "edge-json.$k" "$JSON"
            hot "static-json.$k" /static/rush-event.json
            hot "static-page.$k" /static/rush-page.html
            hot "edge-page.$k" "$PAGE"
        fi
    done
    for k in edge-page static-page edge-json static-json; do pair "$k"; done
}

xacts() {
    sql "SELECT xact_commit + xact_rollback FROM pg_stat_database WHERE datname = 'marquee'"
}

# Postgres transactions while PATH is hammered for DURATION s through nginx's cache,
# with the app's response cache off (every refresh reaches Postgres) and marquee-relay
# stopped (its polls would be counted). The statistics are flushed when a backend
# goes idle, hence the pause before reading them. PER_RENDER: transactions of one
# render (a request that bypasses nginx's cache).
count_queries() {
    local name=$1 path=$2 before after one
    before=$(xacts)
    curl -fsS -o /dev/null -H 'Cache-Control: no-cache' "http://127.0.0.1:$PORT$path"
    sleep 1.5
    after=$(xacts)
    one=$((after - before - 1)) # the query above counts itself once
    before=$(xacts)
    wrk -t"$THREADS" -c"$RUSH_CONNS" -d"${DURATION}s" --timeout 30s --latency \
        "http://127.0.0.1:$PORT$path" >"$OUT/wrk-count-$name.txt"
    sleep 1.5
    after=$(xacts)
    NOTE[$name.per-render]=$one
    NOTE[$name.xacts]=$((after - before - 1))
    NOTE[$name.per-second]=$(awk -v n="$((after - before - 1))" -v d="$DURATION" 'BEGIN { printf "%.1f", n / d }')
    NOTE[$name.requests]=$(awk '/requests in/ { print $1 }' "$OUT/wrk-count-$name.txt")
    say "queries $name: ${NOTE[$name.xacts]} transactions for ${NOTE[$name.requests]} requests in ${DURATION} s, $one per render"
}

measure_hot_queries() {
    relay_stop >/dev/null
    serve RESPONSE_CACHE_TTL=0 EDGE_CACHE_SECONDS=1
    relay_stop >/dev/null
    count_queries page "$PAGE"
    count_queries json "$JSON"
}

# pg_down NAME TTL: both URLs under load (one wrk each, half the connections each) for
# 3 x DURATION s, the app's response cache at TTL s; Postgres stopped after DURATION s
# and started again DURATION s later. With TTL 0, every refresh of nginx's entry needs
# Postgres: only nginx's stale copies can answer.
pg_down() {
    local name=$1 ttl=$2
    serve RESPONSE_CACHE_TTL="$ttl" EDGE_CACHE_SECONDS=1
    curl -fsS -o /dev/null "http://127.0.0.1:$PORT$PAGE"
    curl -fsS -o /dev/null "http://127.0.0.1:$PORT$JSON"
    local secs=$((3 * DURATION)) half=$((RUSH_CONNS / 2)) w1 w2
    wrk -t1 -c"$half" -d"${secs}s" --timeout 30s --latency "http://127.0.0.1:$PORT$PAGE" \
        >"$OUT/wrk-$name-page.txt" &
    w1=$!
    wrk -t1 -c"$half" -d"${secs}s" --timeout 30s --latency "http://127.0.0.1:$PORT$JSON" \
        >"$OUT/wrk-$name-json.txt" &
    w2=$!
    sleep "$DURATION"
    say "bench: stopping Postgres"
    pg_stop >/dev/null
    sleep 2
    NOTE[$name.cache]=$(curl -sS -D - -o /dev/null "http://127.0.0.1:$PORT$PAGE" | tr -d '\r' |
        awk -F': ' '/^HTTP/ { s = $0 } tolower($1) == "x-edge-cache" { c = $2 } END { print s ", X-Edge-Cache: " c }')
    sleep "$((DURATION - 2))"
    say "bench: starting Postgres"
    pg_start >/dev/null
    wait "$w1" "$w2"
    wrk_parse "$name-page" "$OUT/wrk-$name-page.txt"
    wrk_parse "$name-json" "$OUT/wrk-$name-json.txt"
}

measure_hot_pg_down() {
    pg_down pgdown 0
    pg_down pgdown30 30
}

part_hot() {
    measure_hot_rates
    measure_hot_queries
    measure_hot_pg_down
}

# --- the market: buyers, listings, the order storm -------------------------------

# market_setup: the session (the hot event's latest upcoming one), a seller and
# MAX_BUYERS buyers inserted directly (a sign-in each through Argon2id would take
# minutes), their session tokens ($OUT/tokens-all.txt, bench/mint-tokens).
MAX_BUYERS=2000
market_setup() {
    SESSION=$(sql "SELECT id FROM event_sessions WHERE event_id = '$EVENT' AND start_at > now() + interval '1 day'
                   ORDER BY start_at DESC LIMIT 1")
    [ -n "$SESSION" ] || die "no upcoming session for $EVENT"
    sql "INSERT INTO users (email, username, password_hash)
         SELECT 'rush' || n || '@example.com', 'rush' || n, 'x' FROM generate_series(0, $MAX_BUYERS) n
         ON CONFLICT DO NOTHING" >/dev/null
    sql "CREATE TABLE IF NOT EXISTS bench_buyers (n int PRIMARY KEY, id uuid NOT NULL);
         CREATE TABLE IF NOT EXISTS bench_tickets (n int PRIMARY KEY, id uuid NOT NULL);
         TRUNCATE bench_buyers;
         INSERT INTO bench_buyers SELECT substr(username, 5)::int, id FROM users
          WHERE username ~ '^rush[0-9]+\$' AND username <> 'rush0'" >/dev/null
    SELLER=$(sql "SELECT id FROM users WHERE username = 'rush0'")
    sql "SELECT id || ' ' || username FROM users JOIN bench_buyers b USING (id) ORDER BY b.n" |
        JWT_SECRET=$(jwt_secret) "$BUILD/bench/mint-tokens" >"$OUT/tokens-all.txt"
}

# listings_reset N: the session's bench listings replaced by N fresh ones (their
# orders and the waiting room's keys gone), as if the sale opened now.
listings_reset() {
    sql "DELETE FROM orders WHERE ticket_id IN (SELECT id FROM tickets WHERE seller_id = '$SELLER');
         DELETE FROM tickets WHERE seller_id = '$SELLER';
         TRUNCATE bench_tickets;
         INSERT INTO bench_tickets
         SELECT n, (marquee_ticket_create('$SELLER', '$SESSION', 5000, 'EUR', NULL, 'Floor', NULL,
                                          n::text)).t.id FROM generate_series(1, $1) n" >/dev/null
    sql "SELECT id FROM bench_tickets ORDER BY n" >"$OUT/tickets.txt"
    redis-cli -h 127.0.0.1 -p "$REDIS_PORT" --scan --pattern 'wr:*' |
        xargs -r redis-cli -h 127.0.0.1 -p "$REDIS_PORT" del >/dev/null
}

# Tickets with two holds that overlap in time, among the bench listings: 0 if none
# was ever held twice at once.
double_holds() {
    sql "SELECT count(DISTINCT a.ticket_id) FROM orders a JOIN orders b
           ON a.ticket_id = b.ticket_id AND a.id < b.id
          AND tstzrange(a.created_at, a.expires_at) && tstzrange(b.created_at, b.expires_at)
         WHERE a.status <> 'cancelled' AND b.status <> 'cancelled'
           AND a.ticket_id IN (SELECT id FROM bench_tickets)"
}

# buyers_run NAME MODE BUYERS SECONDS SPREAD_MS: bench/buyers with the first BUYERS
# tokens; its key=value lines into KV[NAME.key].
declare -A KV
buyers_run() {
    local name=$1 mode=$2 n=$3 secs=$4 spread=$5 k v
    head -n "$n" "$OUT/tokens-all.txt" >"$OUT/tokens.txt"
    "$BUILD/bench/buyers" "$mode" "$PORT" "$OUT/tokens.txt" "$OUT/tickets.txt" "$secs" "$spread" \
        >"$OUT/buyers-$name.txt" 2>"$OUT/buyers-$name.log"
    while IFS='=' read -r k v; do KV[$name.$k]=$v; done <"$OUT/buyers-$name.txt"
    RPS[$name]=${KV[$name.app_rate]} # nginx's own 429s (busy) are not the app's answers
    P99[$name]=${KV[$name.p99_ms]}
    ERRS[$name]=$((KV[$name.status_5xx] + KV[$name.connection_errors]))
    say "buyers $name: ${KV[$name.answers]} answers (${KV[$name.busy]} busy), app ${RPS[$name]}/s, p99 ${P99[$name]} ms, orders ${KV[$name.orders]}, 5xx ${KV[$name.status_5xx]}"
}

STORM_BUYERS=${BENCH_STORM_BUYERS:-500}
STORM_LISTINGS=100
storm_app() {
    listings_reset "$STORM_LISTINGS"
    buyers_run "$1" storm "$STORM_BUYERS" "$DURATION" 0
    NOTE[$1.double]=$(double_holds)
    NOTE[$1.orders]=$(sql "SELECT count(*) FROM orders WHERE ticket_id IN (SELECT id FROM bench_tickets)")
}

# pgbench: the SQL the handler runs (orders_create, and for a taken listing the
# session's stock, a copy of waitroom.c's waitroom_stock), for a random buyer among the
# first STORM_BUYERS and a random listing, on PGBENCH_CLIENTS connections.
PGBENCH_CLIENTS=${BENCH_PGBENCH_CLIENTS:-8}
storm_pgbench() {
    listings_reset "$STORM_LISTINGS"
    cat >"$OUT/reserve.sql" <<SQL
\set b random(1, $STORM_BUYERS)
\set t random(1, $STORM_LISTINGS)
SELECT (r.result = 'not_available')::int AS taken
  FROM marquee_order_create((SELECT id FROM bench_buyers WHERE n = :b),
    (SELECT id FROM bench_tickets WHERE n = :t), 900, 4) r \gset
\if :taken
SELECT s.session_id,
       count(*) FILTER (WHERE marquee_ticket_status(x.status, x.held_until) = 'available'),
       count(*) FILTER (WHERE marquee_ticket_status(x.status, x.held_until) = 'reserved'),
       coalesce(ceil(extract(epoch FROM min(x.held_until) FILTER (
           WHERE x.status = 'reserved' AND x.held_until > now()) - now())), 0)::int8
FROM tickets s
JOIN tickets x ON x.session_id = s.session_id
WHERE s.id = (SELECT id FROM bench_tickets WHERE n = :t)
GROUP BY s.session_id;
\endif
SQL
    PGPASSWORD=${PGPASSWORD:-} "$PGBIN/pgbench" -n -h 127.0.0.1 -p "$PG_PORT" -U marquee \
        -c "$PGBENCH_CLIENTS" -j 2 -T "$DURATION" -f "$OUT/reserve.sql" marquee \
        >"$OUT/pgbench-$1.txt" 2>&1
    RPS[$1]=$(awk '/^tps = / { printf "%.0f", $3 }' "$OUT/pgbench-$1.txt")
    say "pgbench $1: ${RPS[$1]} tps"
}

# The libfcgi floor for the same requests: bench/fcgi-static answering a 201's bytes
# on the app's socket behind the same nginx.
storm_responder() {
    api_stop >/dev/null
    rm -f "$SOCK"
    "$BUILD/bench/fcgi-static" "$SOCK" "$OUT/order.json" "$(nproc)" >>"$VAR/log/fcgi-static.log" 2>&1 &
    local pid=$!
    wait_for 10 responder_up || die "fcgi-static did not start"
    buyers_run "$1" storm "$STORM_BUYERS" "$DURATION" 0
    kill "$pid"
    wait "$pid" 2>/dev/null || true
    serve WAITING_ROOM_RATE=0
}
responder_up() { [ -S "$SOCK" ]; }

part_storm() {
    make -s --no-print-directory -C "$BUILD" -j"$(nproc)" bench/fcgi-static
    serve RESPONSE_CACHE_TTL=30 EDGE_CACHE_SECONDS=1 WAITING_ROOM_RATE=0
    listings_reset "$STORM_LISTINGS"
    curl -fsS -o "$OUT/order.json" -H "Authorization: Bearer $(head -n 1 "$OUT/tokens-all.txt")" \
        -H 'Content-Type: application/json' \
        -d "{\"ticketId\":\"$(head -n 1 "$OUT/tickets.txt")\"}" "http://127.0.0.1:$PORT/api/orders"
    storm_app storm.1
    storm_pgbench pgbench.1
    storm_responder responder.1
    storm_responder responder.2
    storm_pgbench pgbench.2
    storm_app storm.2
    local r
    for r in storm pgbench responder; do
        RPS[$r]=$(awk -v a="${RPS[$r.1]}" -v b="${RPS[$r.2]}" 'BEGIN { printf "%.0f", (a + b) / 2 }')
    done
    P99[storm]=$(awk -v a="${P99[storm.1]}" -v b="${P99[storm.2]}" 'BEGIN { print (b + 0 > a + 0) ? b : a }')
    P99[responder]=$(awk -v a="${P99[responder.1]}" -v b="${P99[responder.2]}" 'BEGIN { print (b + 0 > a + 0) ? b : a }')
    RPS[bound]=$(awk -v p="${RPS[pgbench]}" -v r="${RPS[responder]}" 'BEGIN { printf "%.0f", 1 / (1 / p + 1 / r) }')
}

report_storm() {
    local rb rp
    rb=$(ratio "${RPS[storm]}" "${RPS[bound]}")
    rp=$(ratio "${RPS[storm]}" "${RPS[pgbench]}")
    cat <<MD
### Order storm (issue 12)

$STORM_BUYERS buyers (one keep-alive connection and one account each, \`bench/buyers storm\`)
over $STORM_LISTINGS listings of one session, waiting room off, for ${DURATION} s: every answer is
followed at once by the buyer's next attempt (the next listing). A run starts with
$STORM_LISTINGS fresh listings, so its first attempts take them and the rest are refused (409,
or 429 for a buyer holding \`MAX_ACTIVE_HOLDS\`): the rate is of reserve transactions under
contention, not of sales. References in the same run, A-B-B-A (app, pgbench, responder,
responder, pgbench, app): \`pgbench -c $PGBENCH_CLIENTS -j 2\` running the SQL the handler
runs (\`marquee_order_create\` for a random buyer and listing, fresh listings too, and for a
taken listing the session's stock), and
\`bench/fcgi-static\` answering a 201's bytes on the app's socket behind the same nginx
(the same $STORM_BUYERS buyers).

| run | app answers/s | p99 ms | orders | tickets held twice at once | 5xx + connection errors | nginx busy 429s |
|---|---:|---:|---:|---:|---:|---:|
| app, round 1 | ${RPS[storm.1]} | ${P99[storm.1]} | ${NOTE[storm.1.orders]} | ${NOTE[storm.1.double]} | ${ERRS[storm.1]} | ${KV[storm.1.busy]} |
| app, round 2 | ${RPS[storm.2]} | ${P99[storm.2]} | ${NOTE[storm.2.orders]} | ${NOTE[storm.2.double]} | ${ERRS[storm.2]} | ${KV[storm.2.busy]} |
| pgbench, reserve call (tps) | ${RPS[pgbench.1]} / ${RPS[pgbench.2]} | | | | |
| libfcgi responder | ${RPS[responder.1]} / ${RPS[responder.2]} | ${P99[responder]} | | | |

- Bound 1 / (1/pgbench + 1/responder) = ${RPS[bound]}/s; the app: ${RPS[storm]}/s = **$rb** of it
  (target ≥ 0.6: $(verdict "$rb" 0.6 ">=")), $rp × pgbench alone.
- Double-sold: ${NOTE[storm.1.double]} + ${NOTE[storm.2.double]} tickets with overlapping holds (checked in SQL
  over every order of each run; \`ORDER_HOLD_SECONDS\` = 900 outlasts a run, so a listing has
  at most one order per run).

MD
}

# --- the rush: 2000 buyers on 100 listings, the hot page beside them ---------------

RUSH_BUYERS=${BENCH_RUSH_BUYERS:-2000}
RUSH_SECONDS=${BENCH_RUSH_SECONDS:-20}
RUSH_SPREAD_MS=${BENCH_RUSH_SPREAD_MS:-1000}
WR_RATE=${BENCH_WR_RATE:-50}

# rush_run NAME RATE: fresh listings, the buyers (arriving over RUSH_SPREAD_MS) and, at
# the same time, the hot event page at RUSH_CONNS / 2 connections through nginx's cache.
rush_run() {
    local name=$1 rate=$2 w
    serve RESPONSE_CACHE_TTL=30 EDGE_CACHE_SECONDS=1 WAITING_ROOM_RATE="$rate" \
        WAITING_ROOM_PER_ADDRESS=1000000 WAITING_ROOM_PLACE_SECONDS=30
    listings_reset "$STORM_LISTINGS"
    curl -fsS -o /dev/null "http://127.0.0.1:$PORT$PAGE"
    wrk -t1 -c"$((RUSH_CONNS / 2))" -d"${RUSH_SECONDS}s" --timeout 30s --latency \
        "http://127.0.0.1:$PORT$PAGE" >"$OUT/wrk-$name-page.txt" &
    w=$!
    buyers_run "$name" rush "$RUSH_BUYERS" "$RUSH_SECONDS" "$RUSH_SPREAD_MS"
    wait "$w"
    wrk_parse "$name-page" "$OUT/wrk-$name-page.txt"
    NOTE[$name.double]=$(double_holds)
    NOTE[$name.orders]=$(sql "SELECT count(*) FROM orders WHERE status = 'created'
                              AND ticket_id IN (SELECT id FROM bench_tickets)")
}

part_rush() {
    rush_run rush-off 0
    rush_run rush-on "$WR_RATE"
}

rush_row() {
    local n=$1
    printf '| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n' "$2" \
        "${KV[$n.answers]}" "${KV[$n.busy]}" "${KV[$n.p99_ms]}" "${KV[$n.max_ms]}" "${NOTE[$n.orders]}" \
        "${NOTE[$n.double]}" "${KV[$n.status_5xx]}" "${KV[$n.status_202]:-0}" \
        "${KV[$n.still_waiting]}" "${KV[$n.spearman]}" "${KV[$n.winners_among_first_arrivals]}"
}

report_rush() {
    cat <<MD
### The rush: $RUSH_BUYERS buyers on $STORM_LISTINGS listings

\`bench/buyers rush\`: $RUSH_BUYERS buyers (an account and a keep-alive connection each) arrive over
${RUSH_SPREAD_MS} ms in a known order, each ordering a listing (buyer i starts at listing i mod
$STORM_LISTINGS and moves to the next when told it is taken). A buyer stops at a clear end: an
order, "sold out", "all held" (409 with Retry-After), or the end of the run
(${RUSH_SECONDS} s); after a 202 it asks again after Retry-After. All buyers come from 127.0.0.1,
so \`WAITING_ROOM_PER_ADDRESS\` is set out of the way. At the same time the hot event page is
asked at $((RUSH_CONNS / 2)) connections through nginx's cache. First without the waiting room
(the reference for fairness), then with it (\`WAITING_ROOM_RATE=$WR_RATE\`).

| waiting room | answers | nginx busy 429s | p99 ms | max ms | orders (SQL) | tickets held twice | 5xx | 202s | still in line at the end | Spearman arrival/order | winners among the first $STORM_LISTINGS arrivals |
|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|
$(rush_row rush-off "off")
$(rush_row rush-on "on, $WR_RATE attempts/s")

| run | req/s | p99 ms | errors |
|---|---:|---:|---:|
$(row "hot event page during the rush, room off" rush-off-page)
$(row "hot event page during the rush, room on" rush-on-page)

- Exactly $STORM_LISTINGS orders: off ${NOTE[rush-off.orders]}, on ${NOTE[rush-on.orders]}; tickets held twice: ${NOTE[rush-off.double]} / ${NOTE[rush-on.double]};
  5xx: ${KV[rush-off.status_5xx]} / ${KV[rush-on.status_5xx]}.
- p99 of every answer < 200 ms: off $(verdict "${KV[rush-off.p99_ms]}" 200 "<="), on $(verdict "${KV[rush-on.p99_ms]}" 200 "<=").
- Statuses, room on: $(grep '^status_[0-9]' "$OUT/buyers-rush-on.txt" | tr '\n' ' '); room off: $(grep '^status_[0-9]' "$OUT/buyers-rush-off.txt" | tr '\n' ' ').

MD
}

verdict() { awk -v v="$1" -v t="$2" -v op="$3" 'BEGIN { ok = op == "<=" ? v <= t : v >= t
    print ok ? "met" : "**NOT met**" }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }'; }
row() { printf '| %s | %s | %s | %s |\n' "$1" "${RPS[$2]:--}" "${P99[$2]:--}" "${ERRS[$2]:--}"; }

report_hot() {
    local rp rj down down30
    down=$(awk -v a="${ERRS[pgdown-page]}" -v b="${ERRS[pgdown-json]}" 'BEGIN { print a + b }')
    down30=$(awk -v a="${ERRS[pgdown30-page]}" -v b="${ERRS[pgdown30-json]}" 'BEGIN { print a + b }')
    rp=$(ratio "${RPS[edge-page]}" "${RPS[static-page]}")
    rj=$(ratio "${RPS[edge-json]}" "${RPS[static-json]}")
    cat <<MD
### Hot pages

The hot event (\`$PAGE\`, $(stat -c %s "$BUILD/public/rush-page.html") bytes; \`$JSON\`,
$(stat -c %s "$BUILD/public/rush-event.json") bytes) through nginx's cache (\`EDGE_CACHE_SECONDS=1\`,
\`RESPONSE_CACHE_TTL=30\`), $RUSH_CONNS connections, \`wrk -t$THREADS -d${DURATION}s\` after a 2 s warm-up,
against nginx serving the same bytes as a static file; A-B-B-A, means of the two rounds,
worse p99.

| run | req/s | p99 ms | errors |
|---|---:|---:|---:|
$(row "event page through nginx's cache" edge-page)
$(row "the same bytes as a static file" static-page)
$(row "\`/api/events/{id}\` through nginx's cache" edge-json)
$(row "the same bytes as a static file" static-json)

- Event page: **$rp** × the static file (target ≥ 0.8: $(verdict "$rp" 0.8 ">=")); p99 ${P99[edge-page]} ms
  against the file's ${P99[static-page]} ms: the 50 ms target $(verdict "${P99[edge-page]}" 50 "<="); nginx's own file is the
  floor here ($(verdict "${P99[edge-page]}" "$(awk -v s="${P99[static-page]}" 'BEGIN { print s * 1.25 }')" "<=") within 1.25 × of it).
- \`/api/events/{id}\`: **$rj** × the static file ($(verdict "$rj" 0.8 ">=")); p99 ${P99[edge-json]} ms against
  ${P99[static-json]} ms ($(verdict "${P99[edge-json]}" 50 "<=") for 50 ms).

Postgres transactions (\`pg_stat_database\` xact_commit + xact_rollback of the database,
before and after; marquee-relay stopped; the app's response cache off so that every
refresh of nginx's entry reaches Postgres), $RUSH_CONNS connections for ${DURATION} s:

| URL | requests | transactions | per second | per render |
|---|---:|---:|---:|---:|
| event page | ${NOTE[page.requests]} | ${NOTE[page.xacts]} | ${NOTE[page.per-second]} | ${NOTE[page.per-render]} |
| \`/api/events/{id}\` | ${NOTE[json.requests]} | ${NOTE[json.xacts]} | ${NOTE[json.per-second]} | ${NOTE[json.per-render]} |

With the validity of 1 s, one render per URL per second is ${NOTE[page.per-render]} (page) and
${NOTE[json.per-render]} (JSON) transactions a second. With the response cache on (the default), a refresh is
answered from Redis and Postgres sees nothing until the entry's 30 s end or an
invalidation.

Postgres stopped after ${DURATION} s of a $((3 * DURATION)) s run and started ${DURATION} s later, both URLs
under load ($((RUSH_CONNS / 2)) connections each); first with the app's response cache off (every
refresh of nginx's entry needs Postgres), then with it at its default (30 s). A request 2 s
into the outage got \`${NOTE[pgdown.cache]}\` (cache off) and \`${NOTE[pgdown30.cache]}\` (30 s).

| run | req/s | p99 ms | errors |
|---|---:|---:|---:|
$(row "event page, response cache off" pgdown-page)
$(row "\`/api/events/{id}\`, response cache off" pgdown-json)
$(row "event page, response cache 30 s" pgdown30-page)
$(row "\`/api/events/{id}\`, response cache 30 s" pgdown30-json)

Errors with Postgres down: $down with the response cache off, $down30 with it on (target 0:
$(verdict "$down" 0 "<=") / $(verdict "$down30" 0 "<=")). With the cache off the errors are the app's 503s passed
through: nginx 1.22 serves its stale copy for \`stale-if-error\` only when the upstream
connection fails, not when the app answers 503, and nginx/marquee.conf has no
\`fastcgi_cache_use_stale http_503\` (which would have no time bound). With the default
settings the Redis copy (30 s) carries the page through a shorter outage.

MD
}

report() {
    cat <<MD
<!-- rush-bench -->
## The rush (bench/rush.sh)

Written by \`bench/rush.sh $*\` on $(date -u '+%Y-%m-%d %H:%M UTC') in $(($(date +%s) - STARTED_AT)) s: commit
$(git -C "$ROOT" rev-parse --short HEAD)$(git -C "$ROOT" diff --quiet 2>/dev/null || echo ' plus uncommitted changes'), release build, $(nproc) CPUs ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')) shared by
wrk, nginx, the workers (WORKERS=${WORKERS:-2}), Redis and Postgres, **and by three other
engineers' builds, tests and benchmarks at the same time**: absolute figures are low and
noisy, ratios to the references measured beside them are what to read. $EVENTS events
(\`marquee-datagen --seed 42\`).

MD
    local p
    for p in "$@"; do "report_$p"; done
    echo "<!-- /rush-bench -->"
}

main() {
    local parts=("$@")
    [ ${#parts[@]} -gt 0 ] || parts=(hot storm rush)
    stack_select
    stack_env
    mkdir -p "$VAR/log" "$OUT"
    trap cleanup EXIT
    trap 'exit 130' INT TERM
    setup
    pick_event
    market_setup
    local p
    for p in "${parts[@]}"; do "part_$p"; done
    report "${parts[@]}" >"$OUT/section.md"
    write_section rush "$OUT/section.md"
}

main "$@"
