#include "config.h"
#include "core/common.h"
#include "server/body.h"
#include "tests/unit/suites.h"
#include "tests/unit/testutil.h"

struct fixture {
    struct arena a;
    struct request req;
    struct response res;
};

static void setup(struct fixture *f, const char *body)
{
    memset(&f->req, 0, sizeof(f->req));
    arena_init(&f->a, 0);
    f->req.arena = &f->a;
    f->req.body = body;
    f->req.body_len = body ? strlen(body) : 0;
    response_init(&f->res);
}

static void teardown(struct fixture *f)
{
    response_release(&f->res);
    arena_release(&f->a);
}

/* Asserts the last reply was status naming field (NULL: no field). */
static void assert_reply(struct fixture *f, int status, const char *field)
{
    char want[64];
    CU_ASSERT_EQUAL(f->res.status, status);
    if (field) {
        snprintf(want, sizeof(want), "\"field\":\"%s\"", field);
        CU_ASSERT_PTR_NOT_NULL(strstr(f->res.body.data, want));
    }
    response_reset(&f->res);
}

static void json_and_form_bodies_read_alike(void)
{
    struct fixture f;
    const char *v;
    size_t n;
    setup(&f, "{\"email\":\"a@b.c\",\"n\":5,\"extra\":[1]}");
    CU_ASSERT_EQUAL(body_parse_as(&f.req, &f.res, "application/json; charset=utf-8"), 0);
    CU_ASSERT_EQUAL(body_str(&f.req, &f.res, "email", 1, 10, &v, &n), 0);
    CU_ASSERT_STRING_EQUAL(v, "a@b.c");
    CU_ASSERT_EQUAL(n, 5);
    teardown(&f);
    setup(&f, "email=a%40b.c&password=p+w&csrf_token=t");
    CU_ASSERT_EQUAL(body_parse_as(&f.req, &f.res, "application/x-www-form-urlencoded"), 0);
    CU_ASSERT_EQUAL(body_str(&f.req, &f.res, "email", 1, 10, &v, NULL), 0);
    CU_ASSERT_STRING_EQUAL(v, "a@b.c");
    CU_ASSERT_EQUAL(body_str(&f.req, &f.res, "password", 1, 10, &v, NULL), 0);
    CU_ASSERT_STRING_EQUAL(v, "p w");
    teardown(&f);
}

/* A NUL byte would cut a value short ("12345678%00anything" stored as
 * "12345678"); fields past the 64th would be dropped silently. */
static void nul_bytes_and_too_many_fields_are_400(void)
{
    struct fixture f;
    const char *password;
    setup(&f, "username=ada&password=12345678%00anything");
    CU_ASSERT_NOT_EQUAL(body_parse_as(&f.req, &f.res, "application/x-www-form-urlencoded"), 0);
    assert_reply(&f, 400, "password");
    teardown(&f);
    setup(&f, "user%00name=ada");
    CU_ASSERT_NOT_EQUAL(body_parse_as(&f.req, &f.res, "application/x-www-form-urlencoded"), 0);
    assert_reply(&f, 400, "user%00name");
    teardown(&f);
    char many[1024];
    size_t n = 0;
    for (int i = 0; i < 65; i++)
        n += (size_t)snprintf(many + n, sizeof(many) - n, "x=1&");
    setup(&f, many);
    CU_ASSERT_NOT_EQUAL(body_parse_as(&f.req, &f.res, "application/x-www-form-urlencoded"), 0);
    assert_reply(&f, 400, "body");
    teardown(&f);
    setup(&f, "password=a%00b");
    password = body_form_field(&f.req, "password");
    CU_ASSERT_PTR_NULL(password);
    teardown(&f);
}

/* Found by tests/fuzz (fuzz_body): the form was read as a C string, so a
 * raw NUL byte (not %00) cut it short and the rest was dropped unseen. */
static void a_raw_nul_byte_in_a_form_is_400(void)
{
    static const char body[] = "username=ada&password=12345678\0anything";
    struct fixture f;
    setup(&f, body);
    f.req.body_len = sizeof(body) - 1;
    CU_ASSERT_NOT_EQUAL(body_parse_as(&f.req, &f.res, "application/x-www-form-urlencoded"), 0);
    assert_reply(&f, 400, "body");
    teardown(&f);
}

