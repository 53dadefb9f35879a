#include "config.h"
#include "core/common.h"
#include "server/auth.h"
#include "app/users/users.h"
#include "core/conf.h"
#include "core/timeutil.h"
#include "infra/jwt.h"
#include "server/body.h"
#include "server/cookies.h"
#include "server/router.h"
#include "server/worker.h"
#include "tests/unit/suites.h"
#include "tests/unit/testutil.h"

static const char KEY[] = "unit-test-secret-0123456789abcdef0123456789";

static void nop(struct request *req, struct response *res)
{
    MQ_UNUSED(req);
    MQ_UNUSED(res);
}

static const struct route public_route = { "GET", "/p", AUTH_PUBLIC, nop, CACHE_NONE };
static const struct route user_route = { "POST", "/u", AUTH_USER, nop, CACHE_NONE };

struct fixture {
    struct arena a;
    struct config cfg;
    struct worker_ctx ctx;
    struct request req;
    struct response res;
};

static void setup(struct fixture *f, const struct route *r, const char *cookies)
{
    memset(f, 0, sizeof(*f));
    arena_init(&f->a, 0);
    f->cfg.jwt_secret = KEY;
    f->cfg.session_ttl_s = 3600;
    f->ctx.cfg = &f->cfg;
    f->ctx.sessions = &users_session_store;
    f->req.arena = &f->a;
    f->req.ctx = &f->ctx;
    f->req.route = r;
    f->req.method = r->method;
    response_init(&f->res);
    cookies_parse(&f->req, cookies);
}

static void teardown(struct fixture *f)
{
    response_release(&f->res);
    arena_release(&f->a);
}

static char *token(struct arena *a, const char *key, int64_t exp)
{
    struct jwt_claims c = { .sub = "3f1c1e6e-8d6e-4d55-9a36-0b8a4f1e2c11",
                            .username = "alice",
                            .jti = "00112233445566778899aabbccddeeff",
                            .csrf = "session-csrf-token",
                            .iat = time_now(),
                            .exp = exp };
    char *t = NULL;
    jwt_hs256_sign(a, key, strlen(key), &c, &t);
    return t;
}

static void public_routes_pass_without_a_session(void)
{
    struct fixture f;
    setup(&f, &public_route, NULL);
    CU_ASSERT_EQUAL(auth_guard(&f.req, &f.res), 0);
    CU_ASSERT_PTR_NULL(f.req.user);
    teardown(&f);
}

static void missing_bad_and_expired_sessions_are_401(void)
{
    struct fixture f;
    char cookie[1024];
    setup(&f, &user_route, NULL);
    CU_ASSERT_NOT_EQUAL(auth_guard(&f.req, &f.res), 0);
    CU_ASSERT_EQUAL(f.res.status, 401);
    teardown(&f);

    setup(&f, &user_route, "session=not.a.token");
    CU_ASSERT_NOT_EQUAL(auth_guard(&f.req, &f.res), 0);
    CU_ASSERT_EQUAL(f.res.status, 401);
    teardown(&f);

    setup(&f, &user_route, NULL);
    snprintf(cookie, sizeof(cookie), "session=%s", token(&f.a, KEY, time_now() - 5));
    cookies_parse(&f.req, cookie);
    CU_ASSERT_NOT_EQUAL(auth_guard(&f.req, &f.res), 0);
    CU_ASSERT_EQUAL(f.res.status, 401);
    teardown(&f);

    setup(&f, &user_route, NULL);
    snprintf(cookie, sizeof(cookie), "session=%s",
             token(&f.a, "someone else's secret, 32+ bytes long", time_now() + 60));
    cookies_parse(&f.req, cookie);
    CU_ASSERT_NOT_EQUAL(auth_guard(&f.req, &f.res), 0);
    CU_ASSERT_EQUAL(f.res.status, 401);
    teardown(&f);
}

