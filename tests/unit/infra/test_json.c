#include "config.h"
#include "core/common.h"
#include "core/arena.h"
#include "infra/json.h"
#include "tests/unit/suites.h"
#include "tests/unit/testutil.h"

static void reads_paths_of_any_depth(void)
{
    struct arena a;
    char err[128];
    const char *doc = "{\"dates\":{\"start\":{\"localDate\":\"2026-01-02\"}},\"n\":\"-1.5\","
                      "\"b\":true,\"arr\":[1,2]}";
    arena_init(&a, 0);
    struct json_object *o = json_parse(&a, doc, strlen(doc), err, sizeof(err));
    CU_ASSERT_PTR_NOT_NULL_FATAL(o);
    CU_ASSERT_STRING_EQUAL(json_path_str(o, "dates.start.localDate"), "2026-01-02");
    CU_ASSERT_PTR_NULL(json_path_str(o, "dates.start.localTime"));
    CU_ASSERT_PTR_NULL(json_path_str(o, "dates.start.localDate.x"));
    CU_ASSERT_PTR_NULL(json_path_str(o, "b")); /* wrong type reads as absent */
    double d = 0;
    CU_ASSERT_TRUE(json_path_num(o, "n", &d));
    CU_ASSERT_DOUBLE_EQUAL(d, -1.5, 1e-9);
    CU_ASSERT_FALSE(json_path_num(o, "dates", &d));
    CU_ASSERT_TRUE(json_path_bool(o, "b", false));
    CU_ASSERT_EQUAL(json_arr_len(json_path(o, "arr")), 2);
    CU_ASSERT_EQUAL(json_arr_len(json_path(o, "b")), 0);
    arena_release(&a);
}

static void rejects_malformed_truncated_and_trailing_input(void)
{
    struct arena a;
    char err[128];
    const char *bad[] = { "{\"a\":", "{\"a\":1}x", "{'a':1}", "", "[1,2", "{\"a\":\"\xff\"}" };
    arena_init(&a, 0);
    for (size_t i = 0; i < MQ_ARRAY_LEN(bad); i++) {
        err[0] = '\0';
        CU_ASSERT_PTR_NULL(json_parse(&a, bad[i], strlen(bad[i]), err, sizeof(err)));
        CU_ASSERT_NOT_EQUAL(err[0], '\0');
    }
    CU_ASSERT_PTR_NOT_NULL(json_parse(&a, " [1] \n", 6, err, sizeof(err)));
    arena_release(&a);
}

/* json-c waits for more after a number that ends the text; found by
 * tests/fuzz (fuzz_json: json-c's own text for "\n1\n" did not parse). */
static void reads_a_number_that_ends_the_text(void)
{
    struct arena a;
    char err[128];
    int64_t v = 0;
    arena_init(&a, 0);
    CU_ASSERT_TRUE(json_int64(json_parse(&a, "1", 1, err, sizeof(err)), &v));
    CU_ASSERT_EQUAL(v, 1);
    CU_ASSERT_TRUE(json_int64(json_parse_strict(&a, "-25", 3, err, sizeof(err)), &v));
    CU_ASSERT_EQUAL(v, -25);
    CU_ASSERT_PTR_NOT_NULL(json_parse(&a, "2.5e3", 5, err, sizeof(err)));
    CU_ASSERT_PTR_NULL(json_parse(&a, "[1", 2, err, sizeof(err)));
    CU_ASSERT_PTR_NULL(json_parse(&a, "1 2", 3, err, sizeof(err)));
    arena_release(&a);
}

/* Client input: RFC 8259 only, not what json-c lets through even in strict
 * mode (upstream feeds keep json-c's tolerance: json_parse). */
static void accepts_only_strict_json(void)
{
    struct arena a;
    char err[128];
    const char *bad[] = {
        "{\"a\":NaN}",           "{\"a\":-Infinity}",   "[Infinity]",
        "{\"a\":\"tab\there\"}", "{\"a\":\"\\ud800\"}", "{\"a\":\"\\udc00\\ud800\"}",
        "{\"a\":\"x\\ud83dy\"}", "{\"a\":\"nl\nx\"}",
    };
    const char *good[] = {
        "{\"a\":[true,false,null,-1.5E3,2e-2]}",
        "{\"a\":\"\\ud83c\\udfb8 \\u00e9 \\t \\\" \\\\\"}",
        "{\"it's\":\"NaN Infinity\"}",
    };
    arena_init(&a, 0);
    for (size_t i = 0; i < MQ_ARRAY_LEN(bad); i++) {
        if (json_parse_strict(&a, bad[i], strlen(bad[i]), err, sizeof(err)))
            CU_FAIL(bad[i]);
    }
    for (size_t i = 0; i < MQ_ARRAY_LEN(good); i++) {
        if (!json_parse_strict(&a, good[i], strlen(good[i]), err, sizeof(err)))
            CU_FAIL(good[i]);
    }
    arena_release(&a);
}

int suite_json(void)
{
    static const struct test_case cases[] = {
        { "reads paths of any depth; wrong types read as absent", reads_paths_of_any_depth },
        { "accepts only strict JSON (no NaN, raw controls, lone surrogates)",
          accepts_only_strict_json },
        { "rejects malformed, truncated and trailing input",
          rejects_malformed_truncated_and_trailing_input },
        { "reads a number that ends the text", reads_a_number_that_ends_the_text },
        { NULL, NULL },
    };
    return test_register("infra/json", cases);
}
