#include "config.h"
#include "core/common.h"
#include "app/market/expire.h"
#include "app/market/market_store.h"
#include "app/market/orders_store.h"
#include "core/arena.h"
#include "infra/pg.h"

/* clang-format off */
static const struct pg_stmt purge_keys = {
    "expire_purge_keys",
    "DELETE FROM idempotency_keys\n"
    "WHERE ctid IN (SELECT ctid FROM idempotency_keys\n"
    "               WHERE created_at <= now() - interval '24 hours'\n"
    "               LIMIT $1)",
    1, 0
};
/* clang-format on */

static enum status expire_orders(struct pg *db, struct arena *a, int64_t *total)
{
    int64_t n;
    enum status st;
    do {
        st = orders_expire(db, a, EXPIRE_BATCH, &n);
        if (st == ST_OK)
            *total += n;
        arena_reset(a);
    } while (st == ST_OK && n == EXPIRE_BATCH);
    return st;
}

static enum status purge(struct pg *db, struct arena *a, int64_t *total)
{
    const char *params[] = { market_i64(a, EXPIRE_BATCH) };
    struct pg_result *r;
    enum status st;
    int64_t n;
    do {
        st = pg_exec(db, a, &purge_keys, params, &r);
        n = st == ST_OK ? pg_affected(r) : 0;
        *total += n;
    } while (st == ST_OK && n == EXPIRE_BATCH);
    return st;
}

enum status expire_run(const struct payments_env *env, struct expire_stats *st)
{
    *st = (struct expire_stats){ 0 };
    enum status s = expire_orders(env->db, env->arena, &st->orders_expired);
    if (s == ST_OK)
        s = payments_reconcile(env, EXPIRE_PAYMENT_AGE_S, EXPIRE_PAYMENTS_BATCH,
                               &st->payments_settled);
    arena_reset(env->arena);
    if (s == ST_OK)
        s = purge(env->db, env->arena, &st->keys_purged);
    arena_reset(env->arena);
    return s;
}
