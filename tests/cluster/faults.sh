# shellcheck shell=bash
# The cluster's fault tests (`scripts/dev test-cluster`, a suite of `scripts/dev
# test`): on a fresh `scripts/dev cluster` (scripts/lib/cluster.sh), under steady
# load through nginx, one failure at a time:
#
#   app host      kill -9 app1 (master and workers, a crashed host): 0 failed GETs;
#                 back, it takes traffic again
#   replica       stopped: catalogue reads move to the primary with 0 errors; started,
#                 they come back to it; replay paused: bypassed (health "lagging")
#   redis master  kill -9: Sentinel promotes the replica; a signed-in user stays
#                 signed in (0 errors); the relay publishes again; stream entries lost
#   pg primary    kill -9 pg1, promote pg2: writes fail for a bounded time (< 10 s),
#                 then succeed; acknowledged writes missing afterwards are counted
#
# Load: curl loops (one request at a time each), every answer recorded as
# "<ms> <status>" lines. Waits are bounded polls (wait_for), never fixed sleeps,
# except the load windows themselves. Prints the table the issue asks for and
# fails on any broken expectation.

FT_FAILS=0
FT_OFFSET=100
FT_ROWS=()

ft_fail() {
    warn "cluster test: $*"
    FT_FAILS=$((FT_FAILS + 1))
}
ft_row() { FT_ROWS+=("$(printf '%-50s %9s %7s %10s %10s' "$@")"); }

# ft_load NAME ARGS...: curl ARGS in a loop until $FT/stop exists, into $FT/NAME.
ft_load() {
    local name=$1 code
    shift
    : >"$FT/$name"
    (
        while [ ! -e "$FT/stop" ]; do
            code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "$@") || true
            echo "$(now_ms) $code" >>"$FT/$name"
        done
    ) &
    FT_PIDS+=("$!")
}
ft_load_start() {
    rm -f "$FT/stop"
    FT_PIDS=()
}
ft_load_stop() {
    local p
    touch "$FT/stop"
    for p in "${FT_PIDS[@]}"; do wait "$p" 2>/dev/null || true; done
}
ft_count() { wc -l <"$FT/$1"; }
ft_errors() { awk '$2 !~ /^2/' "$FT/$1" | wc -l; }
# ft_recovery NAME T0: seconds from T0 (ms) to the last failed answer (0 if none).
ft_recovery() {
    awk -v t0="$2" '$2 !~ /^2/ && $1 > last { last = $1 } END {
        if (last) printf "%.1f", (last - t0) / 1000; else print "0" }' "$FT/$1"
}
ft_get() { curl -fsS --max-time 5 "$@"; }
ft_health_has() { ft_get "$CL_URL/api/health" 2>/dev/null | grep -q "$1"; }
# ft_window SECONDS: lets the load run (the one fixed wait: the length of a load window).
ft_window() { sleep "$1"; }

# Statements over events that a Postgres host has run: whether catalogue reads reach it.
ft_scans() {
    cl_psql "$1" -d marquee -tAc "select coalesce(sum(calls), 0) from pg_stat_statements where query ~* 'from\s+(events|event_sessions)\M'" 2>/dev/null
}
ft_reads_reach() {
    local before=$2
    # an offset no one asked before: not answered from a cache
    ft_get "$CL_URL/api/events?limit=5&sort=name&offset=$((FT_OFFSET++))" >/dev/null 2>&1
    [ "$(ft_scans "$1")" -gt "$before" ]
}

