/*
 * The catalogue endpoints through nginx, against the data loaded by the
 * test stack (generated pages plus the real recorded fixtures).
 */
#include "config.h"
#include "core/common.h"
#include "tests/integration/itest.h"
#include "core/str.h"
#include "core/timeutil.h"
#include "infra/json.h"
#include "infra/pg.h"

#include <ctype.h>

static struct arena A;

static struct json_object *get_ok(const char *path)
{
    long status;
    struct json_object *o = http_get_json(&A, path, &status);
    CU_ASSERT_EQUAL(status, 200);
    CU_ASSERT_PTR_NOT_NULL(o);
    return status == 200 ? o : NULL;
}

static int64_t start_of(struct json_object *item)
{
    const char *s = json_path_str(item, "nextSession.startDate");
    int64_t t = 0;
    CU_ASSERT_PTR_NOT_NULL(s);
    if (s)
        CU_ASSERT_EQUAL(time_parse_iso(s, &t), ST_OK);
    return t;
}

/* Count of events with a session in [from, to), straight from SQL. */
static int64_t sql_count(const char *from, const char *to, const char *genre)
{
    static const struct pg_stmt q = {
        "itest_count",
        "SELECT count(DISTINCT s.event_id) FROM event_sessions s JOIN events e ON e.id = "
        "s.event_id WHERE s.start_at >= $1::timestamptz AND s.start_at < $2::timestamptz "
        "AND ($3::text IS NULL OR lower(e.genre) = lower($3))",
        3, PG_READONLY
    };
    struct pg db;
    struct pg_result *r;
    const char *params[] = { from, to, genre };
    pg_init(&db, itest_database_url(), 5, 30000, "itest");
    int64_t n = -1;
    if (pg_exec(&db, &A, &q, params, &r) == ST_OK)
        n = pg_get_i64(r, 0, 0);
    pg_release(&db);
    return n;
}

static void list_is_sorted_by_next_session_and_counts_match_sql(void)
{
    struct json_object *o = get_ok("/api/events?limit=50");
    struct json_object *items = json_path(o, "items");
    CU_ASSERT_TRUE(json_arr_len(items) > 0);
    CU_ASSERT_TRUE(json_arr_len(items) <= 50);
    int64_t prev = 0, now = time_now() - 5;
    for (size_t i = 0; i < json_arr_len(items); i++) {
        struct json_object *it = json_arr_get(items, i);
        const char *id = json_path_str(it, "id");
        CU_ASSERT_TRUE(id && str_is_hex_lower(id, 64));
        int64_t t = start_of(it);
        CU_ASSERT_TRUE(t >= now);
        CU_ASSERT_TRUE(t >= prev);
        prev = t;
    }
    /* from defaults to the current minute. */
    char nowiso[TIME_ISO_LEN];
    time_format_iso(time_now() / 60 * 60, nowiso);
    double total = 0;
    CU_ASSERT_TRUE(json_path_num(o, "total", &total));
    int64_t truth = sql_count(nowiso, "infinity", NULL);
    /* A minute boundary between the two reads aside. */
    CU_ASSERT_TRUE((int64_t)total >= truth - 1 && (int64_t)total <= truth + 1);
}

static void pages_are_disjoint_and_consistent(void)
{
    struct json_object *p1 = get_ok("/api/events?limit=7&offset=0&from=2000-01-01");
    struct json_object *p2 = get_ok("/api/events?limit=7&offset=7&from=2000-01-01");
    struct json_object *both = get_ok("/api/events?limit=14&offset=0&from=2000-01-01");
    struct json_object *i1 = json_path(p1, "items"), *i2 = json_path(p2, "items");
    struct json_object *ib = json_path(both, "items");
    CU_ASSERT_EQUAL(json_arr_len(i1), 7);
    CU_ASSERT_EQUAL(json_arr_len(ib), json_arr_len(i1) + json_arr_len(i2));
    for (size_t i = 0; i < json_arr_len(ib); i++) {
        struct json_object *x = i < 7 ? json_arr_get(i1, i) : json_arr_get(i2, i - 7);
        CU_ASSERT_STRING_EQUAL(json_path_str(json_arr_get(ib, i), "id"), json_path_str(x, "id"));
    }
    double limit = 0, offset = 0;
    json_path_num(p2, "limit", &limit);
    json_path_num(p2, "offset", &offset);
    CU_ASSERT_EQUAL((int)limit, 7);
    CU_ASSERT_EQUAL((int)offset, 7);
    struct json_object *far = get_ok("/api/events?offset=10000");
    CU_ASSERT_EQUAL(json_arr_len(json_path(far, "items")), 0);
}

