# shellcheck shell=bash
# Postgres: a private cluster in $VAR/pg on 127.0.0.1:$PG_PORT, trust auth (dev only).
# Postgres refuses to run as root, so as root the server runs as the `postgres` user.

pg_find() {
    # shellcheck disable=SC2012 # version-sorted directory names, no odd characters
    PGBIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
    [ -n "$PGBIN" ] || die "no Postgres under /usr/lib/postgresql (scripts/dev up installs it)"
}

# pg_as CMD...: runs CMD as the cluster's owner, from / (the caller's cwd may be private).
pg_as() {
    if is_root; then
        (cd / && exec runuser -u postgres -- "$@")
    else
        "$@"
    fi
}

pg_ctl_() { pg_as "$PGBIN/pg_ctl" -D "$VAR/pg" "$@"; }
pg_running() { [ -f "$VAR/pg/PG_VERSION" ] && pg_ctl_ status >/dev/null 2>&1; }
pg_sql() { "$PGBIN/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PG_PORT" -U marquee "$@"; }

pg_reachable() { pg_as test -x "$VAR/pg" -a -w "$VAR/run" -a -w "$VAR/log/postgres.log"; }

# pg_dirs: data, socket and log locations the server user can reach.
pg_dirs() {
    mkdir -p "$VAR/pg" "$VAR/run" "$VAR/log"
    touch "$VAR/log/postgres.log"
    if is_root; then
        id postgres >/dev/null 2>&1 || die "no postgres user (is the postgresql package installed?)"
        chown postgres:postgres "$VAR/pg" "$VAR/run" "$VAR/log/postgres.log"
    fi
    chmod 700 "$VAR/pg"
    pg_reachable && return 0
    # Some parent lacks o+x (e.g. a CI clone in a private directory): open the path.
    local d=$VAR perm
    while [ "$d" != / ]; do
        perm=$(stat -c %a "$d")
        if (((8#$perm & 1) == 0)); then
            chmod o+x "$d"
            say "postgres: added o+x to $d so the postgres user can reach $VAR/pg"
        fi
        d=$(dirname "$d")
    done
    pg_reachable || die "the postgres user cannot reach $VAR/pg, $VAR/run or $VAR/log"
}

pg_start() {
    pg_find
    pg_dirs
    if [ ! -f "$VAR/pg/PG_VERSION" ]; then
        say "postgres: initdb $VAR/pg"
        quiet "$VAR/log/initdb.log" pg_as "$PGBIN/initdb" -D "$VAR/pg" --auth=trust -U marquee \
            --encoding=UTF8 --locale=C.UTF-8 --lc-collate=C
    fi
    if pg_running; then
        say "postgres: already running on 127.0.0.1:$PG_PORT"
        return 0
    fi
    say "postgres: starting on 127.0.0.1:$PG_PORT"
    # pg_ctl hands -o to /bin/sh, hence the inner quotes around the socket directory.
    if ! pg_ctl_ start -w -t 60 -l "$VAR/log/postgres.log" \
        -o "-c listen_addresses=127.0.0.1 -p $PG_PORT -k '$VAR/run' -c shared_buffers=256MB -c max_connections=200" \
        >/dev/null; then
        tail -n 20 "$VAR/log/postgres.log" >&2
        die "postgres did not start (log: $VAR/log/postgres.log)"
    fi
}

pg_stop() {
    pg_find
    if ! pg_running; then
        say "postgres: not running"
        return 0
    fi
    say "postgres: stopping"
    pg_ctl_ stop -m fast -w -t 60 >/dev/null
}

# pg_db_exists: 0 if database marquee exists.
pg_db_exists() {
    [ "$(pg_sql -d postgres -tAc "select 1 from pg_database where datname = 'marquee'")" = 1 ]
}

# The database compares text bytewise (LC_COLLATE C: the same order as C.UTF-8's
# code points, without strcoll on every comparison: ids are 64-byte keys) and
# keeps C.UTF-8's character classes (lower() and upper() beyond ASCII).
createdb_() {
    "$PGBIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U marquee --template=template0 \
        --encoding=UTF8 --lc-collate=C --lc-ctype=C.UTF-8 marquee
}

pg_ensure_db() {
    if pg_db_exists; then
        return 0
    fi
    say "postgres: createdb marquee"
    createdb_
}

pg_recreate_db() {
    say "postgres: fresh database marquee"
    "$PGBIN/dropdb" -h 127.0.0.1 -p "$PG_PORT" -U marquee --if-exists --force marquee
    createdb_
}
