# shellcheck shell=bash
# Output helpers, the stack's settings and its environment. Sourced by scripts/dev.
#
# Errexit caveat: a function called as the condition of if/while/&&/|| runs with
# `set -e` off, so stack steps are called as plain statements (see `suite`).

say() { printf '==> %s\n' "$*"; }
warn() { printf 'dev: %s\n' "$*" >&2; }
die() {
    printf 'dev: error: %s\n' "$*" >&2
    exit 1
}

is_root() { [ "$(id -u)" = 0 ]; }

# stack_select: reads which stack to act on from the environment.
stack_select() {
    VAR=${MARQUEE_VAR:-$ROOT/var}
    case $VAR in /*) ;; *) VAR=$PWD/$VAR ;; esac
    VAR=${VAR%/}
    # Every stack's ports lie below Linux's ephemeral range (32768-60999): a port in
    # it may be held by a client connection (in TIME_WAIT, say) when Postgres or
    # Redis is (re)started, and then it cannot listen.
    PORT=${MARQUEE_PORT:-8080}
    PG_PORT=${MARQUEE_PG_PORT:-15432}
    REDIS_PORT=${MARQUEE_REDIS_PORT:-16379}
    BUILD=${MARQUEE_BUILD:-$ROOT/build/dev}
    SOCK=$VAR/run/marquee-api.sock
    local p
    for p in "$PORT" "$PG_PORT" "$REDIS_PORT"; do
        if ! [[ $p =~ ^[0-9]+$ ]] || ((p < 1 || p > 65535)); then die "bad port: $p"; fi
    done
    # A unix socket path holds at most 107 bytes.
    ((${#SOCK} < 100)) || die "socket path too long: $SOCK (set MARQUEE_VAR to a shorter directory)"
}

# jwt_secret: the stack's session signing key, made once (48 random bytes, base64)
# under $VAR/secrets and kept across runs so sessions survive restarts.
jwt_secret() {
    local f=$VAR/secrets/jwt_secret
    if [ ! -s "$f" ]; then
        mkdir -p "$VAR/secrets"
        chmod 700 "$VAR/secrets"
        (
            umask 077
            head -c 48 /dev/urandom | base64 -w0 >"$f.$$"
        )
        # -n: if another run made one meanwhile, theirs stays and both use it.
        mv -n "$f.$$" "$f"
        rm -f "$f.$$"
    fi
    cat "$f"
}

# stack_env: exports the environment every project program runs with.
stack_env() {
    export PATH="$BUILD:$PATH"
    export DATABASE_URL="host=127.0.0.1 port=$PG_PORT dbname=marquee user=marquee"
    export REDIS_URL="redis://127.0.0.1:$REDIS_PORT"
    export FCGI_SOCKET="$SOCK"
    export PUBLIC_URL="${PUBLIC_URL:-http://127.0.0.1:$PORT}"
    JWT_SECRET=$(jwt_secret)
    export JWT_SECRET
    export MARQUEE_ROOT="$ROOT" MARQUEE_VAR="$VAR" MARQUEE_BUILD="$BUILD"
    export MARQUEE_PORT="$PORT" MARQUEE_PG_PORT="$PG_PORT" MARQUEE_REDIS_PORT="$REDIS_PORT"
}

# quiet LOG CMD...: runs CMD with its output in LOG; on failure shows the end of LOG.
quiet() {
    local log=$1 rc=0
    shift
    mkdir -p "$(dirname "$log")"
    "$@" >"$log" 2>&1 </dev/null || rc=$?
    if [ "$rc" != 0 ]; then
        tail -n 40 "$log" >&2
        die "failed ($rc): $* (log: $log)"
    fi
}

# wait_for SECONDS CMD...: polls CMD every 0.1 s until it succeeds; 1 on timeout.
wait_for() {
    local tries=$(($1 * 10))
    shift
    while ((tries-- > 0)); do
        "$@" && return 0
        sleep 0.1
    done
    return 1
}

# need_prog NAME: fails clearly when a project program has not been built.
need_prog() {
    PATH="$BUILD:$PATH" command -v "$1" >/dev/null ||
        die "$1 not found in ${BUILD#"$ROOT"/} (not built yet?)"
}

# in_dir DIR CMD...: runs CMD in DIR.
in_dir() { (cd "$1" && shift && exec "$@"); }

# prog NAME ARGS...: runs a project program with the stack's environment.
prog() { (
    stack_env
    cd "$ROOT" || exit
    exec "$@"
); }

# proc_alive PID: 0 if PID runs (a zombie, not yet reaped by init, does not count).
proc_alive() {
    local stat
    kill -0 "$1" 2>/dev/null || return 1
    stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 0
    stat=${stat##*) }
    [ "${stat%% *}" != Z ]
}

# pid_alive PIDFILE [COMM]: prints the pid in PIDFILE if that process runs (and is COMM).
pid_alive() {
    local pid
    [ -s "$1" ] || return 1
    pid=$(<"$1")
    [[ $pid =~ ^[0-9]+$ ]] || return 1
    proc_alive "$pid" || return 1
    if [ -n "${2:-}" ] && [ -r "/proc/$pid/comm" ]; then
        [ "$(<"/proc/$pid/comm")" = "$2" ] || return 1
    fi
    echo "$pid"
}
