#!/usr/bin/env bash
# bench/cluster.sh - catalogue reads through the cluster's nginx (scripts/dev cluster,
# loopback addresses 127.0.1.x) with 1 and 2 app hosts and with the read replica on and
# off, in one run, and the CPU each tier spends per request.
#
# Uncached (RESPONSE_CACHE_TTL=0, EDGE_CACHE_SECONDS=0: every request runs its handler
# and SQL). wrk -t2 -c16, BENCH_SECONDS (10) after a 2 s warm-up, cycling through
# /api/events (date, genre, name lists), /api/events/{id}, .../sessions, /api/genres.
# Configurations, in the order A B C D D C B A (every pair measured once early, once
# late: this machine drifts; the rate is the mean of the two):
#   A  1 app host, reads on the primary     B  2 app hosts, reads on the primary
#   C  2 app hosts, reads on the replica    D  1 app host, reads on the replica
# "1 app host": app2 is stopped (nginx skips it after one refused connect per 5 s).
# CPU per request: utime+stime (and children's) of each tier's processes from /proc,
# before and after each run, over the requests wrk counted: app hosts (marquee-api
# masters + workers), each Postgres (postmaster + backends), Redis, nginx. From those,
# the rate each tier could carry on N machines of K cores is K*N / (CPU s per request).
# Results go into bench/RESULTS.md between "<!-- cluster-bench -->" markers.
set -euo pipefail
umask 022

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
for lib in common packages build postgres redis api relay nginx stack cluster; do
    # shellcheck source=/dev/null
    . "$ROOT/scripts/lib/$lib.sh"
done
# shellcheck source=bench/lib/section.sh
. "$ROOT/bench/lib/section.sh"

stack_select
pg_find
cluster_select
DURATION=${BENCH_SECONDS:-10}
CONNS=16
THREADS=2
OUT=$ROOT/bench/out/cluster
export LOG_LEVEL=warn RESPONSE_CACHE_TTL=0 EDGE_CACHE_SECONDS=0
# shellcheck disable=SC2034 # P50 and P90 are filled by wrk_urls, not reported here
declare -A RPS P50 P90 P99 ERRS CPU
TICK=$(getconf CLK_TCK)

# tree_pids PID...: each PID and its children.
tree_pids() {
    local p
    for p in "$@"; do
        [ -n "$p" ] || continue
        echo "$p"
        pgrep -P "$p" || true
    done
}
# cpu_s PID...: CPU seconds (user + system, own and reaped children's) of PIDs.
cpu_s() {
    local p files=()
    for p in "$@"; do [ -r "/proc/$p/stat" ] && files+=("/proc/$p/stat"); done
    ((${#files[@]})) || {
        echo 0
        return
    }
    cat "${files[@]}" 2>/dev/null | awk -v t="$TICK" '{ sub(/^.*\) /, ""); s += $12 + $13 + $14 + $15 }
        END { printf "%.3f", s / t }'
}
pg_pid() { head -n 1 "$(cl_pgdir "$1")/postmaster.pid" 2>/dev/null || true; }
tier_pids() {
    case $1 in
    app) tree_pids "$(cl_api_pid 0 || true)" "$(cl_api_pid 1 || true)" ;;
    pg1) tree_pids "$(pg_pid 0)" ;;
    pg2) tree_pids "$(pg_pid 1)" ;;
    redis) tree_pids "$(cat "$CL/run/redis1.pid" 2>/dev/null || true)" ;;
    nginx) tree_pids "$(cat "$CL/run/nginx.pid" 2>/dev/null || true)" ;;
    esac
}
TIERS=(app pg1 pg2 redis nginx)

# configure HOSTS READS: app hosts (1|2) and where reads go (primary|replica).
configure() {
    local hosts=$1 reads=$2
    cl_api_stop 0
    cl_api_stop 1
    if [ "$reads" = primary ]; then
        MARQUEE_CLUSTER_READS=primary cl_api_start 0
        [ "$hosts" = 1 ] || MARQUEE_CLUSTER_READS=primary cl_api_start 1
    else
        cl_api_start 0
        [ "$hosts" = 1 ] || cl_api_start 1
    fi
    wait_for 20 cl_health || die "bench: the cluster is not healthy"
}

# run NAME: wrk over the URL list, with each tier's CPU before and after.
run() {
    local name=$1 t before=() i=0
    for t in "${TIERS[@]}"; do
        mapfile -t pids < <(tier_pids "$t")
        before+=("$(cpu_s "${pids[@]}")")
    done
    WRK_HOST=$CL_NGINX:$CL_HTTP_PORT wrk_urls "$name" "$OUT/urls.txt"
    local n
    n=$(awk '/ requests in / { print $1 }' "$OUT/wrk-$name.txt")
    for t in "${TIERS[@]}"; do
        mapfile -t pids < <(tier_pids "$t")
        # the CPU delta spans the 2 s warm-up too: count its requests at the run's rate
        CPU[$name.$t]=$(awk -v a="${before[$i]}" -v b="$(cpu_s "${pids[@]}")" -v n="$n" -v d="$DURATION" \
            'BEGIN { printf "%.3f", (b - a) * 1000 / (n * (d + 2) / d) }')
        i=$((i + 1))
    done
}

