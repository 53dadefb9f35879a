#include "config.h"
#include "core/common.h"
#include "app/events/events_store.h"
#include "app/events/events_by_ids.h"
#include "app/events/events_totals.h"
#include "core/arena.h"
#include "core/buf.h"
#include "core/jsonw.h"
#include "core/timeutil.h"
#include "infra/pg.h"

/*
 * The columns of every list, in the order events_render.c reads them
 * (events_store.h): EV_SUMMARY_COLS of the event e, then EV_SESSION_COLS of
 * its session s. Each statement spells them out, so each reads as it runs.
 *
 * An event is listed iff one of its sessions starts in [from, to). The
 * exact first/last start bounds decide most events without touching
 * event_sessions; only events whose sessions straddle the range need the
 * EXISTS probe (events_list_name, events_list_popularity, events_count).
 */

/* Parameters of the lists, $1 first ($N is the enum + 1). */
enum {
    LIST_P_FROM,
    LIST_P_TO,
    LIST_P_GENRE,
    LIST_P_SUB_GENRE,
    LIST_P_LIMIT,
    LIST_P_OFFSET,
    LIST_NPARAMS
};
/* sort=date adds the prefix length $5 before them. */
enum {
    DATE_P_FROM,
    DATE_P_TO,
    DATE_P_GENRE,
    DATE_P_SUB_GENRE,
    DATE_P_PREFIX,
    DATE_P_LIMIT,
    DATE_P_OFFSET,
    DATE_NPARAMS
};
enum { COUNT_P_FROM, COUNT_P_TO, COUNT_P_GENRE, COUNT_P_SUB_GENRE, COUNT_NPARAMS };

/*
 * Sorted by next session: walk the first $5 sessions of the range in start
 * order and keep each event's first one. The page is exact when that prefix
 * holds at least offset+limit events or the whole range; otherwise the
 * caller retries with a longer prefix (every row carries both counts). One
 * statement per filter, each walking its own index (sql/012: the unfiltered
 * one event_sessions_start, the others their genre's sessions), under a
 * generic plan: planning it cost more than running it. They differ only in
 * the prefix's filter.
 */
/* clang-format off */
static const struct pg_stmt list_by_date = {
    "events_list_date",
    "WITH prefix AS ("
    "  SELECT s.event_id, s.start_at, s.id FROM event_sessions s "
    "  WHERE s.start_at >= $1 AND s.start_at < $2 "
    "    AND $3::text IS NULL AND $4::text IS NULL "
    "  ORDER BY s.start_at, s.id "
    "  LIMIT $5), "
    "firsts AS ("
    "  SELECT DISTINCT ON (event_id) event_id, start_at, id FROM prefix "
    "  ORDER BY event_id, start_at, id), "
    "page AS ("
    "  SELECT event_id, start_at, id FROM firsts "
    "  ORDER BY start_at, id "
    "  LIMIT $6 OFFSET $7) "
    "SELECT e.id, e.name, e.genre, e.sub_genre, e.venue_name, e.venue_address, e.image_url, "
    "  e.favorite_count, "
    "  s.id, s.event_id, extract(epoch FROM s.start_at)::int8, extract(epoch FROM s.end_at)::int8, "
    "  s.local_date::text, s.local_time::text, s.timezone, s.url, "
    "  extract(epoch FROM s.sales_start_at)::int8, extract(epoch FROM s.sales_end_at)::int8, "
    "  s.status, "
    "  (SELECT count(*) FROM prefix) AS prefix_rows, "
    "  (SELECT count(*) FROM firsts) AS distinct_events "
    "FROM page p "
    "JOIN events e ON e.id = p.event_id "
    "JOIN event_sessions s ON s.id = p.id "
    "ORDER BY p.start_at, p.id",
    DATE_NPARAMS, PG_READONLY | PG_GENERIC
};

