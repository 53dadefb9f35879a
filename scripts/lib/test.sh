# shellcheck shell=bash
# shellcheck disable=SC2030,SC2031 # restored_fingerprints sets another stack's variables in its own subshell
# `scripts/dev test`: build with sanitizers, unit tests, lint, then a throw-away test
# stack (own ports and var/test) for the integration and browser tests, and last the
# docker suite (scripts/lib/docker.sh, own ports). Each step is a suite;
# the last line is "N passed, N failed, N skipped" (skipped: suites not run, plus
# tests the unit, integration and browser runners skipped for a missing prerequisite; under
# CI=true a skip is a failure instead).

PASSED=0
FAILED=0
SKIPPED=0
RESULTS=()

# suite NAME FUNC: runs FUNC in a subshell with errexit on and records the outcome.
# Call it as a plain statement: inside if/&&/|| errexit would be off in FUNC.
suite() {
    local name=$1 rc
    shift
    say "suite $name"
    set +e
    (
        set -e
        "$@"
    )
    rc=$?
    set -e
    if [ "$rc" = 0 ]; then
        PASSED=$((PASSED + 1))
        RESULTS+=("PASS: $name")
    else
        FAILED=$((FAILED + 1))
        RESULTS+=("FAIL: $name")
    fi
    return 0
}

skip() {
    if [ "${CI:-}" = true ]; then
        FAILED=$((FAILED + 1))
        RESULTS+=("FAIL: $1 (skipped under CI=true: $2)")
    else
        SKIPPED=$((SKIPPED + 1))
        RESULTS+=("SKIP: $1 ($2)")
    fi
}

# count_skips SUITE FILE: adds the skipped tests a runner wrote to FILE ($MQ_SKIPS).
count_skips() {
    local n=0
    [ -s "$2" ] && n=$(<"$2")
    if [ "$n" -gt 0 ]; then
        SKIPPED=$((SKIPPED + n))
        RESULTS+=("SKIP: $n test(s) of $1 (missing prerequisites, see its log)")
    fi
    return 0
}
passed() { [[ " ${RESULTS[*]} " == *"PASS: $1 "* ]]; }

test_build() {
    ensure_packages
    build_tree "$BUILD" --enable-werror --enable-sanitizers
}

test_unit() {
    if MQ_SKIPS="$VAR/log/unit-skips" make -s --no-print-directory -C "$BUILD" check; then
        return 0
    fi
    local trs
    while IFS= read -r trs; do
        if grep -qE '^:test-result: (FAIL|ERROR|XPASS)' "$trs"; then
            echo "---- ${trs%.trs}.log"
            cat "${trs%.trs}.log"
        fi
    done < <(find "$BUILD" -name '*.trs' | sort)
    return 1
}

# test_clang: the same code builds warning-free with clang (-Werror) and its unit
# tests pass there; no sanitizers, so it stays cheap.
test_clang() {
    local dir="${BUILD%/*}/clang"
    CC=clang build_tree "$dir" --enable-werror
    make -s --no-print-directory -C "$dir" check
}

test_lint() { make -s --no-print-directory -C "$BUILD" lint; }

test_cron() { bash "$ROOT/tests/cron/test_run_job.sh"; }

# test_distcheck: the tarball builds and passes `make check` out of tree.
test_distcheck() { quiet "$VAR/log/distcheck.log" make -s --no-print-directory -C "$BUILD" distcheck; }

test_stack() {
    stack_services
    pg_recreate_db
    redis-cli -h 127.0.0.1 -p "$REDIS_PORT" flushall >/dev/null
    migrate
    load_data "$VAR/data/gen" 300 7
    load_hostile
    stack_serve
}

# load_hostile: events whose names, venues and descriptions are markup, quotes and
# very long words, through the real ingest path (tests/fixtures/web/hostile).
load_hostile() {
    say "data: hostile events (tests/fixtures/web/hostile)"
    quiet "$VAR/log/data-hostile.log" prog marquee-ingest --from-dir "$ROOT/tests/fixtures/web/hostile"
    quiet "$VAR/log/data-hostile-sync.log" prog marquee-sync
}

test_integration() {
    MQ_BASE_URL="http://127.0.0.1:$PORT" MQ_DEV="$ROOT/scripts/dev" \
        MQ_FAILURES="$VAR/log/integration-failures.log" MQ_SKIPS="$VAR/log/integration-skips" \
        MQ_FIXTURES="${MQ_FIXTURES:-$ROOT/tests/fixtures}" "$BUILD/tests/integration/run-integration"
}

