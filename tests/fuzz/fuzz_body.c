/*
 * fuzz_body: a request body through body_parse_as and the field readers
 * (server/body.c, infra/json.c strict). Input: a selector byte ('j' JSON,
 * 'f' form, else the content type up to FUZZ_SEP), then the body. A form
 * with a raw NUL byte is refused, not cut short.
 */
#include "config.h"
#include "core/common.h"
#include "tests/fuzz/fuzz.h"
#include "server/body.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    MQ_UNUSED(argc);
    MQ_UNUSED(argv);
    fuzz_setup();
    return 0;
}

static void fields(struct fuzz_req *f)
{
    static const char *const names[] = { "email", "password", "username", "login", "method" };
    struct request *req = &f->req;
    const char *v;
    size_t len;
    int64_t n;

    for (size_t i = 0; i < MQ_ARRAY_LEN(names); i++) {
        response_reset(&f->res);
        if (body_str(req, &f->res, names[i], 1, 254, &v, &len) == 0) {
            if (strlen(v) != len || len < 1 || len > 254)
                fuzz_fail("field %s read as %zu bytes, strlen %zu", names[i], len, strlen(v));
        }
        fuzz_check_reply(&f->arena, &f->res);
        body_has(req, names[i]);
    }
    response_reset(&f->res);
    if (body_int(req, &f->res, "priceCents", 1, 100000000, &n) == 0 && (n < 1 || n > 100000000))
        fuzz_fail("priceCents %lld out of range", (long long)n);
    fuzz_check_reply(&f->arena, &f->res);
    body_form_field(req, "csrf_token");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct fuzz_req f;
    const char *ct;
    const uint8_t *body = data + 1;
    size_t len = size ? size - 1 : 0;

    if (size == 0)
        return 0;
    fuzz_req_init(&f, "POST");
    if (data[0] == 'j') {
        ct = "application/json";
    } else if (data[0] == 'f') {
        ct = "application/x-www-form-urlencoded";
    } else {
        const uint8_t *sep = memchr(data, FUZZ_SEP, size);
        size_t n = sep ? (size_t)(sep - data) : size;
        ct = arena_strndup(&f.arena, (const char *)data, n);
        body = sep ? sep + 1 : data + size;
        len = (size_t)(data + size - body);
    }
    f.req.body = arena_strndup(&f.arena, (const char *)body, len);
    f.req.body_len = len;
    if (body_parse_as(&f.req, &f.res, ct) == 0) {
        /* A raw NUL would end the form early: what follows it dropped. */
        if (f.req.fields->nform && memchr(f.req.body, '\0', len))
            fuzz_fail("a form with a raw NUL byte was read");
        fields(&f);
    } else
        fuzz_check_reply(&f.arena, &f.res);
    fuzz_req_release(&f);
    return 0;
}
