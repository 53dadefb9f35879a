#include "config.h"
#include "core/common.h"
#include "app/favorites/favorites_store.h"
#include "core/arena.h"
#include "infra/pg.h"

/* Newest first (index favorites_user_created), the event's next upcoming
 * session with each; the total is its own statement. */
enum { LIST_P_USER, LIST_P_LIMIT, LIST_P_OFFSET, LIST_NPARAMS };
enum { COUNT_P_USER, COUNT_NPARAMS };
/* clang-format off */
static const struct pg_stmt list = {
    "favorites_list",
    "WITH page AS ("
    "  SELECT f.event_id, f.created_at FROM favorites f "
    "  WHERE f.user_id = $1 "
    "  ORDER BY f.created_at DESC, f.event_id "
    "  LIMIT $2 OFFSET $3) "
    "SELECT p.event_id, extract(epoch FROM p.created_at)::int8, "
    "  e.id, e.name, e.genre, e.sub_genre, e.venue_name, e.venue_address, e.image_url, "
    "  e.favorite_count, "
    "  s.id, s.event_id, extract(epoch FROM s.start_at)::int8, extract(epoch FROM s.end_at)::int8, "
    "  s.local_date::text, s.local_time::text, s.timezone, s.url, "
    "  extract(epoch FROM s.sales_start_at)::int8, extract(epoch FROM s.sales_end_at)::int8, "
    "  s.status "
    "FROM page p "
    "JOIN events e ON e.id = p.event_id "
    "LEFT JOIN LATERAL ("
    "  SELECT * FROM event_sessions s "
    "  WHERE s.event_id = e.id AND s.start_at >= now() "
    "  ORDER BY s.start_at, s.id "
    "  LIMIT 1) s ON true "
    "ORDER BY p.created_at DESC, p.event_id",
    LIST_NPARAMS, PG_READONLY
};

static const struct pg_stmt count = {
    "favorites_count",
    "SELECT count(*) FROM favorites c "
    "WHERE c.user_id = $1",
    COUNT_NPARAMS, PG_READONLY
};
/* clang-format on */

/* The statements on one favorite take the user and the event;
 * favorites_remove_all only the user. */
enum { ONE_P_USER, ONE_P_EVENT, ONE_NPARAMS };
enum { ALL_NPARAMS = ONE_P_USER + 1 };

/* Whether the event exists and whether a row was inserted, in one go. */
enum { ADD_EVENT_EXISTS, ADD_INSERTED };
/* clang-format off */
static const struct pg_stmt add = {
    "favorites_add",
    "WITH ev AS (SELECT id FROM events WHERE id = $2), "
    "ins AS ("
    "  INSERT INTO favorites (user_id, event_id) SELECT $1, id FROM ev "
    "  ON CONFLICT DO NOTHING "
    "  RETURNING 1) "
    "SELECT (SELECT count(*) FROM ev), (SELECT count(*) FROM ins)",
    ONE_NPARAMS, 0
};

static const struct pg_stmt has = {
    "favorites_has",
    "SELECT EXISTS (SELECT 1 FROM favorites WHERE user_id = $1 AND event_id = $2)",
    ONE_NPARAMS, PG_READONLY
};

static const struct pg_stmt remove_one = {
    "favorites_remove",
    "DELETE FROM favorites WHERE user_id = $1 AND event_id = $2",
    ONE_NPARAMS, 0
};

static const struct pg_stmt remove_all = {
    "favorites_remove_all",
    "DELETE FROM favorites WHERE user_id = $1",
    ALL_NPARAMS, 0
};
/* clang-format on */

enum status favorites_list(struct pg *db, struct arena *a, const char *user_id, int64_t limit,
                           int64_t offset, int64_t *total, struct pg_result **out)
{
    struct pg_result *r;
    const char *count_params[COUNT_NPARAMS] = { [COUNT_P_USER] = user_id };
    enum status st = pg_exec(db, a, &count, count_params, &r);
    if (st != ST_OK)
        return st;
    *total = pg_get_i64(r, 0, 0);
    const char *params[LIST_NPARAMS] = {
        [LIST_P_USER] = user_id,
        [LIST_P_LIMIT] = arena_printf(a, "%lld", (long long)limit),
        [LIST_P_OFFSET] = arena_printf(a, "%lld", (long long)offset),
    };
    return pg_exec(db, a, &list, params, out);
}

enum status favorites_add(struct pg *db, struct arena *a, const char *user_id, const char *event_id,
                          bool *added)
{
    struct pg_result *r;
    const char *params[ONE_NPARAMS] = { [ONE_P_USER] = user_id, [ONE_P_EVENT] = event_id };
    enum status st = pg_exec(db, a, &add, params, &r);
    if (st != ST_OK)
        return st;
    if (pg_get_i64(r, 0, ADD_EVENT_EXISTS) == 0)
        return ST_NOT_FOUND;
    *added = pg_get_i64(r, 0, ADD_INSERTED) > 0;
    return ST_OK;
}

enum status favorites_has(struct pg *db, struct arena *a, const char *user_id, const char *event_id,
                          bool *yes)
{
    struct pg_result *r;
    const char *params[ONE_NPARAMS] = { [ONE_P_USER] = user_id, [ONE_P_EVENT] = event_id };
    enum status st = pg_exec(db, a, &has, params, &r);
    if (st == ST_OK)
        *yes = *pg_get(r, 0, 0) == 't';
    return st;
}

enum status favorites_remove(struct pg *db, struct arena *a, const char *user_id,
                             const char *event_id, int64_t *removed)
{
    struct pg_result *r;
    const char *params[ONE_NPARAMS] = { [ONE_P_USER] = user_id, [ONE_P_EVENT] = event_id };
    enum status st = pg_exec(db, a, event_id ? &remove_one : &remove_all, params, &r);
    if (st == ST_OK)
        *removed = pg_affected(r);
    return st;
}
