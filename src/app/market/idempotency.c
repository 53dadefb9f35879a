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
bool idem_key_ok(const char *key)
{
    size_t n = key ? strlen(key) : 0;
    bool ok = n >= 1 && n <= IDEM_MAX_KEY;
    for (size_t i = 0; ok && i < n; i++)
        ok = key[i] >= 0x20 && key[i] < 0x7f;
    return ok;
}

static int replay(struct response *res, const struct idem_key *k)
{
    res->status = k->replay_status;
    res->content_type = "application/json";
    buf_reset(&res->body);
    if (k->replay_body)
        buf_append(&res->body, k->replay_body, strlen(k->replay_body));
    response_header(res, "Idempotent-Replayed", "true");
    return -1;
}

/* Takes the lock and arranges for its release; false: someone holds it. */
static enum status lock_key(struct arena *a, struct idem_key *k, bool *locked)
{
    const char *params[] = { k->user_id, k->key };
    struct pg_result *r;
    enum status st = pg_exec(k->db, a, &lock, params, &r);
    if (st != ST_OK)
        return st;
    k->lock_id = pg_get_i64(r, 0, 0);
    k->locked = *locked = *pg_get(r, 0, 1) == 't';
    if (k->locked)
        arena_on_reset(a, end_on_reset, k);
    return ST_OK;
}

/* What the stored row r (if any) says about this claim. */
static enum idem_claim found(struct idem_key *k, struct pg_result *r)
{
    if (pg_nrows(r) == 0)
        return IDEM_GO;
    if (*pg_get(r, 0, FIND_SAME_REQUEST) != 't')
        return IDEM_OTHER_REQUEST;
    if (!pg_is_null(r, 0, FIND_STATUS)) {
        k->replay_status = (int)pg_get_i64(r, 0, FIND_STATUS);
        k->replay_body = pg_get(r, 0, FIND_RESPONSE);
        return IDEM_REPLAY;
    }
    k->resource = pg_get(r, 0, FIND_RESOURCE);
    return IDEM_GO;
}

enum status idem_claim(struct pg *db, struct arena *a, const char *user, const char *key,
                       const char *fingerprint, enum idem_claim *claim, struct idem_key **out)
{
    struct idem_key *k = arena_zalloc(a, sizeof(*k));
    struct pg_result *r;
    bool locked;

    *out = NULL;
    k->db = db;
    k->user_id = user;
    k->key = key;
    k->fingerprint = fingerprint;
    enum status st = lock_key(a, k, &locked);
    if (st != ST_OK)
        return st;
    if (!locked) {
        *claim = IDEM_BUSY;
        return ST_OK;
    }
    const char *params[] = { k->user_id, k->key, k->fingerprint };
    st = pg_exec(k->db, a, &find, params, &r);
    *claim = st == ST_OK ? found(k, r) : IDEM_GO;
    if (st != ST_OK || *claim != IDEM_GO)
        idem_end(k); /* before the answer goes: a repeat must not find it held */
    if (st == ST_OK && (*claim == IDEM_GO || *claim == IDEM_REPLAY))
        *out = k;
    return st;
}

int idem_begin(struct request *req, struct response *res, bool required, struct idem_key **out)
{
    const char *key = request_header(req, "HTTP_IDEMPOTENCY_KEY");
    enum idem_claim claim;
    struct idem_key *k;

    *out = NULL;
    if (!key && !required)
        return 0;
    if (!key)
        return reply_error(res, ST_INVALID, IDEM_HEADER, IDEM_HEADER " header is required");
    if (!idem_key_ok(key))
        return reply_error(res, ST_INVALID, IDEM_HEADER,
                           IDEM_HEADER " must be 1 to %d visible ASCII characters", IDEM_MAX_KEY);
    const char *fingerprint =
        arena_printf(req->arena, "%s %s\n%s", req->method, req->path, req->body ? req->body : "");
    enum status st =
        idem_claim(&req->ctx->db, req->arena, req->user->id, key, fingerprint, &claim, &k);
    if (st != ST_OK)
        return reply_status(res, st);
    switch (claim) {
    case IDEM_GO:
        *out = k;
        return 0;
    case IDEM_REPLAY:
        return replay(res, k);
    case IDEM_BUSY:
        return reply_error(res, ST_CONFLICT, IDEM_HEADER,
                           "a request with this " IDEM_HEADER " is still being processed");
    case IDEM_OTHER_REQUEST:
        break;
    }
    return reply_error(res, ST_CONFLICT, IDEM_HEADER,
                       "this " IDEM_HEADER " was used with a different request");
}

enum status idem_store(struct arena *a, const struct idem_key *k, const char *resource, int status,
                       const char *body)
{
    const char *params[] = {
        [SAVE_P_USER] = k->user_id,
        [SAVE_P_KEY] = k->key,
        [SAVE_P_FINGERPRINT] = k->fingerprint,
        [SAVE_P_RESOURCE] = resource,
        [SAVE_P_STATUS] = status ? arena_printf(a, "%d", status) : NULL,
        [SAVE_P_RESPONSE] = status ? body : NULL,
    };
    struct pg_result *r;
    return pg_exec(k->db, a, &save, params, &r);
}

enum status idem_save(struct arena *a, const struct idem_key *k, const char *resource,
                      const struct response *res)
{
    return idem_store(a, k, resource, res ? res->status : 0, res ? res->body.data : NULL);
}
