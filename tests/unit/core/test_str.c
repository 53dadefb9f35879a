#include "config.h"
#include "core/common.h"
#include "core/str.h"
#include "core/arena.h"
#include "core/buf.h"
#include "tests/unit/suites.h"
#include "tests/unit/testutil.h"

static void parses_integers_strictly(void)
{
    int64_t v = 0;
    CU_ASSERT_EQUAL(str_to_i64("42", &v), ST_OK);
    CU_ASSERT_EQUAL(v, 42);
    CU_ASSERT_EQUAL(str_to_i64("-7", &v), ST_OK);
    CU_ASSERT_EQUAL(v, -7);
    CU_ASSERT_EQUAL(str_to_i64("", &v), ST_INVALID);
    CU_ASSERT_EQUAL(str_to_i64("12a", &v), ST_INVALID);
    CU_ASSERT_EQUAL(str_to_i64(" 1", &v), ST_INVALID);
    CU_ASSERT_EQUAL(str_to_i64("+1", &v), ST_INVALID);
    CU_ASSERT_EQUAL(str_to_i64("1.5", &v), ST_INVALID);
    CU_ASSERT_EQUAL(str_to_i64("99999999999999999999", &v), ST_INVALID);
}

static void url_decodes_form_values(void)
{
    struct arena a;
    arena_init(&a, 0);
    CU_ASSERT_STRING_EQUAL(str_url_decode(&a, "a+b%20c%2Fd", 11), "a b c/d");
    CU_ASSERT_STRING_EQUAL(str_url_decode(&a, "100%", 4), "100%");
    CU_ASSERT_STRING_EQUAL(str_url_decode(&a, "%zz%4", 5), "%zz%4");
    CU_ASSERT_STRING_EQUAL(str_url_decode(&a, "R%26B", 5), "R&B");
    arena_release(&a);
}

static void form_encodes_names_and_values(void)
{
    struct arena a;
    struct buf b;

    arena_init(&a, 0);
    buf_init(&b, 0);
    CU_ASSERT_EQUAL(str_form_add(&b, "amount", "4500"), ST_OK);
    CU_ASSERT_EQUAL(str_form_add(&b, "metadata[order_id]", "a b&c=d/é~"), ST_OK);
    CU_ASSERT_STRING_EQUAL(b.data, "amount=4500&metadata%5Border_id%5D=a+b%26c%3Dd%2F%C3%A9~");
    /* what the encoder writes, the decoder reads back */
    const char *v = strchr(b.data, '&') + 1;
    CU_ASSERT_STRING_EQUAL(str_url_decode(&a, v, strlen(v)), "metadata[order_id]=a b&c=d/é~");
    buf_release(&b);
    buf_init(&b, 8);
    CU_ASSERT_EQUAL(str_form_add(&b, "k", "a long value"), ST_NOMEM); /* over the cap */
    buf_release(&b);
    arena_release(&a);
}

static void validates_utf8(void)
{
    CU_ASSERT_TRUE(str_is_utf8("Praha \xc4\x8c", 8));
    CU_ASSERT_FALSE(str_is_utf8("\xc0\xaf", 2)); /* overlong */
    CU_ASSERT_FALSE(str_is_utf8("\xe2\x82", 2)); /* truncated */
    CU_ASSERT_FALSE(str_is_utf8("\xf5\x80\x80\x80", 4));
}

static void checks_lower_hex_ids(void)
{
    CU_ASSERT_TRUE(str_is_hex_lower("0af9", 4));
    CU_ASSERT_FALSE(str_is_hex_lower("0AF9", 4));
    CU_ASSERT_FALSE(str_is_hex_lower("0af", 4));
    CU_ASSERT_FALSE(str_is_hex_lower("0af91", 4));
    CU_ASSERT_EQUAL(str_hexval('0'), 0);
    CU_ASSERT_EQUAL(str_hexval('9'), 9);
    CU_ASSERT_EQUAL(str_hexval('a'), 10);
    CU_ASSERT_EQUAL(str_hexval('F'), 15);
    CU_ASSERT_EQUAL(str_hexval('g'), -1);
    CU_ASSERT_EQUAL(str_hexval('G'), -1);
    CU_ASSERT_EQUAL(str_hexval('\0'), -1);
    CU_ASSERT_TRUE(str_eq_nocase("Music", "mUSIC"));
    CU_ASSERT_FALSE(str_eq_nocase("Music", "Musi"));
}

int suite_str(void)
{
    static const struct test_case cases[] = {
        { "parses integers strictly", parses_integers_strictly },
        { "url-decodes form values", url_decodes_form_values },
        { "form-encodes names and values", form_encodes_names_and_values },
        { "validates UTF-8", validates_utf8 },
        { "checks lowercase hex ids and compares without case", checks_lower_hex_ids },
        { NULL, NULL },
    };
    return test_register("core/str", cases);
}
