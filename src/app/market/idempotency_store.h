/*
 * idempotency_store.h - the SQL of idempotency.h: the advisory lock a
 * request holds on its (user, key), the stored answers in idempotency_keys
 * (sql/013_market.sql), and marquee-expire's purge of the old ones. A key
 * older than 24 hours is not found and is overwritten as a new one.
 */
#ifndef MQ_IDEMPOTENCY_STORE_H
#define MQ_IDEMPOTENCY_STORE_H

#include "core/common.h"
#include "core/status.h"

struct arena;
struct pg;
struct pg_result;

/* Tries the session-level advisory lock of (user, key), on db's
 * connection: *lock_id is its number (for idem_keys_unlock), *locked
 * whether it was taken. */
enum status idem_keys_lock(struct pg *db, struct arena *a, const char *user, const char *key,
                           int64_t *lock_id, bool *locked);

/* Releases the lock lock_id. Takes no arena: it runs from the reset of the
 * request's arena, when nothing may be allocated on that one. */
enum status idem_keys_unlock(struct pg *db, int64_t lock_id);

/* Columns of idem_keys_find: whether the stored row was made by the same
 * request (fingerprint), the resource it started, and its answer (status
 * NULL while there is none). */
enum { IDEM_SAME_REQUEST, IDEM_RESOURCE, IDEM_STATUS, IDEM_RESPONSE };

/* The row of (user, key) made in the last 24 hours: none or one. */
enum status idem_keys_find(struct pg *db, struct arena *a, const char *user, const char *key,
                           const char *fingerprint, struct pg_result **row);

/* What idem_keys_save stores under (user, key). */
struct idem_row {
    const char *user;
    const char *key;
    const char *fingerprint; /* stored as its SHA-256 */
    const char *resource;    /* may be NULL */
    int status;              /* 0: no answer yet (status and response stored NULL) */
    const char *response;
};

/* Inserts the row, or overwrites the one there (a row older than 24 hours
 * starts again from now). */
enum status idem_keys_save(struct pg *db, struct arena *a, const struct idem_row *row);

/* Deletes at most limit rows older than 24 hours; *deleted says how many. */
enum status idem_keys_purge(struct pg *db, struct arena *a, int limit, int64_t *deleted);

#endif
