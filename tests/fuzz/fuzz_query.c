/*
 * fuzz_query: a query string, as QUERY_STRING reaches the worker, through
 * request_parse_query and the parameter validators the handlers use
 * (server/params.c). A refused query or parameter must be a 400 envelope.
 */
#include "config.h"
#include "core/common.h"
#include "tests/fuzz/fuzz.h"
#include "server/params.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    MQ_UNUSED(argc);
    MQ_UNUSED(argv);
    fuzz_setup();
    return 0;
}

static const char *const sorts[] = { "date", "name", "popularity", NULL };

/* Each validator on its own, as different handlers call them. */
static void validators(struct fuzz_req *f)
{
    struct request *req = &f->req;
    struct response *res = &f->res;
    int64_t limit, offset, from, to, n;
    bool has_from, has_to, b;
    const char *s;

    for (int i = 0; i < 6; i++) {
        response_reset(res);
        switch (i) {
        case 0:
            param_page(req, res, 20, &limit, &offset);
            break;
        case 1:
            if (!param_time(req, res, "from", INT64_MIN, &from, &has_from) &&
                !param_time(req, res, "to", INT64_MAX, &to, &has_to))
                param_range(res, from, to);
            break;
        case 2:
            param_enum(req, res, "sort", sorts, "date", &s);
            break;
        case 3:
            param_bool(req, res, "upcoming", true, &b);
            break;
        case 4:
            param_str(req, res, "genre", 100, &s);
            break;
        case 5:
            param_int(req, res, "n", 0, INT64_MIN, INT64_MAX, &n);
            break;
        }
        fuzz_check_reply(&f->arena, res);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct fuzz_req f;
    fuzz_req_init(&f, "GET");
    request_parse_query(&f.req, arena_strndup(&f.arena, (const char *)data, size));
    if (f.req.nquery > REQUEST_MAX_QUERY)
        fuzz_fail("%zu query parameters kept", f.req.nquery);
    for (size_t i = 0; i < f.req.nquery && !f.req.query_error; i++) {
        if (!f.req.query[i].name || !f.req.query[i].value)
            fuzz_fail("parameter %zu without a name or value", i);
    }
    if (f.req.query_error) {
        /* What the worker answers (server/worker.c, dispatch). */
        reply_error(&f.res, ST_INVALID, f.req.query_error, "must not contain a NUL byte (%%00)");
        fuzz_check_reply(&f.arena, &f.res);
    } else {
        validators(&f);
    }
    fuzz_req_release(&f);
    return 0;
}
