# shellcheck shell=bash
# marquee-api: the FastCGI master, in the background on $SOCK. It writes no pid file,
# so the pid recorded here is the one `$!` gave.

API_PIDFILE_NAME=marquee-api.pid

api_pidfile() { echo "$VAR/run/$API_PIDFILE_NAME"; }

# api_pid: prints the master's pid if it runs.
api_pid() { pid_alive "$(api_pidfile)" marquee-api; }

api_start() {
    local pid bin
    need_prog marquee-api
    bin=$(PATH="$BUILD:$PATH" command -v marquee-api)
    if pid=$(api_pid); then
        if ! [ "$bin" -nt "$(api_pidfile)" ]; then
            say "marquee-api: already running (pid $pid)"
            return 0
        fi
        say "marquee-api: $bin was rebuilt, restarting"
        api_stop
    fi
    mkdir -p "$VAR/run" "$VAR/log"
    rm -f "$SOCK"
    say "marquee-api: starting on $SOCK"
    # setsid: own session and process group, so it outlives this shell and a stuck
    # master can be killed with its workers. (Not a group leader here: setsid won't fork.)
    (
        stack_env
        cd "$ROOT" || exit
        exec setsid nohup marquee-api >>"$VAR/log/api.log" 2>&1 </dev/null
    ) &
    pid=$!
    echo "$pid" >"$(api_pidfile)"
    if ! wait_for 10 api_listening "$pid"; then
        tail -n 30 "$VAR/log/api.log" >&2
        die "marquee-api did not open $SOCK within 10s (log: $VAR/log/api.log)"
    fi
}

api_listening() { proc_alive "$1" && [ -S "$SOCK" ]; }
api_gone() { ! proc_alive "$1"; }

api_stop() {
    local pid
    if ! pid=$(api_pid); then
        say "marquee-api: not running"
        rm -f "$(api_pidfile)"
        return 0
    fi
    say "marquee-api: stopping (pid $pid)"
    kill -TERM "$pid" 2>/dev/null || true
    if ! wait_for 10 api_gone "$pid"; then
        say "marquee-api: still running after 10s, SIGKILL to its process group"
        kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true
        wait_for 5 api_gone "$pid" || die "marquee-api (pid $pid) survived SIGKILL"
    fi
    rm -f "$(api_pidfile)" "$SOCK"
}
