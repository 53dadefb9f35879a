# shellcheck shell=bash
# marquee-relay: the outbox relay, kept running by a supervisor shell
# (`scripts/dev relay-supervise`, in its own session) that starts it again whenever
# it dies, as the API master does for its workers. Two pid files: the supervisor's,
# and the relay's own, rewritten at every start (what `relay-pid` prints).

relay_pidfile() { echo "$VAR/run/marquee-relay.pid"; }
relay_sup_pidfile() { echo "$VAR/run/marquee-relay-sup.pid"; }

# relay_pid: prints the relay's pid if it runs.
relay_pid() { pid_alive "$(relay_pidfile)" marquee-relay; }
relay_sup_pid() { pid_alive "$(relay_sup_pidfile)"; }

now_ms() { echo $((${EPOCHREALTIME/./} / 1000)); }

# relay_supervise: the supervisor's loop. A relay that dies is started again after
# 200 ms; one that dies within a second of its start waits twice as long as the last
# time (at most 5 s), so a relay that cannot start does not spin. SIGTERM is passed on
# and ends the loop once the relay has exited.
relay_supervise() {
    local child='' stopping=0 delay=200 started rc
    trap 'stopping=1; [ -z "$child" ] || kill -TERM "$child" 2>/dev/null || true' TERM INT
    mkdir -p "$VAR/run" "$VAR/log"
    while [ "$stopping" = 0 ]; do
        started=$(now_ms)
        marquee-relay >>"$VAR/log/relay.log" 2>&1 </dev/null &
        child=$!
        echo "$child" >"$(relay_pidfile)"
        rc=0
        wait "$child" || rc=$?
        # A trapped signal ends `wait` early: wait for the relay itself.
        while proc_alive "$child"; do wait "$child" || rc=$?; done
        [ "$stopping" = 0 ] || break
        if (($(now_ms) - started < 1000)); then
            delay=$((delay * 2 > 5000 ? 5000 : delay * 2))
        else
            delay=200
        fi
        printf 'ts=%s level=warn pid=%d event=relay_exited status=%d restart_in_ms=%d\n' \
            "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$$" "$rc" "$delay" >>"$VAR/log/relay.log"
        sleep "$((delay / 1000)).$(printf '%03d' $((delay % 1000)))" &
        wait $! || true
    done
    rm -f "$(relay_pidfile)" "$(relay_sup_pidfile)"
}

relay_start() {
    local pid bin
    need_prog marquee-relay
    bin=$(PATH="$BUILD:$PATH" command -v marquee-relay)
    if pid=$(relay_sup_pid); then
        if ! [ "$bin" -nt "$(relay_sup_pidfile)" ]; then
            say "marquee-relay: already running (supervisor pid $pid)"
            return 0
        fi
        say "marquee-relay: $bin was rebuilt, restarting"
        relay_stop
    fi
    mkdir -p "$VAR/run" "$VAR/log"
    rm -f "$(relay_pidfile)"
    say "marquee-relay: starting"
    (
        stack_env
        cd "$ROOT" || exit
        exec setsid nohup "$ROOT/scripts/dev" relay-supervise >>"$VAR/log/relay.log" 2>&1 </dev/null
    ) &
    pid=$!
    echo "$pid" >"$(relay_sup_pidfile)"
    if ! wait_for 10 relay_pid >/dev/null; then
        tail -n 30 "$VAR/log/relay.log" >&2
        die "marquee-relay did not start within 10s (log: $VAR/log/relay.log)"
    fi
}

relay_gone() { ! proc_alive "$1"; }

relay_stop() {
    local pid
    if ! pid=$(relay_sup_pid); then
        # A relay whose supervisor was killed runs on alone: stop it too.
        if pid=$(relay_pid); then
            say "marquee-relay: stopping (pid $pid, no supervisor)"
            kill -TERM "$pid" 2>/dev/null || true
            wait_for 15 relay_gone "$pid" || kill -KILL "$pid" 2>/dev/null || true
        else
            say "marquee-relay: not running"
        fi
        rm -f "$(relay_sup_pidfile)" "$(relay_pidfile)"
        return 0
    fi
    say "marquee-relay: stopping (supervisor pid $pid)"
    kill -TERM "$pid" 2>/dev/null || true
    if ! wait_for 15 relay_gone "$pid"; then
        say "marquee-relay: still running after 15s, SIGKILL to its process group"
        kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true
        wait_for 5 relay_gone "$pid" || die "marquee-relay (supervisor pid $pid) survived SIGKILL"
    fi
    rm -f "$(relay_sup_pidfile)" "$(relay_pidfile)"
}
