/*
 * Redis trouble on the real stack: a Redis that stalls (and keeps its
 * data) while a user signs out, and a Redis that is stopped and started
 * again mid-run. Postgres stays the source of truth throughout: nothing
 * fails, nothing is served stale, no revocation is undone. Runs after the
 * other API suites (it leaves per-worker rate-limit counters behind).
 */
#include "config.h"
#include "core/common.h"
#include "tests/integration/itest_session.h"
#include "core/timeutil.h"
#include "infra/json.h"
#include "infra/jwt.h"
#include "infra/kv.h"
#include "server/cache.h"

#include <unistd.h>

static struct arena A;

static long me(const struct itest_user *u)
{
    struct http_resp r;
    itest_as(u, AS_BEARER, "GET", "/api/auth/me", NULL, &r);
    long st = r.status;
    http_resp_release(&r);
    return st;
}

static long logout(const struct itest_user *u)
{
    struct http_resp r;
    itest_as(u, AS_BEARER, "POST", "/api/auth/logout", NULL, &r);
    long st = r.status;
    http_resp_release(&r);
    return st;
}

static const char *health_redis(void)
{
    long st;
    struct json_object *o = http_get_json(&A, "/api/health", &st);
    CU_ASSERT_EQUAL(st, 200);
    const char *v = json_path_str(o, "checks.redis");
    return v ? v : "";
}

static int redis_cli(const char *args)
{
    char cmd[256];
    const char *port = getenv("MARQUEE_REDIS_PORT");
    snprintf(cmd, sizeof(cmd), "redis-cli -h 127.0.0.1 -p %s %s >/dev/null 2>&1",
             port ? port : "16380", args);
    return system(cmd);
}

static bool redis_answers(void *arg)
{
    (void)arg;
    return redis_cli("ping") == 0; /* waits out a client pause */
}

static bool health_redis_is(void *want)
{
    return strcmp(health_redis(), want) == 0;
}

/* Every worker asked (more requests than workers) says Redis is ok. */
static bool health_redis_ok_everywhere(void *arg)
{
    (void)arg;
    for (int i = 0; i < 4; i++) {
        if (strcmp(health_redis(), "ok") != 0)
            return false;
    }
    return true;
}

static bool genres_hit(void *arg)
{
    struct http_resp r;
    (void)arg;
    http_get("/api/genres", &r);
    bool hit = strcmp(r.x_cache, "hit") == 0;
    http_resp_release(&r);
    return hit;
}

static const char *jti_of(const struct itest_user *u)
{
    struct jwt_claims c;
    const char *key = getenv("JWT_SECRET");
    CU_ASSERT_PTR_NOT_NULL_FATAL(key);
    CU_ASSERT_EQUAL_FATAL(jwt_hs256_verify(&A, key, strlen(key), u->token, time_now(), &c), ST_OK);
    return c.jti;
}

/*
 * The hard case for a session cache: Redis holds "this session is fine"
 * and misses the logout (here: it stalls for 2.5 s, longer than the
 * workers' 200 ms timeout), then carries on with its data. The logout is
 * recorded in Postgres as pending Redis, and every worker copies it into
 * Redis before trusting its cache again.
 */
static void a_logout_redis_missed_is_not_undone(void)
{
    struct itest_user u;
    struct kv kv;
    char *v = NULL;

    CU_ASSERT_TRUE_FATAL(itest_new_user("it_stall", &u));
    for (int i = 0; i < 4; i++)
        CU_ASSERT_EQUAL(me(&u), 200);
    const char *key = arena_printf(&A, "session:%s", jti_of(&u));
    itest_kv(&kv);
    CU_ASSERT_EQUAL(kv_get(&kv, &A, key, &v, NULL), ST_OK);
    CU_ASSERT_TRUE(v && v[0] == 'u'); /* cached as signed in */
    kv_release(&kv);

    CU_ASSERT_EQUAL_FATAL(redis_cli("client pause 2500 all"), 0);
    CU_ASSERT_EQUAL(logout(&u), 204);
    /* Redis carries on: the pause is over when it answers again. */
    CU_ASSERT_TRUE(itest_poll(redis_answers, NULL, 5000, 50));

    for (int i = 0; i < 6; i++)
        CU_ASSERT_EQUAL(me(&u), 401);
    itest_kv(&kv);
    CU_ASSERT_EQUAL(kv_get(&kv, &A, key, &v, NULL), ST_OK);
    CU_ASSERT_STRING_EQUAL(v ? v : "", "revoked");
    kv_release(&kv);
}

