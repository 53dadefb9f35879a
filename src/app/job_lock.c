#include "config.h"
#include "core/common.h"
#include "app/job_lock.h"
#include "infra/pg.h"

static const struct pg_stmt lock_stmt = {
    "job_lock", "SELECT pg_try_advisory_lock(hashtext($1))", 1,
    false, /* a retry on a new session would not hold the lock for this one */
};

enum status job_lock(struct pg *db, struct arena *a, const char *name)
{
    const char *params[] = { name };
    struct pg_result *res;
    enum status st = pg_exec(db, a, &lock_stmt, params, &res);

    if (st != ST_OK)
        return st;
    const char *v = pg_nrows(res) == 1 ? pg_get(res, 0, 0) : NULL;
    if (!v || *v != 't')
        return ST_CONFLICT;
    db->pinned = true; /* losing this session loses the lock: stop, don't reconnect */
    return ST_OK;
}