ft_app_host() {
    local t0 pid served_before served_after ev u
    ft_user || {
        ft_fail "cannot register a user"
        return 0
    }
    u=$FT_USERNAME
    ev=$(cl_psql 0 -d marquee -tAc "select id from events order by id limit 1")
    ft_load_start
    ft_load gets "${FT_GET[@]}"
    ft_load gets2 "$CL_URL/api/genres" -H 'Cache-Control: no-cache'
    # writes and sign-ins alongside: one request in flight each may be lost with the host
    ft_load signins -X POST -H 'Content-Type: application/json' \
        -d "{\"login\":\"$u\",\"password\":\"correct horse battery\"}" "$CL_URL/api/auth/login"
    ft_load favs -X PUT -H "Authorization: Bearer $FT_TOKEN" "$CL_URL/api/users/$FT_UID/favorites/$ev"
    ft_window 2
    pid=$(cl_api_pid 0)
    t0=$(now_ms)
    say "cluster test: kill -9 app1 (process group $pid)"
    kill -KILL -- "-$pid"
    ft_window 4
    cl_api_start 0
    served_before=$(grep -c 'event=request' "$CL/log/api1.log")
    # fail_timeout=5s: nginx tries it again, then keeps sending it its share
    wait_for 20 ft_app1_serves "$served_before" || ft_fail "app1 took no traffic after its restart"
    ft_load_stop
    served_after=$(grep -c 'event=request' "$CL/log/api1.log")
    local n=$(($(ft_count gets) + $(ft_count gets2))) e=$(($(ft_errors gets) + $(ft_errors gets2)))
    ft_row "app host killed (GET)" "$n" "$e" "$(ft_recovery gets "$t0")" "-"
    [ "$e" = 0 ] || ft_fail "$e failed GETs while app1 was killed"
    n=$(($(ft_count signins) + $(ft_count favs)))
    e=$(($(ft_errors signins) + $(ft_errors favs)))
    ft_row "app host killed (sign-in POST, favorite PUT)" "$n" "$e" "$(ft_recovery signins "$t0")" "-"
    ((e <= 2)) || ft_fail "$e failed sign-ins and favorites while app1 was killed (at most 2 in flight)"
    say "cluster test: app1 served $((served_after - served_before)) requests after its restart"
}
ft_app1_serves() { [ "$(grep -c 'event=request' "$CL/log/api1.log")" -gt $(($1 + 5)) ]; }

ft_replica() {
    local t0 before
    ft_load_start
    ft_load reads "${FT_GET[@]}"
    ft_window 2
    t0=$(now_ms)
    cl_pg_stop 1 fast
    wait_for 10 ft_health_has '"replica":"unavailable"' || ft_fail "health did not report the replica down"
    ft_window 2
    before=$(ft_scans 0)
    wait_for 10 ft_reads_reach 0 "$before" || ft_fail "catalogue reads did not reach the primary with the replica down"
    cl_pg_start 1
    wait_for 15 ft_health_has '"replica":"ok"' || ft_fail "health did not report the replica back"
    before=$(ft_scans 1)
    wait_for 10 ft_reads_reach 1 "$before" || ft_fail "catalogue reads did not come back to the replica"
    ft_load_stop
    ft_row "replica stopped and started" "$(ft_count reads)" "$(ft_errors reads)" "$(ft_recovery reads "$t0")" "-"
    [ "$(ft_errors reads)" = 0 ] || ft_fail "$(ft_errors reads) failed reads while the replica was stopped"

    # Paused replay while the primary writes: the replica falls behind and is bypassed.
    ft_load_start
    ft_load lag "${FT_GET[@]}"
    cl_psql 1 -d marquee -c "select pg_wal_replay_pause()" >/dev/null
    t0=$(now_ms)
    cl_psql 0 -d marquee -c "create table if not exists cluster_probe (n int); insert into cluster_probe select generate_series(1, 1000)" >/dev/null
    wait_for 15 ft_health_has '"replica":"lagging"' || ft_fail "health did not report the paused replica as lagging"
    # every worker checks the replica within PG_REPLICA_CHECK_MS
    ft_window 2
    before=$(ft_scans 1)
    ft_window 2
    [ "$(ft_scans 1)" = "$before" ] || ft_fail "a lagging replica still served catalogue reads"
    cl_psql 1 -d marquee -c "select pg_wal_replay_resume()" >/dev/null
    wait_for 15 ft_health_has '"replica":"ok"' || ft_fail "health did not report the replica caught up"
    ft_load_stop
    ft_row "replica lagging (replay paused)" "$(ft_count lag)" "$(ft_errors lag)" "$(ft_recovery lag "$t0")" "-"
    [ "$(ft_errors lag)" = 0 ] || ft_fail "$(ft_errors lag) failed reads while the replica lagged"
}

