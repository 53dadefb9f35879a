#include "config.h"
#include "core/common.h"
#include "infra/kv.h"
#include "core/conf.h"
#include "tests/unit/suites.h"
#include "tests/unit/testutil.h"

static void sentinels_replace_the_url(void)
{
    struct config c = { .redis_url = "redis://127.0.0.1:6379",
                        .redis_sentinels = "127.0.1.8:26379,127.0.1.9:26379",
                        .redis_master_name = "marquee" };
    struct kv kv;
    CU_ASSERT_EQUAL(kv_setup(&kv, &c), ST_OK);
    CU_ASSERT_STRING_EQUAL(kv.sentinels, "127.0.1.8:26379,127.0.1.9:26379");
    CU_ASSERT_STRING_EQUAL(kv.master_name, "marquee");
    CU_ASSERT_STRING_EQUAL(kv.host, ""); /* asked of the Sentinels at connect */
    kv_release(&kv);
    /* without them, REDIS_URL as before */
    c.redis_sentinels = NULL;
    CU_ASSERT_EQUAL(kv_setup(&kv, &c), ST_OK);
    CU_ASSERT_STRING_EQUAL(kv.host, "127.0.0.1");
    CU_ASSERT_EQUAL(kv.port, 6379);
    kv_release(&kv);
}

static void malformed_sentinels_are_refused(void)
{
    struct config c = { .redis_url = "redis://127.0.0.1:6379",
                        .redis_sentinels = "sentinel-without-port",
                        .redis_master_name = "marquee" };
    struct kv kv;
    CU_ASSERT_EQUAL(kv_setup(&kv, &c), ST_INVALID);
    c.redis_sentinels = "127.0.1.8:26379";
    c.redis_master_name = NULL;
    CU_ASSERT_EQUAL(kv_setup(&kv, &c), ST_INVALID);
}

static void no_sentinel_answering_is_unavailable(void)
{
    /* nothing listens on port 1: the connect fails fast, and is not retried at once */
    struct config c = { .redis_url = "redis://127.0.0.1:6379",
                        .redis_sentinels = "127.0.0.1:1",
                        .redis_master_name = "marquee" };
    struct kv kv;
    CU_ASSERT_EQUAL(kv_setup(&kv, &c), ST_OK);
    CU_ASSERT_EQUAL(kv_ping(&kv), ST_UNAVAILABLE);
    CU_ASSERT_TRUE(kv.retry_after_us > 0);
    kv_release(&kv);
}

int suite_kv(void)
{
    static const struct test_case cases[] = {
        { "REDIS_SENTINELS replaces REDIS_URL's address", sentinels_replace_the_url },
        { "malformed Sentinel settings are refused", malformed_sentinels_are_refused },
        { "no Sentinel answering: unavailable, retried later",
          no_sentinel_answering_is_unavailable },
        { NULL, NULL },
    };
    return test_register("infra/kv", cases);
}
