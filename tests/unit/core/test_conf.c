#include "config.h"
#include "core/common.h"
#include "core/conf.h"
#include "tests/unit/suites.h"
#include "tests/unit/testutil.h"

static void defaults_apply_when_unset(void)
{
    struct config c;
    char err[256];
    unsetenv("WORKERS");
    unsetenv("TICKETMASTER_RPS");
    CU_ASSERT_EQUAL(config_load(&c, err, sizeof(err)), 0);
    CU_ASSERT_TRUE(c.workers >= 1);
    CU_ASSERT_EQUAL(c.ticketmaster_rps, 4);
    CU_ASSERT_PTR_NULL(c.imgbb_api_key);
}

static void invalid_values_are_rejected_with_the_name(void)
{
    struct config c;
    char err[256] = "";
    setenv("WORKERS", "lots", 1);
    CU_ASSERT_EQUAL(config_load(&c, err, sizeof(err)), -1);
    CU_ASSERT_PTR_NOT_NULL(strstr(err, "WORKERS"));
    CU_ASSERT_PTR_NOT_NULL(strstr(err, "lots"));
    setenv("WORKERS", "999", 1);
    CU_ASSERT_EQUAL(config_load(&c, err, sizeof(err)), -1);
    setenv("WORKERS", "3", 1);
    setenv("LOG_LEVEL", "loud", 1);
    CU_ASSERT_EQUAL(config_load(&c, err, sizeof(err)), -1);
    CU_ASSERT_PTR_NOT_NULL(strstr(err, "LOG_LEVEL"));
    unsetenv("LOG_LEVEL");
    CU_ASSERT_EQUAL(config_load(&c, err, sizeof(err)), 0);
    CU_ASSERT_EQUAL(c.workers, 3);
    unsetenv("WORKERS");
}

static void account_settings_have_safe_defaults_and_ranges(void)
{
    struct config c;
    char err[256] = "";
    unsetenv("JWT_SECRET");
    unsetenv("COOKIE_SECURE");
    unsetenv("SESSION_TTL_SECONDS");
    unsetenv("RESPONSE_CACHE_TTL");
    CU_ASSERT_EQUAL(config_load(&c, err, sizeof(err)), 0);
    CU_ASSERT_PTR_NULL(c.jwt_secret); /* no default key: marquee-api refuses to start */
    CU_ASSERT_EQUAL(c.cookie_secure, 0);
    CU_ASSERT_EQUAL(c.session_ttl_s, 7 * 86400);
    CU_ASSERT_EQUAL(c.response_cache_ttl, 30);
    setenv("COOKIE_SECURE", "yes", 1);
    CU_ASSERT_EQUAL(config_load(&c, err, sizeof(err)), -1);
    CU_ASSERT_PTR_NOT_NULL(strstr(err, "COOKIE_SECURE"));
    unsetenv("COOKIE_SECURE");
    setenv("SESSION_TTL_SECONDS", "5", 1);
    CU_ASSERT_EQUAL(config_load(&c, err, sizeof(err)), -1);
    unsetenv("SESSION_TTL_SECONDS");
}

int suite_conf(void)
{
    static const struct test_case cases[] = {
        { "defaults apply when unset", defaults_apply_when_unset },
        { "invalid values are rejected naming the variable",
          invalid_values_are_rejected_with_the_name },
        { "account settings have safe defaults and ranges",
          account_settings_have_safe_defaults_and_ranges },
        { NULL, NULL },
    };
    return test_register("core/conf", cases);
}
