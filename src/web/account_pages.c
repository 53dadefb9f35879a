/*
 * Sign-in, registration, sign-out: /login, /register, /logout; and the
 * route table of the account pages (the favorites are account_favorites.c).
 *
 * The forms post to their own path and answer with a 303 to the page the
 * reader came from (`next`, same-site paths only) or with the form again:
 * 422 with the errors in a summary at the top and next to their fields,
 * what was typed kept except the password; 429 when sign-ins are rate
 * limited. The checks are the API's (app/users/users_account.h).
 */
#include "config.h"
#include "core/common.h"
#include "app/users/users_account.h"
#include "core/arena.h"
#include "server/auth.h"
#include "web/account.h"
#include "web/page.h"
#include "web/web.h"
#include "web/templates.h"

#define FORM_MAX_ERRORS 4

/* A form's errors in page order: the field's id (NULL: the form as a
 * whole) and the message. */
struct form_errors {
    const char *field[FORM_MAX_ERRORS];
    const char *message[FORM_MAX_ERRORS];
    int n;
};

/* One input with its label, optional hint and error. */
struct form_field {
    const char *id; /* also its name */
    const char *label;
    const char *type;
    const char *autocomplete;
    const char *hint;  /* or NULL */
    const char *value; /* what the reader typed, or NULL */
};

/* The domain's messages are lowercase (they are the API's too); on a page
 * they start a sentence. */
static void add_error(struct page *p, struct form_errors *e, const char *field, const char *msg)
{
    if (e->n == FORM_MAX_ERRORS)
        return;
    char *s = arena_strdup(p->req->arena, msg);
    if (s[0] >= 'a' && s[0] <= 'z')
        s[0] = (char)(s[0] - 'a' + 'A');
    e->field[e->n] = field;
    e->message[e->n++] = s;
}

static const char *error_for(const struct form_errors *e, const char *field)
{
    for (int i = 0; i < e->n; i++)
        if (e->field[i] && strcmp(e->field[i], field) == 0)
            return e->message[i];
    return NULL;
}

static void write_summary(struct page *p, const struct form_errors *e)
{
    if (e->n == 0)
        return;
    tpl_form_errors_open(p->o);
    for (int i = 0; i < e->n; i++) {
        if (e->field[i])
            tpl_form_error_link(p->o, e->field[i], e->message[i]);
        else
            tpl_form_error_text(p->o, e->message[i]);
    }
    tpl_form_errors_close(p->o);
}

/* The input is described by its hint and its error, and marked invalid
 * when it has one. */
static void write_field(struct page *p, const struct form_field *f, const struct form_errors *e)
{
    const char *error = error_for(e, f->id);
    struct arena *a = p->req->arena;

    tpl_field_open(p->o, f->id, f->label);
    if (f->hint)
        tpl_field_hint(p->o, f->id, f->hint);
    if (error)
        tpl_field_error(p->o, f->id, error);
    if (!f->hint && !error) {
        tpl_field_input(p->o, f->id, f->type, f->value, f->autocomplete);
        return;
    }
    const char *by = !error    ? arena_printf(a, "%s-hint", f->id)
                     : f->hint ? arena_printf(a, "%s-hint %s-error", f->id, f->id)
                               : arena_printf(a, "%s-error", f->id);
    tpl_field_input_described(p->o, f->id, f->type, f->value, f->autocomplete, by,
                              error ? "true" : "false");
}

/* The top of a form page; personal to the reader through its CSRF token,
 * so never stored by a browser or proxy either. */
static void form_begin(struct page *p, int status, const char *title, const struct form_errors *e)
{
    if (!p->user)
        response_header(p->res, "Cache-Control", "no-store");
    const char *full =
        arena_printf(p->req->arena, "%s%s - Marquee", e->n > 0 ? "Error: " : "", title);
    page_begin_status(p, status, &(struct page_meta){ .title = full, .noindex = true });
    tpl_account_open(p->o, title);
    write_summary(p, e);
}

static void form_end(struct page *p)
{
    tpl_account_close(p->o);
    page_end(p);
}

