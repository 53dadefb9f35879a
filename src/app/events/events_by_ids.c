#include "config.h"
#include "core/common.h"
#include "app/events/events_by_ids.h"
#include "app/events/events_sql.h"
#include "app/events/events_store.h"
#include "core/arena.h"
#include "core/buf.h"
#include "core/jsonw.h"
#include "core/timeutil.h"
#include "infra/pg.h"

static const struct pg_stmt by_ids = {
    "events_by_ids",
    "SELECT " EV_SQL_SUMMARY ", " EV_SQL_SESSION(
        "s") ", u.pos - 1 FROM jsonb_array_elements_text($1::jsonb) WITH ORDINALITY AS u(id, pos) "
             "JOIN events e ON e.id = u.id "
             "LEFT JOIN LATERAL (SELECT * FROM event_sessions s WHERE s.event_id = e.id "
             "  AND s.start_at >= COALESCE($2::timestamptz, now()) "
             "  AND s.start_at < COALESCE($3::timestamptz, 'infinity') "
             "  ORDER BY s.start_at, s.id LIMIT 1) s ON true "
             "ORDER BY u.pos",
    3, PG_READONLY | PG_GENERIC
};

static const char *iso(struct arena *a, int64_t t)
{
    if (t == INT64_MAX)
        return "infinity";
    if (t == INT64_MIN)
        return "-infinity";
    char *s = arena_alloc(a, TIME_ISO_LEN);
    time_format_iso(t, s);
    return s;
}

enum status events_by_ids(struct pg *db, struct arena *a, const char *const *ids, size_t n,
                          const struct events_range *range, struct pg_result **out)
{
    struct buf *b = buf_new_arena(a, 0);
    struct jsonw w;
    jsonw_init(&w, b);
    jsonw_arr_open(&w);
    for (size_t i = 0; i < n; i++)
        jsonw_str(&w, ids[i]);
    jsonw_arr_close(&w);
    if (b->failed)
        return ST_NOMEM;
    const char *params[] = { b->data, range && range->set ? iso(a, range->from) : NULL,
                             range && range->set ? iso(a, range->to) : NULL };
    return pg_exec(db, a, &by_ids, params, out);
}
