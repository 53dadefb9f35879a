/*
 * ingest_store.h - the SQL of ingest: a page's rows -> extracted_events.
 *
 * Internal to src/app/ingest (ingest.c builds the rows, this file writes
 * them). Every function runs inside the caller's transaction.
 */
#ifndef MQ_INGEST_STORE_H
#define MQ_INGEST_STORE_H

#include "app/ingest/tm_event.h"
#include "core/common.h"
#include "core/status.h"

struct arena;
struct json_object;
struct jsonw;
struct pg;

/* Prefix of source_hash. Bump it when tm_event_map changes what it makes of
 * an event: every stored hash then differs and the next run rewrites every
 * row (Postgres still leaves those whose content_hash is the same alone). */
#define SOURCE_HASH_VERSION "1:"
#define SOURCE_HASH_LEN     (sizeof(SOURCE_HASH_VERSION) - 1 + 32)

#define INGEST_JSON_MAX (256u << 20) /* the page parameter sent to Postgres */

struct row {
    struct tm_event ev; /* only ev.id until parsed, and again once rec is set */
    const char *raw;    /* the event's bytes as received: hashed, and sent as raw */
    size_t raw_len;
    struct json_object *obj; /* if set, sent as raw instead (json-c's text) */
    const char *rec;         /* the row as a JSON record, when written ahead (parse_rows) */
    size_t rec_len;
    char hash[SOURCE_HASH_LEN + 1];
    size_t pos; /* position on the page: the last copy of an id wins */
};

/* What one page did; merged into the caller's stats only once committed. */
struct tally {
    int64_t events, inserted, updated, unchanged, skipped, rejected;
};

/* The rows of a parsed page (ingest_tree's first half, no I/O): its
 * events mapped (tm_event_map), those without an id skipped, and only the
 * last copy of each id kept, sorted by id. ST_INVALID if root is not an
 * event page (an API error body, a scalar). Also read by tests/fuzz. */
enum status ingest_rows(struct arena *a, const char *text, struct json_object *root, bool repaired,
                        struct row **rows, size_t *n, struct tally *t);
/* true for a status after which the run must stop (the connection is gone). */
bool ingest_fatal(enum status st);

/* Writes r as one record of the upsert's row array. */
void ingest_write_record(struct jsonw *w, const struct row *r);

/* Upserts rows[0..n) in one statement and counts what it did. */
enum status ingest_upsert(struct pg *db, struct arena *a, const struct row *rows, size_t n,
                          struct tally *t);

/* After the page statement failed: one savepoint per row, so a row Postgres
 * refuses costs only itself (counted skipped and rejected). */
enum status ingest_upsert_each(struct pg *db, struct arena *a, const struct row *rows, size_t n,
                               struct tally *t);

/* Drops (counted unchanged) the rows whose hash is the stored row's: one
 * query for the page. rows are sorted by id and unique; *n is updated. */
enum status ingest_drop_unchanged(struct pg *db, struct arena *a, struct row *rows, size_t *n,
                                  struct tally *t);

#endif
