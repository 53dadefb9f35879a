# shellcheck shell=bash
# `scripts/dev cluster up|down|status`: Marquee scaled out on this machine, every
# "host" on its own loopback address with its own processes and state under
# $VAR/cluster:
#
# (addresses: $MARQUEE_CLUSTER_NET.1-10, by default)
#   127.0.1.1:8080   nginx, upstream = both app hosts (max_fails=1 fail_timeout=5s)
#   127.0.1.2:9000   app host 1: marquee-api (FastCGI on TCP) + marquee-relay
#   127.0.1.3:9000   app host 2: marquee-api
#   127.0.1.4:5432   Postgres primary
#   127.0.1.5:5432   Postgres streaming replica (pg_basebackup -R), DATABASE_READ_URL
#   127.0.1.6:6379   Redis master       127.0.1.7:6379  Redis replica
#   127.0.1.8-10:26379  three Sentinels (quorum 2) watching master "marquee"
#
# Replication is asynchronous unless MARQUEE_CLUSTER_SYNC=1: then the primary has
# synchronous_standby_names = the replica and synchronous_commit = on, so a commit
# returns only once the replica has it (zero loss of acknowledged writes on
# failover; writes wait while the replica is down). Failover is `pg_ctl promote`
# (cluster_pg_promote); libpq's target_session_attrs=read-write finds the new
# primary.

CL_HTTP_PORT=8080
CL_APP_PORT=9000
CL_PG_PORT=5432
CL_REDIS_PORT=6379
CL_SENTINEL_PORT=26379

# cluster_select: the cluster's addresses, $MARQUEE_CLUSTER_NET.1-10 (127.0.1 by
# default), and its state directory.
cluster_select() {
    local n=${MARQUEE_CLUSTER_NET:-127.0.1}
    [[ $n =~ ^127\.[0-9]{1,3}\.[0-9]{1,3}$ ]] || die "MARQUEE_CLUSTER_NET must be 127.X.Y, got '$n'"
    CL_NET=$n
    CL_NGINX=$n.1
    CL_APPS=("$n.2" "$n.3")
    CL_PG=("$n.4" "$n.5")
    CL_REDIS=("$n.6" "$n.7")
    CL_SENTINELS=("$n.8" "$n.9" "$n.10")
    CL=$VAR/cluster
    CL_URL="http://$CL_NGINX:$CL_HTTP_PORT"
}

# cluster_lock: one user of these addresses at a time on this machine (waits up to
# 20 minutes for another test run's cluster to finish).
cluster_lock() {
    exec 7>"/tmp/marquee-cluster-$CL_NET.lock"
    flock -w 1200 7 || die "cluster: $CL_NET.x is in use by another run (/tmp/marquee-cluster-$CL_NET.lock)"
}

cl_sync() { [ "${MARQUEE_CLUSTER_SYNC:-0}" = 1 ]; }
cl_mode() { if cl_sync; then echo synchronous; else echo asynchronous; fi; }

# cl_env: the environment of every cluster program (as stack_env is for the stack).
cl_env() {
    export PATH="$BUILD:$PATH"
    export DATABASE_URL="postgresql://${CL_PG[0]}:$CL_PG_PORT,${CL_PG[1]}:$CL_PG_PORT/marquee?user=marquee&target_session_attrs=read-write"
    export DATABASE_READ_URL="host=${CL_PG[1]} port=$CL_PG_PORT dbname=marquee user=marquee"
    export READ_MAX_LAG_MS=${READ_MAX_LAG_MS:-1000}
    # MARQUEE_CLUSTER_READS=primary: no replica reads (bench/cluster.sh compares both)
    [ "${MARQUEE_CLUSTER_READS:-replica}" != primary ] || unset DATABASE_READ_URL
    export REDIS_URL="redis://${CL_REDIS[0]}:$CL_REDIS_PORT"
    REDIS_SENTINELS=$(printf "%s:$CL_SENTINEL_PORT," "${CL_SENTINELS[@]}")
    export REDIS_SENTINELS=${REDIS_SENTINELS%,} REDIS_MASTER_NAME=marquee
    export PUBLIC_URL=$CL_URL WORKERS=${MARQUEE_CLUSTER_WORKERS:-2}
    export PG_CONNECT_TIMEOUT=1
    JWT_SECRET=$(VAR=$CL jwt_secret)
    export JWT_SECRET
}

