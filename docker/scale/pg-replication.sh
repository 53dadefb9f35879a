#!/bin/sh
# Run once by the postgres image's entrypoint on a new primary (docker-entrypoint-initdb.d):
# the replica streams from it with the same password.
set -eu
echo "host replication all all scram-sha-256" >>"$PGDATA/pg_hba.conf"
