/*
 * The response cache through nginx: hot public pages are served from
 * Redis, personal ones never, and anything that changes what a page shows
 * (a favorite, marquee-sync) is visible on the very next request.
 */
#include "config.h"
#include "core/common.h"
#include "tests/integration/itest_session.h"
#include "infra/json.h"
#include "infra/pg.h"
#include "server/cache.h"

#include <unistd.h>

static struct arena A;

static long get(const char *path, struct json_object **o, char *x_cache, struct buf *body)
{
    struct http_resp r;
    http_get(path, &r);
    if (o)
        *o = itest_json(&A, &r);
    if (x_cache)
        snprintf(x_cache, 16, "%s", r.x_cache);
    if (body) {
        buf_reset(body);
        buf_append(body, r.body.data, r.body.len);
    }
    long st = r.status;
    http_resp_release(&r);
    return st;
}

static const char *first_event(void)
{
    struct json_object *o;
    CU_ASSERT_EQUAL(get("/api/events?limit=1", &o, NULL, NULL), 200);
    return arena_strdup(&A, json_path_str(json_arr_get(json_path(o, "items"), 0), "id"));
}

static void public_pages_are_served_from_the_cache(void)
{
    char xc[16];
    struct buf b1, b2;
    buf_init(&b1, 0);
    buf_init(&b2, 0);
    const char *page = arena_printf(&A, "/api/events/%s", first_event());
    get(page, NULL, NULL, &b1); /* miss or hit: makes sure it is stored */
    CU_ASSERT_EQUAL(get(page, NULL, xc, &b2), 200);
    CU_ASSERT_STRING_EQUAL(xc, "hit");
    CU_ASSERT_EQUAL(b1.len, b2.len);
    CU_ASSERT_TRUE(b1.len == b2.len && memcmp(b1.data, b2.data, b1.len) == 0);
    /* The query's order does not matter, its content does. */
    get("/api/events?limit=4&sort=name", NULL, NULL, NULL);
    get("/api/events?sort=name&limit=4", NULL, xc, NULL);
    CU_ASSERT_STRING_EQUAL(xc, "hit");
    get("/api/events?sort=name&limit=5", NULL, xc, NULL);
    CU_ASSERT_STRING_EQUAL(xc, "miss");
    get("/api/genres", NULL, NULL, NULL);
    CU_ASSERT_EQUAL(get("/api/genres", NULL, xc, NULL), 200);
    CU_ASSERT_STRING_EQUAL(xc, "hit");
    /* Errors are not stored. */
    get("/api/events?limit=0", NULL, NULL, NULL);
    CU_ASSERT_EQUAL(get("/api/events?limit=0", NULL, xc, NULL), 400);
    CU_ASSERT_STRING_NOT_EQUAL(xc, "hit");
    buf_release(&b1);
    buf_release(&b2);
}

static void personal_answers_are_never_cached(void)
{
    struct itest_user u;
    struct http_resp r;
    CU_ASSERT_TRUE_FATAL(itest_new_user("it_cache", &u));
    for (int i = 0; i < 2; i++) {
        itest_as(&u, AS_BEARER, "GET", "/api/auth/me", NULL, &r);
        CU_ASSERT_EQUAL(r.status, 200);
        CU_ASSERT_STRING_EQUAL(r.x_cache, "");
        http_resp_release(&r);
        itest_as(&u, AS_BEARER, "GET", arena_printf(&A, "/api/users/%s/favorites", u.id), NULL, &r);
        CU_ASSERT_EQUAL(r.status, 200);
        CU_ASSERT_STRING_EQUAL(r.x_cache, "");
        http_resp_release(&r);
    }
}

/* The event that trending lists first, its favoriteCount. */
static const char *trending_top(int64_t *count)
{
    struct json_object *o;
    double n = -1;
    CU_ASSERT_EQUAL(get("/api/events/trending?limit=5", &o, NULL, NULL), 200);
    struct json_object *top = json_arr_get(json_path(o, "items"), 0);
    json_path_num(top, "favoriteCount", &n);
    *count = (int64_t)n;
    return json_path_str(top, "id");
}