cl_prog() { (
    cl_env
    cd "$ROOT" || exit
    exec "$@"
); }

# --- Postgres -----------------------------------------------------------------

cl_pgdir() { echo "$CL/pg$(($1 + 1))"; }
cl_pg_ctl() {
    local i=$1
    shift
    pg_as "$PGBIN/pg_ctl" -D "$(cl_pgdir "$i")" "$@"
}
cl_pg_running() { [ -f "$(cl_pgdir "$1")/PG_VERSION" ] && cl_pg_ctl "$1" status >/dev/null 2>&1; }
cl_psql() {
    local i=$1
    shift
    "$PGBIN/psql" -X -q -v ON_ERROR_STOP=1 -h "${CL_PG[$i]}" -p "$CL_PG_PORT" -U marquee "$@"
}

cl_pg_dirs() {
    mkdir -p "$CL/run/pg$(($1 + 1))" "$CL/log"
    if is_root; then chown postgres:postgres "$CL/run/pg$(($1 + 1))" "$CL/log"; fi
    [ ! -d "$(cl_pgdir "$1")" ] || chmod 700 "$(cl_pgdir "$1")"
}

cl_pg_start() {
    local i=$1 opts
    cl_pg_dirs "$i"
    cl_pg_running "$i" && return 0
    opts="-c listen_addresses=${CL_PG[$i]} -p $CL_PG_PORT -k '$CL/run/pg$((i + 1))' -c shared_buffers=128MB"
    opts+=" -c max_connections=100 -c wal_keep_size=256MB -c hot_standby_feedback=on"
    # pg_stat_statements: the fault tests see which server ran the catalogue reads at
    # once (pg_stat_user_tables reaches readers up to 10 s late)
    opts+=" -c cluster_name=pg$((i + 1)) -c shared_preload_libraries=pg_stat_statements"
    # Synchronous: pg1 waits for pg2. A promoted pg2 has no standby until pg1 is made
    # one again (a base backup of pg2), so it commits alone meanwhile.
    if cl_sync && [ "$i" = 0 ]; then
        opts+=" -c synchronous_standby_names=pg2 -c synchronous_commit=on"
    fi
    say "cluster: postgres pg$((i + 1)) on ${CL_PG[$i]}:$CL_PG_PORT"
    if ! cl_pg_ctl "$i" start -w -t 60 -l "$CL/log/pg$((i + 1)).log" -o "$opts" >/dev/null; then
        tail -n 20 "$CL/log/pg$((i + 1)).log" >&2
        die "cluster: postgres pg$((i + 1)) did not start"
    fi
}

cl_pg_stop() {
    local i=$1 mode=${2:-fast}
    cl_pg_running "$i" || return 0
    say "cluster: postgres pg$((i + 1)) stop ($mode)"
    cl_pg_ctl "$i" stop -m "$mode" -w -t 60 >/dev/null
}

# cl_pg_kill I: SIGKILL to the postmaster (a crashed host).
cl_pg_kill() {
    local pid
    pid=$(head -n 1 "$(cl_pgdir "$1")/postmaster.pid" 2>/dev/null) || return 0
    say "cluster: postgres pg$(($1 + 1)) kill -9 (pid $pid)"
    kill -KILL "$pid" 2>/dev/null || true
    wait_for 10 cl_pg_gone "$1" || die "postgres pg$(($1 + 1)) survived SIGKILL"
}
cl_pg_gone() { ! "$PGBIN/pg_isready" -q -h "${CL_PG[$1]}" -p "$CL_PG_PORT" -t 1; }

cl_pg_init_primary() {
    local d
    d=$(cl_pgdir 0)
    [ -f "$d/PG_VERSION" ] && return 0
    mkdir -p "$d"
    if is_root; then chown postgres:postgres "$d"; fi
    quiet "$CL/log/initdb.log" pg_as "$PGBIN/initdb" -D "$d" --auth=trust -U marquee \
        --encoding=UTF8 --locale=C.UTF-8 --lc-collate=C
    # the cluster's hosts are all on 127.0.0.0/8 (dev only: trust)
    pg_as sh -c "printf 'host all all 127.0.0.0/8 trust\nhost replication all 127.0.0.0/8 trust\n' >>'$d/pg_hba.conf'"
}