/* A valid cookie session on an unsafe method is stopped at CSRF, before
 * any Redis or Postgres lookup. */
static void cookie_sessions_need_the_csrf_token(void)
{
    struct fixture f;
    char cookie[1024];
    setup(&f, &user_route, NULL);
    snprintf(cookie, sizeof(cookie), "session=%s; csrf=abc123", token(&f.a, KEY, time_now() + 60));
    cookies_parse(&f.req, cookie);
    CU_ASSERT_NOT_EQUAL(auth_guard(&f.req, &f.res), 0);
    CU_ASSERT_EQUAL(f.res.status, 403);
    CU_ASSERT_PTR_NOT_NULL(strstr(f.res.body.data, "\"code\":\"csrf\""));
    teardown(&f);
}

static void form_csrf(struct fixture *f, const char *value)
{
    f->req.fields = arena_zalloc(&f->a, sizeof(*f->req.fields));
    f->req.fields->form[0].name = "csrf_token";
    f->req.fields->form[0].value = value;
    f->req.fields->nform = 1;
}

/* The token must be the session's own (a claim of the signed JWT): a
 * csrf cookie planted together with a matching field proves nothing. */
static void csrf_is_tied_to_the_session(void)
{
    struct fixture f;
    char cookie[1024];
    setup(&f, &user_route, NULL);
    snprintf(cookie, sizeof(cookie), "session=%s; csrf=planted", token(&f.a, KEY, time_now() + 60));
    cookies_parse(&f.req, cookie);
    form_csrf(&f, "planted");
    CU_ASSERT_NOT_EQUAL(auth_guard(&f.req, &f.res), 0);
    CU_ASSERT_EQUAL(f.res.status, 403);
    response_reset(&f.res);
    form_csrf(&f, "session-csrf-token");
    auth_guard(&f.req, &f.res); /* past CSRF: the session lookup has no database here */
    CU_ASSERT_NOT_EQUAL(f.res.status, 403);
    teardown(&f);
}

static void csrf_compares_cookie_with_form_field(void)
{
    struct fixture f;
    setup(&f, &user_route, "csrf=abc123");
    f.req.fields = arena_zalloc(&f.a, sizeof(*f.req.fields));
    f.req.fields->form[0].name = "csrf_token";
    f.req.fields->form[0].value = "abc123";
    f.req.fields->nform = 1;
    CU_ASSERT_EQUAL(auth_csrf_check(&f.req, &f.res), 0);
    f.req.fields->form[0].value = "abc124";
    CU_ASSERT_NOT_EQUAL(auth_csrf_check(&f.req, &f.res), 0);
    CU_ASSERT_EQUAL(f.res.status, 403);
    f.req.fields->form[0].value = "abc12";
    CU_ASSERT_NOT_EQUAL(auth_csrf_check(&f.req, &f.res), 0);
    teardown(&f);

    setup(&f, &user_route, "csrf=");
    f.req.fields = arena_zalloc(&f.a, sizeof(*f.req.fields));
    f.req.fields->form[0].name = "csrf_token";
    f.req.fields->form[0].value = "";
    f.req.fields->nform = 1;
    CU_ASSERT_NOT_EQUAL(auth_csrf_check(&f.req, &f.res), 0); /* empty never matches */
    teardown(&f);
}

int suite_auth(void)
{
    static const struct test_case cases[] = {
        { "public routes pass without a session", public_routes_pass_without_a_session },
        { "missing, bad, expired and foreign sessions are 401",
          missing_bad_and_expired_sessions_are_401 },
        { "cookie sessions need the CSRF token on unsafe methods",
          cookie_sessions_need_the_csrf_token },
        { "CSRF is tied to the session", csrf_is_tied_to_the_session },
        { "without a session, CSRF compares the cookie with the form field",
          csrf_compares_cookie_with_form_field },
        { NULL, NULL },
    };
    return test_register("server/auth", cases);
}
