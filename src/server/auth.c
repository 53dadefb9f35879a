#include "config.h"
#include "core/common.h"
#include "server/auth.h"
#include "core/log.h"
#include "core/rand.h"
#include "core/str.h"
#include "core/timeutil.h"
#include "infra/jwt.h"
#include "infra/kv.h"
#include "infra/pg.h"
#include "server/body.h"
#include "server/cookies.h"
#include "server/metrics.h"
#include "server/router.h"
#include "server/session_store.h"
#include "server/worker.h"

#include <strings.h>

#define CSRF_BYTES 16

static const char revoked_mark[] = "revoked";

/* Worker lifetime: the Redis connection (kv.connects) into which the
 * revocations flagged kv_pending were last copied, and the value of the
 * shared metrics->revocations_missed at the time. */
static uint64_t replayed_connects, replayed_missed;

static uint64_t missed_now(const struct worker_ctx *ctx)
{
    return ctx->metrics ? __atomic_load_n(&ctx->metrics->revocations_missed, __ATOMIC_ACQUIRE) : 0;
}

/* A new Redis connection (Redis may have come back with old data) or a
 * logout somewhere on this host that Redis missed: the cache may hold a
 * session that Postgres says is revoked. */
static bool replay_needed(const struct worker_ctx *ctx)
{
    return ctx->kv.connects != replayed_connects || missed_now(ctx) != replayed_missed;
}

/* Compares without an early exit, so timing does not reveal how much of a
 * guessed CSRF token was right. */
static bool equal_ct(const char *a, const char *b)
{
    size_t n = strlen(a), m = strlen(b);
    unsigned char d = n != m;
    for (size_t i = 0; i < n && i < m; i++)
        d |= (unsigned char)(a[i] ^ b[i]);
    return d == 0;
}

static bool is_unsafe(const char *method)
{
    return strcmp(method, "POST") == 0 || strcmp(method, "PUT") == 0 ||
           strcmp(method, "PATCH") == 0 || strcmp(method, "DELETE") == 0;
}

static const char *secret(const struct request *req, size_t *len)
{
    const char *s = req->ctx->cfg->jwt_secret ? req->ctx->cfg->jwt_secret : "";
    *len = strlen(s);
    return s;
}

static const char *session_key(struct arena *a, const char *jti)
{
    return arena_printf(a, "session:%s", jti);
}

/* The token and how it came: a Bearer header wins over the cookie. */
static const char *find_token(const struct request *req, bool *via_cookie)
{
    const char *h = request_header(req, "HTTP_AUTHORIZATION");
    *via_cookie = false;
    if (h && strncasecmp(h, "Bearer ", 7) == 0) {
        for (h += 7; *h == ' ';)
            h++;
        return h;
    }
    *via_cookie = true;
    return cookie_get(req, AUTH_SESSION_COOKIE);
}

/* Whether the token the request sends (X-CSRF-Token, or form field
 * csrf_token) is want, compared in constant time. */
static bool csrf_sent(struct request *req, const char *want)
{
    const char *got = request_header(req, "HTTP_X_CSRF_TOKEN");
    if (!got)
        got = body_form_field(req, "csrf_token");
    return want && *want && got && equal_ct(want, got);
}

bool auth_csrf_ok(struct request *req)
{
    return csrf_sent(req, req->user ? req->user->csrf : cookie_get(req, AUTH_CSRF_COOKIE));
}

int auth_csrf_check(struct request *req, struct response *res)
{
    if (!auth_csrf_ok(req))
        return reply_error(res, ST_CSRF, NULL, "missing or wrong csrf token");
    return 0;
}