static const struct pg_stmt list_by_date_genre = {
    "events_list_date_genre",
    "WITH prefix AS ("
    "  SELECT s.event_id, s.start_at, s.id FROM event_sessions s "
    "  WHERE s.start_at >= $1 AND s.start_at < $2 "
    "    AND s.genre_key = lower($3::text) "
    "    AND ($4::text IS NULL OR s.sub_genre_key = lower($4::text)) "
    "  ORDER BY s.start_at, s.id "
    "  LIMIT $5), "
    "firsts AS ("
    "  SELECT DISTINCT ON (event_id) event_id, start_at, id FROM prefix "
    "  ORDER BY event_id, start_at, id), "
    "page AS ("
    "  SELECT event_id, start_at, id FROM firsts "
    "  ORDER BY start_at, id "
    "  LIMIT $6 OFFSET $7) "
    "SELECT e.id, e.name, e.genre, e.sub_genre, e.venue_name, e.venue_address, e.image_url, "
    "  e.favorite_count, "
    "  s.id, s.event_id, extract(epoch FROM s.start_at)::int8, extract(epoch FROM s.end_at)::int8, "
    "  s.local_date::text, s.local_time::text, s.timezone, s.url, "
    "  extract(epoch FROM s.sales_start_at)::int8, extract(epoch FROM s.sales_end_at)::int8, "
    "  s.status, "
    "  (SELECT count(*) FROM prefix) AS prefix_rows, "
    "  (SELECT count(*) FROM firsts) AS distinct_events "
    "FROM page p "
    "JOIN events e ON e.id = p.event_id "
    "JOIN event_sessions s ON s.id = p.id "
    "ORDER BY p.start_at, p.id",
    DATE_NPARAMS, PG_READONLY | PG_GENERIC
};

static const struct pg_stmt list_by_date_sub_genre = {
    "events_list_date_sub_genre",
    "WITH prefix AS ("
    "  SELECT s.event_id, s.start_at, s.id FROM event_sessions s "
    "  WHERE s.start_at >= $1 AND s.start_at < $2 "
    "    AND s.sub_genre_key = lower($4::text) "
    "    AND ($3::text IS NULL OR s.genre_key = lower($3::text)) "
    "  ORDER BY s.start_at, s.id "
    "  LIMIT $5), "
    "firsts AS ("
    "  SELECT DISTINCT ON (event_id) event_id, start_at, id FROM prefix "
    "  ORDER BY event_id, start_at, id), "
    "page AS ("
    "  SELECT event_id, start_at, id FROM firsts "
    "  ORDER BY start_at, id "
    "  LIMIT $6 OFFSET $7) "
    "SELECT e.id, e.name, e.genre, e.sub_genre, e.venue_name, e.venue_address, e.image_url, "
    "  e.favorite_count, "
    "  s.id, s.event_id, extract(epoch FROM s.start_at)::int8, extract(epoch FROM s.end_at)::int8, "
    "  s.local_date::text, s.local_time::text, s.timezone, s.url, "
    "  extract(epoch FROM s.sales_start_at)::int8, extract(epoch FROM s.sales_end_at)::int8, "
    "  s.status, "
    "  (SELECT count(*) FROM prefix) AS prefix_rows, "
    "  (SELECT count(*) FROM firsts) AS distinct_events "
    "FROM page p "
    "JOIN events e ON e.id = p.event_id "
    "JOIN event_sessions s ON s.id = p.id "
    "ORDER BY p.start_at, p.id",
    DATE_NPARAMS, PG_READONLY | PG_GENERIC
};

/* Sorted by name / popularity: walk events_name / events_popularity in
 * order; the next session in range comes from a LATERAL lookup. */
