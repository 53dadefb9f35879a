# shellcheck shell=bash
# The table bench/run.sh prints and bench/RESULTS.md, from bench/lib/measure.sh's
# arrays.

RSS_FLAT_KB=1024 # "flat": at most 1 MiB of growth per worker over the soak

# keep_sections FILE: the blocks other scripts keep in FILE between
# "<!-- name -->" and "<!-- /name -->" lines (bench/auth.sh's, say), to carry
# them over when RESULTS.md is rewritten.
keep_sections() {
    [ -f "$1" ] || return 0
    awk '/^<!-- [a-z0-9-]+ -->$/ && !open { open = $2; print ""; print; next }
        open { print; if ($0 == "<!-- /" open " -->") open = "" }' "$1"
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }'; }
ge() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a >= b) }'; }
lt() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a < b) }'; }
is_list() { [[ " ${LIST_ENDPOINTS[*]} " == *" $1 "* ]]; }

# ref_rows ENDPOINT: "reference|its rate|ratio" lines for ENDPOINT.
ref_rows() {
    local e=$1 stmts
    stmts=$(cut -d"$US" -f1 <<<"${CALLS[$e]}" | sort -u | paste -sd+)
    echo "pgbench $stmts x${PG_STMTS[$e]} ($(tx_word "$e"))|${TPS[$e]} tps|$(ratio "${RPS[$e]}" "${TPS[$e]}")"
    if [ "$e" = list ]; then
        echo "nginx static file|${RPS[static]} req/s|$(ratio "${RPS[list]}" "${RPS[static]}")"
        echo "libfcgi static responder|${RPS[fcgi]} req/s|$(ratio "${RPS[list]}" "${RPS[fcgi]}")"
    fi
}

# tx_word ENDPOINT: what one pgbench transaction of ENDPOINT holds.
tx_word() {
    local n=${PG_STMTS[$1]} w generic=
    ((n == 1)) && w="1 statement/tx" || w="$n statements/tx"
    is_generic "$(cut -d"$US" -f1 <<<"${CALLS[$1]}" | head -n 1)" &&
        generic=", generic plan: SET, statement, RESET in one pipeline"
    echo "$w$generic"
}

report_table() {
    local e first ref rate r
    echo
    printf '%-44s %8s %7s %7s  %-52s %12s %6s\n' endpoint req/s "p50 ms" "p99 ms" reference \
        "ref rate" ratio
    printf '%s\n' "$(printf '%.0s-' {1..142})"
    for e in "${ENDPOINTS[@]}"; do
        first=1
        while IFS='|' read -r ref rate r; do
            if ((first)); then
                printf '%-44s %8s %7s %7s  %-52s %12s %6s\n' "${LABEL[$e]}" "${RPS[$e]}" \
                    "${P50[$e]}" "${P99[$e]}" "$ref" "$rate" "$r"
                first=0
            else
                printf '%-44s %8s %7s %7s  %-52s %12s %6s\n' "" "" "" "" "$ref" "$rate" "$r"
            fi
        done < <(ref_rows "$e")
    done
    for e in "${REFS[@]}"; do
        printf '%-44s %8s %7s %7s  %s\n' "ref: ${e}" "${RPS[$e]}" "${P50[$e]}" "${P99[$e]}" \
            "${LABEL[$e]}"
    done
    echo
    report_targets | sed 's/^- //'
    echo
}

