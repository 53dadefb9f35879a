#include "config.h"
#include "core/common.h"
#include "app/market/idempotency.h"
#include "core/arena.h"
#include "core/buf.h"
#include "core/log.h"
#include "infra/pg.h"
#include "server/auth.h"
#include "server/worker.h"

/* clang-format off */
static const struct pg_stmt lock = {
    "idem_lock",
    "SELECT h, pg_try_advisory_lock(h)\n"
    "FROM (SELECT hashtextextended($1 || ':' || $2, 0) AS h) k",
    2, 0
};

enum { FIND_P_USER, FIND_P_KEY, FIND_P_FINGERPRINT };
enum { FIND_SAME_REQUEST, FIND_RESOURCE, FIND_STATUS, FIND_RESPONSE };

static const struct pg_stmt find = {
    "idem_find",
    "SELECT request_hash = encode(sha256(convert_to($3, 'UTF8')), 'hex'),\n"
    "       resource_id, status_code, response\n"
    "FROM idempotency_keys\n"
    "WHERE user_id = $1 AND key = $2 AND created_at > now() - interval '24 hours'",
    3, 0
};

enum { SAVE_P_USER, SAVE_P_KEY, SAVE_P_FINGERPRINT, SAVE_P_RESOURCE, SAVE_P_STATUS,
       SAVE_P_RESPONSE, SAVE_P_COUNT };

/* A row older than 24 hours is a stranger's: it starts again from now. */
static const struct pg_stmt save = {
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
    SAVE_P_COUNT, 0
};
/* clang-format on */

void idem_end(struct idem_key *k)
{
    char sql[64];
    if (!k || !k->locked)
        return;
    k->locked = false;
    snprintf(sql, sizeof(sql), "SELECT pg_advisory_unlock(%lld)", (long long)k->lock_id);
    if (pg_exec_sql(k->db, sql) != ST_OK)
        log_warn("idempotency", "event=unlock_failed"); /* the connection went: so did the lock */
}

static void end_on_reset(void *k)
{
    idem_end(k);
}

/* Visible ASCII and spaces, like the keys clients make (UUIDs, hashes). */
static int key_or_reply(struct response *res, const char *key)
{
    size_t n = key ? strlen(key) : 0;
    bool ok = n >= 1 && n <= IDEM_MAX_KEY;
    for (size_t i = 0; ok && i < n; i++)
        ok = key[i] >= 0x20 && key[i] < 0x7f;
    if (!ok)
        return reply_error(res, ST_INVALID, IDEM_HEADER,
                           IDEM_HEADER " must be 1 to %d visible ASCII characters", IDEM_MAX_KEY);
    return 0;
}

static int replay(struct response *res, struct pg_result *r)
{
    const char *body = pg_get(r, 0, FIND_RESPONSE);
    res->status = (int)pg_get_i64(r, 0, FIND_STATUS);
    res->content_type = "application/json";
    buf_reset(&res->body);
    if (body)
        buf_append(&res->body, body, strlen(body));
    response_header(res, "Idempotent-Replayed", "true");
    return -1;
}

/* Takes the lock (or replies 409) and arranges for its release. */
static int lock_or_reply(struct request *req, struct response *res, struct idem_key *k)
{
    const char *params[] = { k->user_id, k->key };
    struct pg_result *r;
    enum status st = pg_exec(k->db, req->arena, &lock, params, &r);
    if (st != ST_OK)
        return reply_status(res, st);
    k->lock_id = pg_get_i64(r, 0, 0);
    k->locked = *pg_get(r, 0, 1) == 't';
    if (!k->locked)
        return reply_error(res, ST_CONFLICT, IDEM_HEADER,
                           "a request with this " IDEM_HEADER " is still being processed");
    arena_on_reset(req->arena, end_on_reset, k);
    return 0;
}

int idem_begin(struct request *req, struct response *res, bool required, struct idem_key **out)
{
    const char *key = request_header(req, "HTTP_IDEMPOTENCY_KEY");
    struct pg_result *r;

    *out = NULL;
    if (!key && !required)
        return 0;
    if (!key)
        return reply_error(res, ST_INVALID, IDEM_HEADER, IDEM_HEADER " header is required");
    if (key_or_reply(res, key))
        return -1;
    struct idem_key *k = arena_zalloc(req->arena, sizeof(*k));
    k->db = &req->ctx->db;
    k->user_id = req->user->id;
    k->key = key;
    k->fingerprint =
        arena_printf(req->arena, "%s %s\n%s", req->method, req->path, req->body ? req->body : "");
    if (lock_or_reply(req, res, k))
        return -1;
    const char *params[] = { k->user_id, k->key, k->fingerprint };
    enum status st = pg_exec(k->db, req->arena, &find, params, &r);
    int done = 0;
    if (st != ST_OK)
        done = reply_status(res, st);
    else if (pg_nrows(r) > 0 && *pg_get(r, 0, FIND_SAME_REQUEST) != 't')
        done = reply_error(res, ST_CONFLICT, IDEM_HEADER,
                           "this " IDEM_HEADER " was used with a different request");
    else if (pg_nrows(r) > 0 && !pg_is_null(r, 0, FIND_STATUS))
        done = replay(res, r);
    if (done) {
        idem_end(k); /* before the answer goes: a repeat must not find it held */
        return -1;
    }
    if (pg_nrows(r) > 0)
        k->resource = pg_get(r, 0, FIND_RESOURCE);
    *out = k;
    return 0;
}

enum status idem_save(struct arena *a, const struct idem_key *k, const char *resource,
                      const struct response *res)
{
    const char *params[] = {
        [SAVE_P_USER] = k->user_id,
        [SAVE_P_KEY] = k->key,
        [SAVE_P_FINGERPRINT] = k->fingerprint,
        [SAVE_P_RESOURCE] = resource,
        [SAVE_P_STATUS] = res ? arena_printf(a, "%d", res->status) : NULL,
        [SAVE_P_RESPONSE] = res ? res->body.data : NULL,
    };
    struct pg_result *r;
    return pg_exec(k->db, a, &save, params, &r);
}