static const struct pg_stmt list_by_name = {
    "events_list_name",
    "WITH page AS ("
    "  SELECT e.id FROM events e "
    "  WHERE e.last_start_at >= $1 AND e.first_start_at < $2 "
    "    AND ($3::text IS NULL OR lower(e.genre) = lower($3::text)) "
    "    AND ($4::text IS NULL OR lower(e.sub_genre) = lower($4::text)) "
    "    AND (e.first_start_at >= $1 OR e.last_start_at < $2 OR EXISTS ("
    "      SELECT 1 FROM event_sessions x "
    "      WHERE x.event_id = e.id AND x.start_at >= $1 AND x.start_at < $2)) "
    "  ORDER BY e.name, e.id "
    "  LIMIT $5 OFFSET $6) "
    "SELECT e.id, e.name, e.genre, e.sub_genre, e.venue_name, e.venue_address, e.image_url, "
    "  e.favorite_count, "
    "  s.id, s.event_id, extract(epoch FROM s.start_at)::int8, extract(epoch FROM s.end_at)::int8, "
    "  s.local_date::text, s.local_time::text, s.timezone, s.url, "
    "  extract(epoch FROM s.sales_start_at)::int8, extract(epoch FROM s.sales_end_at)::int8, "
    "  s.status "
    "FROM page p "
    "JOIN events e ON e.id = p.id "
    "LEFT JOIN LATERAL ("
    "  SELECT * FROM event_sessions s "
    "  WHERE s.event_id = e.id AND s.start_at >= $1 AND s.start_at < $2 "
    "  ORDER BY s.start_at, s.id "
    "  LIMIT 1) s ON true "
    "ORDER BY e.name, e.id",
    LIST_NPARAMS, PG_READONLY
};

static const struct pg_stmt list_by_popularity = {
    "events_list_popularity",
    "WITH page AS ("
    "  SELECT e.id FROM events e "
    "  WHERE e.last_start_at >= $1 AND e.first_start_at < $2 "
    "    AND ($3::text IS NULL OR lower(e.genre) = lower($3::text)) "
    "    AND ($4::text IS NULL OR lower(e.sub_genre) = lower($4::text)) "
    "    AND (e.first_start_at >= $1 OR e.last_start_at < $2 OR EXISTS ("
    "      SELECT 1 FROM event_sessions x "
    "      WHERE x.event_id = e.id AND x.start_at >= $1 AND x.start_at < $2)) "
    "  ORDER BY e.favorite_count DESC, e.id "
    "  LIMIT $5 OFFSET $6) "
    "SELECT e.id, e.name, e.genre, e.sub_genre, e.venue_name, e.venue_address, e.image_url, "
    "  e.favorite_count, "
    "  s.id, s.event_id, extract(epoch FROM s.start_at)::int8, extract(epoch FROM s.end_at)::int8, "
    "  s.local_date::text, s.local_time::text, s.timezone, s.url, "
    "  extract(epoch FROM s.sales_start_at)::int8, extract(epoch FROM s.sales_end_at)::int8, "
    "  s.status "
    "FROM page p "
    "JOIN events e ON e.id = p.id "
    "LEFT JOIN LATERAL ("
    "  SELECT * FROM event_sessions s "
    "  WHERE s.event_id = e.id AND s.start_at >= $1 AND s.start_at < $2 "
    "  ORDER BY s.start_at, s.id "
    "  LIMIT 1) s ON true "
    "ORDER BY e.favorite_count DESC, e.id",
    LIST_NPARAMS, PG_READONLY
};
/* clang-format on */

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

/* clang-format off */
static const struct pg_stmt count_in_range = {
    "events_count",
    "SELECT count(*) FROM events e "
    "WHERE e.last_start_at >= $1 AND e.first_start_at < $2 "
    "  AND ($3::text IS NULL OR lower(e.genre) = lower($3::text)) "
    "  AND ($4::text IS NULL OR lower(e.sub_genre) = lower($4::text)) "
    "  AND (e.first_start_at >= $1 OR e.last_start_at < $2 OR EXISTS ("
    "    SELECT 1 FROM event_sessions x "
    "    WHERE x.event_id = e.id AND x.start_at >= $1 AND x.start_at < $2))",
    COUNT_NPARAMS, PG_READONLY
};

static const struct pg_stmt count_in_window = {
    "events_count_window",
    "SELECT count(*) FROM ("
    "  SELECT DISTINCT s.event_id FROM event_sessions s "
    "  WHERE s.start_at >= $1 AND s.start_at < $2 "
    "    AND ($3::text IS NULL OR s.genre_key = lower($3::text)) "
    "    AND ($4::text IS NULL OR s.sub_genre_key = lower($4::text))) d",
    COUNT_NPARAMS, PG_READONLY
};

