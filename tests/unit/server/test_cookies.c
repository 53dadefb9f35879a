#include "config.h"
#include "core/common.h"
#include "server/cookies.h"
#include "tests/unit/suites.h"
#include "tests/unit/testutil.h"

static void cookies_are_split_trimmed_and_unquoted(void)
{
    struct arena a;
    struct request req;
    struct response res;
    memset(&req, 0, sizeof(req));
    arena_init(&a, 0);
    req.arena = &a;
    response_init(&res);
    CU_ASSERT_EQUAL(cookies_parse(&req, &res,
                                  " session=abc.def ;csrf=\"x1\"; empty=; junk; =v; "
                                  "session=second"),
                    0);
    CU_ASSERT_STRING_EQUAL(cookie_get(&req, "session"), "abc.def"); /* the first one wins */
    CU_ASSERT_STRING_EQUAL(cookie_get(&req, "csrf"), "x1");
    CU_ASSERT_STRING_EQUAL(cookie_get(&req, "empty"), "");
    CU_ASSERT_PTR_NULL(cookie_get(&req, "junk"));
    CU_ASSERT_PTR_NULL(cookie_get(&req, "other"));
    CU_ASSERT_EQUAL(cookies_parse(&req, &res, NULL), 0);
    CU_ASSERT_EQUAL(req.ncookies, 0);
    response_release(&res);
    arena_release(&a);
}

static void a_huge_cookie_header_is_a_400_on_cookie(void)
{
    struct arena a;
    struct request req;
    struct response res;
    char *big = malloc(COOKIES_MAX_HEADER + 2);
    memset(&req, 0, sizeof(req));
    arena_init(&a, 0);
    req.arena = &a;
    response_init(&res);
    memset(big, 'x', COOKIES_MAX_HEADER + 1);
    memcpy(big, "session=", 8);
    big[COOKIES_MAX_HEADER + 1] = '\0';
    CU_ASSERT_NOT_EQUAL(cookies_parse(&req, &res, big), 0);
    CU_ASSERT_EQUAL(res.status, 400);
    CU_ASSERT_PTR_NOT_NULL(strstr(res.body.data, "\"field\":\"cookie\""));
    big[COOKIES_MAX_HEADER] = '\0';
    response_reset(&res);
    CU_ASSERT_EQUAL(cookies_parse(&req, &res, big), 0);
    free(big);
    response_release(&res);
    arena_release(&a);
}

static void set_cookie_carries_the_spec_attributes(void)
{
    struct response res;
    struct cookie_attrs session = { 604800, true, false };
    struct cookie_attrs csrf = { 0, false, true };
    response_init(&res);
    cookie_set(&res, "session", "tok", &session);
    cookie_set(&res, "csrf", "", &csrf);
    CU_ASSERT_STRING_EQUAL(res.headers.data,
                           "Set-Cookie: session=tok; Path=/; Max-Age=604800; HttpOnly; "
                           "SameSite=Lax\r\n"
                           "Set-Cookie: csrf=; Path=/; Max-Age=0; SameSite=Lax; Secure\r\n");
    response_release(&res);
}

int suite_cookies(void)
{
    static const struct test_case cases[] = {
        { "cookies are split, trimmed and unquoted", cookies_are_split_trimmed_and_unquoted },
        { "a huge Cookie header is a 400 on field cookie",
          a_huge_cookie_header_is_a_400_on_cookie },
        { "Set-Cookie carries the spec's attributes", set_cookie_carries_the_spec_attributes },
        { NULL, NULL },
    };
    return test_register("server/cookies", cases);
}