const char *auth_csrf_token(struct request *req, struct response *res)
{
    char xsrf[2 * CSRF_BYTES + 1];
    if (req->user)
        return req->user->csrf;
    const char *have = cookie_get(req, AUTH_CSRF_COOKIE);
    if (have && strlen(have) == 2 * CSRF_BYTES && str_is_hex_lower(have, 2 * CSRF_BYTES))
        return have;
    if (rand_hex(xsrf, CSRF_BYTES) != ST_OK)
        return NULL;
    struct cookie_attrs readable = { req->ctx->cfg->session_ttl_s, false,
                                     req->ctx->cfg->cookie_secure };
    cookie_set(res, AUTH_CSRF_COOKIE, xsrf, &readable);
    return arena_strdup(req->arena, xsrf);
}

/* The cached form of a session: "u\t<id>\t<created>\t<username>\t<email>"
 * (none of them can hold a tab), or revoked_mark. */
static const char *session_value(struct arena *a, const struct auth_user *u)
{
    return arena_printf(a, "u\t%s\t%lld\t%s\t%s", u->id, (long long)u->created_at, u->username,
                        u->email);
}

static bool session_parse(char *v, struct auth_user *u)
{
    char *f[5];
    int n = 0;
    f[n++] = v;
    for (char *p = v; n < 5 && (p = strchr(p, '\t'));) {
        *p++ = '\0';
        f[n++] = p;
    }
    if (n != 5 || strcmp(f[0], "u") != 0 || str_to_i64(f[2], &u->created_at) != ST_OK)
        return false;
    u->id = f[1];
    u->username = f[3];
    u->email = f[4];
    return true;
}

/* Copies the revocations Redis missed (kv_pending) into it and clears
 * their flag; see replay_needed for when. Until this has succeeded no
 * cached session is trusted. */
static enum status replay_pending(struct worker_ctx *ctx, struct arena *a)
{
    uint64_t conn = ctx->kv.connects, missed = missed_now(ctx); /* before reading Postgres */
    struct pg_result *r;
    struct buf *done = buf_new_arena(a, 0);
    enum status st = ctx->sessions->pending(&ctx->db, a, &r);

    buf_putc(done, '{');
    for (int i = 0; st == ST_OK && i < pg_nrows(r); i++) {
        const char *jti = pg_get(r, i, 0);
        int ttl = (int)pg_get_i64(r, i, 1);
        st = kv_set(&ctx->kv, session_key(a, jti), revoked_mark, strlen(revoked_mark), ttl, false);
        buf_printf(done, "%s\"%s\"", i ? "," : "", jti);
    }
    buf_putc(done, '}');
    if (st == ST_OK && pg_nrows(r) > 0)
        st = ctx->sessions->replayed(&ctx->db, a, done->data);
    if (st != ST_OK || ctx->kv.connects != conn)
        return ST_UNAVAILABLE;
    if (pg_nrows(r) > 0)
        log_info("session_replay", "revocations=%d", pg_nrows(r));
    replayed_connects = conn;
    replayed_missed = missed;
    return ST_OK;
}

/* The session from Postgres, cached in Redis for next time. */
static enum status load_from_db(struct worker_ctx *ctx, struct arena *a, const struct jwt_claims *c,
                                struct auth_user *u)
{
    struct pg_result *r;
    const char *key = session_key(a, c->jti);
    int64_t left = c->exp - time_now();
    enum status st = ctx->sessions->lookup(&ctx->db, a, c->sub, c->jti, &r);

    if (st == ST_INVALID || (st == ST_OK && pg_nrows(r) == 0))
        return ST_UNAUTH; /* no such user (or a sub that is not a UUID) */
    if (st != ST_OK)
        return st;
    if (*pg_get(r, 0, SESS_REVOKED) == 't') {
        kv_set(&ctx->kv, key, revoked_mark, strlen(revoked_mark), (int)left, false);
        return ST_UNAUTH;
    }
    u->id = pg_get(r, 0, SESS_ID);
    u->email = pg_get(r, 0, SESS_EMAIL);
    u->username = pg_get(r, 0, SESS_USERNAME);
    u->created_at = pg_get_i64(r, 0, SESS_CREATED);
    const char *v = session_value(a, u);
    /* NX: a revocation written meanwhile by a logout must not be overwritten. */
    kv_set(&ctx->kv, key, v, strlen(v),
           (int)(left < AUTH_SESSION_CACHE_TTL ? left : AUTH_SESSION_CACHE_TTL), true);
    return ST_OK;
}