# cl_pg_init_replica I FROM: a fresh standby of pg FROM in pg I (pg_basebackup -R).
cl_pg_init_replica() {
    local i=$1 from=$2 d
    d=$(cl_pgdir "$i")
    rm -rf "$d"
    mkdir -p "$d"
    if is_root; then chown postgres:postgres "$d"; fi
    chmod 700 "$d"
    say "cluster: pg_basebackup pg$((from + 1)) -> pg$((i + 1))"
    quiet "$CL/log/basebackup.log" pg_as "$PGBIN/pg_basebackup" -D "$d" -R -X stream -c fast \
        -d "host=${CL_PG[$from]} port=$CL_PG_PORT user=marquee application_name=pg$((i + 1))"
}

cl_pg_promote() {
    say "cluster: promote pg$(($1 + 1))"
    cl_pg_ctl "$1" promote -w -t 30 >/dev/null
}

# --- Redis and Sentinel -------------------------------------------------------

cl_redis_cli() { redis-cli -h "$1" -p "$2" "${@:3}"; }
cl_redis_ping() { [ "$(cl_redis_cli "$1" "$2" ping 2>/dev/null)" = PONG ]; }

cl_redis_start() {
    local i=$1 ip=${CL_REDIS[$1]} d=$CL/redis$(($1 + 1))
    cl_redis_ping "$ip" "$CL_REDIS_PORT" && return 0
    mkdir -p "$d" "$CL/run" "$CL/log"
    {
        echo "# Generated by scripts/dev cluster; edits are lost."
        echo "bind $ip"
        echo "port $CL_REDIS_PORT"
        echo "dir \"$d\""
        echo "daemonize yes"
        echo "pidfile \"$CL/run/redis$((i + 1)).pid\""
        echo "logfile \"$CL/log/redis$((i + 1)).log\""
        echo 'save ""'
        echo "appendonly no"
        echo "maxmemory 256mb"
        echo "maxmemory-policy volatile-lru"
        # connections leave from 127.0.0.1: say which address the others should use
        echo "replica-announce-ip $ip"
        [ "$i" = 0 ] || echo "replicaof ${CL_REDIS[0]} $CL_REDIS_PORT"
    } >"$d/redis.conf"
    say "cluster: redis$((i + 1)) on $ip:$CL_REDIS_PORT"
    redis-server "$d/redis.conf"
    wait_for 10 cl_redis_ping "$ip" "$CL_REDIS_PORT" || die "cluster: redis$((i + 1)) did not start"
}

cl_redis_kill() {
    local pid
    pid=$(cat "$CL/run/redis$(($1 + 1)).pid" 2>/dev/null) || return 0
    say "cluster: redis$(($1 + 1)) kill -9 (pid $pid)"
    kill -KILL "$pid" 2>/dev/null || true
    rm -f "$CL/run/redis$(($1 + 1)).pid"
}

cl_redis_stop() {
    cl_redis_ping "${CL_REDIS[$1]}" "$CL_REDIS_PORT" || return 0
    cl_redis_cli "${CL_REDIS[$1]}" "$CL_REDIS_PORT" shutdown nosave >/dev/null 2>&1 || true
}

cl_sentinel_start() {
    local i=$1 ip=${CL_SENTINELS[$1]} d=$CL/sentinel$(($1 + 1))
    cl_redis_ping "$ip" "$CL_SENTINEL_PORT" && return 0
    mkdir -p "$d"
    # Sentinel rewrites its file (the master it follows, the replicas it found).
    cat >"$d/sentinel.conf" <<CONF
bind $ip
port $CL_SENTINEL_PORT
daemonize yes
pidfile "$CL/run/sentinel$((i + 1)).pid"
logfile "$CL/log/sentinel$((i + 1)).log"
dir "$d"
sentinel announce-ip $ip
sentinel announce-port $CL_SENTINEL_PORT
sentinel monitor marquee ${CL_REDIS[0]} $CL_REDIS_PORT 2
sentinel down-after-milliseconds marquee 1000
sentinel failover-timeout marquee 10000
sentinel parallel-syncs marquee 1
CONF
    say "cluster: sentinel$((i + 1)) on $ip:$CL_SENTINEL_PORT"
    redis-sentinel "$d/sentinel.conf"
    wait_for 10 cl_redis_ping "$ip" "$CL_SENTINEL_PORT" || die "cluster: sentinel$((i + 1)) did not start"
}

cl_sentinel_stop() {
    cl_redis_ping "${CL_SENTINELS[$1]}" "$CL_SENTINEL_PORT" || return 0
    cl_redis_cli "${CL_SENTINELS[$1]}" "$CL_SENTINEL_PORT" shutdown nosave >/dev/null 2>&1 || true
}