enum { TREND_P_LIMIT, TREND_NPARAMS };
static const struct pg_stmt trending = {
    "events_trending",
    "SELECT e.id, e.name, e.genre, e.sub_genre, e.venue_name, e.venue_address, e.image_url, "
    "  e.favorite_count, "
    "  s.id, s.event_id, extract(epoch FROM s.start_at)::int8, extract(epoch FROM s.end_at)::int8, "
    "  s.local_date::text, s.local_time::text, s.timezone, s.url, "
    "  extract(epoch FROM s.sales_start_at)::int8, extract(epoch FROM s.sales_end_at)::int8, "
    "  s.status "
    "FROM events e "
    "LEFT JOIN LATERAL ("
    "  SELECT * FROM event_sessions s "
    "  WHERE s.event_id = e.id AND s.start_at >= now() "
    "  ORDER BY s.start_at, s.id "
    "  LIMIT 1) s ON true "
    "WHERE e.last_start_at >= now() "
    "ORDER BY e.favorite_count DESC, e.id "
    "LIMIT $1",
    TREND_NPARAMS, PG_READONLY
};

/* Sessions listed on the event page: upcoming (soonest first), then those
 * without a date, then past ones (latest first). One row per session, the
 * event's columns and its next session n on each; one row with NULL
 * session columns when it has none. */
enum { GET_P_ID, GET_NPARAMS };
static const struct pg_stmt get_event = {
    "events_get",
    "SELECT e.id, e.name, e.genre, e.sub_genre, e.venue_name, e.venue_address, e.image_url, "
    "  e.favorite_count, "
    "  e.description, "
    "  n.id, n.event_id, extract(epoch FROM n.start_at)::int8, extract(epoch FROM n.end_at)::int8, "
    "  n.local_date::text, n.local_time::text, n.timezone, n.url, "
    "  extract(epoch FROM n.sales_start_at)::int8, extract(epoch FROM n.sales_end_at)::int8, "
    "  n.status, "
    "  s.id, s.event_id, extract(epoch FROM s.start_at)::int8, extract(epoch FROM s.end_at)::int8, "
    "  s.local_date::text, s.local_time::text, s.timezone, s.url, "
    "  extract(epoch FROM s.sales_start_at)::int8, extract(epoch FROM s.sales_end_at)::int8, "
    "  s.status, "
    "  o.available, o.lowest, o.currency "
    "FROM events e "
    "LEFT JOIN LATERAL ("
    "  SELECT * FROM event_sessions n "
    "  WHERE n.event_id = e.id AND n.start_at >= now() "
    "  ORDER BY n.start_at, n.id "
    "  LIMIT 1) n ON true "
    "LEFT JOIN LATERAL ("
    "  SELECT x.*, CASE WHEN x.start_at >= now() THEN 0 "
    "                   WHEN x.start_at IS NULL THEN 1 "
    "                   ELSE 2 END AS grp "
    "  FROM event_sessions x "
    "  WHERE x.event_id = e.id "
    "  ORDER BY grp, CASE WHEN x.start_at >= now() THEN x.start_at END, x.start_at DESC, x.id "
    "  LIMIT 50) s ON true "
    "LEFT JOIN LATERAL ("
    "  SELECT count(*) AS available, min(t.price_cents) AS lowest, "
    "         (array_agg(t.currency ORDER BY t.price_cents, t.id))[1] AS currency "
    "  FROM tickets t "
    "  WHERE t.session_id = s.id AND t.status IN ('available', 'reserved') "
    "    AND marquee_ticket_status(t.status, t.held_until) = 'available') o ON s.id IS NOT NULL "
    "WHERE e.id = $1 "
    "ORDER BY s.grp, CASE WHEN s.grp = 0 THEN s.start_at END, s.start_at DESC, s.id",
    GET_NPARAMS, PG_READONLY
};