static void range_and_genre_filters_hold(void)
{
    int64_t from = time_now() + 86400 * 10, to = from + 86400 * 7;
    char f[TIME_ISO_LEN], t[TIME_ISO_LEN], path[256];
    time_format_iso(from, f);
    time_format_iso(to, t);
    snprintf(path, sizeof(path), "/api/events?from=%s&to=%s&genre=mUsIc&limit=100", f, t);
    struct json_object *o = get_ok(path);
    struct json_object *items = json_path(o, "items");
    CU_ASSERT_TRUE(json_arr_len(items) > 0);
    for (size_t i = 0; i < json_arr_len(items); i++) {
        struct json_object *it = json_arr_get(items, i);
        int64_t s = start_of(it);
        CU_ASSERT_TRUE(s >= from && s < to);
        CU_ASSERT_STRING_EQUAL(json_path_str(it, "genre"), "Music");
    }
    double total = 0;
    json_path_num(o, "total", &total);
    CU_ASSERT_EQUAL((int64_t)total, sql_count(f, t, "music"));
    o = get_ok("/api/events?genre=No%20Such%20Genre");
    CU_ASSERT_EQUAL(json_arr_len(json_path(o, "items")), 0);
    /* A window over 14 days is counted by event bounds, a shorter one by
     * its sessions (events_store.c): both give the SQL's count. */
    time_format_iso(from + 86400 * 30, t);
    snprintf(path, sizeof(path), "/api/events?from=%s&to=%s&limit=1", f, t);
    json_path_num(get_ok(path), "total", &total);
    CU_ASSERT_EQUAL((int64_t)total, sql_count(f, t, NULL));
    CU_ASSERT_TRUE(total > 0);
}

/* The first `limit` events by next session in [from, infinity), joined
 * to events for the filters: what each list statement must return,
 * whichever index it walks. NULL on a failed query. */
static struct pg_result *sql_page(const char *from, const char *genre, const char *sub_genre,
                                  const char *limit)
{
    static const struct pg_stmt q = {
        "itest_page",
        "SELECT f.event_id FROM (SELECT DISTINCT ON (s.event_id) s.event_id, s.start_at, s.id "
        "  FROM event_sessions s JOIN events e ON e.id = s.event_id "
        "  WHERE s.start_at >= $1::timestamptz "
        "  AND ($2::text IS NULL OR lower(e.genre) = lower($2)) "
        "  AND ($3::text IS NULL OR lower(e.sub_genre) = lower($3)) "
        "  ORDER BY s.event_id, s.start_at, s.id) f ORDER BY f.start_at, f.id LIMIT $4::int",
        4, PG_READONLY
    };
    struct pg db;
    struct pg_result *r = NULL;
    const char *params[] = { from, genre, sub_genre, limit };
    pg_init(&db, itest_database_url(), 5, 30000, "itest");
    if (pg_exec(&db, &A, &q, params, &r) != ST_OK)
        r = NULL;
    pg_release(&db); /* r lives in A */
    return r;
}

/* The commonest sub-genre of upcoming events, and its genre. */
static bool common_sub_genre(const char **genre, const char **sub_genre)
{
    static const struct pg_stmt q = {
        "itest_common_sub_genre",
        "SELECT e.genre, e.sub_genre FROM events e WHERE e.sub_genre IS NOT NULL "
        "AND e.last_start_at >= now() GROUP BY 1, 2 ORDER BY count(*) DESC, 1, 2 LIMIT 1",
        0, PG_READONLY
    };
    struct pg db;
    struct pg_result *r = NULL;
    pg_init(&db, itest_database_url(), 5, 30000, "itest");
    bool ok = pg_exec(&db, &A, &q, NULL, &r) == ST_OK && pg_nrows(r) == 1;
    if (ok) {
        *genre = arena_strdup(&A, pg_get(r, 0, 0));
        *sub_genre = arena_strdup(&A, pg_get(r, 0, 1));
    }
    pg_release(&db);
    return ok;
}

static void assert_page_matches_sql(const char *genre, const char *sub_genre)
{
    /* A fixed past `from` keeps the two reads on the same range. */
    const char *from = "2000-01-01T00:00:00Z";
    char path[512];
    int n = snprintf(path, sizeof(path), "/api/events?from=%s&limit=60", from);
    if (genre)
        n += snprintf(path + n, sizeof(path) - (size_t)n, "&genre=%s", itest_url_encode(&A, genre));
    if (sub_genre)
        snprintf(path + n, sizeof(path) - (size_t)n, "&subGenre=%s",
                 itest_url_encode(&A, sub_genre));
    struct json_object *items = json_path(get_ok(path), "items");
    struct pg_result *want = sql_page(from, genre, sub_genre, "60");
    CU_ASSERT_PTR_NOT_NULL_FATAL(want);
    CU_ASSERT_TRUE(pg_nrows(want) > 0);
    CU_ASSERT_EQUAL(json_arr_len(items), (size_t)pg_nrows(want));
    for (size_t i = 0; i < json_arr_len(items) && i < (size_t)pg_nrows(want); i++)
        CU_ASSERT_STRING_EQUAL(json_path_str(json_arr_get(items, i), "id"),
                               pg_get(want, (int)i, 0));
}

