#include "config.h"
#include "core/common.h"
#include "infra/pg_replica.h"
#include "core/log.h"
#include "core/timeutil.h"

/* How far replay is behind what the replica received, in ms: 0 when it
 * replayed all it has (an idle primary is not lag), else the age of the
 * last transaction it replayed. A promoted replica is a primary: 0. */
/* clang-format off */
static const struct pg_stmt replica_lag = {
    "pg_replica_lag",
    "SELECT CASE"
    "  WHEN NOT pg_is_in_recovery() THEN 0"
    "  WHEN pg_last_wal_receive_lsn() IS NULL"
    "    OR pg_last_wal_receive_lsn() <= pg_last_wal_replay_lsn() THEN 0"
    "  ELSE coalesce((extract(epoch FROM now() - pg_last_xact_replay_timestamp()) * 1000)::bigint,"
    "                2147483647)"
    " END",
    0, PG_READONLY
};
/* clang-format on */

void pg_replica_init(struct pg_replica *r, struct pg *primary, const char *conninfo,
                     int connect_timeout_s, int statement_timeout_ms, int max_lag_ms,
                     const char *app_name)
{
    memset(r, 0, sizeof(*r));
    r->primary = primary;
    r->max_lag_ms = max_lag_ms;
    r->lag_ms = -1;
    if (!conninfo || !*conninfo)
        return;
    pg_init(&r->db, conninfo, connect_timeout_s, statement_timeout_ms, app_name);
    r->db.fallback = primary;
    r->state = PG_REPLICA_DOWN; /* until the first check */
}

void pg_replica_release(struct pg_replica *r)
{
    if (r->state != PG_REPLICA_NONE)
        pg_release(&r->db);
}

enum pg_replica_state pg_replica_check(struct pg_replica *r, struct arena *a)
{
    struct pg_result *res;
    enum pg_replica_state was = r->state;
    if (was == PG_REPLICA_NONE)
        return was;
    r->db.fallback = NULL; /* the check must ask the replica itself */
    enum status st = pg_exec(&r->db, a, &replica_lag, NULL, &res);
    r->db.fallback = r->primary;
    r->lag_ms = st == ST_OK ? pg_get_i64(res, 0, 0) : -1;
    r->state = st != ST_OK                 ? PG_REPLICA_DOWN
               : r->lag_ms > r->max_lag_ms ? PG_REPLICA_LAGGING
                                           : PG_REPLICA_OK;
    r->next_check_us = time_mono_us() + PG_REPLICA_CHECK_MS * 1000;
    if (r->state != was)
        log_info("pg_replica", "state=%s lag_ms=%lld", pg_replica_state_name(r->state),
                 (long long)r->lag_ms);
    return r->state;
}

struct pg *pg_replica_pick(struct pg_replica *r, struct arena *a)
{
    if (r->state == PG_REPLICA_NONE)
        return r->primary;
    /* a read fell back since the last check: the replica's connection is gone */
    if (r->state == PG_REPLICA_OK && !r->db.conn)
        r->state = PG_REPLICA_DOWN;
    if (time_mono_us() >= r->next_check_us)
        pg_replica_check(r, a);
    return r->state == PG_REPLICA_OK ? &r->db : r->primary;
}

const char *pg_replica_state_name(enum pg_replica_state s)
{
    switch (s) {
    case PG_REPLICA_NONE:
        return "none";
    case PG_REPLICA_OK:
        return "ok";
    case PG_REPLICA_LAGGING:
        return "lagging";
    case PG_REPLICA_DOWN:
        return "unavailable";
    }
    return "unavailable";
}
