#include "config.h"
#include "core/common.h"
#include "server/cookies.h"
#include "tests/unit/suites.h"
#include "tests/unit/testutil.h"

static void cookies_are_split_trimmed_and_unquoted(void)
{
    struct arena a;
    struct request req;
    memset(&req, 0, sizeof(req));
    arena_init(&a, 0);
    req.arena = &a;
    cookies_parse(&req, " session=abc.def ;csrf=\"x1\"; empty=; junk; =v; session=second");
    CU_ASSERT_STRING_EQUAL(cookie_get(&req, "session"), "abc.def"); /* the first one wins */
    CU_ASSERT_STRING_EQUAL(cookie_get(&req, "csrf"), "x1");
    CU_ASSERT_STRING_EQUAL(cookie_get(&req, "empty"), "");
    CU_ASSERT_PTR_NULL(cookie_get(&req, "junk"));
    CU_ASSERT_PTR_NULL(cookie_get(&req, "other"));
    CU_ASSERT_PTR_NULL(cookie_get(&req, "sess")); /* a prefix is another name */
    cookies_parse(&req, NULL);
    CU_ASSERT_PTR_NULL(cookie_get(&req, "session"));
    arena_release(&a);
}

/* Issue 14: only the first 16 cookies were kept, so a browser carrying
 * other cookies for the host lost its session; a header over 4 KiB was a
 * 400 on every route. */
static void the_session_is_found_behind_many_cookies_in_a_long_header(void)
{
    struct arena a;
    struct request req;
    struct buf *h;
    memset(&req, 0, sizeof(req));
    arena_init(&a, 0);
    req.arena = &a;
    h = buf_new_arena(&a, 0);
    for (int i = 0; i < 200; i++)
        buf_printf(h, "_ga%d=%040d; ", i, i);
    buf_puts(h, "session=tok.en.sig; csrf=c1");
    CU_ASSERT(h->len > 8000);
    cookies_parse(&req, h->data);
    CU_ASSERT_STRING_EQUAL(cookie_get(&req, "session"), "tok.en.sig");
    CU_ASSERT_STRING_EQUAL(cookie_get(&req, "csrf"), "c1");
    CU_ASSERT_STRING_EQUAL(cookie_get(&req, "_ga7"), "0000000000000000000000000000000000000007");
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
        { "the session is found behind many cookies in a long header",
          the_session_is_found_behind_many_cookies_in_a_long_header },
        { "Set-Cookie carries the spec's attributes", set_cookie_carries_the_spec_attributes },
        { NULL, NULL },
    };
    return test_register("server/cookies", cases);
}
