#include "config.h"
#include "core/common.h"
#include "app/market/payments_store.h"
#include "app/market/market_store.h"
#include "infra/pg.h"

/* clang-format off */
static const struct pg_stmt get = {
    "payments_get",
    "SELECT " PAYMENT_COLUMNS "\n"
    "FROM payments p\n"
    "WHERE p.id = $1",
    1, PG_READONLY
};

enum { BEGIN_P_BUYER, BEGIN_P_ORDER, BEGIN_P_PROVIDER, BEGIN_P_METHOD, BEGIN_P_COUNT };

static const struct pg_stmt begin = {
    "payments_begin",
    "SELECT r.result, " PAYMENT_COLUMNS "\n"
    "FROM marquee_payment_begin($1, $2, $3, $4) r\n"
    "LEFT JOIN LATERAL (SELECT (r.p).*) p ON true",
    BEGIN_P_COUNT, 0
};

enum { FINISH_P_PAYMENT, FINISH_P_OUTCOME, FINISH_P_REF, FINISH_P_ERROR, FINISH_P_COUNT };

static const struct pg_stmt finish = {
    "payments_finish",
    "SELECT result FROM marquee_payment_finish($1, $2, $3, $4)",
    FINISH_P_COUNT, 0
};

static const struct pg_stmt refunded = {
    "payments_refunded",
    "SELECT result FROM marquee_payment_refunded($1)",
    1, 0
};

enum { PENDING_P_MIN_AGE, PENDING_P_LIMIT };

static const struct pg_stmt pending = {
    "payments_pending",
    "SELECT " PAYMENT_COLUMNS "\n"
    "FROM payments p\n"
    "WHERE p.status = 'pending'\n"
    "  AND p.created_at < now() - make_interval(secs => $1)\n"
    "ORDER BY p.created_at\n"
    "LIMIT $2",
    2, PG_READONLY
};
/* clang-format on */

enum status payments_get(struct pg *db, struct arena *a, const char *id, struct pg_result **out)
{
    const char *params[] = { id };
    enum status st = pg_exec(db, a, &get, params, out);
    if (st == ST_OK && pg_nrows(*out) == 0)
        return ST_NOT_FOUND;
    return st;
}

enum status payments_begin(struct pg *db, struct arena *a, const char *buyer, const char *order,
                           const char *provider, const char *method, const char **result,
                           struct pg_result **row)
{
    const char *params[] = {
        [BEGIN_P_BUYER] = buyer,
        [BEGIN_P_ORDER] = order,
        [BEGIN_P_PROVIDER] = provider,
        [BEGIN_P_METHOD] = method,
    };
    return market_change(db, a, &begin, params, result, row);
}

enum status payments_finish(struct pg *db, struct arena *a, const char *id, const char *outcome,
                            const char *ref, const char *error, const char **result)
{
    const char *params[] = {
        [FINISH_P_PAYMENT] = id,
        [FINISH_P_OUTCOME] = outcome,
        [FINISH_P_REF] = ref,
        [FINISH_P_ERROR] = error,
    };
    struct pg_result *r;
    return market_change(db, a, &finish, params, result, &r);
}

enum status payments_refunded(struct pg *db, struct arena *a, const char *id, const char **result)
{
    const char *params[] = { id };
    struct pg_result *r;
    return market_change(db, a, &refunded, params, result, &r);
}

enum status payments_pending(struct pg *db, struct arena *a, int min_age_s, int limit,
                             struct pg_result **out)
{
    const char *params[] = {
        [PENDING_P_MIN_AGE] = market_i64(a, min_age_s),
        [PENDING_P_LIMIT] = market_i64(a, limit),
    };
    return pg_exec(db, a, &pending, params, out);
}
