#include "config.h"
#include "core/common.h"
#include "app/market/idempotency.h"
#include "app/market/idempotency_store.h"
#include "core/arena.h"
#include "core/buf.h"
#include "core/log.h"
#include "infra/pg.h"
#include "server/auth.h"
#include "server/worker.h"

void idem_end(struct idem_key *k)
{
    if (!k || !k->locked)
        return;
    k->locked = false;
    if (idem_keys_unlock(k->db, k->lock_id) != ST_OK)
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
    enum status st = idem_keys_lock(k->db, a, k->user_id, k->key, &k->lock_id, &k->locked);
    if (st != ST_OK)
        return st;
    *locked = k->locked;
    if (k->locked)
        arena_on_reset(a, end_on_reset, k);
    return ST_OK;
}

/* What the stored row r (if any) says about this claim. */
static enum idem_claim found(struct idem_key *k, struct pg_result *r)
{
    if (pg_nrows(r) == 0)
        return IDEM_GO;
    if (*pg_get(r, 0, IDEM_SAME_REQUEST) != 't')
        return IDEM_OTHER_REQUEST;
    if (!pg_is_null(r, 0, IDEM_STATUS)) {
        k->replay_status = (int)pg_get_i64(r, 0, IDEM_STATUS);
        k->replay_body = pg_get(r, 0, IDEM_RESPONSE);
        return IDEM_REPLAY;
    }
    k->resource = pg_get(r, 0, IDEM_RESOURCE);
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
    st = idem_keys_find(k->db, a, k->user_id, k->key, k->fingerprint, &r);
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
    const struct idem_row row = {
        .user = k->user_id,
        .key = k->key,
        .fingerprint = k->fingerprint,
        .resource = resource,
        .status = status,
        .response = body,
    };
    return idem_keys_save(k->db, a, &row);
}

enum status idem_save(struct arena *a, const struct idem_key *k, const char *resource,
                      const struct response *res)
{
    return idem_store(a, k, resource, res ? res->status : 0, res ? res->body.data : NULL);
}