/* Each filter has a statement of its own (src/app/events/events_store.c);
 * all of them give the page a join on events would. */
static void date_pages_match_sql_for_every_filter(void)
{
    const char *genre, *sub_genre;
    CU_ASSERT_TRUE_FATAL(common_sub_genre(&genre, &sub_genre));
    assert_page_matches_sql(NULL, NULL);
    assert_page_matches_sql(genre, NULL);
    assert_page_matches_sql(NULL, sub_genre);
    assert_page_matches_sql(genre, sub_genre);
    /* names are matched whatever their case */
    char *upper = arena_strdup(&A, genre);
    for (char *p = upper; *p; p++)
        *p = (char)toupper((unsigned char)*p);
    assert_page_matches_sql(upper, NULL);
}

static void sorts_by_name_and_popularity(void)
{
    struct json_object *items = json_path(get_ok("/api/events?sort=name&limit=100"), "items");
    CU_ASSERT_TRUE(json_arr_len(items) > 1);
    for (size_t i = 1; i < json_arr_len(items); i++) {
        const char *a = json_path_str(json_arr_get(items, i - 1), "name");
        const char *b = json_path_str(json_arr_get(items, i), "name");
        CU_ASSERT_TRUE(strcmp(a, b) <= 0);
    }
    items = json_path(get_ok("/api/events?sort=popularity&limit=5"), "items");
    CU_ASSERT_EQUAL(json_arr_len(items), 5);
}

static void bad_parameters_name_the_field(void)
{
    assert_400_field("/api/events?limit=0", "limit");
    assert_400_field("/api/events?limit=101", "limit");
    assert_400_field("/api/events?limit=ten", "limit");
    assert_400_field("/api/events?offset=-1", "offset");
    assert_400_field("/api/events?offset=10001", "offset");
    assert_400_field("/api/events?from=yesterday", "from");
    assert_400_field("/api/events?to=2026-02-30", "to");
    assert_400_field("/api/events?from=2030-01-02&to=2030-01-01", "to");
    assert_400_field("/api/events?sort=price", "sort");
    assert_400_field("/api/events?genre=", "genre");
    assert_400_field("/api/events/trending?limit=51", "limit");
    assert_400_field("/api/events/trending?limit=0", "limit");
    /* A NUL byte would cut the value short; parameters past the 64th would
     * be dropped silently. */
    assert_400_field("/api/events?limit=5%00junk", "limit");
    char many[512];
    size_t n = 0;
    for (int i = 0; i < 70; i++)
        n += (size_t)snprintf(many + n, sizeof(many) - n, "%sz=%d", i ? "&" : "/api/genres?", i);
    snprintf(many + n, sizeof(many) - n, "&limit=999");
    assert_400_field(many, "query");
}

static const char *some_event_id(void)
{
    struct json_object *items = json_path(get_ok("/api/events?limit=1"), "items");
    return json_path_str(json_arr_get(items, 0), "id");
}

static void event_detail_lists_its_sessions(void)
{
    const char *id = some_event_id();
    char path[256];
    CU_ASSERT_PTR_NOT_NULL_FATAL(id);
    snprintf(path, sizeof(path), "/api/events/%s", id);
    struct json_object *e = get_ok(path);
    CU_ASSERT_STRING_EQUAL(json_path_str(e, "id"), id);
    CU_ASSERT_PTR_NOT_NULL(json_path_str(e, "name"));
    struct json_object *sessions = json_path(e, "sessions");
    CU_ASSERT_TRUE(json_arr_len(sessions) >= 1 && json_arr_len(sessions) <= 50);
    CU_ASSERT_STRING_EQUAL(json_path_str(json_arr_get(sessions, 0), "eventId"), id);
    snprintf(path, sizeof(path), "/api/events/%s/sessions?limit=100&from=2000-01-01", id);
    struct json_object *page = get_ok(path);
    struct json_object *items = json_path(page, "items");
    double total = 0;
    json_path_num(page, "total", &total);
    CU_ASSERT_EQUAL((size_t)total, json_arr_len(items));
    CU_ASSERT_TRUE(json_arr_len(items) >= 1);
    const char *prev = "";
    for (size_t i = 0; i < json_arr_len(items); i++) {
        const char *s = json_path_str(json_arr_get(items, i), "startDate");
        CU_ASSERT_TRUE(s && strcmp(prev, s) <= 0);
        prev = s ? s : prev;
    }
    snprintf(path, sizeof(path), "/api/events/%s/sessions?limit=500", id);
    assert_400_field(path, "limit");
}

