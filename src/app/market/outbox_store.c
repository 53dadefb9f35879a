#include "config.h"
#include "core/common.h"
#include "app/market/outbox_store.h"
#include "core/arena.h"
#include "infra/pg.h"

/* clang-format off */
enum { PENDING_P_LIMIT, PENDING_NPARAMS };
static const struct pg_stmt pending_stmt = {
    "outbox_pending",
    "SELECT seq, id, envelope,\n"
    "       (extract(epoch FROM clock_timestamp() - created_at) * 1000)::bigint AS age_ms\n"
    "FROM outbox\n"
    "WHERE sent_at IS NULL\n"
    "ORDER BY seq\n"
    "LIMIT $1",
    PENDING_NPARAMS, 0
};

enum { STAMP_P_SEQS, STAMP_NPARAMS };
static const struct pg_stmt stamp_stmt = {
    "outbox_stamp",
    "UPDATE outbox SET sent_at = now()\n"
    "WHERE seq = ANY ($1::bigint[]) AND sent_at IS NULL",
    STAMP_NPARAMS, 0
};

enum { PURGE_P_HOURS, PURGE_P_LIMIT, PURGE_NPARAMS };
static const struct pg_stmt purge_stmt = {
    "outbox_purge",
    "DELETE FROM outbox\n"
    "WHERE seq IN (SELECT seq FROM outbox\n"
    "              WHERE sent_at < now() - make_interval(hours => $1::int)\n"
    "              ORDER BY sent_at\n"
    "              LIMIT $2)",
    PURGE_NPARAMS, 0
};

static const struct pg_stmt backlog_stmt = {
    "outbox_backlog",
    "SELECT count(*),\n"
    "       coalesce((extract(epoch FROM clock_timestamp() - min(created_at)) * 1000)::bigint, 0)\n"
    "FROM outbox\n"
    "WHERE sent_at IS NULL",
    0, 0
};
/* clang-format on */

enum status outbox_pending(struct pg *db, struct arena *a, int limit, struct pg_result **rows)
{
    const char *params[PENDING_NPARAMS] = { [PENDING_P_LIMIT] = arena_printf(a, "%d", limit) };
    return pg_exec(db, a, &pending_stmt, params, rows);
}

enum status outbox_stamp(struct pg *db, struct arena *a, const char *seqs)
{
    const char *params[STAMP_NPARAMS] = { [STAMP_P_SEQS] = seqs };
    struct pg_result *r;
    return pg_exec(db, a, &stamp_stmt, params, &r);
}

enum status outbox_purge(struct pg *db, struct arena *a, int hours, int limit, int64_t *deleted)
{
    const char *params[PURGE_NPARAMS] = {
        [PURGE_P_HOURS] = arena_printf(a, "%d", hours),
        [PURGE_P_LIMIT] = arena_printf(a, "%d", limit),
    };
    struct pg_result *r;
    enum status st = pg_exec(db, a, &purge_stmt, params, &r);
    *deleted = st == ST_OK ? pg_affected(r) : 0;
    return st;
}

enum status outbox_backlog(struct pg *db, struct arena *a, int64_t *pending, int64_t *age_ms)
{
    struct pg_result *r;
    enum status st = pg_exec(db, a, &backlog_stmt, NULL, &r);
    if (st == ST_OK) {
        *pending = pg_get_i64(r, 0, 0);
        *age_ms = pg_get_i64(r, 0, 1);
    }
    return st;
}
