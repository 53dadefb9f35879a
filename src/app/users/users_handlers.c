/*
 * The endpoints of spec/API.md, "Auth and users": parse and validate the
 * body, call the store, start or end the session, render.
 */
#include "config.h"
#include "core/common.h"
#include "app/users/users.h"
#include "app/users/users_render.h"
#include "app/users/users_store.h"
#include "infra/password.h"
#include "server/auth.h"
#include "server/body.h"
#include "server/ratelimit.h"
#include "server/worker.h"

/* Emails are checked for shape only (one '@' between non-empty parts, no
 * spaces or control bytes); deliverability is not ours to judge. Tabs are
 * excluded also because the session cache separates fields with them. */
static int email_or_reply(struct response *res, const char *email)
{
    const char *at = strchr(email, '@');
    bool ok = at && at != email && at[1] && !strchr(at + 1, '@');
    for (const unsigned char *p = (const unsigned char *)email; ok && *p; p++)
        ok = *p > 0x20 && *p != 0x7f;
    if (!ok)
        return reply_error(res, ST_INVALID, "email",
                           "email must be an address like name@example.com");
    return 0;
}

static int username_or_reply(struct response *res, const char *name)
{
    for (const char *p = name; *p; p++) {
        bool ok = (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
                  (*p >= '0' && *p <= '9') || *p == '_' || *p == '.' || *p == '-';
        if (!ok)
            return reply_error(res, ST_INVALID, "username",
                               "username may only hold letters, digits, '_', '.' and '-'"
                               " (it is stored lower-case)");
    }
    return 0;
}

static void register_user(struct request *req, struct response *res)
{
    const char *email, *username, *password, *field = NULL, *token, *csrf;
    size_t pwlen;
    char *hash;
    struct auth_user u;

    if (body_parse(req, res) || body_str(req, res, "email", 3, 254, &email, NULL) ||
        email_or_reply(res, email) || body_str(req, res, "username", 3, 32, &username, NULL) ||
        username_or_reply(res, username) ||
        body_str(req, res, "password", 8, 128, &password, &pwlen))
        return;
    enum status st = password_hash(req->arena, password, pwlen, &hash);
    if (st == ST_OK)
        st = users_insert(&req->ctx->db, req->arena, email, username, hash, &u, &field);
    if (st == ST_CONFLICT) {
        reply_error(res, st, field, "%s is already taken", field);
        return;
    }
    if (st == ST_OK)
        st = auth_sign_in(req, res, &u, &token, &csrf);
    if (st != ST_OK) {
        reply_status(res, st);
        return;
    }
    struct jsonw *w = reply_json(res, 201);
    jsonw_obj_open(w);
    jsonw_key(w, "user");
    users_render(w, &u);
    jsonw_obj_close(w);
}

/* Wrong login and wrong password get the same answer, after the same
 * Argon2 work (a dummy hash stands in for a missing user). */
static void login(struct request *req, struct response *res)
{
    const char *name, *password, *hash, *token, *csrf;
    size_t pwlen;
    struct auth_user u;

    if (body_parse(req, res) || body_str(req, res, "login", 1, 254, &name, NULL) ||
        body_str(req, res, "password", 1, 128, &password, &pwlen) ||
        ratelimit_login_check(req, res, name))
        return;
    enum status st = users_find_login(&req->ctx->db, req->arena, name, &u, &hash);
    if (st == ST_NOT_FOUND) {
        password_verify_dummy(password, pwlen);
        st = ST_UNAUTH;
    } else if (st == ST_OK) {
        st = password_verify(hash, password, pwlen);
    }
    if (st == ST_UNAUTH) {
        ratelimit_login_failed(req, name);
        reply_error(res, st, NULL, "wrong login or password");
        return;
    }
    if (st == ST_OK) {
        ratelimit_login_succeeded(req, name);
        st = auth_sign_in(req, res, &u, &token, &csrf);
    }
    if (st != ST_OK) {
        reply_status(res, st);
        return;
    }
    struct jsonw *w = reply_json(res, 200);
    jsonw_obj_open(w);
    jsonw_key(w, "user");
    users_render(w, &u);
    jsonw_kstr(w, "token", token);
    jsonw_kstr(w, "csrfToken", csrf);
    jsonw_obj_close(w);
}

static void logout(struct request *req, struct response *res)
{
    enum status st = auth_sign_out(req, res);
    if (st != ST_OK) {
        reply_status(res, st);
        return;
    }
    reply_no_content(res);
}

static void me(struct request *req, struct response *res)
{
    struct jsonw *w = reply_json(res, 200);
    jsonw_obj_open(w);
    jsonw_key(w, "user");
    users_render(w, req->user);
    jsonw_obj_close(w);
}

const struct route users_routes[] = {
    { "POST", "/api/auth/register", AUTH_PUBLIC, register_user, CACHE_NONE },
    { "POST", "/api/auth/login", AUTH_PUBLIC, login, CACHE_NONE },
    { "POST", "/api/auth/logout", AUTH_USER, logout, CACHE_NONE },
    { "GET", "/api/auth/me", AUTH_USER, me, CACHE_NONE },
    { NULL, NULL, AUTH_PUBLIC, NULL, CACHE_NONE },
};