# cl_redis_master: the master's address as the first Sentinel that answers says.
cl_redis_master() {
    local ip
    for ip in "${CL_SENTINELS[@]}"; do
        cl_redis_cli "$ip" "$CL_SENTINEL_PORT" sentinel get-master-addr-by-name marquee 2>/dev/null |
            head -n 1 && return 0
    done
    return 1
}

# --- app hosts and nginx ------------------------------------------------------

cl_api_pidfile() { echo "$CL/run/api$(($1 + 1)).pid"; }
cl_api_pid() { pid_alive "$(cl_api_pidfile "$1")" marquee-api; }
cl_api_listening() { (exec 3<>"/dev/tcp/${CL_APPS[$1]}/$CL_APP_PORT") 2>/dev/null; }

cl_api_start() {
    local i=$1 pid
    cl_api_pid "$i" >/dev/null && return 0
    mkdir -p "$CL/run" "$CL/log"
    say "cluster: marquee-api app$((i + 1)) on ${CL_APPS[$i]}:$CL_APP_PORT"
    (
        cl_env
        export FCGI_SOCKET="${CL_APPS[$i]}:$CL_APP_PORT"
        cd "$ROOT" || exit
        exec setsid nohup marquee-api >>"$CL/log/api$((i + 1)).log" 2>&1 </dev/null
    ) &
    pid=$!
    disown "$pid" 2>/dev/null || true # a host killed by the tests is no job of this shell
    echo "$pid" >"$(cl_api_pidfile "$i")"
    wait_for 10 cl_api_listening "$i" || die "cluster: app$((i + 1)) did not listen (log: $CL/log/api$((i + 1)).log)"
}

cl_api_stop() {
    local pid
    pid=$(cl_api_pid "$1") || return 0
    kill -TERM "$pid" 2>/dev/null || true
    wait_for 15 api_gone "$pid" || kill -KILL -- "-$pid" 2>/dev/null || true
    rm -f "$(cl_api_pidfile "$1")"
}

cl_relay_pid() { pid_alive "$CL/run/relay.pid" marquee-relay; }
cl_relay_start() {
    cl_relay_pid >/dev/null && return 0
    say "cluster: marquee-relay on app1"
    (
        cl_env
        cd "$ROOT" || exit
        exec setsid nohup marquee-relay >>"$CL/log/relay.log" 2>&1 </dev/null
    ) &
    echo "$!" >"$CL/run/relay.pid"
}
cl_relay_stop() {
    local pid
    pid=$(cl_relay_pid) || return 0
    kill -TERM "$pid" 2>/dev/null || true
    wait_for 15 relay_gone "$pid" || kill -KILL "$pid" 2>/dev/null || true
    rm -f "$CL/run/relay.pid"
}

# cl_nginx CMD: runs nginx_start/nginx_stop for the cluster's nginx.
cl_nginx() {
    local up='' ip
    for ip in "${CL_APPS[@]}"; do
        up+="        server $ip:$CL_APP_PORT max_fails=1 fail_timeout=5s;"$'\n'
    done
    VAR=$CL NGINX_LISTEN="$CL_NGINX:$CL_HTTP_PORT" NGINX_UPSTREAM=${up%$'\n'} "$@"
}
cl_health() { curl -fsS -o /dev/null --max-time 2 "$CL_URL/api/health" 2>/dev/null; }

# --- commands -----------------------------------------------------------------

cl_load_data() {
    local marker=$CL/data/.loaded events=${MARQUEE_SAMPLE_EVENTS:-2000} dir=$CL/data/sample p
    [ -f "$marker" ] && return 0
    for p in marquee-migrate marquee-datagen marquee-genres marquee-ingest marquee-sync; do need_prog "$p"; done
    say "cluster: migrate and load the sample data ($events events, seed 42)"
    quiet "$CL/log/migrate.log" cl_prog marquee-migrate --dir "$ROOT/sql"
    rm -rf "$dir"
    mkdir -p "$dir"
    quiet "$CL/log/data.log" cl_prog marquee-datagen --events "$events" --seed 42 --out "$dir"
    quiet "$CL/log/data-genres.log" cl_prog marquee-genres --from-dir "$dir"
    quiet "$CL/log/data-ingest.log" cl_prog marquee-ingest --from-dir "$dir"
    quiet "$CL/log/data-sync.log" cl_prog marquee-sync
    touch "$marker"
}