static enum status load_session(struct request *req, const struct jwt_claims *c,
                                struct auth_user *u)
{
    struct worker_ctx *ctx = req->ctx;
    const char *key = session_key(req->arena, c->jti);
    char *v = NULL;
    enum status st = kv_get(&ctx->kv, req->arena, key, &v, NULL);

    if ((st == ST_OK || st == ST_NOT_FOUND) && replay_needed(ctx)) {
        if (replay_pending(ctx, req->arena) == ST_OK)
            st = kv_get(&ctx->kv, req->arena, key, &v, NULL);
        else
            st = ST_UNAVAILABLE; /* not known to be complete: ask Postgres */
    }
    if (st == ST_OK && strcmp(v, revoked_mark) == 0)
        return ST_UNAUTH;
    if (st == ST_OK && session_parse(v, u) && strcmp(u->id, c->sub) == 0)
        return ST_OK;
    return load_from_db(ctx, req->arena, c, u);
}

/* Step 1: the token's signature, alg and expiry into *c (no I/O). */
static bool verify_token(struct request *req, struct jwt_claims *c, bool *via_cookie)
{
    size_t keylen;
    const char *token = find_token(req, via_cookie);
    const char *key = secret(req, &keylen);
    return token && *token &&
           jwt_hs256_verify(req->arena, key, keylen, token, time_now(), c) == ST_OK &&
           str_is_hex_lower(c->jti, 2 * AUTH_JTI_BYTES);
}

/* Step 3: the session of verified claims c, into a new req->user. */
static enum status load_user(struct request *req, const struct jwt_claims *c, bool via_cookie)
{
    struct auth_user *u = arena_zalloc(req->arena, sizeof(*u));
    enum status st = load_session(req, c, u);
    if (st != ST_OK)
        return st;
    u->jti = c->jti;
    u->csrf = c->csrf;
    u->exp = c->exp;
    u->via_cookie = via_cookie;
    req->user = u;
    return ST_OK;
}

/* Steps 1-3: sets req->user, or replies 401/403/503 and returns -1. */
static int authenticate(struct request *req, struct response *res)
{
    struct jwt_claims c;
    bool via_cookie = false;

    if (!find_token(req, &via_cookie))
        return reply_error(res, ST_UNAUTH, NULL, "sign in required");
    if (!verify_token(req, &c, &via_cookie))
        return reply_error(res, ST_UNAUTH, NULL, "invalid or expired session");
    /* The session's own token, not the csrf cookie: a cookie an attacker
     * managed to plant (csrf=x with X-CSRF-Token: x) proves nothing. */
    if (via_cookie && is_unsafe(req->method) && !csrf_sent(req, c.csrf))
        return reply_error(res, ST_CSRF, NULL, "missing or wrong csrf token");
    enum status st = load_user(req, &c, via_cookie);
    if (st == ST_UNAUTH)
        return reply_error(res, ST_UNAUTH, NULL, "session has ended; sign in again");
    return st == ST_OK ? 0 : reply_status(res, st);
}

enum status auth_identify(struct request *req)
{
    struct jwt_claims c;
    bool via_cookie = false;

    if (req->user || !verify_token(req, &c, &via_cookie))
        return ST_OK;
    enum status st = load_user(req, &c, via_cookie);
    return st == ST_UNAUTH ? ST_OK : st;
}

int auth_guard(struct request *req, struct response *res)
{
    enum auth_level level = req->route->auth;

    if (level != AUTH_USER && level != AUTH_OWNER)
        return 0;
    if (authenticate(req, res))
        return -1;
    if (level == AUTH_OWNER && (req->nparams < 1 || !str_eq_nocase(req->params[0], req->user->id)))
        return reply_error(res, ST_DENIED, NULL, "this belongs to another user");
    return 0;
}