static void a_new_favorite_shows_in_trending_at_once(void)
{
    struct itest_user u;
    struct json_object *o;
    char xc[16];
    int64_t top_count, n;

    /* An upcoming event that is not on top now. */
    const char *top = arena_strdup(&A, trending_top(&top_count));
    CU_ASSERT_EQUAL(get("/api/events?limit=5&sort=name", &o, NULL, NULL), 200);
    const char *pick = json_path_str(json_arr_get(json_path(o, "items"), 0), "id");
    if (strcmp(pick, top) == 0)
        pick = json_path_str(json_arr_get(json_path(o, "items"), 1), "id");
    CU_ASSERT_EQUAL(get(arena_printf(&A, "/api/events/%s", pick), &o, NULL, NULL), 200);
    double have = 0;
    json_path_num(o, "favoriteCount", &have);
    get("/api/events/trending?limit=5", NULL, xc, NULL);
    CU_ASSERT_STRING_EQUAL(xc, "hit"); /* cached before the change */

    /* Enough favorites to beat the top: it leads on the very next read. */
    for (int64_t i = (int64_t)have; i <= top_count; i++) {
        struct http_resp r;
        CU_ASSERT_TRUE_FATAL(itest_new_user("it_trend", &u));
        itest_as(&u, AS_BEARER, "PUT", arena_printf(&A, "/api/users/%s/favorites/%s", u.id, pick),
                 NULL, &r);
        CU_ASSERT_EQUAL(r.status, 204);
        http_resp_release(&r);
    }
    const char *now_top = trending_top(&n);
    CU_ASSERT_STRING_EQUAL(now_top, pick);
    CU_ASSERT_EQUAL(n, top_count + 1);
    CU_ASSERT_EQUAL(get(arena_printf(&A, "/api/events/%s", pick), &o, NULL, NULL), 200);
    double c = 0;
    json_path_num(o, "favoriteCount", &c);
    CU_ASSERT_EQUAL((int64_t)c, top_count + 1);
}

static const struct pg_stmt put_row = {
    "itest_cache_row",
    "INSERT INTO extracted_events (id, raw, name, venue_name, url, start_at, genre, content_hash, "
    "sync_pending) VALUES ('mqcache-1', '{}', 'Cache Test Night', 'Cache Hall', $1, "
    "now() + interval '30 days', 'Music', md5($1), true) ON CONFLICT (id) DO UPDATE SET "
    "url = $1, content_hash = md5($1), sync_pending = true",
    1, 0
};

static void put_url(const char *url)
{
    struct pg db;
    struct pg_result *r;
    const char *p[] = { url };
    pg_init(&db, itest_database_url(), 5, 30000, "itest");
    CU_ASSERT_EQUAL(pg_exec(&db, &A, &put_row, p, &r), ST_OK);
    pg_release(&db);
}

/* The session's url of the event page, after marquee-sync ran. */
static const char *synced_url(const char *page, char *xc)
{
    struct json_object *o;
    CU_ASSERT_EQUAL(get(page, &o, xc, NULL), 200);
    return json_path_str(json_arr_get(json_path(o, "sessions"), 0), "url");
}

struct synced {
    const char *page, *url;
    char xc[16]; /* X-Cache of the answer that showed url */
};

/* The page shows url: the workers share the catalogue version (cache.h),
 * so once one answer has it, every worker does. */
static bool page_shows(void *arg)
{
    struct synced *w = arg;
    const char *u = synced_url(w->page, w->xc);
    return u && strcmp(u, w->url) == 0;
}

static void marquee_sync_invalidates_cached_pages(void)
{
    char xc[16];
    put_url("https://example.org/v1");
    CU_ASSERT_EQUAL_FATAL(itest_dev("run marquee-sync"), 0);
    /* sha256("Cache Test Night" 0x1f "Cache Hall") */
    FILE *p = popen("printf 'Cache Test Night\\037Cache Hall' | sha256sum", "r");
    char id[65] = "";
    CU_ASSERT_PTR_NOT_NULL_FATAL(p);
    CU_ASSERT_PTR_NOT_NULL(fgets(id, sizeof(id), p));
    pclose(p);
    const char *page = arena_printf(&A, "/api/events/%s", id);
    /* A job's bump reaches the workers at their next version check. */
    struct synced w = { page, "https://example.org/v1", "" };
    CU_ASSERT_TRUE(itest_poll(page_shows, &w, 20 * CACHE_VERSION_CHECK_MS, 20));
    CU_ASSERT_STRING_EQUAL(synced_url(page, xc), "https://example.org/v1");
    CU_ASSERT_STRING_EQUAL(synced_url(page, xc), "https://example.org/v1");
    CU_ASSERT_STRING_EQUAL(xc, "hit");
    put_url("https://example.org/v2");
    CU_ASSERT_STRING_EQUAL(synced_url(page, xc), "https://example.org/v1"); /* not synced yet */
    CU_ASSERT_EQUAL_FATAL(itest_dev("run marquee-sync"), 0);
    /* A job's bump reaches the workers at their next version check. */
    w = (struct synced){ page, "https://example.org/v2", "" };
    CU_ASSERT_TRUE(itest_poll(page_shows, &w, 20 * CACHE_VERSION_CHECK_MS, 20));
    CU_ASSERT_STRING_EQUAL(w.xc, "miss");
}

