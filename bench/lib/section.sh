# shellcheck shell=bash
# shellcheck disable=SC2004,SC2034 # RPS, P50, ... are the caller's associative arrays
# What the benchmarks in bench/ share: stopping their stack, wrk's latencies in
# milliseconds, wrk runs cycling through a list of URLs, and their section of
# bench/RESULTS.md.

# bench_stack_down: stops the benchmark's stack (at its exit), or leaves it up when
# BENCH_KEEP=1.
bench_stack_down() {
    if [ "${BENCH_KEEP:-0}" = 1 ]; then
        say "bench: BENCH_KEEP=1, leaving the stack under $VAR up"
    else
        stack_down >/dev/null 2>&1 || warn "could not stop the stack under $VAR"
    fi
}

# to_ms VALUE: wrk's 1.23us / 4.56ms / 1.2s / 1.5m as milliseconds.
to_ms() {
    awk -v v="$1" 'BEGIN {
        n = v + 0; u = v; sub(/^[0-9.]+/, "", u)
        if (u == "us") n /= 1000; else if (u == "s") n *= 1000; else if (u == "m") n *= 60000
        printf "%.2f", n }'
}

# write_section NAME FILE: FILE (a report starting "<!-- NAME-bench -->" and ending
# "<!-- /NAME-bench -->") replaces that section of bench/RESULTS.md, or is appended
# when there is none; the rest of the file is kept. Prints FILE.
write_section() {
    local name=$1 section=$2 f=$ROOT/bench/RESULTS.md
    if [ -f "$f" ] && grep -q "^<!-- $name-bench -->" "$f"; then
        awk -v sec="$section" -v first="<!-- $name-bench -->" -v last="<!-- /$name-bench -->" '
            $0 == first { while ((getline l < sec) > 0) print l; skip = 1; next }
            $0 == last { skip = 0; next }
            !skip' "$f" >"$f.new"
    else
        { [ ! -f "$f" ] || { cat "$f"; echo; }; cat "$section"; } >"$f.new"
    fi
    mv -f "$f.new" "$f"
    cat "$section"
}

# wrk_urls NAME URLFILE: 2 s warm-up, then DURATION s with THREADS x CONNS cycling
# through the paths in URLFILE (on ${WRK_HOST:-127.0.0.1:$PORT}); req/s, p50/p90/p99 and errors
# into RPS, P50, P90, P99 and ERRS under NAME (associative arrays of the caller).
wrk_urls() {
    local name=$1 urls=$2 out=$OUT/wrk-$1.txt lua=$OUT/urls.lua
    cat >"$lua" <<'LUA'
local paths = {}
for line in io.lines(os.getenv("URLS")) do paths[#paths + 1] = line end
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", paths[(i % #paths) + 1])
end
LUA
    URLS=$urls wrk -t"$THREADS" -c"$CONNS" -d2s -s "$lua" "http://${WRK_HOST:-127.0.0.1:$PORT}" >/dev/null
    URLS=$urls wrk -t"$THREADS" -c"$CONNS" -d"${DURATION}s" --timeout 30s --latency \
        -s "$lua" "http://${WRK_HOST:-127.0.0.1:$PORT}" >"$out"
    RPS[$name]=$(awk '/^Requests\/sec:/ { printf "%.0f", $2 }' "$out")
    P50[$name]=$(to_ms "$(awk '$1 == "50%" { print $2 }' "$out")")
    P90[$name]=$(to_ms "$(awk '$1 == "90%" { print $2 }' "$out")")
    P99[$name]=$(to_ms "$(awk '$1 == "99%" { print $2 }' "$out")")
    ERRS[$name]=$(awk '/Non-2xx or 3xx responses:/ { n += $NF }
        /Socket errors:/ { gsub(/,/, ""); n += $4 + $6 + $8 + $10 } END { print n + 0 }' "$out")
    say "wrk $name: ${RPS[$name]} req/s, p50 ${P50[$name]} ms, p99 ${P99[$name]} ms, errors ${ERRS[$name]}"
}