/* ---- /login ---- */

static void login_form(struct page *p, int status, const char *login, const char *next,
                       const struct form_errors *e)
{
    form_begin(p, status, "Sign in", e);
    tpl_form_open(p->o, "/login", page_csrf(p), next);
    write_field(
        p, &(struct form_field){ "login", "Email or username", "text", "username", NULL, login },
        e);
    write_field(
        p,
        &(struct form_field){ "password", "Password", "password", "current-password", NULL, NULL },
        e);
    tpl_form_submit(p->o, "Sign in");
    tpl_login_other(p->o, next);
    form_end(p);
}

/* A signed-in reader has nothing to do on /login or /register. */
static int signed_in_goes_on(struct page *p, const char *next)
{
    if (!p->user)
        return 0;
    page_redirect(p, next);
    return -1;
}

static void login_page(struct request *req, struct response *res)
{
    struct page p;
    if (page_open(&p, req, res))
        return;
    const char *next = page_safe_next(request_query(req, "next"));
    if (signed_in_goes_on(&p, next))
        return;
    login_form(&p, 200, NULL, next, &(struct form_errors){ 0 });
}

static void retry_after(struct page *p, int64_t wait)
{
    char secs[24];
    snprintf(secs, sizeof(secs), "%lld", (long long)wait);
    response_header(p->res, "Retry-After", secs);
}

/* What a refusal with a wait says: failed sign-ins (429) wait minutes,
 * a busy moment (503, every password hash slot taken) a second. */
static const char *wait_message(struct page *p, enum status st, int64_t secs)
{
    int64_t min = (secs + 59) / 60;
    if (st != ST_RATE_LIMITED)
        return "Too many sign-ins are in progress. Try again in a second.";
    return arena_printf(p->req->arena, "Too many failed sign-ins. Try again in %lld minute%s.",
                        (long long)min, min == 1 ? "" : "s");
}

/* ST_OK once signed in; else the form again (or an error page) is written. */
static enum status login_check(struct page *p, const char *login, const char *password,
                               const char *next)
{
    struct form_errors e = { 0 };
    struct users_refusal why;
    struct auth_user u;
    const char *token, *csrf;

    if (!*login)
        add_error(p, &e, "login", "Enter your email or username");
    if (!*password)
        add_error(p, &e, "password", "Enter your password");
    if (e.n > 0) {
        login_form(p, 422, login, next, &e);
        return ST_INVALID;
    }
    enum status st = users_login(p->req, login, password, strlen(password), &u, &why);
    if (why.retry_after > 0) {
        retry_after(p, why.retry_after);
        add_error(p, &e, NULL, wait_message(p, st, why.retry_after));
        login_form(p, st == ST_RATE_LIMITED ? 429 : 503, login, next, &e);
        return st;
    }
    if (st == ST_UNAUTH || st == ST_INVALID) {
        /* One message whichever was wrong, as the API does; a field out of
         * bounds is named. */
        if (st == ST_UNAUTH)
            add_error(p, &e, "login", "Email/username or password is wrong");
        else
            add_error(p, &e, why.field, why.message);
        login_form(p, 422, login, next, &e);
        return st;
    }
    if (st == ST_OK)
        st = auth_sign_in(p->req, p->res, &u, &token, &csrf);
    if (st != ST_OK)
        page_error(p, st, NULL);
    return st;
}

static void login_post(struct request *req, struct response *res)
{
    struct page p;
    if (page_open(&p, req, res) || page_form(&p))
        return;
    const char *next = page_safe_next(page_field(&p, "next"));
    if (login_check(&p, page_field(&p, "login"), page_field(&p, "password"), next) == ST_OK)
        page_redirect(&p, next);
}

/* ---- /register ---- */

