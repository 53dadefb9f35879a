# shellcheck shell=bash
# Measurements for bench/run.sh: parameters picked from the data, wrk runs,
# pgbench runs of each handler's SQL, EXPLAINs and the worker RSS soak.
# Results land in the associative arrays below, read by bench/lib/report.sh.
# shellcheck disable=SC2034 # read by bench/lib/report.sh

US=$'\x1f' # separates a call's statement name and parameters
NUL='\N'   # a NULL parameter in a call

ENDPOINTS=(list genre range detail sessions)
REFS=(static fcgi)
# The list endpoints, which the ≥ 0.7 × pgbench target applies to.
LIST_ENDPOINTS=(list genre range sessions)

declare -A LABEL URL CALLS COUNT_CALL BYTES XCACHE
declare -A RPS P50 P99 REQS ERRS TPS PG_LAT PG_FAILED PG_STMTS EXPLAIN_MS PLAN_MS
declare -a SOAK_PIDS=() RSS_BEFORE=() RSS_AFTER=() RSS_SAMPLES=()
SOAK_DONE=0
SOAK_ERRS=0
SOAK_P99=0
SOAK_SECS=0
SOAK_RESPAWNED=0

bench_sql() { pg_sql -d marquee -tA "$@"; }

# sql_lit VALUE: VALUE as an SQL literal ('...' or NULL).
sql_lit() {
    if [ "$1" = "$NUL" ]; then
        echo NULL
    else
        printf "'%s'\n" "${1//\'/\'\'}"
    fi
}