/* The event's sessions in [$2, $3): how many (no row: no such event), and
 * one page of them. */
enum { SESS_P_ID, SESS_P_FROM, SESS_P_TO, SESS_P_LIMIT, SESS_P_OFFSET, SESS_NPARAMS };
enum { SESS_COUNT_NPARAMS = SESS_P_TO + 1 };
static const struct pg_stmt event_sessions_count = {
    "events_sessions_count",
    "SELECT (SELECT count(*) FROM event_sessions c "
    "        WHERE c.event_id = e.id AND c.start_at >= $2 AND c.start_at < $3) "
    "FROM events e "
    "WHERE e.id = $1",
    SESS_COUNT_NPARAMS, PG_READONLY
};

static const struct pg_stmt event_sessions = {
    "events_sessions",
    "SELECT s.id, s.event_id, extract(epoch FROM s.start_at)::int8, extract(epoch FROM s.end_at)::int8, "
    "  s.local_date::text, s.local_time::text, s.timezone, s.url, "
    "  extract(epoch FROM s.sales_start_at)::int8, extract(epoch FROM s.sales_end_at)::int8, "
    "  s.status "
    "FROM event_sessions s "
    "WHERE s.event_id = $1 AND s.start_at >= $2 AND s.start_at < $3 "
    "ORDER BY s.start_at, s.id "
    "LIMIT $4 OFFSET $5",
    SESS_NPARAMS, PG_READONLY
};
/* clang-format on */

/* EventSummary rows for ids ranked elsewhere (events_by_ids.h), under a
 * generic plan: planning cost more than the 4-row lookup. */
/* $1 the ids as a JSON array, [$2, $3) the range of the next session
 * (NULL: from now, no end). */
enum { BY_IDS_P_IDS, BY_IDS_P_FROM, BY_IDS_P_TO, BY_IDS_NPARAMS };
/* clang-format off */
static const struct pg_stmt by_ids = {
    "events_by_ids",
    "SELECT e.id, e.name, e.genre, e.sub_genre, e.venue_name, e.venue_address, e.image_url, "
    "  e.favorite_count, "
    "  s.id, s.event_id, extract(epoch FROM s.start_at)::int8, extract(epoch FROM s.end_at)::int8, "
    "  s.local_date::text, s.local_time::text, s.timezone, s.url, "
    "  extract(epoch FROM s.sales_start_at)::int8, extract(epoch FROM s.sales_end_at)::int8, "
    "  s.status, "
    "  u.pos - 1 "
    "FROM jsonb_array_elements_text($1::jsonb) WITH ORDINALITY AS u(id, pos) "
    "JOIN events e ON e.id = u.id "
    "LEFT JOIN LATERAL ("
    "  SELECT * FROM event_sessions s "
    "  WHERE s.event_id = e.id "
    "    AND s.start_at >= COALESCE($2::timestamptz, now()) "
    "    AND s.start_at < COALESCE($3::timestamptz, 'infinity') "
    "  ORDER BY s.start_at, s.id "
    "  LIMIT 1) s ON true "
    "ORDER BY u.pos",
    BY_IDS_NPARAMS, PG_READONLY | PG_GENERIC
};
/* clang-format on */

const struct pg_stmt *const events_stmts[] = {
    &list_by_date,       &list_by_date_genre,   &list_by_date_sub_genre, &list_by_name,
    &list_by_popularity, &count_in_range,       &count_in_window,        &trending,
    &get_event,          &event_sessions_count, &event_sessions,         NULL,
};

static const char *num(struct arena *a, int64_t n)
{
    return arena_printf(a, "%lld", (long long)n);
}

/* Runs list_by_date with a growing prefix until the page is exact. Every
 * row carries the prefix's counts; an empty page asks again for the first
 * row of the same prefix to learn them. */
static enum status list_date(struct pg *db, struct arena *a, const struct events_query *q,
                             struct pg_result **out)
{
    int64_t want = q->offset + q->limit;
    int64_t k = want * 4 > 64 ? want * 4 : 64;
    const struct pg_stmt *stmt = q->sub_genre ? &list_by_date_sub_genre
                                 : q->genre   ? &list_by_date_genre
                                              : &list_by_date;

