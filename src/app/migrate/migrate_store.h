/*
 * migrate_store.h - the SQL of the migrations (migrate.h): the
 * schema_migrations table and one file's transaction.
 */
#ifndef MQ_MIGRATE_STORE_H
#define MQ_MIGRATE_STORE_H

#include "core/common.h"
#include "core/status.h"

struct arena;
struct pg;

/* Creates schema_migrations if it is missing. */
enum status migrate_store_init(struct pg *db);

/* Runs sql and records it under name, in one transaction under the
 * migrations' advisory lock, unless name is recorded already (*ran false);
 * ST_CONFLICT (logged) when the recorded file's content differs. */
enum status migrate_store_apply(struct pg *db, struct arena *a, const char *name, const char *sql,
                                bool *ran);

#endif
