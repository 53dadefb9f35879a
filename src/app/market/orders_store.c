#include "config.h"
#include "core/common.h"
#include "app/market/orders_store.h"
#include "app/market/market_store.h"
#include "infra/pg.h"

/* clang-format off */
static const struct pg_stmt get = {
    "orders_get",
    "SELECT " ORDER_COLUMNS ", " TICKET_COLUMNS "\n"
    "FROM orders o\n"
    "JOIN tickets t ON t.id = o.ticket_id\n"
    "WHERE o.id = $1",
    1, PG_READONLY
};

enum { LIST_P_BUYER, LIST_P_STATUS, LIST_P_LIMIT, LIST_P_OFFSET };

static const struct pg_stmt list = {
    "orders_list",
    "SELECT " ORDER_COLUMNS ", " TICKET_COLUMNS "\n"
    "FROM orders o\n"
    "JOIN tickets t ON t.id = o.ticket_id\n"
    "WHERE o.buyer_id = $1\n"
    "  AND ($2::text IS NULL OR marquee_order_status(o.status, o.expires_at) = $2)\n"
    "ORDER BY o.created_at DESC, o.id DESC\n"
    "LIMIT $3 OFFSET $4",
    4, PG_READONLY
};

static const struct pg_stmt count = {
    "orders_count",
    "SELECT count(*)\n"
    "FROM orders o\n"
    "WHERE o.buyer_id = $1\n"
    "  AND ($2::text IS NULL OR marquee_order_status(o.status, o.expires_at) = $2)",
    2, PG_READONLY
};

enum { CREATE_P_BUYER, CREATE_P_TICKET, CREATE_P_HOLD, CREATE_P_MAX_HOLDS, CREATE_P_COUNT };

static const struct pg_stmt create = {
    "orders_create",
    "SELECT r.result, " ORDER_COLUMNS ", " TICKET_COLUMNS "\n"
    "FROM marquee_order_create($1, $2, $3, $4) r\n"
    "LEFT JOIN LATERAL (SELECT (r.o).*) o ON true\n"
    "LEFT JOIN LATERAL (SELECT (r.t).*) t ON true",
    CREATE_P_COUNT, 0
};

static const struct pg_stmt cancel = {
    "orders_cancel",
    "SELECT result FROM marquee_order_cancel($1, $2)",
    2, 0
};

#define DETAIL_FROM                                                                                \
    "SELECT " ORDER_COLUMNS ", " TICKET_COLUMNS ",\n"                                              \
    "       e.name, e.venue_name, (extract(epoch FROM o.expires_at) * 1000)::int8,\n"             \
    "       " MARKET_SESSION_COLUMNS "\n"                                                         \
    "FROM orders o\n"                                                                              \
    "JOIN tickets t ON t.id = o.ticket_id\n"                                                       \
    "JOIN events e ON e.id = t.event_id\n"                                                         \
    "JOIN event_sessions s ON s.id = t.session_id\n"

static const struct pg_stmt detail_get = {
    "orders_detail_get",
    DETAIL_FROM
    "WHERE o.id = $1",
    1, PG_READONLY
};

enum { DLIST_P_BUYER, DLIST_P_LIMIT, DLIST_P_OFFSET, DLIST_P_COUNT };

static const struct pg_stmt detail_list = {
    "orders_detail_list",
    DETAIL_FROM
    "WHERE o.buyer_id = $1\n"
    "ORDER BY o.created_at DESC, o.id DESC\n"
    "LIMIT $2 OFFSET $3",
    DLIST_P_COUNT, PG_READONLY
};

static const struct pg_stmt holding = {
    "orders_holding",
    "SELECT o.id\n"
    "FROM orders o\n"
    "WHERE o.buyer_id = $1 AND o.ticket_id = $2\n"
    "  AND o.status = 'created' AND o.expires_at > now()",
    2, PG_READONLY
};

static const struct pg_stmt expire = {
    "orders_expire",
    "SELECT marquee_orders_expire($1)",
    1, 0
};
/* clang-format on */

enum status orders_get(struct pg *db, struct arena *a, const char *id, struct pg_result **out)
{
    const char *params[] = { id };
    enum status st = pg_exec(db, a, &get, params, out);
    if (st == ST_OK && pg_nrows(*out) == 0)
        return ST_NOT_FOUND;
    return st;
}

enum status orders_list(struct pg *db, struct arena *a, const char *buyer, const char *status,
                        int64_t limit, int64_t offset, struct pg_result **rows, int64_t *total)
{
    const char *params[] = {
        [LIST_P_BUYER] = buyer,
        [LIST_P_STATUS] = status,
        [LIST_P_LIMIT] = market_i64(a, limit),
        [LIST_P_OFFSET] = market_i64(a, offset),
    };
    struct pg_result *n;
    enum status st = pg_exec(db, a, &list, params, rows);
    if (st == ST_OK)
        st = pg_exec(db, a, &count, params, &n);
    if (st == ST_OK)
        *total = pg_get_i64(n, 0, 0);
    return st;
}

enum status orders_detail_get(struct pg *db, struct arena *a, const char *id,
                              struct pg_result **out)
{
    const char *params[] = { id };
    enum status st = pg_exec(db, a, &detail_get, params, out);
    if (st == ST_OK && pg_nrows(*out) == 0)
        return ST_NOT_FOUND;
    return st;
}

enum status orders_detail_list(struct pg *db, struct arena *a, const char *buyer, int64_t limit,
                               int64_t offset, struct pg_result **rows, int64_t *total)
{
    const char *params[] = {
        [DLIST_P_BUYER] = buyer,
        [DLIST_P_LIMIT] = market_i64(a, limit),
        [DLIST_P_OFFSET] = market_i64(a, offset),
    };
    const char *count_params[] = { buyer, NULL };
    struct pg_result *n;
    enum status st = pg_exec(db, a, &detail_list, params, rows);
    if (st == ST_OK)
        st = pg_exec(db, a, &count, count_params, &n);
    if (st == ST_OK)
        *total = pg_get_i64(n, 0, 0);
    return st;
}

enum status orders_holding(struct pg *db, struct arena *a, const char *buyer, const char *ticket,
                           const char **id)
{
    const char *params[] = { buyer, ticket };
    struct pg_result *r;
    enum status st = pg_exec(db, a, &holding, params, &r);
    if (st == ST_OK && pg_nrows(r) == 0)
        return ST_NOT_FOUND;
    if (st == ST_OK)
        *id = pg_get(r, 0, 0);
    return st;
}

enum status orders_create(struct pg *db, struct arena *a, const char *buyer, const char *ticket,
                          int hold_s, int max_holds, const char **result, struct pg_result **row)
{
    const char *params[] = {
        [CREATE_P_BUYER] = buyer,
        [CREATE_P_TICKET] = ticket,
        [CREATE_P_HOLD] = market_i64(a, hold_s),
        [CREATE_P_MAX_HOLDS] = market_i64(a, max_holds),
    };
    return market_change(db, a, &create, params, result, row);
}

enum status orders_cancel(struct pg *db, struct arena *a, const char *buyer, const char *id,
                          const char **result)
{
    const char *params[] = { buyer, id };
    struct pg_result *r;
    return market_change(db, a, &cancel, params, result, &r);
}

enum status orders_expire(struct pg *db, struct arena *a, int limit, int64_t *n)
{
    const char *params[] = { market_i64(a, limit) };
    struct pg_result *r;
    enum status st = pg_exec(db, a, &expire, params, &r);
    if (st == ST_OK)
        *n = pg_get_i64(r, 0, 0);
    return st;
}