# report_targets: one "- target: met/NOT met (...)" line per target.
report_targets() {
    local e bad='' p99bad='' detail='' i growth worst=0
    for e in "${LIST_ENDPOINTS[@]}"; do
        detail+="${detail:+; }${LABEL[$e]} $(ratio "${RPS[$e]}" "${TPS[$e]}")"
        ge "$(ratio "${RPS[$e]}" "${TPS[$e]}")" 0.7 || bad+="${bad:+; }${LABEL[$e]}"
    done
    if [ -z "$bad" ]; then
        echo "- list endpoints ≥ 0.7 × pgbench tps: **met** ($detail)"
    else
        echo "- list endpoints ≥ 0.7 × pgbench tps: **NOT met** for $bad ($detail)"
    fi
    detail=
    for e in "${ENDPOINTS[@]}"; do
        detail+="${detail:+; }${LABEL[$e]} ${P99[$e]}"
        lt "${P99[$e]}" 10 || p99bad+="${p99bad:+; }${LABEL[$e]}"
    done
    if [ -z "$p99bad" ]; then
        echo "- p99 < 10 ms (every request running its handler): **met** (ms: $detail)"
    else
        echo "- p99 < 10 ms (every request running its handler): **NOT met** for $p99bad (ms: $detail)"
    fi
    detail=''
    p99bad=''
    for e in "${ENDPOINTS[@]}"; do
        detail+="${detail:+; }${LABEL[$e]} ${P99[c-$e]}"
        lt "${P99[c-$e]}" 10 || p99bad+="${p99bad:+; }${LABEL[$e]}"
    done
    if [ -z "$p99bad" ]; then
        echo "- p99 < 10 ms with the response cache on: **met** (ms: $detail)"
    else
        echo "- p99 < 10 ms with the response cache on: **NOT met** for $p99bad (ms: $detail)"
    fi
    for i in "${!SOAK_PIDS[@]}"; do
        growth=$((RSS_AFTER[i] - RSS_BEFORE[i]))
        ((growth <= worst)) || worst=$growth
    done
    local what="worker RSS flat over $SOAK_REQUESTS requests (growth ≤ $RSS_FLAT_KB kB per worker)"
    if ((SOAK_RESPAWNED)); then
        echo "- $what: **NOT verified**: workers were replaced during the soak"
    elif ((worst > RSS_FLAT_KB)); then
        echo "- $what: **NOT met** (largest growth $worst kB over $SOAK_DONE requests)"
    elif ((SOAK_DONE < SOAK_REQUESTS)); then
        echo "- $what: **not verified in full**: only $SOAK_DONE requests ran (largest growth $worst kB)"
    else
        echo "- $what: **met** ($SOAK_DONE requests, largest growth $worst kB)"
    fi
    local busy='' k
    for k in "${!OTHER_CPU[@]}"; do
        [ "$k" != idle ] || continue
        ((${OTHER_CPU[$k]} <= 10)) || busy+="${busy:+, }$k ${OTHER_CPU[$k]}%"
    done
    if [ -n "$busy" ]; then
        echo "- caveat: **other processes used more than 10% of the CPUs** during some runs ($busy); those numbers are low"
    fi
    local errs=0
    # shellcheck disable=SC2153
    for e in "${ENDPOINTS[@]}" "${REFS[@]}"; do errs=$((errs + ${ERRS[$e]})); done
    errs=$((errs + SOAK_ERRS))
    if ((errs > 0)); then
        echo "- errors: **$errs non-2xx or socket errors** during the runs (see bench/out/wrk-*.txt)"
    fi
}

machine_info() {
    local cpu mem os
    cpu=$(awk -F': *' '/^model name/ { print $2; exit }' /proc/cpuinfo)
    mem=$(awk '/^MemTotal:/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)
    os=$(. /etc/os-release 2>/dev/null && echo "$PRETTY_NAME" || echo unknown)
    echo "| CPU | ${cpu:-unknown}, $(nproc) CPUs available (nproc) |"
    echo "| memory | $mem |"
    echo "| OS / kernel | $os / $(uname -r) ($(uname -m)) |"
    echo "| Postgres | $("$PGBIN/postgres" --version | sed 's/^postgres (PostgreSQL) //') |"
    echo "| nginx | $("$NGINX" -v 2>&1 | sed 's/^nginx version: //') |"
    echo "| wrk | $(wrk -v 2>&1 | head -n 1 | awk '{ print $2 }') |"
    echo "| pgbench | $("$PGBENCH" --version | sed 's/^pgbench (PostgreSQL) //') |"
    echo "| libfcgi | $(dpkg-query -W -f='${Version}' libfcgi-dev 2>/dev/null || echo unknown) |"
}

build_info() {
    local cflags rev dirty=
    cflags=$(sed -n 's/^CFLAGS = //p' "$BUILD/Makefile")
    rev=$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)
    # RESULTS.md (and the .new being written) is the output, not the code measured.
    [ -z "$(git -C "$ROOT" status --porcelain -- . ':!bench/RESULTS.md*' 2>/dev/null)" ] ||
        dirty=" plus uncommitted changes"
    echo "commit $rev$dirty; ${BUILD#"$ROOT"/} configured without sanitizers, CFLAGS \`$cflags\`"
}

