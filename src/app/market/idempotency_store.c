#include "config.h"
#include "core/common.h"
#include "app/market/idempotency_store.h"
#include "core/arena.h"
#include "infra/pg.h"

/* Not PG_READONLY (nor is unlock): a retry on a new session would not hold
 * the lock for this one. */
/* clang-format off */
enum { LOCK_P_USER, LOCK_P_KEY, LOCK_NPARAMS };
enum { LOCK_ID, LOCK_TAKEN };
static const struct pg_stmt lock_stmt = {
    "idem_lock",
    "SELECT h, pg_try_advisory_lock(h)\n"
    "FROM (SELECT hashtextextended($1 || ':' || $2, 0) AS h) k",
    LOCK_NPARAMS, 0
};

enum { UNLOCK_P_ID, UNLOCK_NPARAMS };
static const struct pg_stmt unlock_stmt = {
    "idem_unlock",
    "SELECT pg_advisory_unlock($1::bigint)",
    UNLOCK_NPARAMS, 0
};

enum { FIND_P_USER, FIND_P_KEY, FIND_P_FINGERPRINT, FIND_NPARAMS };
static const struct pg_stmt find_stmt = {
    "idem_find",
    "SELECT request_hash = encode(sha256(convert_to($3, 'UTF8')), 'hex'),\n"
    "       resource_id, status_code, response\n"
    "FROM idempotency_keys\n"
    "WHERE user_id = $1 AND key = $2 AND created_at > now() - interval '24 hours'",
    FIND_NPARAMS, 0
};

/* A row older than 24 hours is a stranger's: it starts again from now. */
enum { SAVE_P_USER, SAVE_P_KEY, SAVE_P_FINGERPRINT, SAVE_P_RESOURCE, SAVE_P_STATUS,
       SAVE_P_RESPONSE, SAVE_NPARAMS };
static const struct pg_stmt save_stmt = {
    "idem_save",
    "INSERT INTO idempotency_keys\n"
    "    (user_id, key, request_hash, resource_id, status_code, response)\n"
    "VALUES ($1, $2, encode(sha256(convert_to($3, 'UTF8')), 'hex'), $4, $5, $6)\n"
    "ON CONFLICT (user_id, key) DO UPDATE\n"
    "SET request_hash = EXCLUDED.request_hash,\n"
    "    resource_id = EXCLUDED.resource_id,\n"
    "    status_code = EXCLUDED.status_code,\n"
    "    response = EXCLUDED.response,\n"
    "    created_at = CASE WHEN idempotency_keys.created_at <= now() - interval '24 hours'\n"
    "                      THEN now() ELSE idempotency_keys.created_at END",
    SAVE_NPARAMS, 0
};

enum { PURGE_P_LIMIT, PURGE_NPARAMS };
static const struct pg_stmt purge_stmt = {
    "idem_purge",
    "DELETE FROM idempotency_keys\n"
    "WHERE ctid IN (SELECT ctid FROM idempotency_keys\n"
    "               WHERE created_at <= now() - interval '24 hours'\n"
    "               LIMIT $1)",
    PURGE_NPARAMS, 0
};
/* clang-format on */

enum status idem_keys_lock(struct pg *db, struct arena *a, const char *user, const char *key,
                           int64_t *lock_id, bool *locked)
{
    const char *params[LOCK_NPARAMS] = { [LOCK_P_USER] = user, [LOCK_P_KEY] = key };
    struct pg_result *r;
    enum status st = pg_exec(db, a, &lock_stmt, params, &r);
    if (st != ST_OK)
        return st;
    *lock_id = pg_get_i64(r, 0, LOCK_ID);
    *locked = *pg_get(r, 0, LOCK_TAKEN) == 't';
    return ST_OK;
}

enum status idem_keys_unlock(struct pg *db, int64_t lock_id)
{
    /* An arena of its own, as the caller's may be in its reset. */
    struct arena a;
    struct pg_result *r;
    arena_init(&a, 256);
    const char *params[UNLOCK_NPARAMS] = {
        [UNLOCK_P_ID] = arena_printf(&a, "%lld", (long long)lock_id),
    };
    enum status st = pg_exec(db, &a, &unlock_stmt, params, &r);
    arena_release(&a);
    return st;
}

enum status idem_keys_find(struct pg *db, struct arena *a, const char *user, const char *key,
                           const char *fingerprint, struct pg_result **row)
{
    const char *params[FIND_NPARAMS] = {
        [FIND_P_USER] = user,
        [FIND_P_KEY] = key,
        [FIND_P_FINGERPRINT] = fingerprint,
    };
    return pg_exec(db, a, &find_stmt, params, row);
}

enum status idem_keys_save(struct pg *db, struct arena *a, const struct idem_row *row)
{
    const char *params[SAVE_NPARAMS] = {
        [SAVE_P_USER] = row->user,
        [SAVE_P_KEY] = row->key,
        [SAVE_P_FINGERPRINT] = row->fingerprint,
        [SAVE_P_RESOURCE] = row->resource,
        [SAVE_P_STATUS] = row->status ? arena_printf(a, "%d", row->status) : NULL,
        [SAVE_P_RESPONSE] = row->status ? row->response : NULL,
    };
    struct pg_result *r;
    return pg_exec(db, a, &save_stmt, params, &r);
}

enum status idem_keys_purge(struct pg *db, struct arena *a, int limit, int64_t *deleted)
{
    const char *params[PURGE_NPARAMS] = { [PURGE_P_LIMIT] = arena_printf(a, "%d", limit) };
    struct pg_result *r;
    enum status st = pg_exec(db, a, &purge_stmt, params, &r);
    *deleted = st == ST_OK ? pg_affected(r) : 0;
    return st;
}