# A user signed in through app host 1 or 2 (Bearer token), for the session tests.
ft_user() {
    local u="ft$RANDOM$RANDOM" out
    FT_USERNAME=$u
    out=$(curl -s -X POST -H 'Content-Type: application/json' \
        -d "{\"email\":\"$u@example.com\",\"username\":\"$u\",\"password\":\"correct horse battery\"}" \
        "$CL_URL/api/auth/register") || return 1
    FT_UID=$(sed -n 's/.*"id":"\([^"]*\)".*/\1/p' <<<"$out")
    out=$(curl -s -X POST -H 'Content-Type: application/json' \
        -d "{\"login\":\"$u\",\"password\":\"correct horse battery\"}" "$CL_URL/api/auth/login") || return 1
    FT_TOKEN=$(sed -n 's/.*"token":"\([^"]*\)".*/\1/p' <<<"$out")
    [ -n "$FT_UID" ] && [ -n "$FT_TOKEN" ]
}

ft_stream_has() {
    cl_redis_cli "$(cl_redis_master)" "$CL_REDIS_PORT" xrange marquee:events - + 2>/dev/null | grep -q "$1"
}

ft_redis() {
    local t0 new id lost=0 rec
    ft_user || {
        ft_fail "cannot register a user"
        return 0
    }
    ft_load_start
    ft_load me "$CL_URL/api/auth/me" -H "Authorization: Bearer $FT_TOKEN"
    ft_window 2
    t0=$(now_ms)
    cl_redis_kill 0
    wait_for 30 ft_redis_moved || ft_fail "Sentinel did not promote the Redis replica"
    new=$(cl_redis_master)
    rec=$(awk -v t0="$t0" -v t="$(now_ms)" 'BEGIN { printf "%.1f", (t - t0) / 1000 }')
    wait_for 15 ft_health_has '"redis":"ok"' || ft_fail "health did not report Redis back (master $new)"
    # the relay publishes again: an outbox row written now reaches the new master
    id=$(cl_psql 0 -d marquee -tAc "select marquee_emit('cluster.probe', 'probe', 1, '{}'::jsonb)" 2>/dev/null ||
        cl_psql 1 -d marquee -tAc "select marquee_emit('cluster.probe', 'probe', 1, '{}'::jsonb)")
    wait_for 15 ft_outbox_sent || ft_fail "the relay did not publish after the Redis failover"
    ft_window 1
    ft_load_stop
    # envelopes acknowledged by the old master that never reached the replica
    lost=$(ft_stream_lost)
    ft_row "redis master killed (session)" "$(ft_count me)" "$(ft_errors me)" "$rec" "$lost"
    [ "$(ft_errors me)" = 0 ] || ft_fail "$(ft_errors me) failed signed-in requests during the Redis failover"
    say "cluster test: redis master now $new; stream entries lost: $lost (documented: not yet replicated)"
    : "$id"
    cl_redis_start 0 # back as an empty server: Sentinel makes it a replica of the new master
}
ft_redis_moved() { [ "$(cl_redis_master)" = "${CL_REDIS[1]}" ]; }
ft_outbox_sent() { ft_outbox_sent_on 0; }
ft_outbox_sent_on() {
    [ "$(cl_psql "$1" -d marquee -tAc "select count(*) from outbox where sent_at is null" 2>/dev/null)" = 0 ]
}
# ft_stream_lost: outbox rows stamped sent whose envelope id is not in the stream.
ft_stream_lost() {
    cl_redis_cli "$(cl_redis_master)" "$CL_REDIS_PORT" xrange marquee:events - + 2>/dev/null >"$FT/stream"
    cl_psql 0 -d marquee -tAc "select id from outbox where sent_at is not null" >"$FT/sent"
    grep -cvxFf "$FT/stream" "$FT/sent" || true
}

# Writes for the failover test: favorites of one user, one event each, in order.
ft_writes() {
    local code
    : >"$FT/acked"
    : >"$FT/writes"
    (
        while read -r ev && [ ! -e "$FT/stop" ]; do
            code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 -X PUT \
                -H "Authorization: Bearer $FT_TOKEN" "$CL_URL/api/users/$FT_UID/favorites/$ev") || true
            echo "$(now_ms) $code" >>"$FT/writes"
            case $code in 2*) echo "$ev" >>"$FT/acked" ;; esac
        done <"$FT/events"
    ) &
    FT_PIDS+=("$!")
}

