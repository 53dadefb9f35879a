#include "config.h"
#include "core/common.h"
#include "app/users/users_store.h"
#include "infra/pg.h"
#include "server/auth.h"

/* Every statement that returns a user starts with its USER_* columns
 * (users_store.h's order, read by fill). */
enum { USER_ID, USER_EMAIL, USER_USERNAME, USER_CREATED, USER_NCOLS };

/* DO NOTHING without a target covers both unique indexes: a taken email or
 * username yields no row instead of an error. */
enum { INSERT_P_EMAIL, INSERT_P_USERNAME, INSERT_P_PASSWORD_HASH, INSERT_NPARAMS };
/* clang-format off */
static const struct pg_stmt insert = {
    "users_insert",
    "INSERT INTO users (email, username, password_hash) VALUES (lower($1), lower($2), $3) "
    "ON CONFLICT DO NOTHING "
    "RETURNING id, email, username, extract(epoch FROM created_at)::int8",
    INSERT_NPARAMS, 0
};
/* clang-format on */

/* Which of the two is taken (email first, as the client listed it). */
enum { TAKEN_P_EMAIL, TAKEN_P_USERNAME, TAKEN_NPARAMS };
/* clang-format off */
static const struct pg_stmt taken = {
    "users_taken",
    "SELECT bool_or(email = lower($1)) FROM users "
    "WHERE email = lower($1) OR lower(username) = lower($2)",
    TAKEN_NPARAMS, PG_READONLY
};
/* clang-format on */

/* Usernames cannot hold '@' and emails must, so at most one row matches. */
enum { BY_LOGIN_P_LOGIN, BY_LOGIN_NPARAMS };
enum { BY_LOGIN_PASSWORD_HASH = USER_NCOLS };
/* clang-format off */
static const struct pg_stmt by_login = {
    "users_by_login",
    "SELECT id, email, username, extract(epoch FROM created_at)::int8, password_hash "
    "FROM users "
    "WHERE email = lower($1) OR lower(username) = lower($1) "
    "LIMIT 1",
    BY_LOGIN_NPARAMS, PG_READONLY
};
/* clang-format on */

static void fill(const struct pg_result *r, struct auth_user *u)
{
    memset(u, 0, sizeof(*u));
    u->id = pg_get(r, 0, USER_ID);
    u->email = pg_get(r, 0, USER_EMAIL);
    u->username = pg_get(r, 0, USER_USERNAME);
    u->created_at = pg_get_i64(r, 0, USER_CREATED);
}

enum status users_insert(struct pg *db, struct arena *a, const char *email, const char *username,
                         const char *password_hash, struct auth_user *u, const char **field)
{
    struct pg_result *r;
    const char *params[INSERT_NPARAMS] = {
        [INSERT_P_EMAIL] = email,
        [INSERT_P_USERNAME] = username,
        [INSERT_P_PASSWORD_HASH] = password_hash,
    };
    enum status st = pg_exec(db, a, &insert, params, &r);
    if (st != ST_OK)
        return st;
    if (pg_nrows(r) == 1) {
        fill(r, u);
        return ST_OK;
    }
    /* The conflicting row is committed by now (the insert waited for it). */
    st = users_taken(db, a, email, username, field);
    return st == ST_OK ? ST_CONFLICT : st;
}

enum status users_taken(struct pg *db, struct arena *a, const char *email, const char *username,
                        const char **field)
{
    struct pg_result *r;
    const char *params[TAKEN_NPARAMS] = {
        [TAKEN_P_EMAIL] = email,
        [TAKEN_P_USERNAME] = username,
    };
    enum status st = pg_exec(db, a, &taken, params, &r);
    if (st != ST_OK)
        return st;
    const char *email_taken = pg_get(r, 0, 0);
    if (!email_taken || !*email_taken)
        return ST_OK; /* no row: bool_or of nothing is NULL */
    *field = *email_taken == 'f' ? "username" : "email";
    return ST_CONFLICT;
}

enum status users_find_login(struct pg *db, struct arena *a, const char *login, struct auth_user *u,
                             const char **password_hash)
{
    struct pg_result *r;
    const char *params[BY_LOGIN_NPARAMS] = { [BY_LOGIN_P_LOGIN] = login };
    enum status st = pg_exec(db, a, &by_login, params, &r);
    if (st != ST_OK)
        return st;
    if (pg_nrows(r) == 0)
        return ST_NOT_FOUND;
    fill(r, u);
    *password_hash = pg_get(r, 0, BY_LOGIN_PASSWORD_HASH);
    return ST_OK;
}
