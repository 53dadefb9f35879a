#include "config.h"
#include "core/common.h"
#include "server/cache.h"
#include "server/router.h"
#include "tests/unit/suites.h"
#include "tests/unit/testutil.h"

static const struct route events = { "GET", "/api/events", AUTH_PUBLIC, NULL,
                                     CACHE_JSON("genre", "limit", "offset") };

static const char *key_of(struct arena *a, const char *path, const char *query)
{
    struct request req;
    memset(&req, 0, sizeof(req));
    req.arena = a;
    req.path = path;
    req.route = &events;
    request_parse_query(&req, query);
    return cache_key(&req);
}

static void keys_hold_the_parameters_read_in_the_routes_order(void)
{
    struct arena a;
    arena_init(&a, 0);
    CU_ASSERT_STRING_EQUAL(key_of(&a, "/api/events", "limit=5&genre=Music"),
                           "/api/events?genre=Music&limit=5");
    /* Issue 14: parameters the route does not read are not in the key. */
    CU_ASSERT_STRING_EQUAL(key_of(&a, "/api/events", "zz=1&limit=5&genre=Music&utm_source=x"),
                           "/api/events?genre=Music&limit=5");
    CU_ASSERT_STRING_EQUAL(key_of(&a, "/api/events", "zz=r4nd0m"), "/api/events");
    CU_ASSERT_STRING_EQUAL(key_of(&a, "/api/events", "genre=Music&limit=5"),
                           key_of(&a, "/api/events", "limit=5&genre=Music"));
    CU_ASSERT_STRING_EQUAL(key_of(&a, "/api/events", ""), "/api/events");
    /* Escaped, so a value holding '&' or '=' is not two parameters. */
    CU_ASSERT_STRING_NOT_EQUAL(key_of(&a, "/api/events", "genre=a%26limit%3D5"),
                               key_of(&a, "/api/events", "genre=a&limit=5"));
    /* Of a repeated name the first is the one handlers read, and the key's. */
    CU_ASSERT_STRING_EQUAL(key_of(&a, "/api/events", "limit=5&limit=6"), "/api/events?limit=5");
    CU_ASSERT_STRING_NOT_EQUAL(key_of(&a, "/api/events", "limit=5&limit=6"),
                               key_of(&a, "/api/events", "limit=6&limit=5"));
    arena_release(&a);
}

static void overlong_keys_are_not_cached(void)
{
    struct arena a;
    char q[CACHE_MAX_KEY + 16];
    arena_init(&a, 0);
    memset(q, 'x', sizeof(q) - 1);
    memcpy(q, "genre=", 6);
    q[sizeof(q) - 1] = '\0';
    CU_ASSERT_PTR_NULL(key_of(&a, "/api/events", q));
    arena_release(&a);
}

int suite_cache(void)
{
    static const struct test_case cases[] = {
        { "cache keys hold the parameters read, in the route's order",
          keys_hold_the_parameters_read_in_the_routes_order },
        { "overlong keys are not cached", overlong_keys_are_not_cached },
        { NULL, NULL },
    };
    return test_register("server/cache", cases);
}
