/*
 * outbox_store.h - the outbox (sql/013) as marquee-relay reads and keeps
 * it: pending rows in seq order, stamping the sent ones, purging old sent
 * ones, and the backlog for its report line.
 */
#ifndef MQ_OUTBOX_STORE_H
#define MQ_OUTBOX_STORE_H

#include "core/common.h"
#include "core/status.h"

struct arena;
struct pg;
struct pg_result;

/* Columns of outbox_pending. age_ms: how long ago the row's transaction
 * started (created_at is its now()), on the server's clock. */
enum { OUTBOX_SEQ, OUTBOX_ID, OUTBOX_ENVELOPE, OUTBOX_AGE_MS };

/* Up to limit unsent rows, lowest seq first. */
enum status outbox_pending(struct pg *db, struct arena *a, int limit, struct pg_result **rows);

/* Marks sent the rows whose seq is in seqs, a Postgres array literal
 * ("{1,2,3}"); rows already marked keep their time. */
enum status outbox_stamp(struct pg *db, struct arena *a, const char *seqs);

/* Deletes at most limit rows sent more than hours ago, oldest first;
 * *deleted says how many. */
enum status outbox_purge(struct pg *db, struct arena *a, int hours, int limit, int64_t *deleted);

/* The unsent rows and the age of the oldest in ms (0 when none). */
enum status outbox_backlog(struct pg *db, struct arena *a, int64_t *pending, int64_t *age_ms);

#endif