pair() {
    local t
    RPS[$1]=$(awk -v a="${RPS[$1.1]}" -v b="${RPS[$1.2]}" 'BEGIN { printf "%.0f", (a + b) / 2 }')
    P99[$1]=$(awk -v a="${P99[$1.1]}" -v b="${P99[$1.2]}" 'BEGIN { print (b + 0 > a + 0) ? b : a }')
    ERRS[$1]=$((ERRS[$1.1] + ERRS[$1.2]))
    for t in "${TIERS[@]}"; do
        CPU[$1.$t]=$(awk -v a="${CPU[$1.1.$t]}" -v b="${CPU[$1.2.$t]}" 'BEGIN { printf "%.3f", (a + b) / 2 }')
    done
}

make_urls() {
    local q="psql -X -qAt -h ${CL_PG[0]} -p $CL_PG_PORT -U marquee -d marquee -c"
    mkdir -p "$OUT"
    {
        echo "/api/events?limit=20"
        echo "/api/events?limit=20&sort=name"
        echo "/api/genres"
        $q "SELECT name FROM genres ORDER BY name LIMIT 5" | sed 's/ /%20/g; s|^|/api/events?genre=|'
        $q "SELECT id FROM events WHERE session_count > 0 ORDER BY md5(id) LIMIT 40" |
            sed 's|^\(.*\)$|/api/events/\1\n/api/events/\1/sessions|'
    } >"$OUT/urls.txt"
}

report() {
    local f=$OUT/section.md c t
    {
        echo "<!-- cluster-bench -->"
        echo "## Cluster: app hosts and the read replica (bench/cluster.sh)"
        echo
        echo "$(date -u +%Y-%m-%d), $(nproc) CPUs ($(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo)),"
        echo "**shared with other engineers' stacks while measured: compare ratios, not rates.**"
        echo "Every host is a loopback address on this one machine (\`scripts/dev cluster\`), so"
        echo "\"2 app hosts\" adds processes, not CPUs. wrk -t$THREADS -c$CONNS -d${DURATION}s through nginx,"
        echo "uncached, cycling $(wc -l <"$OUT/urls.txt") catalogue URLs; runs A B C D D C B A, rates are means."
        echo
        echo "| config | req/s | vs A | p99 ms | errors | CPU ms/req: app | pg1 (primary) | pg2 (replica) | redis | nginx |"
        echo "|---|---|---|---|---|---|---|---|---|---|"
        for c in A B C D; do
            printf '| %s | %s | %s | %s | %s' "${LABEL[$c]}" "${RPS[$c]}" \
                "$(awk -v a="${RPS[$c]}" -v b="${RPS[A]}" 'BEGIN { printf "%.2f", a / b }')" "${P99[$c]}" "${ERRS[$c]}"
            for t in "${TIERS[@]}"; do printf ' | %s' "${CPU[$c.$t]}"; done
            echo " |"
        done
        echo
        local app=${CPU[C.app]} db=${CPU[C.pg2]} prim=${CPU[A.pg1]} ng=${CPU[C.nginx]}
        local total
        total=$(awk -v a="$app" -v d="$db" -v n="$ng" -v r="${CPU[C.redis]}" -v p="${CPU[C.pg1]}" 'BEGIN { printf "%.3f", a + d + n + r + p }')
        echo "What bounds it here: every tier shares the same $(nproc) CPUs, and one catalogue read costs"
        echo "$total CPU ms across the server tiers (config C), so they alone could give about"
        echo "$(awk -v t="$total" -v k="$(nproc)" 'BEGIN { printf "%.0f", k * 1000 / t }') req/s; wrk itself, the kernel's loopback work outside these processes and"
        echo "the other tenants of the machine take the rest. More hosts on the same CPUs add"
        echo "processes, not capacity: the differences between A-D are within this machine's drift."
        echo "On N machines of K cores each, from the CPU per request measured above:"
        echo "app hosts carry about N x K x $(awk -v a="$app" 'BEGIN { printf "%.0f", 1000 / a }') req/s per core ($app ms each),"
        echo "each Postgres serving catalogue reads about K x $(awk -v d="$db" 'BEGIN { printf "%.0f", (d > 0 ? 1000 / d : 0) }') req/s per core ($db ms on the replica;"
        echo "$prim ms on the primary when it serves them), and nginx about K x $(awk -v n="$ng" 'BEGIN { printf "%.0f", (n > 0 ? 1000 / n : 0) }') per core."
        echo "So reads scale with app hosts until the database tier is the bound, and then with"
        echo "replicas (each adds its cores); writes stay bounded by the one primary."
        echo "<!-- /cluster-bench -->"
    } >"$f"
    write_section cluster "$f"
}

main() {
    declare -gA LABEL=([A]="A: 1 app host, primary" [B]="B: 2 app hosts, primary"
        [C]="C: 2 app hosts, replica" [D]="D: 1 app host, replica")
    cl_health || die "bench: start the cluster first (scripts/dev cluster up)"
    make_urls
    local c k=1 order=(A B C D D C B A) seen=()
    declare -A hosts=([A]=1 [B]=2 [C]=2 [D]=1) reads=([A]=primary [B]=primary [C]=replica [D]=replica)
    for c in "${order[@]}"; do
        k=1
        [[ " ${seen[*]-} " != *" $c "* ]] || k=2
        seen+=("$c")
        configure "${hosts[$c]}" "${reads[$c]}"
        run "$c.$k"
    done
    for c in A B C D; do pair "$c"; done
    configure 2 replica
    report
}

main "$@"
