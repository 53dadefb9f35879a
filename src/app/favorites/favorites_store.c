#include "config.h"
#include "core/common.h"
#include "app/favorites/favorites_store.h"
#include "app/events/events_sql.h"
#include "core/arena.h"
#include "infra/pg.h"

/* Newest first (index favorites_user_created); the total rides along on
 * every row, and an empty page still returns one row carrying it. */
static const struct pg_stmt list = {
    "favorites_list",
    "WITH page AS (SELECT f.event_id, f.created_at FROM favorites f WHERE f.user_id = $1 "
    "  ORDER BY f.created_at DESC, f.event_id LIMIT $2 OFFSET $3) "
    "SELECT (SELECT count(*) FROM favorites c WHERE c.user_id = $1), p.event_id, "
    "extract(epoch FROM p.created_at)::int8, " EV_SQL_SUMMARY ", " EV_SQL_SESSION(
        "s") " FROM (SELECT 1) one "
             "LEFT JOIN (page p JOIN events e ON e.id = p.event_id) ON true "
             "LEFT JOIN LATERAL (SELECT * FROM event_sessions s WHERE s.event_id = e.id "
             "  AND s.start_at >= now() ORDER BY s.start_at, s.id LIMIT 1) s ON true "
             "ORDER BY p.created_at DESC, p.event_id",
    3, PG_READONLY
};

/* Whether the event exists and whether a row was inserted, in one go. */
static const struct pg_stmt add = {
    "favorites_add",
    "WITH ev AS (SELECT id FROM events WHERE id = $2), "
    "ins AS (INSERT INTO favorites (user_id, event_id) SELECT $1, id FROM ev "
    "  ON CONFLICT DO NOTHING RETURNING 1) "
    "SELECT (SELECT count(*) FROM ev), (SELECT count(*) FROM ins)",
    2, 0
};

static const struct pg_stmt has = {
    "favorites_has", "SELECT EXISTS (SELECT 1 FROM favorites WHERE user_id = $1 AND event_id = $2)",
    2, PG_READONLY
};

static const struct pg_stmt remove_one = {
    "favorites_remove", "DELETE FROM favorites WHERE user_id = $1 AND event_id = $2", 2, 0
};

static const struct pg_stmt remove_all = { "favorites_remove_all",
                                           "DELETE FROM favorites WHERE user_id = $1", 1, 0 };

enum status favorites_list(struct pg *db, struct arena *a, const char *user_id, int64_t limit,
                           int64_t offset, struct pg_result **out)
{
    const char *params[] = { user_id, arena_printf(a, "%lld", (long long)limit),
                             arena_printf(a, "%lld", (long long)offset) };
    return pg_exec(db, a, &list, params, out);
}

enum status favorites_add(struct pg *db, struct arena *a, const char *user_id, const char *event_id,
                          bool *added)
{
    struct pg_result *r;
    const char *params[] = { user_id, event_id };
    enum status st = pg_exec(db, a, &add, params, &r);
    if (st != ST_OK)
        return st;
    if (pg_get_i64(r, 0, 0) == 0)
        return ST_NOT_FOUND;
    *added = pg_get_i64(r, 0, 1) > 0;
    return ST_OK;
}

enum status favorites_has(struct pg *db, struct arena *a, const char *user_id, const char *event_id,
                          bool *yes)
{
    struct pg_result *r;
    const char *params[] = { user_id, event_id };
    enum status st = pg_exec(db, a, &has, params, &r);
    if (st == ST_OK)
        *yes = *pg_get(r, 0, 0) == 't';
    return st;
}

enum status favorites_remove(struct pg *db, struct arena *a, const char *user_id,
                             const char *event_id, int64_t *removed)
{
    struct pg_result *r;
    const char *params[] = { user_id, event_id };
    enum status st = pg_exec(db, a, event_id ? &remove_one : &remove_all, params, &r);
    if (st == ST_OK)
        *removed = pg_affected(r);
    return st;
}