    for (;;) {
        const char *params[DATE_NPARAMS] = {
            [DATE_P_FROM] = time_format_pg(a, q->from),
            [DATE_P_TO] = time_format_pg(a, q->to),
            [DATE_P_GENRE] = q->genre,
            [DATE_P_SUB_GENRE] = q->sub_genre,
            [DATE_P_PREFIX] = num(a, k),
            [DATE_P_LIMIT] = num(a, q->limit),
            [DATE_P_OFFSET] = num(a, q->offset),
        };
        enum status st = pg_exec(db, a, stmt, params, out);
        if (st != ST_OK)
            return st;
        struct pg_result *counts = *out;
        if (pg_nrows(counts) == 0 && q->offset > 0) {
            params[DATE_P_LIMIT] = "1";
            params[DATE_P_OFFSET] = "0";
            st = pg_exec(db, a, stmt, params, &counts);
            if (st != ST_OK)
                return st;
        }
        if (pg_nrows(counts) == 0)
            return ST_OK; /* an empty prefix: nothing in range */
        int64_t prefix_rows = pg_get_i64(counts, 0, EV_LIST_PREFIX_ROWS);
        int64_t distinct = pg_get_i64(counts, 0, EV_LIST_DISTINCT);
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
    const char *params[LIST_NPARAMS] = {
        [LIST_P_FROM] = time_format_pg(a, q->from),
        [LIST_P_TO] = time_format_pg(a, q->to),
        [LIST_P_GENRE] = q->genre,
        [LIST_P_SUB_GENRE] = q->sub_genre,
        [LIST_P_LIMIT] = num(a, q->limit),
        [LIST_P_OFFSET] = num(a, q->offset),
    };
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
    const char *params[COUNT_NPARAMS] = {
        [COUNT_P_FROM] = time_format_pg(a, q->from),
        [COUNT_P_TO] = time_format_pg(a, q->to),
        [COUNT_P_GENRE] = q->genre,
        [COUNT_P_SUB_GENRE] = q->sub_genre,
    };
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
    const char *params[TREND_NPARAMS] = { [TREND_P_LIMIT] = num(a, limit) };
    return pg_exec(db, a, &trending, params, out);
}

enum status events_get(struct pg *db, struct arena *a, const char *id, struct pg_result **out)
{
    const char *params[GET_NPARAMS] = { [GET_P_ID] = id };
    enum status st = pg_exec(db, a, &get_event, params, out);
    if (st == ST_OK && pg_nrows(*out) == 0)
        return ST_NOT_FOUND;
    return st;
}

enum status events_sessions(struct pg *db, struct arena *a, const char *id, int64_t from,
                            int64_t to, int64_t limit, int64_t offset, int64_t *total,
                            struct pg_result **out)
{
    const char *params[SESS_NPARAMS] = {
        [SESS_P_ID] = id,
        [SESS_P_FROM] = time_format_pg(a, from),
        [SESS_P_TO] = time_format_pg(a, to),
        [SESS_P_LIMIT] = num(a, limit),
        [SESS_P_OFFSET] = num(a, offset),
    };
    struct pg_result *r;
    enum status st = pg_exec(db, a, &event_sessions_count, params, &r);
    if (st != ST_OK)
        return st;
    if (pg_nrows(r) == 0)
        return ST_NOT_FOUND;
    *total = pg_get_i64(r, 0, 0);
    return pg_exec(db, a, &event_sessions, params, out);
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
    const char *params[BY_IDS_NPARAMS] = {
        [BY_IDS_P_IDS] = b->data,
        [BY_IDS_P_FROM] = range && range->set ? time_format_pg(a, range->from) : NULL,
        [BY_IDS_P_TO] = range && range->set ? time_format_pg(a, range->to) : NULL,
    };
    return pg_exec(db, a, &by_ids, params, out);
}