# test_stripe: the market suites again, the API charging through Stripe's REST API
# (PAYMENT_PROVIDER=stripe) as tests/fakeupstream/marquee-fake-stripe serves it from
# the recorded shapes; the fake's own count of charges shows the API went through it,
# and the key never shows in the API's log. The API is restarted as it was afterwards.
STRIPE_TEST_KEY=sk_test_marquee_stack_suite
test_stripe() {
    local out="$VAR/run/fake-stripe.out" stripe_port pid charges
    "$BUILD/tests/fakeupstream/marquee-fake-stripe" --fixtures "$ROOT/tests/fixtures/stripe" \
        --key "$STRIPE_TEST_KEY" --log "$VAR/log/fake-stripe.log" >"$out" 2>&1 &
    pid=$!
    wait_for 10 grep -q '^port=' "$out" || die "marquee-fake-stripe did not start: $(cat "$out")"
    stripe_port=$(sed -n 's/^port=\([0-9]*\).*/\1/p' "$out")
    api_stop
    PAYMENT_PROVIDER=stripe STRIPE_URL="http://127.0.0.1:$stripe_port" STRIPE_SECRET_KEY="$STRIPE_TEST_KEY" \
        api_start
    local rc=0
    MQ_ONLY=market MQ_PAYMENT_PROVIDER=stripe test_integration || rc=$?
    charges=$(curl -fsS "http://127.0.0.1:$stripe_port/_fake/stats" | sed -n 's/.*"charges":\([0-9]*\).*/\1/p')
    kill "$pid"
    api_stop
    api_start
    [ "$rc" = 0 ] || return 1
    echo "fake Stripe: ${charges:-0} charge(s)"
    [ "${charges:-0}" -gt 0 ] || die "the API charged nothing through the fake Stripe"
    ! grep -q "$STRIPE_TEST_KEY" "$VAR/log/api.log" || die "the Stripe key is in $VAR/log/api.log"
}

# restored_fingerprints FILE: FILE restored into a fresh stack of its own (its own
# Postgres cluster, Redis and ports under $VAR/restored, stopped afterwards) and that
# database's table_fingerprints. A subshell: the restored stack's settings stay in it.
restored_fingerprints() (
    export MARQUEE_VAR=$VAR/restored MARQUEE_PORT=$((PORT + 7))
    export MARQUEE_PG_PORT=$((PG_PORT + 7)) MARQUEE_REDIS_PORT=$((REDIS_PORT + 7))
    stack_select
    stack_env
    stack_down >/dev/null 2>&1 || true
    rm -rf "$VAR"
    trap 'stack_down >/dev/null 2>&1' EXIT
    cmd_restore "$1" >&2
    table_fingerprints
)

# test_backup: the test stack's database, with every other suite's data in it, backed
# up while the stack serves and restored into a fresh stack: every table has the same
# rows there (count and md5 of its rows, table_fingerprints).
test_backup() {
    local file=$VAR/backups/test.dump before after
    cmd_backup "$file"
    before=$(table_fingerprints)
    after=$(restored_fingerprints "$file")
    echo "$before" | awk '{ rows += $2 } END { print NR " tables, " rows " rows backed up" }'
    if [ "$before" != "$after" ]; then
        diff <(echo "$before") <(echo "$after") || true
        return 1
    fi
}

# test_browser: tests/browser on the test stack, its output in browser.log; on failure
# the failing tests with their errors. Node's skipped tests go to browser-skips.
test_browser() {
    local log=$VAR/log/browser.log rc=0
    # No colour codes in the log (Playwright colours its call logs otherwise).
    FORCE_COLOR=0 browser_tests "http://127.0.0.1:$PORT" >"$log" 2>&1 </dev/null || rc=$?
    # The spec reporter's summary lines: "ℹ tests N", "ℹ skipped N".
    local total skipped
    total=$(sed -n 's/^ℹ tests \([0-9][0-9]*\)$/\1/p' "$log" | tail -n 1)
    skipped=$(sed -n 's/^ℹ skipped \([0-9][0-9]*\)$/\1/p' "$log" | tail -n 1)
    echo "${skipped:-0}" >"$VAR/log/browser-skips"
    if [ "$rc" = 0 ] && [ "${total:-0}" -gt 0 ]; then
        if [ "${CI:-}" = true ] && [ "${skipped:-0}" -gt 0 ]; then
            echo "browser: $skipped test(s) skipped, a failure under CI=true (see $log)"
            return 1
        fi
        return 0
    fi
    if grep -q '^✖ failing tests:' "$log"; then
        sed -n '/^✖ failing tests:/,$p' "$log"
    else
        # Not even a summary (no test file, node crashed): all of it.
        tail -n 80 "$log"
    fi
    echo "(full output: $log; screenshots: $VAR/screenshots)"
    return 1
}

