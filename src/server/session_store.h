/*
 * session_store.h - what server/auth.c needs from the users domain: who a
 * token's user is and whether the token was revoked (revoked_tokens, the
 * source of truth; Redis only caches it). The SQL lives with the users
 * (app/users/users_sessions_store.c); the application hands its
 * implementation to the worker (worker_app.sessions), so server code never
 * includes app headers. Results are arena-owned.
 */
#ifndef MQ_SESSION_STORE_H
#define MQ_SESSION_STORE_H

#include "core/common.h"
#include "core/status.h"

struct arena;
struct pg;
struct pg_result;

/* lookup's columns; no row when the user does not exist. */
enum { SESS_ID, SESS_EMAIL, SESS_USERNAME, SESS_CREATED, SESS_REVOKED };

struct session_store {
    enum status (*lookup)(struct pg *db, struct arena *a, const char *user_id, const char *jti,
                          struct pg_result **out);
    /* Records jti as revoked until exp (epoch seconds); kv_pending when
     * Redis could not be told. Idempotent. Also drops a few long-expired
     * rows. */
    enum status (*revoke)(struct pg *db, struct arena *a, const char *jti, int64_t exp,
                          bool kv_pending);
    /* Unexpired revocations Redis may not know: columns jti, seconds left. */
    enum status (*pending)(struct pg *db, struct arena *a, struct pg_result **out);
    /* Clears the flag of the jtis in array (a Postgres array literal,
     * '{"a","b"}') once Redis holds them. */
    enum status (*replayed)(struct pg *db, struct arena *a, const char *array);
};

#endif
