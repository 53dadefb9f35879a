# shellcheck shell=bash
# The libFuzzer targets of tests/fuzz (tests/fuzz/README.md): `scripts/dev fuzz`
# builds them with clang (ASan + UBSan, own build dir) and runs each for a while;
# the fuzz-replay suite of `scripts/dev test` runs each once over its corpus.

# fuzz_targets: the target names (tests/fuzz/fuzz_NAME.c), sorted.
fuzz_targets() {
    local f
    for f in "$ROOT"/tests/fuzz/fuzz_*.c; do
        f=${f##*/fuzz_}
        echo "${f%.c}"
    done
}

# fuzz_build DIR: configures DIR once (CC=clang --enable-fuzzing) and makes the targets.
fuzz_build() {
    CC=clang BUILD_TARGETS=fuzz build_tree "$1" --enable-werror --enable-fuzzing
}

# fuzz_stat LOG: "execs cov ft corpus" from a libFuzzer log (- when absent).
fuzz_stat() {
    local execs last cov ft corp
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$1" | tail -n 1)
    last=$(grep -E '^#[0-9]+.*cov: ' "$1" | tail -n 1)
    cov=$(sed -n 's/.* cov: \([0-9]*\).*/\1/p' <<<"$last")
    ft=$(sed -n 's/.* ft: \([0-9]*\).*/\1/p' <<<"$last")
    corp=$(sed -n 's/.* corp: \([0-9]*\/[0-9a-zA-Z]*\).*/\1/p' <<<"$last")
    echo "${execs:--} ${cov:--} ${ft:--} ${corp:--}"
}

# fuzz_dict NAME: the dictionary of a target (tests/fuzz/dict).
fuzz_dict() {
    case $1 in
    json) echo json ;;
    tm_page | tm_event | genres) echo ingest ;;
    es | qdrant | imgbb | stripe) echo upstream ;;
    *) echo http ;;
    esac
}

# fuzz_one DIR NAME SECONDS: runs one target; new inputs go to $VAR/fuzz/corpus/NAME
# (the committed corpus is only read), crashes to $VAR/fuzz/crashes/NAME. Prints one
# result line; returns 1 if it crashed.
fuzz_one() {
    local dir=$1 name=$2 secs=$3
    local bin=$dir/tests/fuzz/fuzz_$name seeds=$ROOT/tests/fuzz/corpus/$name
    local work=$VAR/fuzz/corpus/$name crashes=$VAR/fuzz/crashes/$name log=$VAR/fuzz/logs/$name.log
    local args=(-max_total_time="$secs" -print_final_stats=1 -timeout=10 -rss_limit_mb=2048
        -artifact_prefix="$crashes/")
    args+=(-dict="$ROOT/tests/fuzz/dict/$(fuzz_dict "$name").dict")
    mkdir -p "$work" "$crashes" "${log%/*}" "$seeds"
    local t0 rc=0 n stat
    t0=$(date +%s)
    touch "$log.start" # crashes of earlier runs stay for reading but are not this run's
    "$bin" "${args[@]}" "$work" "$seeds" >"$log" 2>&1 </dev/null || rc=$?
    n=$(find "$crashes" -type f -newer "$log.start" | wc -l)
    read -ra stat <<<"$(fuzz_stat "$log")"
    printf '%-10s %6ss %12s %6s %7s %10s %8s\n' "$name" "$(($(date +%s) - t0))" "${stat[@]}" "$n"
    if [ "$rc" != 0 ] || [ "$n" != 0 ]; then
        grep -E -m 3 'ERROR: |runtime error:|invariant failed' "$log" | sed 's/^/    /' >&2 || true
        echo "    log: $log; inputs: $crashes" >&2
        return 1
    fi
}

# cmd_fuzz [SECONDS] [TARGET...]: every target (or those named) for SECONDS each
# (default 60), one after the other; fails if any crashed.
cmd_fuzz() {
    local secs=60 dir="${BUILD%/*}/fuzz" failed=0 name
    if [ $# -gt 0 ] && [[ $1 =~ ^[0-9]+$ ]]; then
        secs=$1
        shift
    fi
    local names=("$@")
    [ ${#names[@]} -gt 0 ] || mapfile -t names < <(fuzz_targets)
    for name in "${names[@]}"; do
        [ -f "$ROOT/tests/fuzz/fuzz_$name.c" ] || die "no fuzz target $name (tests/fuzz/fuzz_$name.c)"
    done
    ensure_packages
    fuzz_build "$dir"
    export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}
    export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
    say "fuzz: ${#names[@]} target(s), ${secs}s each (logs: $VAR/fuzz/logs)"
    printf '%-10s %7s %12s %6s %7s %10s %8s\n' target time execs cov ft corpus crashes
    for name in "${names[@]}"; do
        fuzz_one "$dir" "$name" "$secs" || failed=$((failed + 1))
    done
    [ "$failed" = 0 ] || die "fuzz: $failed target(s) crashed: inputs under $VAR/fuzz/crashes"
}

# test_fuzz_replay: every target once over each file of its corpus (no mutation, so
# deterministic): each committed regression input must pass. A target without a
# corpus is a failure.
test_fuzz_replay() {
    local dir="${BUILD%/*}/fuzz" name files log
    fuzz_build "$dir"
    for name in $(fuzz_targets); do
        mapfile -t files < <(find "$ROOT/tests/fuzz/corpus/$name" -type f 2>/dev/null | sort)
        if [ ${#files[@]} = 0 ]; then
            echo "fuzz-replay: $name has no corpus (tests/fuzz/corpus/$name)"
            return 1
        fi
        log=$VAR/log/fuzz-replay-$name.log
        if ! "$dir/tests/fuzz/fuzz_$name" "${files[@]}" >"$log" 2>&1 </dev/null; then
            grep -E -B 2 -A 20 'ERROR: |runtime error:|invariant failed' "$log" | head -n 40
            echo "fuzz-replay: $name failed on its corpus (log: $log)"
            return 1
        fi
        echo "fuzz-replay: $name: ${#files[@]} inputs"
    done
}
