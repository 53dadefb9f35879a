/*
 * itest_session.h - signed-in requests for the integration tests: fresh
 * users, their sessions (token and CSRF token) and requests made as them.
 */
#ifndef MQ_ITEST_SESSION_H
#define MQ_ITEST_SESSION_H

#include "tests/integration/itest.h"

struct kv;

struct itest_user {
    char id[64];
    char email[128];
    char username[48];
    char password[64];
    char token[1024]; /* the session JWT */
    char csrf[96];
};

/* How a request authenticates. */
enum itest_auth {
    AS_BEARER,         /* Authorization: Bearer */
    AS_COOKIE,         /* session + csrf cookies and X-CSRF-Token */
    AS_COOKIE_NO_CSRF, /* the cookies only */
    AS_NOBODY,
};

/* Writes prefix + a suffix unique to this run into out. */
void itest_unique(char *out, size_t n, const char *prefix);

/* Whether r asks to try again shortly: a 429 or 503 with a Retry-After of
 * 1-5 s (nginx's limit on sign-in attempts per address, which the tests'
 * one address reaches; or every password hash slot busy). If so, waits
 * what it asks and releases r. */
bool itest_retry_later(struct http_resp *r);

/* POSTs body to a sign-in or registration path, again (up to 10 times)
 * while itest_retry_later says so. http_request's result. */
int itest_post_auth(const char *path, const char *body, struct http_resp *r);

/* Registers a fresh user whose username starts with prefix; the session
 * comes from the answer's cookies. false unless 201. */
bool itest_new_user(const char *prefix, struct itest_user *u);

/* Signs u in again (a new session from the body); the HTTP status. */
long itest_login(struct itest_user *u);

/* A request as u (body: JSON, may be NULL). */
int itest_as(const struct itest_user *u, enum itest_auth how, const char *method, const char *path,
             const char *body, struct http_resp *r);

/* A request with a raw Authorization: Bearer token. */
int itest_bearer(const char *token, const char *method, const char *path, struct http_resp *r);

/* The answer's body as JSON in the arena, or NULL. */
struct json_object *itest_json(struct arena *a, const struct http_resp *r);

/* errors[0].code / errors[0].field of an error answer, or "". */
const char *itest_error_code(struct arena *a, const struct http_resp *r);
const char *itest_error_field(struct arena *a, const struct http_resp *r);

/* The value of cookie name among r's Set-Cookie lines (its attributes in
 * attrs when not NULL), or NULL. Arena copies. */
const char *itest_set_cookie(struct arena *a, const struct http_resp *r, const char *name,
                             const char **attrs);

/* The test stack's Redis ($REDIS_URL). */
void itest_kv(struct kv *kv);

/* Forgets every failed sign-in counted for this machine's address, so one
 * suite's rate-limit tests do not spill into the next. */
void itest_reset_login_limits(void);

#endif