# browser_suite: the browser suite when chromium and the npm packages can be had;
# otherwise a skip (a failure under CI=true), never a pass. ensure_browser runs in a
# subshell with errexit, as a plain statement (see suite).
browser_suite() {
    local rc
    set +e
    (
        set -e
        ensure_browser
    )
    rc=$?
    set -e
    if [ "$rc" != 0 ]; then
        skip browser "chromium or the npm packages of tests/browser unavailable: see above, $VAR/log/apt.log, $VAR/log/npm.log"
        return 0
    fi
    rm -f "$VAR/log/browser-skips"
    suite browser test_browser
    count_skips browser "$VAR/log/browser-skips"
}

# test_sanitizer_logs: workers that trip a sanitizer are respawned by the master, so
# their reports only show in the log.
test_sanitizer_logs() {
    local logs=("$VAR"/log/api.log "$VAR"/log/relay.log "$VAR"/log/data*.log "$VAR"/log/migrate.log)
    if grep -lE 'ERROR: (Address|Leak)Sanitizer|runtime error:' "${logs[@]}" 2>/dev/null; then
        grep -hE -A 20 'ERROR: (Address|Leak)Sanitizer|runtime error:' "${logs[@]}" 2>/dev/null | head -n 80
        return 1
    fi
}

# test_summary: the outcomes, each failed integration assertion under its suite.
test_summary() {
    local r
    for r in "${RESULTS[@]}"; do
        echo "$r"
        if [ "$r" = "FAIL: integration" ] && [ -s "$VAR/log/integration-failures.log" ]; then
            head -n 20 "$VAR/log/integration-failures.log" | sed 's/^/    /'
        fi
    done
    echo "$PASSED passed, $FAILED failed, $SKIPPED skipped"
}

test_cleanup() {
    say "test stack: stopping"
    stack_down >/dev/null 2>&1 || warn "could not stop the test stack under $VAR"
}

test_cluster() {
    # shellcheck source=/dev/null
    . "$ROOT/tests/cluster/faults.sh"
    cmd_test_cluster
}

cmd_test() {
    export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
    export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
    # MARQUEE_TEST_* let several test runs share a machine (own build, state, ports).
    export MARQUEE_BUILD=${MARQUEE_TEST_BUILD:-$ROOT/build/test}
    export MARQUEE_VAR=${MARQUEE_TEST_VAR:-$ROOT/var/test}
    export MARQUEE_PORT=${MARQUEE_TEST_PORT:-18080}
    export MARQUEE_PG_PORT=${MARQUEE_TEST_PG_PORT:-15433}
    export MARQUEE_REDIS_PORT=${MARQUEE_TEST_REDIS_PORT:-16380}
    # Workers recycle during the run, so every test also exercises recycling.
    export MAX_REQUESTS=1000
    # The relay purges every second, so tests/integration/test_relay.c need not wait a minute.
    export RELAY_PURGE_INTERVAL_SECONDS=1
    stack_select
    stack_env
    mkdir -p "$VAR/log"
    trap test_cleanup EXIT
    trap 'exit 130' INT TERM

    suite build test_build
    if passed build; then
        rm -f "$VAR"/log/unit-skips "$VAR"/log/integration-skips
        suite unit test_unit
        count_skips unit "$VAR/log/unit-skips"
        suite lint test_lint
        suite clang test_clang
        suite fuzz-replay test_fuzz_replay
        suite cron test_cron
        suite distcheck test_distcheck
        stack_down >/dev/null 2>&1 || true # leftovers of an interrupted run
        rm -f "$VAR"/log/api.log "$VAR"/log/relay.log "$VAR"/log/data*.log "$VAR"/log/migrate.log \
            "$VAR"/log/integration-failures.log
        suite stack test_stack
        if ! passed stack; then
            skip integration "no test stack"
            skip browser "no test stack"
        elif [ -x "$BUILD/tests/integration/run-integration" ]; then
            suite integration test_integration
            count_skips integration "$VAR/log/integration-skips"
        else
            skip integration "tests/integration/run-integration not built yet"
        fi
        if passed stack; then
            browser_suite
            suite stripe test_stripe
            suite backup test_backup
        fi
        test_cleanup # sanitizer leak reports are written as the programs exit
        suite sanitizers test_sanitizer_logs
    fi
    if passed build; then
        # the scaled topology's fault tests (tests/cluster/faults.sh), on loopback
        # addresses $MARQUEE_CLUSTER_NET.1-10, one run at a time per machine
        suite cluster test_cluster
    fi
    docker_suite # last: docker/ built and run on its own ports (scripts/lib/docker.sh)
    trap - EXIT
    test_summary
    [ "$FAILED" = 0 ]
}
