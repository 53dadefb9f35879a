#!/bin/bash
# Like the official image's entrypoint, the parts docker/docker-compose.yml uses: as
# root, own the data directory and drop to postgres; on first start, initdb with
# POSTGRES_* and let clients in with a password from anywhere.
set -euo pipefail
if [ "$(id -u)" = 0 ]; then
    install -d -o postgres -g postgres -m 700 "$PGDATA"
    install -d -o postgres -g postgres -m 2775 /var/run/postgresql
    exec setpriv --reuid=postgres --regid=postgres --init-groups "$0" "$@"
fi
if [ ! -s "$PGDATA/PG_VERSION" ]; then
    : "${POSTGRES_PASSWORD:?set POSTGRES_PASSWORD}"
    user=${POSTGRES_USER:-postgres}
    db=${POSTGRES_DB:-$user}
    pw=$(mktemp)
    printf '%s\n' "$POSTGRES_PASSWORD" >"$pw"
    # shellcheck disable=SC2086 # POSTGRES_INITDB_ARGS is a list of words
    initdb -D "$PGDATA" --username="$user" --pwfile="$pw" --auth-local=trust \
        --auth-host=scram-sha-256 ${POSTGRES_INITDB_ARGS:-}
    rm -f "$pw"
    echo "listen_addresses = '*'" >>"$PGDATA/postgresql.conf"
    echo "host all all all scram-sha-256" >>"$PGDATA/pg_hba.conf"
    if [ "$db" != postgres ]; then
        # A temporary server on a private socket and no TCP, so that the health
        # check's pg_isready cannot see it.
        mkdir -p /tmp/pginit
        pg_ctl -D "$PGDATA" -o "-c listen_addresses='' -k /tmp/pginit" -w start
        psql -v ON_ERROR_STOP=1 -h /tmp/pginit -U "$user" -d postgres -c "CREATE DATABASE \"$db\""
        pg_ctl -D "$PGDATA" -m fast -w stop
    fi
fi
exec "$@"
