#include "config.h"
#include "core/common.h"
#include "app/market/expire.h"
#include "app/market/idempotency_store.h"
#include "app/market/orders_store.h"
#include "core/arena.h"

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
    enum status st;
    int64_t n;
    do {
        st = idem_keys_purge(db, a, EXPIRE_BATCH, &n);
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