static void hits_and_misses_are_counted(void)
{
    struct http_resp r;
    http_get("/metrics", &r);
    CU_ASSERT_EQUAL(r.status, 200);
    const char *hits = strstr(r.body.data, "\nmarquee_cache_hits_total ");
    CU_ASSERT_TRUE(hits && strtol(hits + 26, NULL, 10) > 0);
    CU_ASSERT_PTR_NOT_NULL(strstr(r.body.data, "\nmarquee_cache_misses_total "));
    http_resp_release(&r);
}

static int setup(void)
{
    arena_init(&A, 0);
    return 0;
}

static int teardown(void)
{
    arena_release(&A);
    return 0;
}

/* redis-cli's one-line answer to args on the test stack's Redis, or "". */
static const char *redis_cli(const char *args)
{
    char cmd[512], line[256] = "";
    const char *url = getenv("REDIS_URL");
    const char *port = url && strrchr(url, ':') ? strrchr(url, ':') + 1 : "6379";
    snprintf(cmd, sizeof(cmd), "redis-cli -h 127.0.0.1 -p %s %s 2>/dev/null | tail -n 1", port,
             args);
    FILE *p = popen(cmd, "r");
    if (p && fgets(line, sizeof(line), p))
        line[strcspn(line, "\n")] = '\0';
    if (p)
        pclose(p);
    return arena_strdup(&A, line);
}

/* Cached answers cannot grow Redis without bound: it has a memory cap, and
 * eviction takes only keys with a TTL (cache entries, sessions, limits),
 * never the catalogue version or the marketplace stream. */
static void redis_memory_is_bounded(void)
{
    CU_ASSERT_NOT_EQUAL(strtoll(redis_cli("CONFIG GET maxmemory"), NULL, 10), 0);
    CU_ASSERT_STRING_EQUAL(redis_cli("CONFIG GET maxmemory-policy"), "volatile-lru");
    CU_ASSERT_EQUAL(get("/api/genres", NULL, NULL, NULL), 200);
    const char *version = redis_cli("GET " CACHE_VERSION_KEY);
    const char *key = arena_printf(&A, "TTL " CACHE_PREFIX "%s:/api/genres", version);
    long long ttl = strtoll(redis_cli(key), NULL, 10);
    CU_ASSERT(ttl >= 0 && ttl <= 30);
}

/* Issue 14: the key held every parameter sent, so /api/genres?zz=<random>
 * was always a miss and random values on /api/events grew Redis without
 * bound. Keys now hold only the parameters a route reads. */
static void unknown_parameters_neither_miss_nor_grow_redis(void)
{
    char xc[16], path[128];
    struct buf body;
    unsigned seed = (unsigned)getpid();

    buf_init(&body, 0);
    get("/api/genres", NULL, NULL, NULL);
    get("/api/events?limit=100", NULL, NULL, NULL);
    long long before = strtoll(redis_cli("DBSIZE"), NULL, 10);
    for (int i = 0; i < 40; i++) {
        snprintf(path, sizeof(path), "/api/genres?zz=%u", rand_r(&seed));
        CU_ASSERT_EQUAL(get(path, NULL, xc, NULL), 200);
        CU_ASSERT_STRING_EQUAL(xc, "hit");
        snprintf(path, sizeof(path), "/api/events?limit=100&zz%d=%u", i, rand_r(&seed));
        CU_ASSERT_EQUAL(get(path, NULL, xc, NULL), 200);
        CU_ASSERT_STRING_EQUAL(xc, "hit");
    }
    long long after = strtoll(redis_cli("DBSIZE"), NULL, 10);
    CU_ASSERT_TRUE(before > 0 && after - before < 5); /* other writers may add a few */
    /* A cached page's own links do not carry what it was not keyed by. */
    get("/?zz=planted", NULL, NULL, NULL);
    CU_ASSERT_EQUAL(get("/?zz=other", NULL, xc, &body), 200);
    CU_ASSERT_STRING_EQUAL(xc, "hit");
    buf_putc(&body, '\0');
    CU_ASSERT_PTR_NULL(strstr(body.data, "planted"));
    buf_release(&body);
}

int suite_cache_api(void)
{
    static const struct itest_case cases[] = {
        { "public pages are served from the cache", public_pages_are_served_from_the_cache },
        { "personal answers are never cached", personal_answers_are_never_cached },
        { "a new favorite shows in trending at once", a_new_favorite_shows_in_trending_at_once },
        { "marquee-sync invalidates cached pages", marquee_sync_invalidates_cached_pages },
        { "hits and misses are counted in /metrics", hits_and_misses_are_counted },
        { "Redis memory is bounded", redis_memory_is_bounded },
        { "unknown parameters neither miss the cache nor grow Redis",
          unknown_parameters_neither_miss_nor_grow_redis },
        { NULL, NULL },
    };
    return itest_register("integration/cache", cases, setup, teardown);
}
