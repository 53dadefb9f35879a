/*
 * imgBB answers: every recorded response in tests/fixtures/imgbb and
 * the shapes the notes describe (error codes, rate limit, 5xx, garbage).
 */
#include "config.h"
#include "core/common.h"
#include "tests/unit/suites.h"
#include "tests/unit/testutil.h"
#include "app/images/imgbb.h"
#include "core/arena.h"

static struct imgbb_result parse_fixture(struct arena *a, const char *file, long status)
{
    struct imgbb_result r = { .outcome = IMGBB_OK };
    size_t len;
    const char *dir = test_fixtures_dir("imgbb fixtures");
    if (!dir)
        return r;
    char *body = test_read_file(arena_printf(a, "%s/imgbb/%s", dir, file), &len);
    CU_ASSERT_PTR_NOT_NULL_FATAL(body);
    imgbb_parse(a, status, body, len, &r);
    free(body);
    return r;
}

static void real_answers_give_data_url_unescaped(void)
{
    struct arena a;
    arena_init(&a, 0);
    if (!test_fixtures_dir("imgbb fixtures"))
        goto out;
    /* PHP-style escaped slashes on the wire; data.url, not display_url */
    struct imgbb_result r =
        parse_fixture(&a, "upload_response_real_2023-05_raw-minified.json", 200);
    CU_ASSERT_EQUAL(r.outcome, IMGBB_OK);
    CU_ASSERT_STRING_EQUAL(r.url,
                           "https://i.ibb.co/mRjDzX5/9f2daa10-6c1d-4766-9352-3ff788a8e3dd.png");
    CU_ASSERT_PTR_NULL(r.message);
    r = parse_fixture(&a, "upload_response_real_2024-08_pretty.json", 200);
    CU_ASSERT_EQUAL(r.outcome, IMGBB_OK);
    CU_ASSERT_STRING_EQUAL(r.url, "https://i.ibb.co/gry2d5B/image.jpg");
out:
    arena_release(&a);
}

/* The documented example has trailing commas: not JSON, so not an upload
 * we can trust; it is retried later like any malformed answer. */
static void the_not_strict_doc_example_is_a_malformed_answer(void)
{
    struct arena a;
    arena_init(&a, 0);
    if (!test_fixtures_dir("imgbb fixtures"))
        goto out;
    struct imgbb_result r =
        parse_fixture(&a, "upload_response_official-doc-example_NOT-STRICT-JSON.txt", 200);
    CU_ASSERT_EQUAL(r.outcome, IMGBB_TRANSIENT);
    CU_ASSERT_PTR_NULL(r.url);
    CU_ASSERT_PTR_NOT_NULL_FATAL(r.message);
    CU_ASSERT_PTR_NOT_NULL(strstr(r.message, "malformed"));
out:
    arena_release(&a);
}

static void the_400_invalid_key_stops_uploads(void)
{
    struct arena a;
    arena_init(&a, 0);
    if (!test_fixtures_dir("imgbb fixtures"))
        goto out;
    struct imgbb_result r = parse_fixture(&a, "error_400_invalid_api_key.json", 400);
    CU_ASSERT_EQUAL(r.outcome, IMGBB_AUTH);
    CU_ASSERT_EQUAL(r.status, 400);
    CU_ASSERT_EQUAL(r.code, 100);
    CU_ASSERT_STRING_EQUAL(r.message, "HTTP 400: Invalid API v1 key.");
    CU_ASSERT_PTR_NULL(r.url);
out:
    arena_release(&a);
}

static struct imgbb_result parse_text(struct arena *a, long status, const char *body)
{
    struct imgbb_result r;
    imgbb_parse(a, status, body, body ? strlen(body) : 0, &r);
    return r;
}

