#include "config.h"
#include "core/common.h"
#include "app/users/users_store.h"
#include "infra/pg.h"
#include "server/auth.h"

#define USER_COLS "id, email, username, extract(epoch FROM created_at)::int8"

/* DO NOTHING without a target covers both unique indexes: a taken email or
 * username yields no row instead of an error. */
static const struct pg_stmt insert = {
    "users_insert",
    "INSERT INTO users (email, username, password_hash) VALUES (lower($1), lower($2), $3) "
    "ON CONFLICT DO NOTHING RETURNING " USER_COLS,
    3, 0
};

/* Which of the two is taken (email first, as the client listed it). */
static const struct pg_stmt taken = { "users_taken",
                                      "SELECT bool_or(email = lower($1)) FROM users "
                                      "WHERE email = lower($1) OR lower(username) = lower($2)",
                                      2, PG_READONLY };

/* Usernames cannot hold '@' and emails must, so at most one row matches. */
static const struct pg_stmt by_login = {
    "users_by_login",
    "SELECT " USER_COLS ", password_hash FROM users "
    "WHERE email = lower($1) OR lower(username) = lower($1) LIMIT 1",
    1, PG_READONLY
};

static void fill(const struct pg_result *r, struct auth_user *u)
{
    memset(u, 0, sizeof(*u));
    u->id = pg_get(r, 0, 0);
    u->email = pg_get(r, 0, 1);
    u->username = pg_get(r, 0, 2);
    u->created_at = pg_get_i64(r, 0, 3);
}

enum status users_insert(struct pg *db, struct arena *a, const char *email, const char *username,
                         const char *password_hash, struct auth_user *u, const char **field)
{
    struct pg_result *r;
    const char *params[] = { email, username, password_hash };
    enum status st = pg_exec(db, a, &insert, params, &r);
    if (st != ST_OK)
        return st;
    if (pg_nrows(r) == 1) {
        fill(r, u);
        return ST_OK;
    }
    /* The conflicting row is committed by now (the insert waited for it). */
    st = pg_exec(db, a, &taken, params, &r);
    if (st != ST_OK)
        return st;
    const char *email_taken = pg_get(r, 0, 0);
    *field = email_taken && *email_taken == 'f' ? "username" : "email";
    return ST_CONFLICT;
}

enum status users_find_login(struct pg *db, struct arena *a, const char *login, struct auth_user *u,
                             const char **password_hash)
{
    struct pg_result *r;
    const char *params[] = { login };
    enum status st = pg_exec(db, a, &by_login, params, &r);
    if (st != ST_OK)
        return st;
    if (pg_nrows(r) == 0)
        return ST_NOT_FOUND;
    fill(r, u);
    *password_hash = pg_get(r, 0, 4);
    return ST_OK;
}
