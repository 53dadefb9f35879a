/*
 * fuzz_router: a method and a decoded path (DOCUMENT_URI) matched against
 * every route of the application (app/routes.c) by router_match, and the
 * 404 / 405 replies the worker writes for them.
 */
#include "config.h"
#include "core/common.h"
#include "tests/fuzz/fuzz.h"
#include "app/routes.h"
#include "server/router.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    MQ_UNUSED(argc);
    MQ_UNUSED(argv);
    fuzz_setup();
    return 0;
}

static void check_found(const struct request *req)
{
    if (strcmp(req->route->method, req->method) != 0 &&
        !(strcmp(req->method, "HEAD") == 0 && strcmp(req->route->method, "GET") == 0))
        fuzz_fail("%s %s matched a %s route", req->method, req->path, req->route->method);
    if (req->nparams > ROUTE_MAX_PARAMS)
        fuzz_fail("%zu path parameters", req->nparams);
    for (size_t i = 0; i < req->nparams; i++) {
        if (!*req->params[i] || strchr(req->params[i], '/'))
            fuzz_fail("path parameter %zu is \"%s\"", i, req->params[i]);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct fuzz_req f;
    struct fuzz_parts p;
    char allow[128];

    fuzz_req_init(&f, "GET");
    fuzz_split(&f.arena, data, size, &p);
    f.req.method = p.s[0];
    f.req.path = p.s[1];
    switch (router_match(app_routes, &f.req, allow, sizeof(allow))) {
    case ROUTE_FOUND:
        check_found(&f.req);
        if (router_index(app_routes, f.req.route) < 0)
            fuzz_fail("a matched route has no index");
        break;
    case ROUTE_NOT_FOUND:
        reply_error(&f.res, ST_NOT_FOUND, NULL, "no such path: %.200s", f.req.path);
        break;
    case ROUTE_BAD_METHOD:
        if (!allow[0])
            fuzz_fail("405 for %s %s without an Allow list", f.req.method, f.req.path);
        response_header(&f.res, "Allow", allow);
        reply_error(&f.res, ST_METHOD, NULL, "method %.16s not allowed here; allowed: %s",
                    f.req.method, allow);
        break;
    }
    fuzz_check_reply(&f.arena, &f.res);
    fuzz_req_release(&f);
    return 0;
}