static void register_form(struct page *p, int status, const char *email, const char *username,
                          const char *next, const struct form_errors *e)
{
    form_begin(p, status, "Create an account", e);
    tpl_form_open(p->o, "/register", page_csrf(p), next);
    write_field(p, &(struct form_field){ "email", "Email", "email", "email", NULL, email }, e);
    write_field(p,
                &(struct form_field){ "username", "Username", "text", "username",
                                      "3 to 32 letters, digits, '_', '.' or '-'", username },
                e);
    write_field(p,
                &(struct form_field){ "password", "Password", "password", "new-password",
                                      "At least 8 characters", NULL },
                e);
    tpl_form_submit(p->o, "Create account");
    tpl_register_other(p->o, next);
    form_end(p);
}

static void register_page(struct request *req, struct response *res)
{
    struct page p;
    if (page_open(&p, req, res))
        return;
    const char *next = page_safe_next(request_query(req, "next"));
    if (signed_in_goes_on(&p, next))
        return;
    register_form(&p, 200, NULL, NULL, next, &(struct form_errors){ 0 });
}

/* Every field's problem at once, so one round trip shows them all; then
 * users_register (which checks them again) for the duplicates. */
static enum status register_check(struct page *p, const char *email, const char *username,
                                  const char *password, const char *next)
{
    struct form_errors e = { 0 };
    struct users_refusal why = { 0 };
    struct auth_user u;
    const char *bad, *token, *csrf;
    enum status st = ST_INVALID;

    if ((bad = users_check_email(email, strlen(email))))
        add_error(p, &e, "email", bad);
    if ((bad = users_check_username(username, strlen(username))))
        add_error(p, &e, "username", bad);
    if ((bad = users_check_password(password, strlen(password))))
        add_error(p, &e, "password", bad);
    if (e.n == 0) {
        st = users_register(p->req, email, username, password, strlen(password), &u, &why);
        if (st == ST_INVALID || st == ST_CONFLICT)
            add_error(p, &e, why.field, why.message);
    }
    if (why.retry_after > 0) {
        retry_after(p, why.retry_after);
        add_error(p, &e, NULL, wait_message(p, st, why.retry_after));
        register_form(p, 503, email, username, next, &e);
        return st;
    }
    if (st == ST_OK)
        st = auth_sign_in(p->req, p->res, &u, &token, &csrf);
    if (st == ST_OK)
        return st;
    if (e.n > 0)
        register_form(p, 422, email, username, next, &e);
    else
        page_error(p, st, NULL);
    return st;
}

static void register_post(struct request *req, struct response *res)
{
    struct page p;
    if (page_open(&p, req, res) || page_form(&p))
        return;
    const char *next = page_safe_next(page_field(&p, "next"));
    if (register_check(&p, page_field(&p, "email"), page_field(&p, "username"),
                       page_field(&p, "password"), next) == ST_OK)
        page_redirect(&p, next);
}

/* ---- /logout ---- */

static void logout_post(struct request *req, struct response *res)
{
    struct page p;
    if (page_open(&p, req, res))
        return;
    if (!p.user) {
        page_redirect(&p, "/");
        return;
    }
    if (page_form(&p))
        return;
    enum status st = auth_sign_out(req, res);
    if (st != ST_OK) {
        page_error(&p, st, "We could not sign you out just now. Please try again.");
        return;
    }
    page_redirect(&p, "/");
}

/* Personal pages: never cached (CACHE_NONE), the reader is identified by
 * page_open. */
const struct route account_routes[] = {
    { "GET", "/login", AUTH_PUBLIC, login_page, CACHE_NONE },
    { "POST", "/login", AUTH_PUBLIC, login_post, CACHE_NONE },
    { "GET", "/register", AUTH_PUBLIC, register_page, CACHE_NONE },
    { "POST", "/register", AUTH_PUBLIC, register_post, CACHE_NONE },
    { "POST", "/logout", AUTH_PUBLIC, logout_post, CACHE_NONE },
    { "GET", "/favorites", AUTH_PUBLIC, favorites_page, CACHE_NONE },
    { "POST", "/favorites", AUTH_PUBLIC, favorites_post, CACHE_NONE },
    { NULL, NULL, AUTH_PUBLIC, NULL, CACHE_NONE },
};