static void bad_bodies_are_400_or_415(void)
{
    struct fixture f;
    setup(&f, "{\"email\":");
    CU_ASSERT_NOT_EQUAL(body_parse_as(&f.req, &f.res, "application/json"), 0);
    assert_reply(&f, 400, "body");
    teardown(&f);
    setup(&f, "[1,2]");
    CU_ASSERT_NOT_EQUAL(body_parse_as(&f.req, &f.res, "application/json"), 0);
    assert_reply(&f, 400, "body");
    teardown(&f);
    setup(&f, "");
    CU_ASSERT_NOT_EQUAL(body_parse_as(&f.req, &f.res, "application/json"), 0);
    assert_reply(&f, 400, "body");
    teardown(&f);
    setup(&f, "<xml/>");
    CU_ASSERT_NOT_EQUAL(body_parse_as(&f.req, &f.res, "text/xml"), 0);
    assert_reply(&f, 415, NULL);
    CU_ASSERT_NOT_EQUAL(body_parse_as(&f.req, &f.res, NULL), 0);
    assert_reply(&f, 415, NULL);
    teardown(&f);
    setup(&f, NULL); /* no body, no type: no fields */
    CU_ASSERT_EQUAL(body_parse_as(&f.req, &f.res, NULL), 0);
    teardown(&f);
}

static void fields_are_checked_and_named(void)
{
    struct fixture f;
    const char *v;
    size_t n;
    setup(&f, "{\"num\":5,\"nul\":null,\"arr\":[],\"short\":\"ab\",\"zero\":\"a\\u0000b\","
              "\"pw\":\"  spaced  \"}");
    CU_ASSERT_EQUAL(body_parse_as(&f.req, &f.res, "application/json"), 0);
    CU_ASSERT_NOT_EQUAL(body_str(&f.req, &f.res, "missing", 1, 9, &v, NULL), 0);
    CU_ASSERT_PTR_NOT_NULL(strstr(f.res.body.data, "missing is required"));
    assert_reply(&f, 400, "missing");
    CU_ASSERT_NOT_EQUAL(body_str(&f.req, &f.res, "num", 1, 9, &v, NULL), 0);
    CU_ASSERT_PTR_NOT_NULL(strstr(f.res.body.data, "must be a string"));
    assert_reply(&f, 400, "num");
    CU_ASSERT_NOT_EQUAL(body_str(&f.req, &f.res, "nul", 1, 9, &v, NULL), 0);
    assert_reply(&f, 400, "nul");
    CU_ASSERT_NOT_EQUAL(body_str(&f.req, &f.res, "arr", 1, 9, &v, NULL), 0);
    assert_reply(&f, 400, "arr");
    CU_ASSERT_NOT_EQUAL(body_str(&f.req, &f.res, "short", 3, 9, &v, NULL), 0);
    assert_reply(&f, 400, "short");
    CU_ASSERT_NOT_EQUAL(body_str(&f.req, &f.res, "zero", 1, 9, &v, NULL), 0);
    assert_reply(&f, 400, "zero");
    CU_ASSERT_EQUAL(body_str(&f.req, &f.res, "pw", 1, 20, &v, &n), 0); /* not trimmed */
    CU_ASSERT_EQUAL(n, 10);
    teardown(&f);
}

int suite_body(void)
{
    static const struct test_case cases[] = {
        { "JSON and form bodies read alike", json_and_form_bodies_read_alike },
        { "NUL bytes and too many fields are 400", nul_bytes_and_too_many_fields_are_400 },
        { "a raw NUL byte in a form is 400", a_raw_nul_byte_in_a_form_is_400 },
        { "bad bodies are 400 (malformed, not an object) or 415", bad_bodies_are_400_or_415 },
        { "fields are checked and named", fields_are_checked_and_named },
        { NULL, NULL },
    };
    return test_register("server/body", cases);
}