static void unknown_events_are_404(void)
{
    const char *paths[] = { "/api/events/0000000000000000000000000000000000000000000000000000000"
                            "000000000",
                            "/api/events/not-an-id", "/api/events/not-an-id/sessions",
                            "/api/events/000000000000000000000000000000000000000000000000000000000"
                            "0000000/sessions" };
    for (size_t i = 0; i < MQ_ARRAY_LEN(paths); i++) {
        long status;
        struct json_object *o = http_get_json(&A, paths[i], &status);
        CU_ASSERT_EQUAL(status, 404);
        CU_ASSERT_STRING_EQUAL(json_path_str(json_arr_get(json_path(o, "errors"), 0), "code"),
                               "not_found");
    }
}

static void trending_genres_and_health(void)
{
    struct json_object *t = get_ok("/api/events/trending");
    CU_ASSERT_EQUAL(json_arr_len(json_path(t, "items")), 5);
    struct json_object *g = json_path(get_ok("/api/genres"), "items");
    CU_ASSERT_TRUE(json_arr_len(g) >= 5);
    for (size_t i = 1; i < json_arr_len(g); i++) {
        CU_ASSERT_TRUE(strcmp(json_path_str(json_arr_get(g, i - 1), "name"),
                              json_path_str(json_arr_get(g, i), "name")) <= 0);
    }
    CU_ASSERT_TRUE(json_arr_len(json_path(json_arr_get(g, 0), "subGenres")) >= 1);
    struct json_object *h = get_ok("/api/health");
    CU_ASSERT_STRING_EQUAL(json_path_str(h, "checks.postgres"), "ok");
    CU_ASSERT_STRING_EQUAL(json_path_str(h, "checks.redis"), "ok");
}

static void protocol_errors_use_the_envelope(void)
{
    struct http_resp r;
    http_request("POST", "/api/events", "{}", 2, &r);
    CU_ASSERT_EQUAL(r.status, 405);
    CU_ASSERT_STRING_EQUAL(r.allow, "GET, HEAD");
    CU_ASSERT_PTR_NOT_NULL(strstr(r.body.data, "\"method_not_allowed\""));
    http_resp_release(&r);
    http_get("/api/no/such/thing", &r);
    CU_ASSERT_EQUAL(r.status, 404);
    CU_ASSERT_PTR_NOT_NULL(strstr(r.content_type, "application/json"));
    http_resp_release(&r);
    size_t big = 70 * 1024;
    char *body = malloc(big);
    memset(body, 'x', big);
    http_request("POST", "/api/events", body, big, &r);
    free(body);
    CU_ASSERT_EQUAL(r.status, 413);
    CU_ASSERT_PTR_NOT_NULL(strstr(r.body.data, "\"payload_too_large\""));
    http_resp_release(&r);
    http_request("HEAD", "/api/genres", NULL, 0, &r);
    CU_ASSERT_EQUAL(r.status, 200);
    CU_ASSERT_EQUAL(r.body.len, 0);
    http_resp_release(&r);
}

static void metrics_count_requests(void)
{
    struct http_resp r;
    http_get("/metrics", &r);
    CU_ASSERT_EQUAL(r.status, 200);
    CU_ASSERT_PTR_NOT_NULL(strstr(r.body.data, "marquee_http_request_duration_seconds_count{"
                                               "method=\"GET\",route=\"/api/events\","
                                               "status=\"200\"}"));
    CU_ASSERT_PTR_NOT_NULL(strstr(r.body.data, "marquee_worker_restarts_total"));
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

int suite_catalogue_api(void)
{
    static const struct itest_case cases[] = {
        { "list is sorted by next session; total matches SQL",
          list_is_sorted_by_next_session_and_counts_match_sql },
        { "pages are disjoint and consistent", pages_are_disjoint_and_consistent },
        { "range and genre filters hold", range_and_genre_filters_hold },
        { "date pages match SQL for every filter", date_pages_match_sql_for_every_filter },
        { "sorts by name and popularity", sorts_by_name_and_popularity },
        { "bad parameters are 400 naming the field", bad_parameters_name_the_field },
        { "event detail lists its sessions", event_detail_lists_its_sessions },
        { "unknown events are 404", unknown_events_are_404 },
        { "trending, genres and health", trending_genres_and_health },
        { "405, 404, 413 and HEAD use the protocol", protocol_errors_use_the_envelope },
        { "metrics count requests by route and status", metrics_count_requests },
        { NULL, NULL },
    };
    return itest_register("integration/catalogue", cases, setup, teardown);
}
