# shellcheck shell=bash
# What the standalone benchmarks (search.sh, auth.sh, ingest.sh, pages.sh) and run.sh
# share: wrk's latencies in milliseconds, and their section of bench/RESULTS.md.

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
