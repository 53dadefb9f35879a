#!/usr/bin/env bash
# bench/compare.sh [REV] - the catalogue endpoints of bench/run.sh answered by this
# tree's marquee-api (A) and by REV's (B; default b4690ff, the commit before issue
# 11's reshaping), one after the other on the same bench stack and database (var/bench,
# BENCH_EVENTS events), in the order A B B A: a slow minute of the machine falls on
# both sides alike. REV is built from `git archive` under build/compare/REV (release,
# marquee-api only). Prints, per endpoint, each side's mean req/s and worst p99 and
# the ratio A / B, and writes them to bench/RESULTS.md between "<!-- compare-bench -->"
# markers. Only marquee-api differs between the sides: nginx, Postgres, Redis, the
# data and the migrations are this tree's.
set -euo pipefail
umask 022

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
for lib in common packages build postgres redis api nginx stack; do
    # shellcheck source=/dev/null
    . "$ROOT/scripts/lib/$lib.sh"
done
# shellcheck source=bench/lib/section.sh
. "$ROOT/bench/lib/section.sh"
# shellcheck source=bench/lib/measure.sh
. "$ROOT/bench/lib/measure.sh"
# shellcheck source=bench/lib/stack.sh
. "$ROOT/bench/lib/stack.sh"

BASE=$(git -C "$ROOT" rev-parse --short "${1:-b4690ff}^{commit}")
HEAD_REV=$(git -C "$ROOT" rev-parse --short HEAD)
[ -z "$(git -C "$ROOT" status --porcelain -- src sql)" ] || HEAD_REV="$HEAD_REV+changes"
BASE_BUILD=$ROOT/build/compare/$BASE
OUT=$ROOT/bench/out/compare
STARTED_AT=$(date +%s)

cleanup() {
    local rc=$?
    trap - EXIT INT TERM
    bench_stack_down
    exit "$rc"
}

# base_build: REV's marquee-api, from its own sources (not a worktree of this clone).
base_build() {
    if [ ! -x "$BASE_BUILD/build/marquee-api" ]; then
        rm -rf "$BASE_BUILD"
        mkdir -p "$BASE_BUILD/src"
        git -C "$ROOT" archive "$BASE" | tar -x -C "$BASE_BUILD/src"
    fi
    ROOT=$BASE_BUILD/src BUILD_TARGETS=marquee-api build_tree "$BASE_BUILD/build"
}

# serve SIDE: the API of side A (this tree) or B (REV) on the bench stack's socket.
serve() {
    api_stop >/dev/null
    if [ "$1" = A ]; then
        api_start >/dev/null
    else
        BUILD=$BASE_BUILD/build api_start >/dev/null
    fi
    bench_check_urls >/dev/null
}

# round SIDE N: every endpoint on side SIDE, results under "endpoint.SIDEN".
round() {
    local e
    say "compare: side $1 ($([ "$1" = A ] && echo "$HEAD_REV" || echo "$BASE")), run $2"
    serve "$1"
    for e in "${ENDPOINTS[@]}"; do wrk_run "$e" "$e.$1$2"; done
}

mean() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.0f", (a + b) / 2 }'; }
worst() { awk -v a="$1" -v b="$2" 'BEGIN { print (b + 0 > a + 0) ? b : a }'; }

report() {
    local e a b
    cat <<EOF
<!-- compare-bench -->
## This tree against an earlier commit (bench/compare.sh)

Written by \`bench/compare.sh $BASE\` on $(date -u '+%Y-%m-%d %H:%M UTC') in
$(($(date +%s) - STARTED_AT)) s: A is marquee-api built from $HEAD_REV, B from $BASE,
each serving the same bench stack and database ($N_EVENTS events, $N_SESSIONS sessions;
this tree's migrations, nginx, Postgres and Redis), release builds, WORKERS=$WORKERS,
RESPONSE_CACHE_TTL=0, EDGE_CACHE_SECONDS=0; \`wrk -t$THREADS -c$CONNS -d${DURATION}s\`
per URL after 2 s of warm-up, in the order A B B A; 2 CPUs shared by wrk, nginx, the
workers and Postgres. req/s is the mean of a side's two runs, p99 the worse of them;
"others" is the share of the CPUs other processes used during the worse run.

| endpoint | A req/s | B req/s | A / B | A p99 ms | B p99 ms | errors | others % |
|---|---:|---:|---:|---:|---:|---:|---:|
EOF
    for e in "${ENDPOINTS[@]}"; do
        a=$(mean "${RPS[$e.A1]}" "${RPS[$e.A2]}")
        b=$(mean "${RPS[$e.B1]}" "${RPS[$e.B2]}")
        printf '| %s | %s | %s | %s | %s | %s | %s | %s |\n' "${LABEL[$e]}" "$a" "$b" \
            "$(awk -v a="$a" -v b="$b" 'BEGIN { printf "%.2f", b > 0 ? a / b : 0 }')" \
            "$(worst "${P99[$e.A1]}" "${P99[$e.A2]}")" "$(worst "${P99[$e.B1]}" "${P99[$e.B2]}")" \
            $((ERRS[$e.A1] + ERRS[$e.A2] + ERRS[$e.B1] + ERRS[$e.B2])) \
            "$(worst "$(worst "${OTHER_CPU[$e.A1]}" "${OTHER_CPU[$e.A2]}")" \
                "$(worst "${OTHER_CPU[$e.B1]}" "${OTHER_CPU[$e.B2]}")")"
    done
    echo "<!-- /compare-bench -->"
}

main() {
    stack_select
    stack_env
    mkdir -p "$VAR/log" "$OUT"
    trap cleanup EXIT
    trap 'exit 130' INT TERM

    ensure_packages
    bench_tools
    bench_build
    base_build
    stack_services
    LOAD_SECONDS=
    bench_data
    api_stop >/dev/null
    stack_serve
    bench_params
    wait_quiet

    round A 1
    round B 1
    round B 2
    round A 2
    report >"$OUT/section.md"
    write_section compare "$OUT/section.md"
}

main "$@"
