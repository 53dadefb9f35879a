/*
 * migrate.h - forward-only numbered migrations (sql/NNN_name.sql).
 *
 * Each file not yet recorded in schema_migrations runs in its own
 * transaction together with its record, in name order, under an advisory
 * lock so concurrent runs serialise. A recorded file whose content changed
 * is an error: migrations are never edited once applied.
 */
#ifndef MQ_MIGRATE_H
#define MQ_MIGRATE_H

#include "core/common.h"
#include "core/status.h"

struct pg;

/* Applies pending migrations from dir; *applied counts them. */
enum status migrate_run(struct pg *db, const char *dir, int *applied);

#endif
