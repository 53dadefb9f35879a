/*
 * auth.h - sessions (spec/API.md, "Auth"): who is signed in, CSRF, and the
 * guards routes declare (router.h, enum auth_level).
 *
 * A session is an HS256 JWT (infra/jwt.h) carried by the `session` cookie
 * or an `Authorization: Bearer` header. A signed-in request checks, in order:
 *   1. the token: signature, alg, expiry (no I/O);                  else 401
 *   2. CSRF, when the cookie authenticated an unsafe method:
 *      X-CSRF-Token (or form field csrf_token) equals the session's token,
 *      a claim of the signed JWT (the csrf cookie carries a readable copy
 *      for scripts; a planted cookie proves nothing);                 else 403
 *   3. the session: Redis `session:<jti>` holds the user, or "revoked";
 *      on a miss (or with Redis down) Postgres answers (users,
 *      revoked_tokens) and the answer is cached for up to
 *      AUTH_SESSION_CACHE_TTL seconds;                               else 401
 *   4. AUTH_OWNER: the route's {userId} is the user's id;            else 403
 * Revocation is written to Redis and to Postgres (the source of truth). A
 * revocation Redis missed is flagged in Postgres (kv_pending) and counted
 * in the workers' shared block; a worker copies the flagged ones into Redis
 * before it trusts a cached session again whenever that count changed or
 * its Redis connection is new. See docs/ARCHITECTURE.md, "Sessions".
 */
#ifndef MQ_AUTH_H
#define MQ_AUTH_H

#include "core/common.h"
#include "core/status.h"
#include "server/request.h"
#include "server/response.h"

#define AUTH_SESSION_COOKIE "session"
#define AUTH_CSRF_COOKIE    "csrf"
/* A cached session is re-checked against Postgres at least this often. */
#define AUTH_SESSION_CACHE_TTL 60
#define AUTH_JTI_BYTES         16 /* 32 hex digits */

struct auth_user {
    const char *id; /* UUID text */
    const char *email;
    const char *username;
    int64_t created_at;
    const char *jti;  /* the session's id */
    const char *csrf; /* the session's CSRF token */
    int64_t exp;
    bool via_cookie; /* authenticated by the cookie: CSRF applies */
};

/* Applies req->route's auth level (AUTH_USER, AUTH_OWNER; others pass) and
 * sets req->user. Replies 401/403/503 itself and returns -1. */
int auth_guard(struct request *req, struct response *res);

/* Steps 1-3 on a public route whose answer depends on who asks (e.g.
 * ?seller=me): sets req->user, or replies and returns -1. */
int auth_require(struct request *req, struct response *res);

/* Whether the token sent is req->user's session token or, for a form
 * without a session (sign-in, registration), the csrf cookie's. */
bool auth_csrf_ok(struct request *req);
/* The same, replying 403 when it is not; 0 or -1. */
int auth_csrf_check(struct request *req, struct response *res);
/* The token for a form: the session's for a signed-in reader, else the
 * csrf cookie's, set (and returned) when the client has none yet, so
 * sign-in and registration forms carry one too. NULL if no random bytes
 * could be had. */
const char *auth_csrf_token(struct request *req, struct response *res);

/* For pages: steps 1 and 3 without replying. Sets req->user when the
 * request carries a valid session, leaves it NULL when it carries none or
 * an invalid or ended one (ST_OK either way); ST_UNAVAILABLE when the
 * session could not be checked. Forms check CSRF themselves. */
enum status auth_identify(struct request *req);

/* Starts a session for u (id, email, username, created_at): signs a token,
 * makes a CSRF token, sets both cookies on res and caches the session.
 * *token and *csrf are arena strings. */
enum status auth_sign_in(struct request *req, struct response *res, const struct auth_user *u,
                         const char **token, const char **csrf);

/* For a write that found req->user's account gone (a foreign-key failure
 * on the user: deleted while a cached session, up to
 * AUTH_SESSION_CACHE_TTL old, still named it): ends the cached session at
 * once so the token gets 401 from now on, logs it, and returns ST_UNAUTH
 * for the caller to answer 401. */
enum status auth_session_gone(struct request *req);

/* Revokes req->user's session until it expires and clears the cookies.
 * ST_UNAVAILABLE if Postgres could not record it (nothing is cleared). */
enum status auth_sign_out(struct request *req, struct response *res);

#endif
