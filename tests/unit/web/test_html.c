#include "config.h"
#include "core/common.h"
#include "web/html.h"
#include "web/page.h"
#include "web/templates.h"
#include "tests/unit/suites.h"
#include "tests/unit/testutil.h"

static void text_escapes_markup_and_quotes(void)
{
    struct buf b;
    buf_init(&b, 0);
    html_text(&b, "<script>alert('x')</script> & \"q\"");
    CU_ASSERT_STRING_EQUAL(b.data,
                           "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;");
    buf_reset(&b);
    html_text(&b, NULL);
    CU_ASSERT_EQUAL(b.len, 0);
    buf_release(&b);
}

static void text_keeps_utf8_and_replaces_invalid_bytes(void)
{
    struct buf b;
    buf_init(&b, 0);
    html_text(&b, "Beyonc\xc3\xa9 \xe2\x80\x94 ok");
    CU_ASSERT_STRING_EQUAL(b.data, "Beyonc\xc3\xa9 \xe2\x80\x94 ok");
    buf_reset(&b);
    html_text(&b, "a\xff"
                  "b\xc3");
    CU_ASSERT_STRING_EQUAL(b.data, "a\xef\xbf\xbd"
                                   "b\xef\xbf\xbd");
    buf_release(&b);
}

static void url_encodes_a_query_component(void)
{
    struct buf b;
    buf_init(&b, 0);
    html_url(&b, "/events/1?a=b&c=\"d\" e~_.-");
    CU_ASSERT_STRING_EQUAL(b.data, "%2Fevents%2F1%3Fa%3Db%26c%3D%22d%22%20e~_.-");
    buf_release(&b);
}

/* The generated fragments escape every insertion without being told. */
static void templates_escape_by_default(void)
{
    struct buf b;
    buf_init(&b, 0);
    tpl_error_page(&b, "<h1>", "\"><img src=x onerror=alert(1)>");
    CU_ASSERT_PTR_NULL(strstr(b.data, "<img"));
    CU_ASSERT_PTR_NULL(strstr(b.data, "<h1><h1>"));
    CU_ASSERT_PTR_NOT_NULL(strstr(b.data, "<h1>&lt;h1&gt;</h1>"));
    CU_ASSERT_PTR_NOT_NULL(strstr(b.data, "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"));
    buf_reset(&b);
    tpl_layout_nav_anon(&b, "/search?q=a&b");
    CU_ASSERT_PTR_NOT_NULL(strstr(b.data, "/login?next=%2Fsearch%3Fq%3Da%26b\""));
    buf_release(&b);
}

static void return_targets_stay_on_the_site(void)
{
    CU_ASSERT_STRING_EQUAL(page_safe_next("/events/ab?x=1"), "/events/ab?x=1");
    CU_ASSERT_STRING_EQUAL(page_safe_next("//evil.example/x"), "/");
    CU_ASSERT_STRING_EQUAL(page_safe_next("/\\evil.example"), "/");
    CU_ASSERT_STRING_EQUAL(page_safe_next("https://evil.example/"), "/");
    CU_ASSERT_STRING_EQUAL(page_safe_next("javascript:alert(1)"), "/");
    CU_ASSERT_STRING_EQUAL(page_safe_next("/a\r\nSet-Cookie: x=1"), "/");
    CU_ASSERT_STRING_EQUAL(page_safe_next(""), "/");
    CU_ASSERT_STRING_EQUAL(page_safe_next(NULL), "/");
}

int suite_html(void)
{
    static const struct test_case cases[] = {
        { "text escapes markup and quotes", text_escapes_markup_and_quotes },
        { "text keeps UTF-8, replaces invalid bytes", text_keeps_utf8_and_replaces_invalid_bytes },
        { "url encodes a query component", url_encodes_a_query_component },
        { "templates escape by default", templates_escape_by_default },
        { "return targets stay on the site", return_targets_stay_on_the_site },
        { NULL, NULL },
    };
    return test_register("web/html", cases);
}