static void degraded_without_redis(void)
{
    struct itest_user u, v, w;
    struct http_resp r;
    int first_429 = -1;
    long st;

    struct json_object *o = http_get_json(&A, "/api/events?limit=1", &st);
    const char *event = json_path_str(json_arr_get(json_path(o, "items"), 0), "id");
    CU_ASSERT_PTR_NOT_NULL_FATAL(event);
    CU_ASSERT_TRUE_FATAL(itest_new_user("it_down", &u));
    CU_ASSERT_EQUAL_FATAL(itest_dev("redis-stop"), 0);
    /* Workers notice at their next catalogue version check. */
    char degraded[] = "degraded";
    CU_ASSERT_TRUE(itest_poll(health_redis_is, degraded, 10 * CACHE_VERSION_CHECK_MS, 20));

    for (int i = 0; i < 3; i++) {
        http_get("/api/events?limit=3", &r);
        CU_ASSERT_EQUAL(r.status, 200);
        CU_ASSERT_STRING_NOT_EQUAL(r.x_cache, "hit");
        http_resp_release(&r);
    }
    CU_ASSERT_EQUAL(me(&u), 200); /* sessions from Postgres */
    CU_ASSERT_TRUE(itest_new_user("it_down2", &v));
    CU_ASSERT_EQUAL(itest_login(&v), 200);
    CU_ASSERT_EQUAL(me(&v), 200);
    itest_as(&v, AS_BEARER, "PUT", arena_printf(&A, "/api/users/%s/favorites/%s", v.id, event),
             NULL, &r);
    CU_ASSERT_EQUAL(r.status, 204);
    http_resp_release(&r);

    /* Revocation holds: Postgres is asked on every request. */
    CU_ASSERT_EQUAL(logout(&v), 204);
    for (int i = 0; i < 4; i++)
        CU_ASSERT_EQUAL(me(&v), 401);

    /* Rate limiting degrades to per-worker counters: 5 failures are
     * answered 401, and 429 comes at the latest after 5 per worker. */
    char ghost[48];
    itest_unique(ghost, sizeof(ghost), "it_ghost");
    w = u;
    snprintf(w.username, sizeof(w.username), "%s", ghost);
    for (int i = 0; i < 5 * 16 + 1 && first_429 < 0; i++) {
        st = itest_login(&w);
        if (st == 429)
            first_429 = i;
        else
            CU_ASSERT_EQUAL(st, 401);
    }
    CU_ASSERT_TRUE(first_429 >= 5);
    if (first_429 < 5)
        fprintf(stderr, "  first 429 after %d failures\n", first_429);

    CU_ASSERT_EQUAL_FATAL(itest_dev("redis-start"), 0);
    /* Every worker is back within its reconnect interval (a failed connect
     * waits KV_RETRY_MS), and the revoked token stays revoked. */
    CU_ASSERT_TRUE(itest_poll(health_redis_ok_everywhere, NULL, 3 * KV_RETRY_MS, 50));
    for (int i = 0; i < 4; i++) {
        CU_ASSERT_EQUAL(me(&v), 401);
        CU_ASSERT_EQUAL(me(&u), 200);
    }
}

static void after_a_restart_redis_is_used_again(void)
{
    struct itest_user u;
    struct kv kv;
    char *v = NULL;

    itest_reset_login_limits();
    /* A worker whose connect failed waits KV_RETRY_MS before the next: the
     * one that answered the health check may not be the one asked here. */
    CU_ASSERT_TRUE(itest_poll(genres_hit, NULL, 3 * KV_RETRY_MS, 100));
    CU_ASSERT_TRUE_FATAL(itest_new_user("it_back", &u));
    CU_ASSERT_EQUAL(me(&u), 200);
    itest_kv(&kv);
    CU_ASSERT_EQUAL(kv_get(&kv, &A, arena_printf(&A, "session:%s", jti_of(&u)), &v, NULL), ST_OK);
    kv_release(&kv);
    CU_ASSERT_EQUAL(logout(&u), 204);
    CU_ASSERT_EQUAL(me(&u), 401);
}

static int setup(void)
{
    arena_init(&A, 0);
    itest_reset_login_limits();
    return 0;
}

static int teardown(void)
{
    itest_dev("redis-start"); /* whatever happened above */
    arena_release(&A);
    return 0;
}

int suite_redis_down(void)
{
    static const struct itest_case cases[] = {
        { "a logout Redis missed is not undone when Redis keeps its data",
          a_logout_redis_missed_is_not_undone },
        { "Redis stopped: uncached, sessions and revocation from Postgres, limits per worker",
          degraded_without_redis },
        { "Redis restarted: cache and session cache are used again",
          after_a_restart_redis_is_used_again },
        { NULL, NULL },
    };
    return itest_register("integration/redis", cases, setup, teardown);
}