urlencode() {
    local LC_ALL=C s=$1 out='' c i
    for ((i = 0; i < ${#s}; i++)); do
        c=${s:i:1}
        case $c in
        [a-zA-Z0-9.~_-]) out+=$c ;;
        *) out+=$(printf '%%%02X' "'$c") ;;
        esac
    done
    echo "$out"
}

iso_utc() { date -u -d "@$1" +%Y-%m-%dT%H:%M:%SZ; }

# call STMT PARAMS...: one statement execution as the handler makes it.
call() {
    local IFS=$US
    echo "$*"
}

# psql_call CALL SQL_TEMPLATE: runs SQL_TEMPLATE, in which @@ is the call's
# statement (pgbench form, :pN), with the call's parameters as literals.
psql_call() {
    local -a f
    local sql i
    IFS=$US read -r -a f <<<"$1"
    sql=$("$BUILD/bench/print-sql" "${f[0]}")
    for ((i = ${#f[@]} - 1; i >= 1; i--)); do
        sql=${sql//:p$i/$(sql_lit "${f[i]}")}
    done
    bench_sql <<<"${2//@@/$sql}"
}

# list_calls FROM TO GENRE: the list-by-date executions the handler makes for a
# first page of 20: the statement of its filter, prefix k = max(64, 4 * (offset +
# limit)), times 4 until exact (src/app/events/events_store.c, list_date; every row
# carries the prefix's two counts, and a first page is empty only if the range is).
list_calls() {
    local from=$1 to=$2 genre=$3 k=80 want=20 c rows distinct stmt=events_list_date
    [ "$genre" = "$NUL" ] || stmt=events_list_date_genre
    while :; do
        c=$(call "$stmt" "$from" "$to" "$genre" "$NUL" "$k" 20 0)
        echo "$c"
        IFS='|' read -r rows distinct < <(psql_call "$c" \
            "SELECT prefix_rows || '|' || distinct_events FROM (@@) t LIMIT 1")
        if ((rows < k || distinct >= want)); then
            return 0
        fi
        k=$((k * 4))
    done
}

bench_params() {
    local now tomorrow
    now=$(date +%s)
    NOW_ISO=$(iso_utc "$now")
    tomorrow=$(((now / 86400 + 1) * 86400))
    FROM_DAY=$(date -u -d "@$tomorrow" +%F)
    TO_DAY=$(date -u -d "@$((tomorrow + 7 * 86400))" +%F)
    N_EVENTS=$(bench_sql -c 'SELECT count(*) FROM events')
    N_SESSIONS=$(bench_sql -c 'SELECT count(*) FROM event_sessions')
    ((N_EVENTS > 0)) || die "bench: no events in the bench database"
    GENRE=${BENCH_GENRE:-$(bench_sql -c "SELECT genre FROM events WHERE genre IS NOT NULL
        GROUP BY genre ORDER BY lower(genre) = 'music' DESC, count(*) DESC LIMIT 1")}
    # An event with several upcoming sessions: the most common count of 3 or more.
    EVENT_ID=${BENCH_EVENT_ID:-$(bench_sql -c "WITH c AS (SELECT event_id, count(*) AS n
        FROM event_sessions WHERE start_at >= now() GROUP BY event_id HAVING count(*) >= 3),
        mode AS (SELECT n FROM c GROUP BY n ORDER BY count(*) DESC, n DESC LIMIT 1)
        SELECT min(event_id) FROM c WHERE n = (SELECT n FROM mode)")}
    [ -n "$EVENT_ID" ] || die "bench: no event with 3 or more upcoming sessions"
    EVENT_SESSIONS=$(bench_sql -c "SELECT count(*) FROM event_sessions WHERE event_id = '$EVENT_ID'")

    LABEL[list]="GET /api/events?limit=20"
    URL[list]="/api/events?limit=20"
    LABEL[genre]="GET /api/events?genre=$GENRE"
    URL[genre]="/api/events?genre=$(urlencode "$GENRE")"
    LABEL[range]="GET /api/events?from=$FROM_DAY&to=$TO_DAY"
    URL[range]="/api/events?from=$FROM_DAY&to=$TO_DAY"
    LABEL[detail]="GET /api/events/{id}"
    URL[detail]="/api/events/$EVENT_ID"
    LABEL[sessions]="GET /api/events/{id}/sessions"
    URL[sessions]="/api/events/$EVENT_ID/sessions"
    LABEL[static]="nginx static file (same bytes as /api/events?limit=20)"
    URL[static]="/static.json"
    LABEL[fcgi]="libfcgi static responder behind nginx (same bytes)"
    URL[fcgi]="/fcgi"

    # What each handler sends to Postgres for those URLs (from = now, to = infinity
    # when not given; the date list may take several prefix lengths).
    CALLS[list]=$(list_calls "$NOW_ISO" infinity "$NUL")
    CALLS[genre]=$(list_calls "$NOW_ISO" infinity "$GENRE")
    CALLS[range]=$(list_calls "${FROM_DAY}T00:00:00Z" "${TO_DAY}T00:00:00Z" "$NUL")
    CALLS[detail]=$(call events_get "$EVENT_ID")
    CALLS[sessions]=$(
        call events_sessions_count "$EVENT_ID" "$NOW_ISO" infinity
        call events_sessions "$EVENT_ID" "$NOW_ISO" infinity 20 0
    )
    # The lists' total: not per request (each worker caches it, see events_count),
    # so not in the pgbench transaction; explained on its own.
    if "$BUILD/bench/print-sql" -l | grep -q '^events_count '; then
        COUNT_CALL[list]=$(call events_count "$NOW_ISO" infinity "$NUL" "$NUL")
        COUNT_CALL[genre]=$(call events_count "$NOW_ISO" infinity "$GENRE" "$NUL")
        # A window of up to 14 days is counted from its sessions (events_store.c).
        COUNT_CALL[range]=$(call events_count_window "${FROM_DAY}T00:00:00Z" "${TO_DAY}T00:00:00Z" "$NUL" "$NUL")
    fi
    say "params: genre=$GENRE window=$FROM_DAY..$TO_DAY event=$EVENT_ID ($EVENT_SESSIONS sessions)"
}

base_url() {
    case $1 in
    static | fcgi) echo "http://127.0.0.1:$REF_PORT${URL[$1]}" ;;
    *) echo "http://127.0.0.1:$PORT${URL[$1]}" ;;
    esac
}

# bench_check_urls: every endpoint answers 200 with items before it is measured;
# the list's bytes become the references' body.
bench_check_urls() {
    local e code body=$OUT/body.json
    mkdir -p "$VAR/static"
    for e in "${ENDPOINTS[@]}"; do
        code=$(curl -sS -o "$body" -w '%{http_code}' --max-time 10 "$(base_url "$e")")
        [ "$code" = 200 ] || die "bench: ${LABEL[$e]} answered $code: $(head -c 300 "$body")"
        grep -q '"id"' "$body" || die "bench: ${LABEL[$e]} returned no items: $(head -c 300 "$body")"
        BYTES[$e]=$(stat -c %s "$body")
        [ "$e" != list ] || cp "$body" "$VAR/static/events.json.new"
    done
    mv -f "$VAR/static/events.json.new" "$VAR/static/events.json"
    BYTES[static]=${BYTES[list]}
    BYTES[fcgi]=${BYTES[list]}
}

# wrk_errors FILE: non-2xx answers plus socket errors in wrk's output.
wrk_errors() {
    awk '/Non-2xx or 3xx responses:/ { n += $NF }
        /Socket errors:/ { gsub(/,/, ""); n += $4 + $6 + $8 + $10 } END { print n + 0 }' "$1"
}

# --- CPU accounting: how much of the machine others used during a run ---------
# The machine may be shared (other builds and tests); each measured run records
# the share of all CPUs used by processes that are not the bench's own.

CLK_TCK=$(getconf CLK_TCK)
declare -A OTHER_CPU

# cpu_busy: jiffies the machine spent in processes (user nice system). irq and
# softirq time (loopback traffic, mostly the bench's) is in no process's times.
cpu_busy() { awk '/^cpu / { print $2 + $3 + $4; exit }' /proc/stat; }

# bench_roots: the processes whose trees are the bench's: this shell (wrk,
# pgbench, psql, curl, fcgi-static as children), Postgres, both nginx masters,
# marquee-api and Redis.
bench_roots() {
    echo $$
    head -n 1 "$VAR/pg/postmaster.pid" 2>/dev/null || true
    local f
    for f in nginx.pid nginx-ref.pid marquee-api.pid redis.pid; do
        [ ! -s "$VAR/run/$f" ] || cat "$VAR/run/$f"
    done
}

# bench_jiffies: CPU time of the bench's process trees, reaped children included.
bench_jiffies() {
    local -a todo all=()
    local pid
    mapfile -t todo < <(bench_roots)
    while ((${#todo[@]} > 0)); do
        pid=${todo[0]}
        todo=("${todo[@]:1}")
        [[ $pid =~ ^[0-9]+$ ]] || continue
        all+=("$pid")
        mapfile -t -O "${#todo[@]}" todo < <(pgrep -P "$pid" || true)
    done
    local p
    for p in "${all[@]}"; do cat "/proc/$p/stat" 2>/dev/null || true; done |
        awk '{ sub(/^.*\) /, ""); t += $12 + $13 + $14 + $15 } END { print t + 0 }'
}

CPU_MARK=
# cpu_mark: starts a measured interval.
cpu_mark() { CPU_MARK="$(date +%s%N) $(cpu_busy) $(bench_jiffies)"; }

# cpu_other NAME: records the share of all CPUs others used since cpu_mark, in %.
cpu_other() {
    local t0 b0 j0
    read -r t0 b0 j0 <<<"$CPU_MARK"
    OTHER_CPU[$1]=$(awk -v t0="$t0" -v t1="$(date +%s%N)" -v b0="$b0" -v b1="$(cpu_busy)" \
        -v j0="$j0" -v j1="$(bench_jiffies)" -v hz="$CLK_TCK" -v n="$(nproc)" 'BEGIN {
        avail = (t1 - t0) / 1e9 * hz * n
        o = ((b1 - b0) - (j1 - j0)) / avail * 100
        printf "%.0f", o < 0 ? 0 : o }')
}

# wait_quiet: up to BENCH_IDLE_WAIT seconds (120) for others to use < 10 % of the
# machine (measured over 3 s); the last measure is reported either way.
wait_quiet() {
    local deadline=$((SECONDS + ${BENCH_IDLE_WAIT:-120}))
    while :; do
        cpu_mark
        sleep 3
        cpu_other idle
        ((OTHER_CPU[idle] >= 10 && SECONDS < deadline)) || break
        say "bench: other processes use ${OTHER_CPU[idle]}% of the CPUs, waiting"
    done
    say "bench: other processes use ${OTHER_CPU[idle]}% of the CPUs"
}

# drain: waits until the app has worked off what a finished wrk run left queued.
# Requests wrk abandons at its end stay in the FastCGI socket's backlog and are
# still served; a health check queued behind them returns when they are done.
drain() {
    curl -fsS -o /dev/null --max-time 120 "http://127.0.0.1:$PORT/api/health" ||
        warn "bench: the app did not drain within 120s"
}

# wrk_cmd DURATION URL: wrk as every run uses it; a 30 s timeout so slow
# answers are measured instead of counted as socket timeouts.
wrk_cmd() {
    wrk -t"$THREADS" -c"$CONNS" -d"$1" --timeout "${WRK_TIMEOUT}s" --latency "$2"
}

# wrk_run NAME [KEY]: 2 s warm-up, then BENCH_SECONDS measured; results under KEY
# (default NAME), output in bench/out/wrk-KEY.txt.
wrk_run() {
    local name=$1 key=${2:-$1} url out
    url=$(base_url "$name")
    out=$OUT/wrk-$key.txt
    say "wrk: ${LABEL[$name]}"
    wrk_cmd 2s "$url" >/dev/null
    drain
    cpu_mark
    wrk_cmd "${DURATION}s" "$url" >"$out"
    cpu_other "$key"
    drain
    RPS[$key]=$(awk '/^Requests\/sec:/ { printf "%.0f", $2 }' "$out")
    P50[$key]=$(wrk_pct 50% "$out")
    P99[$key]=$(wrk_pct 99% "$out")
    REQS[$key]=$(awk '/requests in/ { print $1 }' "$out")
    ERRS[$key]=$(wrk_errors "$out")
    [ -n "${RPS[$key]}" ] || die "bench: cannot read wrk's output ($out)"
}

# wrk_pct PCT FILE: that latency percentile in ms, or n/a when no request
# finished within wrk's timeout (wrk then prints 0).
wrk_pct() {
    local v
    v=$(awk -v p="$1" '$1 == p { print $2 }' "$2")
    if [ -z "$v" ] || [ "$(awk '/requests in/ { print $1 }' "$2")" = "$(awk '/Socket errors:/ {
        gsub(/,/, ""); print $NF }' "$2")" ]; then
        echo n/a
    else
        to_ms "$v"
    fi
}

bench_refs() {
    local e
    for e in "${REFS[@]}"; do wrk_run "$e"; done
}

# is_generic STMT: the worker runs STMT under a generic plan (PG_GENERIC).
is_generic() { "$BUILD/bench/print-sql" -l | grep -q "^$1 [0-9]* generic$"; }

# pgbench_script NAME: writes the script (each call as the worker sends it, :pN
# renamed per call) and prints the -D options for its parameters, one per line.
pgbench_script() {
    local name=$1 script=$OUT/pgbench-$1.sql c sql i n=0
    local -a f
    : >"$script"
    while IFS= read -r c; do
        n=$((n + 1))
        IFS=$US read -r -a f <<<"$c"
        sql=$("$BUILD/bench/print-sql" --pgbench "${f[0]}")
        for ((i = ${#f[@]} - 1; i >= 1; i--)); do
            if [ "${f[i]}" = "$NUL" ]; then
                # pgbench variables are strings: a NULL parameter is written inline.
                sql=${sql//:p$i/NULL}
            else
                sql=${sql//:p$i/:c${n}p$i}
                echo "-Dc${n}p$i=${f[i]}"
            fi
        done
        echo "$sql" >>"$script"
    done <<<"${CALLS[$name]}"
}

# pgbench_run NAME KEY: 2 s warm-up, then BENCH_SECONDS of NAME's SQL; results
# under KEY, output in bench/out/pgbench-KEY.txt.
pgbench_run() {
    local name=$1 key=$2 out=$OUT/pgbench-$2.txt
    local -a defs
    mapfile -t defs < <(pgbench_script "$name")
    PG_STMTS[$name]=$(grep -c . <<<"${CALLS[$name]}")
    local -a cmd=("$PGBENCH" -n -M prepared -c "$CONNS" -j "$THREADS" -h 127.0.0.1 -p "$PG_PORT"
        -U marquee "${defs[@]}" -f "$OUT/pgbench-$name.sql")
    say "pgbench: ${LABEL[$name]} (${PG_STMTS[$name]} statement(s) per transaction)"
    "${cmd[@]}" -T 2 marquee >/dev/null 2>&1 || true
    cpu_mark
    if ! "${cmd[@]}" -T "$DURATION" marquee >"$out" 2>&1; then
        tail -n 20 "$out" >&2
        die "bench: pgbench failed for ${LABEL[$name]} (output: $out)"
    fi
    # Backends that just exited count once the postmaster has reaped them.
    sleep 0.5
    cpu_other "pg-$key"
    TPS[$key]=$(awk '/^tps = .*without initial connection time/ { printf "%.0f", $3 }' "$out")
    [ -n "${TPS[$key]}" ] || TPS[$key]=$(awk '/^tps = / { printf "%.0f", $3; exit }' "$out")
    PG_LAT[$key]=$(awk '/^latency average = / { printf "%.2f", $4 }' "$out")
    PG_FAILED[$key]=$(awk '/^number of failed transactions:/ { print $5 }' "$out")
    [ -n "${TPS[$key]}" ] || die "bench: cannot read pgbench's output ($out)"
}

# bench_pairs: each endpoint and its pgbench reference in A-B-B-A order (wrk,
# pgbench, pgbench, wrk), since this machine's speed drifts from minute to minute
# and a run tends to be slower than the one before it. Rates are the means of
# the two rounds, p99 the worse of the two.
bench_pairs() {
    local e
    for e in "${ENDPOINTS[@]}"; do
        wrk_run "$e" "$e.1"
        pgbench_run "$e" "$e.1"
        pgbench_run "$e" "$e.2"
        wrk_run "$e" "$e.2"
        pair_merge "$e"
    done
}

mean() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.0f", (a + b) / 2 }'; }
mean2() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (a + b) / 2 }'; }
worse() { awk -v a="$1" -v b="$2" 'BEGIN { print (b + 0 > a + 0) ? b : a }'; }

pair_merge() {
    local e=$1 a=$1.1 b=$1.2
    RPS[$e]=$(mean "${RPS[$a]}" "${RPS[$b]}")
    P50[$e]=$(mean2 "${P50[$a]}" "${P50[$b]}")
    P99[$e]=$(worse "${P99[$a]}" "${P99[$b]}")
    REQS[$e]=$((REQS[$a] + REQS[$b]))
    ERRS[$e]=$((ERRS[$a] + ERRS[$b]))
    OTHER_CPU[$e]=$(worse "${OTHER_CPU[$a]}" "${OTHER_CPU[$b]}")
    TPS[$e]=$(mean "${TPS[$a]}" "${TPS[$b]}")
    PG_LAT[$e]=$(mean2 "${PG_LAT[$a]}" "${PG_LAT[$b]}")
    PG_FAILED[$e]=$((${PG_FAILED[$a]:-0} + ${PG_FAILED[$b]:-0}))
    OTHER_CPU[pg-$e]=$(worse "${OTHER_CPU[pg-$a]}" "${OTHER_CPU[pg-$b]}")
}

# explain_calls KEY CALLS: EXPLAIN (ANALYZE, BUFFERS) of each call, executed as the
# workers do: prepared without types, under a generic plan if the worker asks for
# one, else after 5 runs (when Postgres may have switched to a generic plan of its
# own). Plans in bench/out/explain-KEY.txt.
explain_calls() {
    local key=$1 c sql args i mode out=$OUT/explain-$1.txt
    local -a f
    : >"$out"
    while IFS= read -r c; do
        IFS=$US read -r -a f <<<"$c"
        sql=$("$BUILD/bench/print-sql" --raw "${f[0]}")
        mode=auto
        ! is_generic "${f[0]}" || mode=force_generic_plan
        args=
        for ((i = 1; i < ${#f[@]}; i++)); do args+=${args:+, }$(sql_lit "${f[i]}"); done
        {
            echo "-- ${f[0]}($args), plan_cache_mode = $mode"
            bench_sql <<SQL
\\o /dev/null
SET plan_cache_mode = $mode;
PREPARE q AS $sql;
EXECUTE q($args);
EXECUTE q($args);
EXECUTE q($args);
EXECUTE q($args);
EXECUTE q($args);
\\o
EXPLAIN (ANALYZE, BUFFERS) EXECUTE q($args);
SQL
            echo
        } >>"$out"
    done <<<"$2"
    EXPLAIN_MS[$key]=$(awk '/Execution Time:/ { t += $3 } END { printf "%.2f", t }' "$out")
    PLAN_MS[$key]=$(awk '/Planning Time:/ { t += $3 } END { printf "%.2f", t }' "$out")
}

bench_explain() {
    local e
    for e in "${ENDPOINTS[@]}"; do
        explain_calls "$e" "${CALLS[$e]}"
        [ -z "${COUNT_CALL[$e]:-}" ] || explain_calls "$e-count" "${COUNT_CALL[$e]}"
    done
}

rss_kb() { awk '/^VmRSS:/ { print $2 }' "/proc/$1/status" 2>/dev/null || echo 0; }

# bench_soak: at least BENCH_SOAK_REQUESTS requests to /api/events/{id}, in ten
# wrk runs sized from the last measured rate, with each worker's RSS before the
# first and after every run. Capped at BENCH_SOAK_MAX_SECONDS (900).
bench_soak() {
    local master pid rate secs left chunk n line t0=$SECONDS out=$OUT/wrk-soak.txt
    local cap=${BENCH_SOAK_MAX_SECONDS:-900}
    master=$(api_pid) || die "bench: marquee-api is not running"
    mapfile -t SOAK_PIDS < <(pgrep -P "$master" | sort -n)
    ((${#SOAK_PIDS[@]} > 0)) || die "bench: marquee-api (pid $master) has no workers"
    for pid in "${SOAK_PIDS[@]}"; do RSS_BEFORE+=("$(rss_kb "$pid")"); done
    say "soak: $SOAK_REQUESTS requests to ${URL[detail]}, RSS of ${#SOAK_PIDS[@]} workers"
    rate=${RPS[detail]}
    chunk=$(((SOAK_REQUESTS + 9) / 10))
    SOAK_DONE=0
    SOAK_ERRS=0
    : >"$out"
    cpu_mark
    while ((SOAK_DONE < SOAK_REQUESTS && SECONDS - t0 < cap)); do
        left=$((SOAK_REQUESTS - SOAK_DONE))
        ((left < chunk)) || left=$chunk
        secs=$(((left + rate - 1) / rate))
        ((secs >= 1)) || secs=1
        ((secs <= cap - (SECONDS - t0))) || secs=$((cap - (SECONDS - t0)))
        wrk_cmd "${secs}s" "$(base_url detail)" >"$out.part"
        cat "$out.part" >>"$out"
        n=$(awk '/requests in/ { print $1 }' "$out.part")
        SOAK_DONE=$((SOAK_DONE + n))
        SOAK_ERRS=$((SOAK_ERRS + $(wrk_errors "$out.part")))
        SOAK_P99=$(awk -v a="$SOAK_P99" -v b="$(wrk_pct 99% "$out.part")" \
            'BEGIN { print (b + 0 > a + 0) ? b : a }')
        rate=$(awk '/^Requests\/sec:/ { printf "%.0f", $2 }' "$out.part")
        ((rate > 0)) || rate=1
        line="$SOAK_DONE"
        for pid in "${SOAK_PIDS[@]}"; do line+=" $(rss_kb "$pid")"; done
        RSS_SAMPLES+=("$line")
        say "soak: $line"
    done
    rm -f "$out.part"
    cpu_other soak
    drain
    SOAK_SECS=$((SECONDS - t0))
    for pid in "${SOAK_PIDS[@]}"; do RSS_AFTER+=("$(rss_kb "$pid")"); done
    local now
    mapfile -t now < <(pgrep -P "$master" | sort -n)
    [ "${now[*]}" = "${SOAK_PIDS[*]}" ] || SOAK_RESPAWNED=1
}

# bench_cached: the same URLs with marquee-api's response cache on (the runs above
# have RESPONSE_CACHE_TTL=0 so that every request runs its handler and SQL).
bench_cached() {
    local e hdr
    export RESPONSE_CACHE_TTL=$CACHE_TTL
    say "response cache: marquee-api with RESPONSE_CACHE_TTL=$CACHE_TTL"
    api_stop
    api_start
    wait_health
    for e in "${ENDPOINTS[@]}"; do
        LABEL[c-$e]="${LABEL[$e]} (response cache)"
        URL[c-$e]=${URL[$e]}
        curl -fsS -o /dev/null "$(base_url "$e")"
        hdr=$(curl -fsS -D - -o /dev/null "$(base_url "$e")" | tr -d '\r' |
            awk -F': ' 'tolower($1) == "x-cache" { print $2 }')
        XCACHE[$e]=${hdr:-none}
        wrk_run "c-$e"
    done
}
