/*
 * Registration and sign-in, whatever format the answer takes.
 */
#include "config.h"
#include "core/common.h"
#include "app/users/users_account.h"
#include "app/users/users_store.h"
#include "core/log.h"
#include "core/str.h"
#include "infra/password.h"
#include "server/auth.h"
#include "server/ratelimit.h"
#include "server/shared.h"
#include "server/worker.h"

/* Emails are checked for shape only (one '@' between non-empty parts, no
 * spaces or control bytes); deliverability is not ours to judge. Tabs are
 * excluded also because the session cache separates fields with them. */
const char *users_check_email(const char *email, size_t len)
{
    if (!str_is_utf8(email, len))
        return "email must be valid UTF-8";
    const char *at = strchr(email, '@');
    bool ok = at && at != email && at[1] && !strchr(at + 1, '@');
    for (const unsigned char *p = (const unsigned char *)email; ok && *p; p++)
        ok = *p > 0x20 && *p != 0x7f;
    if (!ok)
        return "email must be an address like name@example.com";
    if (len > USERS_EMAIL_MAX)
        return "email must be at most 254 bytes long";
    return NULL;
}

const char *users_check_username(const char *name, size_t len)
{
    for (const char *p = name; *p; p++) {
        bool ok = (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
                  (*p >= '0' && *p <= '9') || *p == '_' || *p == '.' || *p == '-';
        if (!ok)
            return "username may only hold letters, digits, '_', '.' and '-'"
                   " (it is stored lower-case)";
    }
    /* ASCII from here on, so bytes are characters. */
    if (len < USERS_USERNAME_MIN || len > USERS_USERNAME_MAX)
        return "username must be 3 to 32 characters long";
    return NULL;
}

const char *users_check_password(const char *password, size_t len)
{
    /* Fewer than 8 bytes are fewer than 8 characters too. */
    if (len < USERS_PASSWORD_MIN)
        return "password must be at least 8 characters long";
    if (len > USERS_PASSWORD_MAX)
        return "password must be at most 128 bytes long";
    if (memchr(password, '\0', len) || !str_is_utf8(password, len))
        return "password must be valid UTF-8 without NUL bytes";
    return NULL;
}

static enum status refuse(struct users_refusal *why, enum status st, const char *field,
                          const char *message)
{
    why->field = field;
    why->message = message;
    return st;
}

/* Argon2 costs tens of milliseconds of a CPU: a flood of sign-ins or
 * registrations must not take every worker (issue 14), so hashing runs
 * under one of the pool's hash slots (server/shared.h) and a request
 * finding them all held is refused at once, 503 with a Retry-After. */
static bool hash_slot(struct request *req, int *slot, struct users_refusal *why)
{
    struct worker_ctx *ctx = req->ctx;
    if (shared_hash_begin(ctx->shared, shared_hash_slots(ctx->cfg->workers), slot))
        return true;
    log_warn("password_busy", "slots=%d", shared_hash_slots(ctx->cfg->workers));
    why->retry_after = 1;
    why->message = "too many sign-ins in progress; try again in a second";
    return false;
}

enum status users_register(struct request *req, const char *email, const char *username,
                           const char *password, size_t pwlen, struct auth_user *u,
                           struct users_refusal *why)
{
    const char *bad, *field = NULL;
    char *hash;
    int slot;

    *why = (struct users_refusal){ 0 };
    if ((bad = users_check_email(email, strlen(email))))
        return refuse(why, ST_INVALID, "email", bad);
    if ((bad = users_check_username(username, strlen(username))))
        return refuse(why, ST_INVALID, "username", bad);
    if ((bad = users_check_password(password, pwlen)))
        return refuse(why, ST_INVALID, "password", bad);
    /* A taken name is answered before any hashing. */
    enum status st = users_taken(&req->ctx->db, req->arena, email, username, &field);
    if (st == ST_OK && !hash_slot(req, &slot, why))
        return ST_UNAVAILABLE;
    if (st == ST_OK) {
        st = password_hash(req->arena, password, pwlen, &hash);
        shared_hash_end(req->ctx->shared, slot);
    }
    if (st == ST_OK)
        st = users_insert(&req->ctx->db, req->arena, email, username, hash, u, &field);
    if (st == ST_CONFLICT)
        return refuse(why, st, field, arena_printf(req->arena, "%s is already taken", field));
    return st;
}

/* The failure counter's name for a login (server/ratelimit.h): the account
 * it resolved to, however it was spelled, else the login itself. */
static const char *limit_account(struct request *req, const char *login, const struct auth_user *u)
{
    if (u->id)
        return arena_printf(req->arena, "user:%s", u->id);
    char *k = arena_printf(req->arena, "login:%s", login);
    for (char *p = k; *p; p++) {
        if (*p >= 'A' && *p <= 'Z')
            *p = (char)(*p - 'A' + 'a');
    }
    return k;
}

/* Wrong login and wrong password get the same answer, after the same
 * Argon2 work (a dummy hash stands in for a missing user). */
enum status users_login(struct request *req, const char *login, const char *password, size_t pwlen,
                        struct auth_user *u, struct users_refusal *why)
{
    const char *hash = NULL, *account;
    size_t len = strlen(login);
    int slot;

    *why = (struct users_refusal){ 0 };
    memset(u, 0, sizeof(*u));
    if (len < 1 || len > USERS_LOGIN_MAX || !str_is_utf8(login, len))
        return refuse(why, ST_INVALID, "login", "login must be 1 to 254 bytes of UTF-8");
    if (pwlen < 1 || pwlen > USERS_PASSWORD_MAX)
        return refuse(why, ST_INVALID, "password", "password must be 1 to 128 bytes long");
    enum status st = users_find_login(&req->ctx->db, req->arena, login, u, &hash);
    if (st != ST_OK && st != ST_NOT_FOUND)
        return st;
    account = limit_account(req, login, u);
    why->retry_after = ratelimit_login_wait(req, account);
    if (why->retry_after > 0)
        return refuse(why, ST_RATE_LIMITED, NULL, "too many failed sign-ins");
    if (!hash_slot(req, &slot, why))
        return ST_UNAVAILABLE;
    if (st == ST_NOT_FOUND) {
        password_verify_dummy(password, pwlen);
        st = ST_UNAUTH;
    } else {
        st = password_verify(hash, password, pwlen);
    }
    shared_hash_end(req->ctx->shared, slot);
    if (st == ST_UNAUTH) {
        ratelimit_login_failed(req, account);
        return refuse(why, st, NULL, "wrong login or password");
    }
    if (st == ST_OK)
        ratelimit_login_succeeded(req, account);
    return st;
}
