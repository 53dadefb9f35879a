#include "config.h"
#include "core/common.h"
#include "app/job_store.h"
#include "infra/pg.h"

/* Not PG_READONLY: a retry on a new session would not hold the lock for
 * this one. */
enum { LOCK_P_NAME, LOCK_NPARAMS };
/* clang-format off */
static const struct pg_stmt lock_stmt = {
    "job_lock",
    "SELECT pg_try_advisory_lock(hashtext($1))",
    LOCK_NPARAMS, 0
};
/* clang-format on */

enum status job_store_try_lock(struct pg *db, struct arena *a, const char *name, bool *locked)
{
    const char *params[LOCK_NPARAMS] = { [LOCK_P_NAME] = name };
    struct pg_result *res;
    enum status st = pg_exec(db, a, &lock_stmt, params, &res);

    if (st != ST_OK)
        return st;
    const char *v = pg_nrows(res) == 1 ? pg_get(res, 0, 0) : NULL;
    *locked = v && *v == 't';
    return ST_OK;
}
