#include "config.h"
#include "core/common.h"
#include "core/jsonw.h"
#include "tests/unit/suites.h"
#include "tests/unit/testutil.h"

static void writes_nested_values_with_commas(void)
{
    struct buf b;
    struct jsonw w;
    buf_init(&b, 0);
    jsonw_init(&w, &b);
    jsonw_obj_open(&w);
    jsonw_kstr(&w, "a", "x");
    jsonw_kint(&w, "n", -5);
    jsonw_key(&w, "list");
    jsonw_arr_open(&w);
    jsonw_int(&w, 1);
    jsonw_null(&w);
    jsonw_bool(&w, true);
    jsonw_obj_open(&w);
    jsonw_obj_close(&w);
    jsonw_arr_close(&w);
    jsonw_kstr(&w, "z", NULL);
    jsonw_obj_close(&w);
    CU_ASSERT_STRING_EQUAL(b.data, "{\"a\":\"x\",\"n\":-5,\"list\":[1,null,true,{}],\"z\":null}");
    buf_release(&b);
}

static void escapes_control_and_quote_characters(void)
{
    struct buf b;
    buf_init(&b, 0);
    json_escape(&b, "a\"b\\c\n\x01\t", 8);
    CU_ASSERT_STRING_EQUAL(b.data, "\"a\\\"b\\\\c\\n\\u0001\\t\"");
    buf_release(&b);
}

static void keeps_utf8_and_replaces_invalid_bytes(void)
{
    struct buf b;
    buf_init(&b, 0);
    json_escape(&b, "M\xc3\xbasica", 7);
    CU_ASSERT_STRING_EQUAL(b.data, "\"M\xc3\xbasica\"");
    buf_reset(&b);
    json_escape(&b, "a\xff\xc3", 3); /* stray byte, truncated sequence */
    CU_ASSERT_STRING_EQUAL(b.data, "\"a\xef\xbf\xbd\xef\xbf\xbd\"");
    buf_reset(&b);
    json_escape(&b, "\xed\xa0\x80", 3); /* UTF-16 surrogate */
    CU_ASSERT_STRING_EQUAL(b.data, "\"\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\"");
    buf_release(&b);
}

int suite_jsonw(void)
{
    static const struct test_case cases[] = {
        { "writes nested values with commas", writes_nested_values_with_commas },
        { "escapes control and quote characters", escapes_control_and_quote_characters },
        { "keeps UTF-8 and replaces invalid bytes", keeps_utf8_and_replaces_invalid_bytes },
        { NULL, NULL },
    };
    return test_register("core/jsonw", cases);
}
