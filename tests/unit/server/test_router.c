#include "config.h"
#include "core/common.h"
#include "server/router.h"
#include "server/params.h"
#include "tests/unit/suites.h"
#include "tests/unit/testutil.h"

static void nop(struct request *req, struct response *res)
{
    MQ_UNUSED(req);
    MQ_UNUSED(res);
}

static const struct route table[] = {
    { "GET", "/api/events", AUTH_PUBLIC, nop, CACHE_JSON(NULL) },
    { "GET", "/api/events/trending", AUTH_PUBLIC, nop, CACHE_JSON(NULL) },
    { "GET", "/api/events/{id}", AUTH_PUBLIC, nop, CACHE_JSON(NULL) },
    { "GET", "/api/events/{id}/sessions", AUTH_PUBLIC, nop, CACHE_JSON(NULL) },
    { "PUT", "/api/users/{userId}/favorites/{eventId}", AUTH_OWNER, nop, CACHE_NONE },
    { "DELETE", "/api/users/{userId}/favorites/{eventId}", AUTH_OWNER, nop, CACHE_NONE },
    { NULL, NULL, AUTH_PUBLIC, NULL, CACHE_NONE },
};
static const struct route *const tables[] = { table, NULL };

static enum route_result route(struct arena *a, struct request *req, const char *method,
                               const char *path, char *allow)
{
    memset(req, 0, sizeof(*req));
    req->arena = a;
    req->method = method;
    req->path = path;
    return router_match(tables, req, allow, 128);
}

static void literal_paths_win_over_parameters(void)
{
    struct arena a;
    struct request req;
    char allow[128];
    arena_init(&a, 0);
    CU_ASSERT_EQUAL(route(&a, &req, "GET", "/api/events/trending", allow), ROUTE_FOUND);
    CU_ASSERT_PTR_EQUAL(req.route, &table[1]);
    CU_ASSERT_EQUAL(route(&a, &req, "GET", "/api/events/abc/sessions", allow), ROUTE_FOUND);
    CU_ASSERT_PTR_EQUAL(req.route, &table[3]);
    CU_ASSERT_EQUAL(req.nparams, 1);
    CU_ASSERT_STRING_EQUAL(req.params[0], "abc");
    CU_ASSERT_EQUAL(route(&a, &req, "PUT", "/api/users/u1/favorites/e2", allow), ROUTE_FOUND);
    CU_ASSERT_EQUAL(req.nparams, 2);
    CU_ASSERT_STRING_EQUAL(req.params[1], "e2");
    arena_release(&a);
}

static void unknown_paths_and_methods_are_told_apart(void)
{
    struct arena a;
    struct request req;
    char allow[128];
    arena_init(&a, 0);
    CU_ASSERT_EQUAL(route(&a, &req, "GET", "/api/events/", allow), ROUTE_NOT_FOUND);
    CU_ASSERT_EQUAL(route(&a, &req, "GET", "/api/events//sessions", allow), ROUTE_NOT_FOUND);
    CU_ASSERT_EQUAL(route(&a, &req, "GET", "/api/eventsx", allow), ROUTE_NOT_FOUND);
    CU_ASSERT_EQUAL(route(&a, &req, "POST", "/api/events", allow), ROUTE_BAD_METHOD);
    CU_ASSERT_STRING_EQUAL(allow, "GET, HEAD");
    CU_ASSERT_EQUAL(route(&a, &req, "GET", "/api/users/u/favorites/e", allow), ROUTE_BAD_METHOD);
    CU_ASSERT_STRING_EQUAL(allow, "PUT, DELETE");
    CU_ASSERT_EQUAL(route(&a, &req, "HEAD", "/api/events", allow), ROUTE_FOUND);
    CU_ASSERT_EQUAL(router_count(tables), 6);
    CU_ASSERT_EQUAL(router_index(tables, &table[4]), 4);
    arena_release(&a);
}

static void query_strings_are_decoded(void)
{
    struct arena a;
    struct request req;
    memset(&req, 0, sizeof(req));
    arena_init(&a, 0);
    req.arena = &a;
    request_parse_query(&req, "genre=Arts+%26+Theatre&limit=5&flag&&limit=9");
    CU_ASSERT_EQUAL(req.nquery, 4);
    CU_ASSERT_STRING_EQUAL(request_query(&req, "genre"), "Arts & Theatre");
    CU_ASSERT_STRING_EQUAL(request_query(&req, "limit"), "5");
    CU_ASSERT_STRING_EQUAL(request_query(&req, "flag"), "");
    CU_ASSERT_PTR_NULL(request_query(&req, "offset"));
    arena_release(&a);
}

static void nul_bytes_and_too_many_parameters_are_refused(void)
{
    struct arena a;
    struct request req;
    memset(&req, 0, sizeof(req));
    arena_init(&a, 0);
    req.arena = &a;
    request_parse_query(&req, "genre=x&limit=5%00junk");
    CU_ASSERT_STRING_EQUAL(req.query_error, "limit");
    memset(&req, 0, sizeof(req));
    req.arena = &a;
    char q[1024];
    size_t n = 0;
    for (int i = 0; i < REQUEST_MAX_QUERY; i++)
        n += (size_t)snprintf(q + n, sizeof(q) - n, "z=1&");
    request_parse_query(&req, q);
    CU_ASSERT_PTR_NULL(req.query_error);
    snprintf(q + n, sizeof(q) - n, "limit=999");
    request_parse_query(&req, q);
    CU_ASSERT_STRING_EQUAL(req.query_error, "query");
    arena_release(&a);
}

static void params_reply_400_naming_the_field(void)
{
    struct arena a;
    struct request req;
    struct response res;
    int64_t v;
    memset(&req, 0, sizeof(req));
    arena_init(&a, 0);
    req.arena = &a;
    response_init(&res);
    request_parse_query(&req, "limit=0&offset=abc&from=2026-11-22");
    CU_ASSERT_NOT_EQUAL(param_int(&req, &res, "limit", 20, 1, 100, &v), 0);
    CU_ASSERT_EQUAL(res.status, 400);
    CU_ASSERT_PTR_NOT_NULL(strstr(res.body.data, "\"field\":\"limit\""));
    CU_ASSERT_PTR_NOT_NULL(strstr(res.body.data, "between 1 and 100"));
    response_reset(&res);
    CU_ASSERT_EQUAL(param_int(&req, &res, "missing", 20, 1, 100, &v), 0);
    CU_ASSERT_EQUAL(v, 20);
    bool given;
    CU_ASSERT_EQUAL(param_time(&req, &res, "from", 0, &v, &given), 0);
    CU_ASSERT_TRUE(given);
    CU_ASSERT_EQUAL(v, 1795305600);
    int64_t limit, offset;
    CU_ASSERT_NOT_EQUAL(param_page(&req, &res, 20, &limit, &offset), 0);
    response_release(&res);
    arena_release(&a);
}

int suite_router(void)
{
    static const struct test_case cases[] = {
        { "literal paths win over parameters", literal_paths_win_over_parameters },
        { "unknown paths (404) and methods (405 + Allow) are told apart",
          unknown_paths_and_methods_are_told_apart },
        { "query strings are decoded", query_strings_are_decoded },
        { "NUL bytes and too many parameters are refused",
          nul_bytes_and_too_many_parameters_are_refused },
        { "params reply 400 naming the field", params_reply_400_naming_the_field },
        { NULL, NULL },
    };
    return test_register("server/router", cases);
}
