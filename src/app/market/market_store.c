#include "config.h"
#include "core/common.h"
#include "app/market/market_store.h"
#include "core/arena.h"
#include "infra/pg.h"

enum status market_change(struct pg *db, struct arena *a, const struct pg_stmt *stmt,
                          const char *const *params, const char **result, struct pg_result **row)
{
    enum status st = pg_exec(db, a, stmt, params, row);
    if (st == ST_OK)
        *result = pg_get(*row, 0, 0);
    return st;
}

const char *market_i64(struct arena *a, int64_t v)
{
    return arena_printf(a, "%lld", (long long)v);
}
