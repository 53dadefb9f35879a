/*
 * sync_store.h - the SQL of layer 2 (sync.h): session-scoped work tables
 * and the statements of one batch, run in one transaction.
 */
#ifndef MQ_SYNC_STORE_H
#define MQ_SYNC_STORE_H

#include "core/common.h"
#include "core/status.h"
#include "app/sync/sync.h"

struct arena;
struct pg;

/* Creates the work tables (if this session has none yet) and counts the
 * rows pending. */
enum status sync_store_start(struct pg *db, struct arena *a, int64_t *pending);

/* One batch after *last_id (arena-owned when it moves), in one
 * transaction; *n = rows read (0 when done). Adds to st. */
enum status sync_store_batch(struct pg *db, struct arena *a, int batch_size, const char **last_id,
                             struct sync_stats *st, int64_t *n);

#endif