report_markdown() {
    local e ref rate r first i growth total_s bound
    total_s=$(($(date +%s) - STARTED_AT))
    cat <<MD
# Benchmark results

Written by \`scripts/dev bench\` (bench/run.sh) on $(date -u '+%Y-%m-%d %H:%M UTC'), in
${total_s} s${LOAD_SECONDS:+ (of which ${LOAD_SECONDS} s loading the data)}. See bench/README.md for what is measured and how.

## Machine

| | |
|---|---|
$(machine_info)

wrk, nginx, the marquee-api workers and Postgres all run on this one machine and
share its CPUs, in the measured runs and in the references alike.

## Settings

- Build: $(build_info).
- Data: $N_EVENTS events, $N_SESSIONS sessions (\`marquee-datagen --events $EVENTS --seed $SEED\`
  through genres, ingest and sync, then \`VACUUM ANALYZE\`; loaded $(<"$VAR/data/.loaded-at")).
- marquee-api: WORKERS=$WORKERS, LOG_LEVEL=$LOG_LEVEL (no per-request log lines),
  MAX_REQUESTS=0, RESPONSE_CACHE_TTL=0 except where the response cache is named; nginx and Postgres as \`scripts/dev up\` configures them
  (Postgres: shared_buffers=256MB, max_connections=200).
- HTTP: \`wrk -t$THREADS -c$CONNS -d${DURATION}s --timeout ${WRK_TIMEOUT}s --latency\` per URL after a
  2 s warm-up, keep-alive, on 127.0.0.1; before and after each run the app is left to
  work off the requests wrk abandoned (a health check queued behind them).
- SQL: \`pgbench -n -M prepared -c $CONNS -j $THREADS -T $DURATION\` (after a 2 s warm-up) running
  each handler's statements from \`events_stmts[]\` with the parameters the handler sends
  (NULL parameters written inline, since pgbench variables are strings), as the worker
  sends them (a statement the worker runs under a generic plan between SET and RESET of
  plan_cache_mode, in one pipeline); one pgbench transaction = one request's SQL.
- Order: each endpoint's wrk runs and its pgbench runs alternate, A-B-B-A (see below).
$(count_note)
- Parameters: genre \`$GENRE\`; window $FROM_DAY to $TO_DAY; event \`$EVENT_ID\`
  ($EVENT_SESSIONS sessions); "now" = $NOW_ISO.
- Response sizes (bytes): $(for e in "${ENDPOINTS[@]}"; do printf '%s %s; ' "${LABEL[$e]}" "${BYTES[$e]}"; done | sed 's/; $//').

## Results

| endpoint | req/s | p50 ms | p99 ms | reference | reference rate | ratio |
|---|---:|---:|---:|---|---:|---:|
MD
    for e in "${ENDPOINTS[@]}"; do
        first=1
        while IFS='|' read -r ref rate r; do
            if ((first)); then
                echo "| \`${LABEL[$e]}\` | ${RPS[$e]} | ${P50[$e]} | ${P99[$e]} | $ref | $rate | $r |"
                first=0
            else
                echo "| | | | | $ref | $rate | $r |"
            fi
        done < <(ref_rows "$e")
    done
    cat <<MD

Each endpoint ran next to its pgbench reference in A-B-B-A order (wrk, pgbench,
pgbench, wrk): req/s and tps above are the means of the two rounds, p99 the worse one.

| endpoint | wrk 1 req/s | pgbench 1 tps | pgbench 2 tps | wrk 2 req/s | ratio 1 | ratio 2 |
|---|---:|---:|---:|---:|---:|---:|
MD
    for e in "${ENDPOINTS[@]}"; do
        echo "| \`${LABEL[$e]}\` | ${RPS[$e.1]} | ${TPS[$e.1]} | ${TPS[$e.2]} | ${RPS[$e.2]} | $(ratio "${RPS[$e.1]}" "${TPS[$e.1]}") | $(ratio "${RPS[$e.2]}" "${TPS[$e.2]}") |"
    done
    cat <<MD

With marquee-api's response cache (RESPONSE_CACHE_TTL=$CACHE_TTL; the table above has it
off, so that every request runs its handler and SQL). X-Cache is the header of a
second request to the URL:

| endpoint | req/s | p50 ms | p99 ms | X-Cache | vs libfcgi responder | others' CPU |
|---|---:|---:|---:|---|---:|---:|
MD
    for e in "${ENDPOINTS[@]}"; do
        echo "| \`${LABEL[$e]}\` | ${RPS[c-$e]} | ${P50[c-$e]} | ${P99[c-$e]} | ${XCACHE[$e]} | $(ratio "${RPS[c-$e]}" "${RPS[fcgi]}") | ${OTHER_CPU[c-$e]}% |"
    done
    cat <<MD

What the app would reach if it added nothing to its SQL and to the HTTP/FastCGI floor
(the libfcgi responder): 1 / (1 / pgbench tps + 1 / responder req/s), since both
share the same CPUs:

| endpoint | req/s | bound | of bound |
|---|---:|---:|---:|
MD
    for e in "${ENDPOINTS[@]}"; do
        bound=$(awk -v a="${TPS[$e]}" -v b="${RPS[fcgi]}" 'BEGIN { printf "%.0f", 1 / (1 / a + 1 / b) }')
        echo "| \`${LABEL[$e]}\` | ${RPS[$e]} | $bound | $(ratio "${RPS[$e]}" "$bound") |"
    done
    cat <<MD

References measured in the same run:

| reference | rate | p50 ms | p99 ms | errors | others' CPU |
|---|---:|---:|---:|---:|---:|
MD
    for e in "${REFS[@]}"; do
        echo "| ${LABEL[$e]} | ${RPS[$e]} req/s | ${P50[$e]} | ${P99[$e]} | ${ERRS[$e]} | ${OTHER_CPU[$e]}% |"
    done
    for e in "${ENDPOINTS[@]}"; do
        echo "| pgbench, SQL of \`${LABEL[$e]}\` ($(tx_word "$e")) | ${TPS[$e]} tps | | avg ${PG_LAT[$e]} | ${PG_FAILED[$e]:-0} | ${OTHER_CPU[pg-$e]}% |"
    done
    cat <<MD

Per endpoint run: errors (non-2xx or socket errors) and the share of the CPUs used by
processes other than the bench's own (the machine may be shared; before the runs:
${OTHER_CPU[idle]}%):

| endpoint | requests | errors | others' CPU |
|---|---:|---:|---:|
$(for e in "${ENDPOINTS[@]}"; do echo "| \`${LABEL[$e]}\` | ${REQS[$e]} | ${ERRS[$e]} | ${OTHER_CPU[$e]}% |"; done)

## Targets

$(report_targets)

## Worker RSS

$SOAK_DONE requests to \`${LABEL[detail]}\` with the response cache off, so that each
runs the handler and its query, in ${SOAK_SECS} s (wrk, $CONNS connections, in
10 runs; worst p99 ${SOAK_P99} ms; $SOAK_ERRS errors; others' CPU ${OTHER_CPU[soak]}%), VmRSS of each worker before and after:

| worker pid | before kB | after kB | growth kB |
|---:|---:|---:|---:|
MD
    for i in "${!SOAK_PIDS[@]}"; do
        growth=$((RSS_AFTER[i] - RSS_BEFORE[i]))
        echo "| ${SOAK_PIDS[i]} | ${RSS_BEFORE[i]} | ${RSS_AFTER[i]} | $growth |"
    done
    echo
    echo "Samples (requests done, then VmRSS kB of each worker in the order above):"
    echo
    echo '```'
    echo "0 ${RSS_BEFORE[*]}"
    printf '%s\n' "${RSS_SAMPLES[@]}"
    echo '```'
    cat <<MD

## Query plans

\`EXPLAIN (ANALYZE, BUFFERS)\` of each handler's statements, prepared as the workers
prepare them and executed 5 times first, under a generic plan where the worker asks for
one (full plans in bench/out/explain-*.txt, not committed). Planning time shows when
Postgres kept planning a custom plan per execution, as it then does for every request:

| endpoint | statement(s) | planning ms | execution ms | where the time goes |
|---|---|---:|---:|---|
MD
    for e in "${ENDPOINTS[@]}"; do
        echo "| \`${LABEL[$e]}\` | $(cut -d"$US" -f1 <<<"${CALLS[$e]}" | paste -sd' ') | ${PLAN_MS[$e]} | ${EXPLAIN_MS[$e]} | $(plan_hot "$e") |"
        [ -z "${COUNT_CALL[$e]:-}" ] ||
            echo "| \`${LABEL[$e]}\`, its total (cached) | $(cut -d"$US" -f1 <<<"${COUNT_CALL[$e]}") | ${PLAN_MS[$e-count]} | ${EXPLAIN_MS[$e-count]} | $(plan_hot "$e-count") |"
    done
}

count_note() {
    [ -n "${COUNT_CALL[list]:-}" ] || return 0
    cat <<MD
- The list handlers also run \`events_count\` (\`events_count_window\` for a window of up to
  14 days) for the total, which each worker keeps under a key holding \`from\` ("now" when
  it is not given) and recomputes after a response once it is 30 s old
  (src/app/events/events_totals.h), so each worker runs it about once per 30 s, never
  while a reader waits once it has one. It is not in the pgbench
  transactions (which hold what runs on every request); its plan and time are in the
  table at the end.
MD
}

# plan_hot ENDPOINT: the innermost plan node that takes at least half of the
# execution time (inclusive, times its loops), with its row counts.
plan_hot() {
    awk -v total="${EXPLAIN_MS[$1]}" '
        /actual time=/ {
            indent = match($0, /[^ ]/)
            node = $0
            sub(/^ *(->)? */, "", node)
            sub(/ +\(cost=.*/, "", node)
            match($0, /actual time=[0-9.]+\.\.[0-9.]+/)
            split(substr($0, RSTART + 12, RLENGTH - 12), t, /\.\./)
            match($0, /rows=[0-9]+ loops=[0-9]+\)/)
            split(substr($0, RSTART, RLENGTH - 1), rl, / /)
            sub(/rows=/, "", rl[1]); sub(/loops=/, "", rl[2])
            ms = t[2] * rl[2]
            cur = 0
            if (ms >= total / 2 && indent >= best_indent) {
                best = node; best_ms = ms; best_rows = rl[1] * rl[2]; best_indent = indent
                removed = ""; cur = 1
            }
            next
        }
        cur && /Rows Removed by Filter:/ { removed = ", " $NF " rows removed by filter" }
        END {
            if (best == "") { print "-"; exit }
            gsub(/\|/, "\\|", best)
            printf "%s: %.1f ms, %d rows%s\n", best, best_ms, best_rows, removed
        }' "$OUT/explain-$1.txt"
}
