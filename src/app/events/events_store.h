/*
 * events_store.h - the catalogue's SQL (events, sessions). Results are
 * arena-owned; the column layout of each result is given by the
 * EV_COL_* offsets below and read by events_render.
 */
#ifndef MQ_EVENTS_STORE_H
#define MQ_EVENTS_STORE_H

#include "core/common.h"
#include "core/status.h"

struct arena;
struct events_totals;
struct pg;
struct pg_result;

enum events_sort { EVENTS_SORT_DATE, EVENTS_SORT_NAME, EVENTS_SORT_POPULARITY };

struct events_query {
    int64_t from, to;  /* sessions starting in [from, to); to = INT64_MAX: no bound */
    bool from_now;     /* from was not given (now, to the minute): the total is kept as "now" */
    const char *genre; /* case-insensitive name or NULL */
    const char *sub_genre;
    enum events_sort sort;
    int64_t limit, offset;
};

/* Summary columns: id, name, genre, sub_genre, venue_name, venue_address,
 * image_url, favorite_count (8). Session columns: id, event_id, start,
 * end, local_date, local_time, timezone, url, sales_start, sales_end,
 * status (11; times as epoch seconds). */
#define EV_SUMMARY_COLS 8
#define EV_SESSION_COLS 11

/* events_list: one page of summary + next session in range, in order
 * (sort=date rows end with the two counts of the prefix it read). */
enum {
    EV_LIST_SUMMARY = 0,
    EV_LIST_SESSION = EV_SUMMARY_COLS,
    EV_LIST_PREFIX_ROWS = EV_LIST_SESSION + EV_SESSION_COLS,
    EV_LIST_DISTINCT,
};
enum status events_list(struct pg *db, struct arena *a, const struct events_query *q,
                        struct pg_result **out);

/* How many events the query lists in all (its limit and offset aside),
 * from the worker's totals (events_totals.h) when it has one; *stale: the
 * caller should run events_count_refresh once the response has gone. */
enum status events_count(struct pg *db, struct arena *a, struct events_totals *t,
                         const struct events_query *q, int64_t *total, bool *stale);
enum status events_count_refresh(struct pg *db, struct arena *a, struct events_totals *t,
                                 const struct events_query *q);

/* events_trending: summary, next upcoming session. */
#define EV_TREND_SUMMARY 0
#define EV_TREND_SESSION EV_SUMMARY_COLS
enum status events_trending(struct pg *db, struct arena *a, int64_t limit, struct pg_result **out);

/* events_get: summary, description, next session, then one row per listed
 * session (≤ 50). ST_NOT_FOUND if there is no such event. */
#define EV_GET_SUMMARY     0
#define EV_GET_DESCRIPTION EV_SUMMARY_COLS
#define EV_GET_NEXT        (EV_GET_DESCRIPTION + 1)
#define EV_GET_SESSION     (EV_GET_NEXT + EV_SESSION_COLS)
/* Each session's resale offer: available tickets, the lowest price and its
 * currency (NULL when none). */
#define EV_GET_RESALE       (EV_GET_SESSION + EV_SESSION_COLS)
#define EV_GET_MAX_SESSIONS 50
enum status events_get(struct pg *db, struct arena *a, const char *id, struct pg_result **out);

/* events_sessions: one page of the event's sessions in [from, to), in
 * start order (session columns only); *total: how many there are in all.
 * ST_NOT_FOUND if there is no such event. */
enum status events_sessions(struct pg *db, struct arena *a, const char *id, int64_t from,
                            int64_t to, int64_t limit, int64_t offset, int64_t *total,
                            struct pg_result **out);

/* Every statement above, NULL-terminated: bench/ runs the same SQL under
 * pgbench, and docs/ARCHITECTURE.md's EXPLAINs come from it. */
extern const struct pg_stmt *const events_stmts[];

#endif
