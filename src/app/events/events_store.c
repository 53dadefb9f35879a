#include "config.h"
#include "core/common.h"
#include "app/events/events_store.h"
#include "app/events/events_sql.h"
#include "app/events/events_totals.h"
#include "core/arena.h"
#include "core/timeutil.h"
#include "infra/pg.h"

#define SUMMARY    EV_SQL_SUMMARY
#define SESSION(s) EV_SQL_SESSION(s)

/*
 * An event is listed iff one of its sessions starts in [$1, $2). The
 * exact first/last start bounds decide most events without touching
 * event_sessions; only events whose sessions straddle the range need the
 * EXISTS probe.
 */
#define IN_RANGE                                                                                   \
    "e.last_start_at >= $1 AND e.first_start_at < $2 "                                             \
    "AND ($3::text IS NULL OR lower(e.genre) = lower($3::text)) "                                  \
    "AND ($4::text IS NULL OR lower(e.sub_genre) = lower($4::text)) "                              \
    "AND (e.first_start_at >= $1 OR e.last_start_at < $2 OR EXISTS (SELECT 1 FROM "                \
    "event_sessions x WHERE x.event_id = e.id AND x.start_at >= $1 AND x.start_at < $2))"
#define NEXT_IN_RANGE                                                                              \
    "LEFT JOIN LATERAL (SELECT * FROM event_sessions s WHERE s.event_id = e.id AND "               \
    "s.start_at >= $1 AND s.start_at < $2 ORDER BY s.start_at, s.id LIMIT 1) s ON true "

/*
 * Sorted by next session: walk the first $5 sessions of the range in start
 * order and keep each event's first one. The page is exact when that prefix
 * holds at least offset+limit events or the whole range; otherwise the
 * caller retries with a longer prefix. One statement per filter, each
 * walking its own index (sql/012: the unfiltered one event_sessions_start,
 * the others their genre's sessions), under a generic plan: planning it
 * cost more than running it.
 */
#define LIST_DATE(name, filter)                                                                    \
    {                                                                                              \
        name,                                                                                      \
            "WITH prefix AS (SELECT s.event_id, s.start_at, s.id FROM event_sessions s "           \
            "  WHERE s.start_at >= $1 AND s.start_at < $2 AND " filter                             \
            "  ORDER BY s.start_at, s.id LIMIT $5), "                                              \
            "firsts AS (SELECT DISTINCT ON (event_id) event_id, start_at, id FROM prefix "         \
            "  ORDER BY event_id, start_at, id), "                                                 \
            "page AS (SELECT event_id, start_at, id FROM firsts ORDER BY start_at, id "            \
            "  LIMIT $6 OFFSET $7) "                                                               \
            "SELECT " SUMMARY ", " SESSION(                                                        \
                "s") ", m.prefix_rows, m.distinct_events "                                         \
                     "FROM (SELECT (SELECT count(*) FROM prefix) AS prefix_rows, "                 \
                     "  (SELECT count(*) FROM firsts) AS distinct_events) m "                      \
                     "LEFT JOIN (page p JOIN events e ON e.id = p.event_id JOIN event_sessions s " \
                     "ON s.id = p.id) ON true ORDER BY p.start_at, p.id",                          \
            7, PG_READONLY | PG_GENERIC                                                            \
    }

/* $3 genre, $4 sub-genre; the unfiltered statement is for neither. */
static const struct pg_stmt list_by_date =
    LIST_DATE("events_list_date", "$3::text IS NULL AND $4::text IS NULL");
static const struct pg_stmt list_by_date_genre = LIST_DATE(
    "events_list_date_genre",
    "s.genre_key = lower($3::text) AND ($4::text IS NULL OR s.sub_genre_key = lower($4::text))");
static const struct pg_stmt list_by_date_sub_genre = LIST_DATE(
    "events_list_date_sub_genre",
    "s.sub_genre_key = lower($4::text) AND ($3::text IS NULL OR s.genre_key = lower($3::text))");

#define LIST_ORDERED(name, order)                                                                  \
    {                                                                                              \
        name,                                                                                      \
            "WITH page AS (SELECT e.id FROM events e WHERE " IN_RANGE " ORDER BY " order           \
            " LIMIT $5 OFFSET $6) "                                                                \
            "SELECT " SUMMARY                                                                      \
            ", " SESSION("s") " FROM page p JOIN events e ON e.id = p.id " NEXT_IN_RANGE           \
                              "ORDER BY " order,                                                   \
            6, PG_READONLY                                                                         \
    }

