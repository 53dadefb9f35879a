/*
 * market_store.h - what the marketplace's stores share: running a
 * state-change statement, whose first column is the result word of a
 * sql/014 function ("ok", "not_found", ...).
 */
#ifndef MQ_MARKET_STORE_H
#define MQ_MARKET_STORE_H

#include "core/common.h"
#include "core/status.h"

struct arena;
struct pg;
struct pg_result;
struct pg_stmt;

/* events_store.h's session columns (EV_SESSION_COLS of them), for an
 * event_sessions row named s: the pages show a listing's session in the
 * venue's local time from them (web/web_events.h). */
#define MARKET_SESSION_COLUMNS                                                                     \
    "s.id, s.event_id, extract(epoch FROM s.start_at)::int8, "                                     \
    "extract(epoch FROM s.end_at)::int8, s.local_date::text, s.local_time::text, s.timezone, "     \
    "s.url, extract(epoch FROM s.sales_start_at)::int8, "                                          \
    "extract(epoch FROM s.sales_end_at)::int8, s.status"

/* Runs stmt; on ST_OK *result is row 0's column 0 (borrowed from *row). */
enum status market_change(struct pg *db, struct arena *a, const struct pg_stmt *stmt,
                          const char *const *params, const char **result, struct pg_result **row);

/* v as decimal text (arena), for a statement parameter. */
const char *market_i64(struct arena *a, int64_t v);

#endif
