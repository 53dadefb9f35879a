#!/usr/bin/env bash
# Tests for cron/run-job: exit status, environment file, overlap lock, timeout, log line.
set -uo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd -P)
RUN=$ROOT/cron/run-job
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
mkdir -p "$T/bin" "$T/lock"
export PATH="$T/bin:$PATH" MARQUEE_LOCK_DIR=$T/lock MARQUEE_ENV_FILE=$T/env
passed=0
failed=0

check() { # check NAME CONDITION...
    local name=$1
    shift
    if "$@"; then
        passed=$((passed + 1))
        echo "ok: $name"
    else
        failed=$((failed + 1))
        echo "FAIL: $name"
    fi
}

job() { # job NAME BODY: a fake job on PATH
    printf '#!/usr/bin/env bash\n%s\n' "$2" >"$T/bin/$1"
    chmod +x "$T/bin/$1"
}

job mq-exit3 'exit 3'
"$RUN" mq-exit3 2>"$T/err"
check "the job's exit status is returned" test $? = 3
check "one logfmt line per run" grep -qE '^ts=[0-9T:Z-]+ level=error pid=[0-9]+ event=cron_run job=mq-exit3 status=3 seconds=[0-9]+$' "$T/err"

echo 'MQ_GREETING=from-env-file' >"$T/env"
job mq-env 'echo "$MQ_GREETING $1"'
out=$("$RUN" mq-env arg1 2>/dev/null)
check "environment file and arguments reach the job" test "$out" = "from-env-file arg1"

job mq-slow 'touch "$1"; sleep 3'
"$RUN" mq-slow "$T/first" 2>/dev/null &
first=$!
for _ in $(seq 50); do [ -e "$T/first" ] && break; sleep 0.1; done
"$RUN" mq-slow "$T/second" 2>"$T/err2"
rc=$?
check "an overlapping run exits 75" test "$rc" = 75
check "an overlapping run runs nothing" test ! -e "$T/second"
check "an overlapping run says why" grep -q 'reason=previous run still in progress' "$T/err2"
wait "$first"
check "the first run completes" test $? = 0

job mq-hang 'sleep 30'
start=$(date +%s)
MARQUEE_JOB_TIMEOUT=1 "$RUN" mq-hang 2>"$T/err3"
rc=$?
check "a run past its timeout is stopped with 124" test "$rc" = 124
check "the timeout stops it promptly" test $(($(date +%s) - start)) -le 5
check "the timeout is logged" grep -q 'reason=timeout after 1s' "$T/err3"

"$RUN" 2>/dev/null
check "no job is a usage error" test $? = 2
"$RUN" ./mq-exit3 2>/dev/null
check "a path is refused" test $? = 2

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