static const struct pg_stmt list_by_name = LIST_ORDERED("events_list_name", "e.name, e.id");
static const struct pg_stmt list_by_popularity =
    LIST_ORDERED("events_list_popularity", "e.favorite_count DESC, e.id");

/*
 * Totals (kept by each worker, see events_totals.h), two ways. By event
 * bounds (events_last_start / events_genre_last_start): reads every event
 * ending after `from`, and probes the sessions of those that also run past
 * `to`. By the window's sessions (event_sessions_start or the genre's
 * index): reads the sessions in the window and counts their events. On the
 * bench data (100,000 events, 90 days) the sessions win for a day or a
 * week (1.9 and 8 ms against 66 and 67-78 ms), the bounds from a month on
 * (63-98 against 86-123 ms; a year: 14 against 263-328 ms).
 */
#define COUNT_BY_SESSIONS_MAX_S (14 * 86400)

static const struct pg_stmt count_in_range = { "events_count",
                                               "SELECT count(*) FROM events e WHERE " IN_RANGE, 4,
                                               PG_READONLY };
static const struct pg_stmt count_in_window = {
    "events_count_window",
    "SELECT count(*) FROM (SELECT DISTINCT s.event_id FROM event_sessions s "
    "WHERE s.start_at >= $1 AND s.start_at < $2 "
    "AND ($3::text IS NULL OR s.genre_key = lower($3::text)) "
    "AND ($4::text IS NULL OR s.sub_genre_key = lower($4::text))) d",
    4, PG_READONLY
};

static const struct pg_stmt trending = {
    "events_trending",
    "SELECT " SUMMARY ", " SESSION(
        "s") " FROM events e "
             "LEFT JOIN LATERAL (SELECT * FROM event_sessions s WHERE s.event_id = e.id "
             "  AND s.start_at >= now() ORDER BY s.start_at, s.id LIMIT 1) s ON true "
             "WHERE e.last_start_at >= now() ORDER BY e.favorite_count DESC, e.id LIMIT $1",
    1, PG_READONLY
};

/* Sessions listed on the event page: upcoming (soonest first), then those
 * without a date, then past ones (latest first). */
static const struct pg_stmt get_event = {
    "events_get",
    "SELECT " SUMMARY ", e.description, " SESSION("n") ", " SESSION(
        "s") " FROM events e "
             "LEFT JOIN LATERAL (SELECT * FROM event_sessions n WHERE n.event_id = e.id "
             "  AND n.start_at >= now() ORDER BY n.start_at, n.id LIMIT 1) n ON true "
             "LEFT JOIN LATERAL (SELECT x.*, CASE WHEN x.start_at >= now() THEN 0 "
             "  WHEN x.start_at IS NULL THEN 1 ELSE 2 END AS grp FROM event_sessions x "
             "  WHERE x.event_id = e.id ORDER BY grp, CASE WHEN x.start_at >= now() THEN "
             "x.start_at END, "
             "  x.start_at DESC, x.id LIMIT 50) s ON true "
             "WHERE e.id = $1 "
             "ORDER BY s.grp, CASE WHEN s.grp = 0 THEN s.start_at END, s.start_at DESC, s.id",
    1, PG_READONLY
};

static const struct pg_stmt event_sessions = {
    "events_sessions",
    "SELECT (SELECT count(*) FROM event_sessions c WHERE c.event_id = e.id "
    "  AND c.start_at >= $2 AND c.start_at < $3), " SESSION(
        "s") " FROM events e "
             "LEFT JOIN LATERAL (SELECT * FROM event_sessions s WHERE s.event_id = e.id "
             "  AND s.start_at >= $2 AND s.start_at < $3 ORDER BY s.start_at, s.id "
             "  LIMIT $4 OFFSET $5) s ON true "
             "WHERE e.id = $1 ORDER BY s.start_at, s.id",
    5, PG_READONLY
};

const struct pg_stmt *const events_stmts[] = {
    &list_by_date,
    &list_by_date_genre,
    &list_by_date_sub_genre,
    &list_by_name,
    &list_by_popularity,
    &count_in_range,
    &count_in_window,
    &trending,
    &get_event,
    &event_sessions,
    NULL,
};

static const char *iso(struct arena *a, int64_t t)
{
    if (t == INT64_MAX)
        return "infinity";
    char *s = arena_alloc(a, TIME_ISO_LEN);
    time_format_iso(t, s);
    return s;
}

static const char *num(struct arena *a, int64_t n)
{
    return arena_printf(a, "%lld", (long long)n);
}

