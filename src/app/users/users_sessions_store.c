/*
 * The SQL behind sessions (server/session_store.h): users and
 * revoked_tokens, for server/auth.c.
 */
#include "config.h"
#include "core/common.h"
#include "app/users/users.h"
#include "core/arena.h"
#include "infra/pg.h"
#include "server/session_store.h"

static const struct pg_stmt lookup = {
    "session_lookup",
    "SELECT u.id, u.email, u.username, extract(epoch FROM u.created_at)::int8, "
    "EXISTS (SELECT 1 FROM revoked_tokens r WHERE r.jti = $2) FROM users u WHERE u.id = $1",
    2, PG_READONLY
};

/* A flag once set stays set: a later revocation of the same token that did
 * reach Redis must not hide an earlier one that did not. */
static const struct pg_stmt revoke = {
    "session_revoke",
    "WITH gone AS (DELETE FROM revoked_tokens WHERE jti IN (SELECT jti FROM revoked_tokens "
    "  WHERE expires_at < now() LIMIT 100)) "
    "INSERT INTO revoked_tokens (jti, expires_at, kv_pending) VALUES ($1, to_timestamp($2), "
    "$3::boolean) "
    "ON CONFLICT (jti) DO UPDATE SET kv_pending = revoked_tokens.kv_pending OR $3::boolean",
    3, 0
};

static const struct pg_stmt pending = {
    "session_pending",
    "SELECT jti, ceil(extract(epoch FROM expires_at - now()))::int8 FROM revoked_tokens "
    "WHERE kv_pending AND expires_at > now()",
    0, PG_READONLY
};

static const struct pg_stmt replayed = {
    "session_replayed",
    "UPDATE revoked_tokens SET kv_pending = false WHERE kv_pending AND jti = ANY($1::text[])", 1, 0
};

static enum status sessions_lookup(struct pg *db, struct arena *a, const char *user_id,
                                   const char *jti, struct pg_result **out)
{
    const char *params[] = { user_id, jti };
    return pg_exec(db, a, &lookup, params, out);
}

static enum status sessions_revoke(struct pg *db, struct arena *a, const char *jti, int64_t exp,
                                   bool kv_pending)
{
    struct pg_result *r;
    const char *params[] = { jti, arena_printf(a, "%lld", (long long)exp),
                             kv_pending ? "true" : "false" };
    return pg_exec(db, a, &revoke, params, &r);
}

static enum status sessions_pending(struct pg *db, struct arena *a, struct pg_result **out)
{
    return pg_exec(db, a, &pending, NULL, out);
}

static enum status sessions_replayed(struct pg *db, struct arena *a, const char *array)
{
    struct pg_result *r;
    const char *params[] = { array };
    return pg_exec(db, a, &replayed, params, &r);
}

const struct session_store users_session_store = { sessions_lookup, sessions_revoke,
                                                   sessions_pending, sessions_replayed };