ft_primary() {
    local t0 lost down
    ft_user || {
        ft_fail "cannot register a user"
        return 0
    }
    cl_psql 0 -d marquee -tAc "select id from events order by id limit 3000" >"$FT/events"
    ft_load_start
    ft_writes
    ft_load preads "${FT_GET[@]}"
    ft_window 3
    t0=$(now_ms)
    cl_pg_kill 0
    cl_pg_promote 1
    wait_for 30 ft_write_after "$t0" || ft_fail "no write succeeded after the failover"
    ft_window 2
    ft_load_stop
    # from the kill to the first acknowledged write after the last failed one
    down=$(awk -v t0="$t0" '$1 > t0 && $2 !~ /^2/ { last = $1 } $1 > t0 { t[NR] = $1; ok[NR] = ($2 ~ /^2/) }
        END { for (i = 1; i <= NR; i++) if (ok[i] && t[i] > last) { first = t[i]; break }
              printf "%.1f", last ? (first - t0) / 1000 : 0 }' "$FT/writes")
    lost=0
    local ev
    while read -r ev; do
        [ "$(cl_psql 1 -d marquee -tAc "select count(*) from favorites where user_id = '$FT_UID' and event_id = '$ev'")" = 1 ] ||
            lost=$((lost + 1))
    done <"$FT/acked"
    ft_row "pg primary killed, replica promoted ($(cl_mode))" "$(ft_count writes)" "$(ft_errors writes)" "$down" "$lost"
    say "cluster test: $(wc -l <"$FT/acked") writes acknowledged, $lost missing on the new primary; reads: $(ft_count preads) with $(ft_errors preads) errors"
    awk -v d="$down" 'BEGIN { exit !(d < 10) }' || ft_fail "writes failed for ${down}s after the primary died (target < 10 s)"
    # the relay (never restarted) follows: an outbox row on the new primary is published
    cl_psql 1 -d marquee -tAc "select marquee_emit('cluster.probe', 'failover', 1, '{}'::jsonb)" >/dev/null
    wait_for 20 ft_outbox_sent_on 1 || ft_fail "marquee-relay did not publish from the new primary"
    cl_relay_pid >/dev/null || ft_fail "marquee-relay is not running after the failover"
    # a job started now finds the new primary through the same DATABASE_URL
    quiet "$FT/expire.log" cl_prog marquee-expire
    if cl_sync && [ "$lost" != 0 ]; then ft_fail "$lost acknowledged writes lost in synchronous mode"; fi
}
ft_write_after() { awk -v t0="$1" '$1 > t0 + 0 && $2 ~ /^2/ { found = 1 } END { exit !found }' "$FT/writes"; }

cmd_test_cluster() {
    local rc
    pg_find
    cluster_select
    FT=$CL.test
    FT_GET=("$CL_URL/api/events?limit=10" -H 'Cache-Control: no-cache')
    rm -rf "$FT"
    mkdir -p "$FT"
    cluster_lock
    say "cluster test: a fresh cluster on $CL_NET.1-10, replication $(cl_mode)"
    cluster_wipe
    cluster_up
    ft_app_host
    ft_replica
    ft_redis
    ft_primary
    printf '\n%-50s %9s %7s %10s %10s\n' scenario requests errors recovery_s rows_lost
    printf '%s\n' "${FT_ROWS[@]}"
    printf 'replication: %s (MARQUEE_CLUSTER_SYNC=%s)\n\n' "$(cl_mode)" "${MARQUEE_CLUSTER_SYNC:-0}"
    printf '%s\n' "${FT_ROWS[@]}" >"$FT/table.txt"
    rc=$FT_FAILS
    [ -n "${MARQUEE_CLUSTER_KEEP:-}" ] || cluster_wipe
    [ "$rc" = 0 ] || die "cluster test: $rc failure(s)"
    say "cluster test: all scenarios passed"
}
