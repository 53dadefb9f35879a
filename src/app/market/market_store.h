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

/* Runs stmt; on ST_OK *result is row 0's column 0 (borrowed from *row). */
enum status market_change(struct pg *db, struct arena *a, const struct pg_stmt *stmt,
                          const char *const *params, const char **result, struct pg_result **row);

/* v as decimal text (arena), for a statement parameter. */
const char *market_i64(struct arena *a, int64_t v);

#endif
