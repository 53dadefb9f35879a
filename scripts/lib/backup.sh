# shellcheck shell=bash
# `scripts/dev backup [FILE]` and `scripts/dev restore FILE`: the stack's database as
# a pg_dump custom-format archive. pg_dump reads one snapshot, so a backup taken while
# the stack serves is consistent (every transaction committed before it started, none
# after). Redis is not backed up: it holds only what Postgres can rebuild (cached
# answers and sessions, rate-limit counters) and the stream, which the outbox feeds.

# cmd_backup [FILE]: FILE defaults to $VAR/backups/marquee-<UTC time>.dump.
cmd_backup() {
    local file=${1:-$VAR/backups/marquee-$(date -u +%Y%m%dT%H%M%SZ).dump}
    pg_find
    pg_running || die "backup: Postgres of this stack ($VAR) is not running"
    mkdir -p "$(dirname "$file")"
    "$PGBIN/pg_dump" -h 127.0.0.1 -p "$PG_PORT" -U marquee -d marquee --format=custom \
        --file="$file.part"
    mv -f "$file.part" "$file"
    say "backup: $file ($(du -h "$file" | cut -f1))"
}

# cmd_restore FILE: replaces this stack's database with FILE's. The API and the relay
# stop first (nothing writes meanwhile) and start again if they ran; migrations newer
# than the backup are applied after it; Redis is emptied, since its cached answers,
# sessions and counters describe the data replaced. Outbox rows the backup holds as
# unsent are published again: consumers de-duplicate by envelope id (docs/MARKET.md).
cmd_restore() {
    local file=${1:-} api=0 relay=0
    [ -n "$file" ] || die "usage: scripts/dev restore FILE"
    [ -r "$file" ] || die "restore: cannot read $file"
    pg_find
    "$PGBIN/pg_restore" --list "$file" >/dev/null 2>&1 ||
        die "restore: $file is not a pg_dump custom-format archive"
    stack_services
    if relay_pid >/dev/null; then relay=1; fi
    if api_pid >/dev/null; then api=1; fi
    relay_stop
    api_stop
    pg_recreate_db
    say "restore: $file"
    quiet "$VAR/log/restore.log" "$PGBIN/pg_restore" -h 127.0.0.1 -p "$PG_PORT" -U marquee \
        -d marquee --exit-on-error --single-transaction "$file"
    migrate
    redis-cli -h 127.0.0.1 -p "$REDIS_PORT" flushall >/dev/null
    if [ "$api" = 1 ]; then api_start; fi
    if [ "$relay" = 1 ]; then relay_start; fi
    say "restore: done"
}

# table_fingerprints: one line per table of the database: name, rows and the md5 of
# its rows in text order (what test_backup compares).
table_fingerprints() {
    local t
    for t in $(pg_sql -d marquee -At -c \
        "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1"); do
        pg_sql -d marquee -At -c "SELECT '$t ' || count(*) || ' ' ||
            coalesce(md5(string_agg(x::text, ',' ORDER BY x::text)), '-') FROM $t x"
    done
}
