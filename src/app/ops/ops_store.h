/*
 * ops_store.h - the health check's SQL.
 */
#ifndef MQ_OPS_STORE_H
#define MQ_OPS_STORE_H

#include "core/status.h"

struct arena;
struct pg;

/* ST_OK when Postgres answers a trivial query. */
enum status ops_store_ping(struct pg *db, struct arena *a);

#endif
