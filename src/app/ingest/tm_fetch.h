/*
 * tm_fetch.h - Layer 1 from the network: walks the Discovery API and hands
 * every page to ingest (events) or genres_import (classifications).
 *
 * Events are queried per time window, size=200, sort=date,asc. A window
 * whose first page reports more than 1,000 events is split (tm_window.h)
 * and its halves queried instead, so every event in range is fetched and no
 * request ever pages past the API's cap. Pages are streamed: one page in
 * memory at a time, committed before the next is requested.
 *
 * Stops at once on an invalid key (ST_UNAUTH), the quota (ST_RATE_LIMITED:
 * the client holds the reset time) or a lost database (ST_UNAVAILABLE);
 * any other failure costs its page or window, is logged, and the walk goes
 * on (the result is then the first such status).
 */
#ifndef MQ_TM_FETCH_H
#define MQ_TM_FETCH_H

#include "core/common.h"
#include "core/status.h"
#include "app/ingest/genres_import.h"
#include "app/ingest/ingest.h"

struct arena;
struct json_object;
struct pg;
struct tm_client;

/* A count an answer reports (page.totalElements, page.totalPages) at path:
 * 0 when missing, not a number or not positive, at most TM_MAX_COUNT (a
 * feed cannot make the conversion overflow). */
#define TM_MAX_COUNT INT64_C(1000000000)
int64_t tm_page_count(struct json_object *root, const char *path);

struct tm_events_query {
    int64_t from, to;            /* epoch seconds, inclusive */
    const char *country;         /* countryCode, or NULL */
    const char *city;            /* city, or NULL */
    const char *const *segments; /* names or ids (KZFzniwnSyZfZ7v7n...) */
    size_t nsegments;
};

struct tm_fetch_stats {
    int64_t windows; /* windows paged (not counting the ones split) */
    int64_t splits;
    int64_t unreadable; /* 2xx bodies that were not JSON even after retries */
};

enum status tm_ingest_events(struct pg *db, struct tm_client *c, const struct tm_events_query *q,
                             struct ingest_stats *st, struct tm_fetch_stats *fs);

enum status tm_import_genres(struct pg *db, struct tm_client *c, struct genres_stats *st);

/* A job's exit status for how a walk ended (app/job.h's, or
 * TM_EXIT_QUOTA), after a message on stderr for an invalid key ("invalid
 * API key") or the quota (with the reset time). */
int tm_exit_status(const char *prog, enum status st, const struct tm_client *c, struct arena *a);

/* The query string of page `page` of window [from, to] (no apikey): the
 * filters, size, page, sort and both dates. Exposed for the unit tests. */
const char *tm_events_query_string(struct arena *a, const struct tm_events_query *q, int64_t from,
                                   int64_t to, int64_t page);

#endif
