#include "config.h"
#include "core/common.h"
#include "server/ratelimit.h"
#include "server/worker.h"
#include "tests/unit/suites.h"
#include "tests/unit/testutil.h"

/* With no Redis at all the limit still holds, per worker. */
static void login_failures_are_limited_without_redis(void)
{
    struct arena a;
    struct config cfg;
    struct worker_ctx ctx;
    struct request req;
    struct response res;
    memset(&cfg, 0, sizeof(cfg));
    memset(&ctx, 0, sizeof(ctx));
    memset(&req, 0, sizeof(req));
    arena_init(&a, 0);
    ctx.cfg = &cfg;
    kv_init(&ctx.kv, "redis://127.0.0.1:1"); /* nothing listens there */
    req.arena = &a;
    req.ctx = &ctx;
    req.remote_addr = "192.0.2.7";
    response_init(&res);
    for (int i = 0; i < RATELIMIT_MAX_FAILURES; i++) {
        CU_ASSERT_EQUAL(ratelimit_login_wait(&req, "user:victim"), 0);
        ratelimit_login_failed(&req, "user:victim");
    }
    int64_t wait = ratelimit_login_wait(&req, "user:victim");
    CU_ASSERT(wait > RATELIMIT_WINDOW - 5 && wait <= RATELIMIT_WINDOW);
    ratelimit_reply(&res, wait);
    CU_ASSERT_EQUAL(res.status, 429);
    CU_ASSERT_PTR_NOT_NULL(strstr(res.headers.data, "Retry-After: 9"));
    /* The address is full too, whatever the account. */
    CU_ASSERT_NOT_EQUAL(ratelimit_login_wait(&req, "login:someone-else"), 0);
    req.remote_addr = "192.0.2.8";
    CU_ASSERT_EQUAL(ratelimit_login_wait(&req, "login:someone-else"), 0);
    /* Success clears the account's count, not the first address's. */
    ratelimit_login_succeeded(&req, "user:victim");
    CU_ASSERT_EQUAL(ratelimit_login_wait(&req, "user:victim"), 0);
    req.remote_addr = "192.0.2.7";
    CU_ASSERT_NOT_EQUAL(ratelimit_login_wait(&req, "user:victim"), 0);
    kv_release(&ctx.kv);
    response_release(&res);
    arena_release(&a);
}

int suite_ratelimit(void)
{
    static const struct test_case cases[] = {
        { "login failures are limited without Redis (per worker)",
          login_failures_are_limited_without_redis },
        { NULL, NULL },
    };
    return test_register("server/ratelimit", cases);
}