cluster_up() {
    local i
    ensure_packages
    build_tree "$BUILD"
    pg_find
    cluster_select
    say "cluster: replication $(cl_mode) (MARQUEE_CLUSTER_SYNC=1 for synchronous)"
    cl_pg_init_primary
    cl_pg_start 0
    if ! cl_psql 0 -d postgres -tAc "select 1 from pg_database where datname = 'marquee'" | grep -q 1; then
        # (local commit: in synchronous mode there is no standby yet to wait for)
        PGOPTIONS='-c synchronous_commit=local' "$PGBIN/createdb" -h "${CL_PG[0]}" -p "$CL_PG_PORT" -U marquee --template=template0 \
            --encoding=UTF8 --lc-collate=C --lc-ctype=C.UTF-8 marquee
        PGOPTIONS='-c synchronous_commit=local' cl_psql 0 -d marquee -c 'CREATE EXTENSION pg_stat_statements'
    fi
    [ -f "$(cl_pgdir 1)/PG_VERSION" ] || cl_pg_init_replica 1 0
    cl_pg_start 1
    for i in 0 1; do cl_redis_start "$i"; done
    for i in 0 1 2; do cl_sentinel_start "$i"; done
    cl_load_data
    for i in 0 1; do cl_api_start "$i"; done
    cl_relay_start
    cl_nginx nginx_start
    wait_for 20 cl_health || die "cluster: no healthy answer from $CL_URL/api/health"
    say "cluster is up: $CL_URL"
}

cluster_down() {
    local i
    pg_find
    cluster_select
    cl_nginx nginx_stop
    cl_relay_stop
    for i in 0 1; do cl_api_stop "$i"; done
    for i in 2 1 0; do cl_sentinel_stop "$i"; done
    for i in 1 0; do cl_redis_stop "$i"; done
    for i in 1 0; do cl_pg_stop "$i"; done
}

# cluster_wipe: down, and its state removed (the next `up` starts from scratch).
cluster_wipe() {
    cluster_down
    rm -rf "$CL"
}

cl_row() { printf '%-28s %s\n' "$1" "$2"; }

cluster_status() {
    local i st role
    pg_find
    cluster_select
    cl_row "nginx $CL_NGINX:$CL_HTTP_PORT" "$(cl_health && echo healthy || echo down) $(curl -s --max-time 2 "$CL_URL/api/health" 2>/dev/null)"
    for i in 0 1; do
        cl_row "app$((i + 1)) ${CL_APPS[$i]}:$CL_APP_PORT" "$(cl_api_pid "$i" >/dev/null && echo running || echo down)"
    done
    cl_row "relay" "$(cl_relay_pid >/dev/null && echo running || echo down)"
    for i in 0 1; do
        if st=$(cl_psql "$i" -d postgres -tAc "select case when pg_is_in_recovery() then 'replica' else 'primary' end" 2>/dev/null); then
            cl_row "pg$((i + 1)) ${CL_PG[$i]}:$CL_PG_PORT" "$st"
        else
            cl_row "pg$((i + 1)) ${CL_PG[$i]}:$CL_PG_PORT" down
        fi
    done
    if st=$(cl_psql 0 -d postgres -tAc "show synchronous_standby_names" 2>/dev/null); then
        cl_row "replication (pg1)" "$([ -n "$st" ] && echo "synchronous ($st)" || echo asynchronous)"
    fi
    for i in 0 1; do
        role=$(cl_redis_cli "${CL_REDIS[$i]}" "$CL_REDIS_PORT" role 2>/dev/null | head -n 1) || role=''
        cl_row "redis$((i + 1)) ${CL_REDIS[$i]}:$CL_REDIS_PORT" "${role:-down}"
    done
    for i in 0 1 2; do
        cl_row "sentinel$((i + 1)) ${CL_SENTINELS[$i]}" "$(cl_redis_ping "${CL_SENTINELS[$i]}" "$CL_SENTINEL_PORT" && echo running || echo down)"
    done
    cl_row "redis master (sentinel)" "$(cl_redis_master || echo unknown)"
}

cmd_cluster() {
    case ${1:-status} in
    up) cluster_up ;;
    down) cluster_down ;;
    wipe) cluster_wipe ;;
    status) cluster_status ;;
    *) die "usage: scripts/dev cluster up|down|wipe|status" ;;
    esac
}