/* Runs list_by_date with a growing prefix until the page is exact. */
static enum status list_date(struct pg *db, struct arena *a, const struct events_query *q,
                             struct pg_result **out)
{
    int64_t want = q->offset + q->limit;
    int64_t k = want * 4 > 64 ? want * 4 : 64;
    const struct pg_stmt *stmt = q->sub_genre ? &list_by_date_sub_genre
                                 : q->genre   ? &list_by_date_genre
                                              : &list_by_date;

    for (;;) {
        const char *params[] = { iso(a, q->from), iso(a, q->to),    q->genre,         q->sub_genre,
                                 num(a, k),       num(a, q->limit), num(a, q->offset) };
        enum status st = pg_exec(db, a, stmt, params, out);
        if (st != ST_OK)
            return st;
        int64_t prefix_rows = pg_get_i64(*out, 0, EV_LIST_PREFIX_ROWS);
        int64_t distinct = pg_get_i64(*out, 0, EV_LIST_PREFIX_ROWS + 1);
        if (prefix_rows < k || distinct >= want)
            return ST_OK;
        k *= 4;
    }
}

enum status events_list(struct pg *db, struct arena *a, const struct events_query *q,
                        struct pg_result **out)
{
    if (q->sort == EVENTS_SORT_DATE)
        return list_date(db, a, q, out);
    const char *params[] = { iso(a, q->from), iso(a, q->to),    q->genre,
                             q->sub_genre,    num(a, q->limit), num(a, q->offset) };
    return pg_exec(db, a, q->sort == EVENTS_SORT_NAME ? &list_by_name : &list_by_popularity, params,
                   out);
}

/* A total for "from now" is kept as such, not under this minute: it would
 * otherwise be computed again, while a reader waits, every minute. */
static const char *count_key(struct arena *a, const struct events_query *q)
{
    const char *from = q->from_now ? "now" : arena_printf(a, "%lld", (long long)q->from);
    return arena_printf(a, "%s|%lld|%s|%s", from, (long long)q->to, q->genre ? q->genre : "\x1f",
                        q->sub_genre ? q->sub_genre : "\x1f");
}

/* Counts q's events now and keeps the total under key. */
static enum status count_now(struct pg *db, struct arena *a, struct events_totals *t,
                             const struct events_query *q, const char *key, int64_t *total)
{
    struct pg_result *r;
    const char *params[] = { iso(a, q->from), iso(a, q->to), q->genre, q->sub_genre };
    bool short_window = q->to != INT64_MAX && q->to - q->from <= COUNT_BY_SESSIONS_MAX_S;
    enum status st = pg_exec(db, a, short_window ? &count_in_window : &count_in_range, params, &r);
    if (st != ST_OK)
        return st;
    *total = pg_get_i64(r, 0, 0);
    totals_put(t, key, *total, time_now());
    return ST_OK;
}

enum status events_count(struct pg *db, struct arena *a, struct events_totals *t,
                         const struct events_query *q, int64_t *total, bool *stale)
{
    const char *key = count_key(a, q);
    enum totals_state s = totals_get(t, key, time_now(), total);
    *stale = s == TOTALS_STALE;
    return s == TOTALS_MISS ? count_now(db, a, t, q, key, total) : ST_OK;
}

enum status events_count_refresh(struct pg *db, struct arena *a, struct events_totals *t,
                                 const struct events_query *q)
{
    int64_t total;
    return count_now(db, a, t, q, count_key(a, q), &total);
}

enum status events_trending(struct pg *db, struct arena *a, int64_t limit, struct pg_result **out)
{
    const char *params[] = { num(a, limit) };
    return pg_exec(db, a, &trending, params, out);
}

enum status events_get(struct pg *db, struct arena *a, const char *id, struct pg_result **out)
{
    const char *params[] = { id };
    enum status st = pg_exec(db, a, &get_event, params, out);
    if (st == ST_OK && pg_nrows(*out) == 0)
        return ST_NOT_FOUND;
    return st;
}

enum status events_sessions(struct pg *db, struct arena *a, const char *id, int64_t from,
                            int64_t to, int64_t limit, int64_t offset, struct pg_result **out)
{
    const char *params[] = { id, iso(a, from), iso(a, to), num(a, limit), num(a, offset) };
    enum status st = pg_exec(db, a, &event_sessions, params, out);
    if (st == ST_OK && pg_nrows(*out) == 0)
        return ST_NOT_FOUND;
    return st;
}