int auth_require(struct request *req, struct response *res)
{
    return req->user ? 0 : authenticate(req, res);
}

enum status auth_sign_in(struct request *req, struct response *res, const struct auth_user *u,
                         const char **token, const char **csrf)
{
    const struct config *cfg = req->ctx->cfg;
    char jti[2 * AUTH_JTI_BYTES + 1], xsrf[2 * CSRF_BYTES + 1];
    char *t;
    size_t keylen;
    int64_t now = time_now();

    if (rand_hex(jti, AUTH_JTI_BYTES) != ST_OK || rand_hex(xsrf, CSRF_BYTES) != ST_OK)
        return ST_INTERNAL;
    struct jwt_claims c = { .sub = u->id,
                            .username = u->username,
                            .jti = jti,
                            .csrf = xsrf,
                            .iat = now,
                            .exp = now + cfg->session_ttl_s };
    const char *key = secret(req, &keylen);
    enum status st = jwt_hs256_sign(req->arena, key, keylen, &c, &t);
    if (st != ST_OK)
        return st;
    struct cookie_attrs session = { cfg->session_ttl_s, true, cfg->cookie_secure };
    struct cookie_attrs readable = { cfg->session_ttl_s, false, cfg->cookie_secure };
    cookie_set(res, AUTH_SESSION_COOKIE, t, &session);
    cookie_set(res, AUTH_CSRF_COOKIE, xsrf, &readable);
    /* Cached now, so the first signed-in request needs no Postgres either. */
    const char *v = session_value(req->arena, u);
    kv_set(&req->ctx->kv, session_key(req->arena, jti), v, strlen(v), AUTH_SESSION_CACHE_TTL, true);
    *token = t;
    *csrf = arena_strdup(req->arena, xsrf);
    return ST_OK;
}

enum status auth_session_gone(struct request *req)
{
    const struct auth_user *u = req->user;
    if (!u)
        return ST_UNAUTH;
    int64_t left = u->exp - time_now();
    kv_set(&req->ctx->kv, session_key(req->arena, u->jti), revoked_mark, strlen(revoked_mark),
           left > 1 ? (int)left : 1, false);
    log_warn("session_user_gone", "user=%s jti=%s", u->id, u->jti);
    return ST_UNAUTH;
}

enum status auth_sign_out(struct request *req, struct response *res)
{
    const struct auth_user *u = req->user;
    struct kv *kv = &req->ctx->kv;
    const char *key = session_key(req->arena, u->jti);
    int64_t left = u->exp - time_now();
    int ttl = left > 1 ? (int)left : 1;

    /* Redis first: if Postgres then fails the client is told so and the
     * token is revoked more widely than recorded, never less. One retry
     * on a fresh connection before flagging the revocation pending. */
    bool told = kv_set(kv, key, revoked_mark, strlen(revoked_mark), ttl, false) == ST_OK ||
                kv_set(kv, key, revoked_mark, strlen(revoked_mark), ttl, false) == ST_OK;
    enum status st = req->ctx->sessions->revoke(&req->ctx->db, req->arena, u->jti, u->exp, !told);
    if (st != ST_OK)
        return st;
    if (!told) {
        /* After the commit, so a worker that sees the new count finds the row. */
        if (req->ctx->metrics)
            __atomic_fetch_add(&req->ctx->metrics->revocations_missed, 1, __ATOMIC_RELEASE);
        log_warn("session_revoke_pending", "reason=%s", "redis unavailable");
    }
    struct cookie_attrs session = { 0, true, req->ctx->cfg->cookie_secure };
    struct cookie_attrs readable = { 0, false, req->ctx->cfg->cookie_secure };
    cookie_set(res, AUTH_SESSION_COOKIE, "", &session);
    cookie_set(res, AUTH_CSRF_COOKIE, "", &readable);
    return ST_OK;
}
