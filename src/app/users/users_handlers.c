/*
 * The endpoints of spec/API.md, "Auth and users": parse the body, call
 * users_account.h, start or end the session, render.
 */
#include "config.h"
#include "core/common.h"
#include "app/users/users.h"
#include "app/users/users_account.h"
#include "app/users/users_render.h"
#include "server/auth.h"
#include "server/body.h"
#include "server/ratelimit.h"
#include "server/worker.h"

/* A check of users_account.h as a 400 naming the field. */
static int valid_or_reply(struct response *res, const char *field, const char *problem)
{
    return problem ? reply_error(res, ST_INVALID, field, "%s", problem) : 0;
}

/* A refusal of users_account.h: its status, the field at fault and, for
 * a wait (every hash slot busy), Retry-After. */
static void refusal_reply(struct response *res, enum status st, const struct users_refusal *why)
{
    if (why->retry_after > 0) {
        char secs[24];
        snprintf(secs, sizeof(secs), "%lld", (long long)why->retry_after);
        response_header(res, "Retry-After", secs);
    }
    reply_error(res, st, why->field, "%s", why->message);
}

/* The body's bounds first, field by field, so the first bad field is the
 * one named; users_register checks them all again for its other callers. */
static void register_user(struct request *req, struct response *res)
{
    const char *email, *username, *password, *token, *csrf;
    size_t pwlen;
    struct auth_user u;
    struct users_refusal why;

    if (body_parse(req, res) ||
        body_str(req, res, "email", USERS_EMAIL_MIN, USERS_EMAIL_MAX, &email, NULL) ||
        valid_or_reply(res, "email", users_check_email(email, strlen(email))) ||
        body_str(req, res, "username", USERS_USERNAME_MIN, USERS_USERNAME_MAX, &username, NULL) ||
        valid_or_reply(res, "username", users_check_username(username, strlen(username))) ||
        body_str(req, res, "password", USERS_PASSWORD_MIN, USERS_PASSWORD_MAX, &password, &pwlen))
        return;
    enum status st = users_register(req, email, username, password, pwlen, &u, &why);
    if (why.message) {
        refusal_reply(res, st, &why);
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

/* One message for a wrong login and a wrong password (users_login). */
static void login(struct request *req, struct response *res)
{
    const char *name, *password, *token, *csrf;
    size_t pwlen;
    struct auth_user u;
    struct users_refusal why;

    if (body_parse(req, res) || body_str(req, res, "login", 1, USERS_LOGIN_MAX, &name, NULL) ||
        body_str(req, res, "password", 1, USERS_PASSWORD_MAX, &password, &pwlen))
        return;
    enum status st = users_login(req, name, password, pwlen, &u, &why);
    if (st == ST_RATE_LIMITED) {
        ratelimit_reply(res, why.retry_after);
        return;
    }
    if (why.message) {
        refusal_reply(res, st, &why);
        return;
    }
    if (st == ST_OK)
        st = auth_sign_in(req, res, &u, &token, &csrf);
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
