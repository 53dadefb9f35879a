#include "config.h"
#include "core/common.h"
#include "app/ops/ops_store.h"
#include "infra/pg.h"

/* clang-format off */
static const struct pg_stmt ping = {
    "ops_ping",
    "SELECT 1",
    0, PG_READONLY
};
/* clang-format on */

enum status ops_store_ping(struct pg *db, struct arena *a)
{
    struct pg_result *r;
    return pg_exec(db, a, &ping, NULL, &r);
}