static void other_answers_are_classified(void)
{
    struct arena a;
    arena_init(&a, 0);
    static const struct {
        long status;
        const char *body;
        enum imgbb_outcome want;
        int code;
    } cases[] = {
        { 400, "{\"status_code\":400,\"error\":{\"message\":\"Invalid\\r\\nimage\",\"code\":310}}",
          IMGBB_REJECTED, 310 },
        { 400,
          "{\"status_code\":400,\"error\":{\"message\":\"Invalid content type\","
          "\"code\":311}}",
          IMGBB_REJECTED, 311 },
        { 400, "<html>bad request</html>", IMGBB_REJECTED, 0 },
        { 401, "", IMGBB_AUTH, 0 },
        { 403, "{\"error\":{\"message\":\"x\",\"code\":\"7\"}}", IMGBB_AUTH, 7 },
        { 429, "{\"error\":{\"message\":\"slow down\"}}", IMGBB_RATE, 0 },
        { 500, "{\"data\":{\"url\":\"https://i.ibb.co/x.png\"},\"success\":true}", IMGBB_TRANSIENT,
          0 },
        { 503, "<html>", IMGBB_TRANSIENT, 0 },
        { 0, NULL, IMGBB_TRANSIENT, 0 },
        { 302, "", IMGBB_TRANSIENT, 0 },
        { 200, "not json", IMGBB_TRANSIENT, 0 },
        { 200, "", IMGBB_TRANSIENT, 0 },
        { 200, "[]", IMGBB_TRANSIENT, 0 },
        { 200, "{\"data\":{\"url\":\"https://i.ibb.co/x.png\"},\"success\":false}", IMGBB_TRANSIENT,
          0 },
        { 200, "{\"data\":{\"display_url\":\"https://i.ibb.co/x.png\"},\"success\":true}",
          IMGBB_TRANSIENT, 0 },
        { 200, "{\"data\":{\"url\":\"javascript:alert(1)\"},\"success\":true}", IMGBB_TRANSIENT,
          0 },
        { 200, "{\"data\":{\"url\":\"https://i.ibb.co/a b.png\"},\"success\":true}",
          IMGBB_TRANSIENT, 0 },
        { 200, "{\"data\":{\"url\":42},\"success\":true}", IMGBB_TRANSIENT, 0 },
        { 200, "{\"data\":{\"url\":\"https:\\/\\/i.ibb.co\\/x.png\"},\"success\":true}", IMGBB_OK,
          0 },
    };
    for (size_t i = 0; i < MQ_ARRAY_LEN(cases); i++) {
        struct imgbb_result r = parse_text(&a, cases[i].status, cases[i].body);
        CU_ASSERT_EQUAL(r.outcome, cases[i].want);
        CU_ASSERT_EQUAL(r.code, cases[i].code);
        CU_ASSERT_EQUAL(r.url != NULL, cases[i].want == IMGBB_OK);
        CU_ASSERT_EQUAL(r.message == NULL, cases[i].want == IMGBB_OK);
        if (r.outcome != cases[i].want)
            fprintf(stderr, "case %zu: got %s\n", i, imgbb_outcome_name(r.outcome));
    }
    CU_ASSERT_STRING_EQUAL(parse_text(&a, 200, cases[MQ_ARRAY_LEN(cases) - 1].body).url,
                           "https://i.ibb.co/x.png");
    arena_release(&a);
}

/* Long messages are cut for the log and the database, never inside a
 * UTF-8 sequence. */
static void long_messages_are_clipped_on_a_character(void)
{
    struct arena a;
    arena_init(&a, 0);
    char body[1024];
    size_t n = (size_t)snprintf(body, sizeof(body), "{\"error\":{\"message\":\"");
    for (int i = 0; i < 150; i++)
        n += (size_t)snprintf(body + n, sizeof(body) - n, "\xc3\xa9"); /* é, 2 bytes */
    snprintf(body + n, sizeof(body) - n, "\",\"code\":310}}");
    struct imgbb_result r = parse_text(&a, 400, body);
    CU_ASSERT_EQUAL(r.outcome, IMGBB_REJECTED);
    size_t len = strlen(r.message);
    CU_ASSERT(len <= 220 && len > 100);
    CU_ASSERT_EQUAL((len - strlen("HTTP 400: ")) % 2, 0);
    arena_release(&a);
}

static void the_form_body_is_percent_encoded(void)
{
    struct arena a;
    arena_init(&a, 0);
    CU_ASSERT_STRING_EQUAL(imgbb_form(&a, "k+y/=&", "https://s1.ticketm.net/i/a b.jpg?w=1&h=2"),
                           "key=k%2By%2F%3D%26&image=https%3A%2F%2Fs1.ticketm.net%2Fi%2Fa%20b.jpg"
                           "%3Fw%3D1%26h%3D2");
    CU_ASSERT_STRING_EQUAL(imgbb_form(&a, "abc-._~", ""), "key=abc-._~&image=");
    arena_release(&a);
}

int suite_imgbb(void)
{
    static const struct test_case cases[] = {
        { "real answers give data.url, unescaped", real_answers_give_data_url_unescaped },
        { "the not-strict doc example is a malformed answer",
          the_not_strict_doc_example_is_a_malformed_answer },
        { "the 400 invalid key stops uploads", the_400_invalid_key_stops_uploads },
        { "other answers are classified", other_answers_are_classified },
        { "long messages are clipped on a character", long_messages_are_clipped_on_a_character },
        { "the form body is percent-encoded", the_form_body_is_percent_encoded },
        { NULL, NULL },
    };
    return test_register("app/imgbb", cases);
}
