/*
 * GET /api/search through nginx over the test stack's catalogue (generated
 * pages plus the recorded Ticketmaster pages, synced here), the
 * misspelled/partial query table tests/data/search_queries.tsv, bad input,
 * paging, and the search interface in-process: Elasticsearch (a fake
 * server, or a closed port) with its fallback to Postgres.
 */
#include "config.h"
#include "core/common.h"
#include "tests/integration/itest.h"
#include "tests/integration/itest_db.h"
#include "app/ops/ops.h"
#include "app/routes.h"
#include "app/search/search.h"
#include "app/search/search_cursor.h"
#include "app/search/search_dict.h"
#include "app/search/search_index.h"
#include "app/search/search_store.h"
#include "core/str.h"
#include "core/timeutil.h"
#include "app/search/search_text.h"
#include "app/sync/sync.h"
#include "core/conf.h"
#include "infra/json.h"
#include "infra/pg.h"
#include "server/metrics.h"
#include "server/response.h"
#include "server/router.h"
#include "server/worker.h"
#include "tests/harness/harness.h"
#include "tests/integration/fake_http.h"

#include <json-c/json.h>
#include <libgen.h>
#include <unistd.h>

static struct pg DB;
static struct arena A;

static struct json_object *search(const char *q, const char *extra, long *status)
{
    const char *path =
        arena_printf(&A, "/api/search?q=%s%s", itest_url_encode(&A, q), extra ? extra : "");
    return http_get_json(&A, path, status);
}

static bool has_event(struct json_object *items, const char *name, const char *venue)
{
    for (size_t i = 0; i < json_arr_len(items); i++) {
        struct json_object *it = json_arr_get(items, i);
        const char *n = json_path_str(it, "name"), *v = json_path_str(it, "venueName");
        if (n && v && strcmp(n, name) == 0 && strcmp(v, venue) == 0)
            return true;
    }
    return false;
}

/* tests/data/search_queries.tsv, found from $MQ_DEV (<root>/scripts/dev). */
static FILE *open_table(void)
{
    const char *dev = getenv("MQ_DEV");
    CU_ASSERT_PTR_NOT_NULL_FATAL(dev);
    char *copy = arena_strdup(&A, dev);
    const char *root = dirname(dirname(copy));
    FILE *f = fopen(arena_printf(&A, "%s/tests/data/search_queries.tsv", root), "r");
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    return f;
}

static void every_query_of_the_table_finds_its_event(void)
{
    char line[1024];
    int rows = 0, found = 0;
    FILE *f = open_table();
    while (fgets(line, sizeof(line), f)) {
        char *field[5];
        int n = 0;
        line[strcspn(line, "\r\n")] = '\0';
        if (line[0] == '#' || line[0] == '\0')
            continue;
        for (char *p = line; p && n < 5; n++) {
            field[n] = p;
            p = strchr(p, '\t');
            if (p)
                *p++ = '\0';
        }
        CU_ASSERT_EQUAL_FATAL(n, 5);
        long status;
        struct json_object *o = search(field[1], arena_printf(&A, "&limit=%s", field[4]), &status);
        rows++;
        if (status == 200 && has_event(json_path(o, "items"), field[2], field[3])) {
            found++;
            continue;
        }
        fprintf(stderr, "  [%s] q=\"%s\" did not find \"%s\" at \"%s\" in %s results (%ld)\n",
                field[0], field[1], field[2], field[3], field[4], status);
    }
    fclose(f);
    fprintf(stderr, "  query table: %d/%d found ", found, rows);
    CU_ASSERT_TRUE(rows >= 60);
    CU_ASSERT_EQUAL(found, rows);
}

/* A typo within the budget of every word long enough to have one: swap
 * the 2nd and 3rd letters, and for words of 7+ also drop the last (the
 * budget is the typed word's: 6 letters left, two edits). */
static const char *misspell(const char *name)
{
    struct search_word w[SEARCH_MAX_WORDS];
    int n = search_split(&A, name, w, SEARCH_MAX_WORDS);
    struct buf *b = buf_new_arena(&A, 0);
    for (int i = 0; i < n && i < 6; i++) {
        char *t = arena_strdup(&A, w[i].text);
        bool ascii = w[i].chars == (int)w[i].len;
        if (ascii && w[i].chars >= 3) {
            char c = t[1];
            t[1] = t[2];
            t[2] = c;
        }
        if (ascii && w[i].chars >= 7)
            t[w[i].len - 1] = '\0';
        buf_printf(b, "%s%s", i ? " " : "", t);
    }
    return b->data;
}

static void derived_misspellings_of_real_names_are_found(void)
{
    static const struct pg_stmt names = {
        "itest_search_names",
        "SELECT name, venue_name FROM events WHERE session_count > 0 AND search_name <> '' "
        "ORDER BY md5(id) LIMIT 80",
        0, PG_READONLY
    };
    struct pg_result *r;
    int found = 0;
    CU_ASSERT_EQUAL_FATAL(pg_exec(&DB, &A, &names, NULL, &r), ST_OK);
    for (int i = 0; i < pg_nrows(r); i++) {
        long status;
        const char *q = misspell(pg_get(r, i, 0));
        struct json_object *o = search(q, "&limit=100", &status);
        if (status == 200 && has_event(json_path(o, "items"), pg_get(r, i, 0), pg_get(r, i, 1)))
            found++;
        else
            fprintf(stderr, "  q=\"%s\" did not find \"%s\" (%ld)\n", q, pg_get(r, i, 0), status);
    }
    fprintf(stderr, "  derived: %d/%d found ", found, pg_nrows(r));
    CU_ASSERT_EQUAL(pg_nrows(r), 80);
    CU_ASSERT_EQUAL(found, pg_nrows(r));
}

static void bad_input_is_400_naming_the_field(void)
{
    char big[260], many[64];
    memset(big, 'a', 201);
    big[201] = '\0';
    snprintf(many, sizeof(many), "a+b+c+d+e+f+g+h+i+j+k");
    assert_400_field("/api/search", "q");
    assert_400_field("/api/search?q=", "q");
    assert_400_field(arena_printf(&A, "/api/search?q=%s", big), "q");
    assert_400_field(arena_printf(&A, "/api/search?q=%s", many), "q");
    assert_400_field("/api/search?q=%21%21%20--", "q");
    assert_400_field("/api/search?q=%ff", "q");
    assert_400_field("/api/search?q=jazz&limit=0", "limit");
    assert_400_field("/api/search?q=jazz&limit=101", "limit");
    assert_400_field("/api/search?q=jazz&limit=ten", "limit");
    assert_400_field("/api/search?q=jazz&cursor=garbage", "cursor");
    assert_400_field("/api/search?q=jazz&cursor=", "cursor");
    assert_400_field("/api/search?q=jazz&from=yesterday", "from");
    assert_400_field("/api/search?q=jazz&from=2027-01-02&to=2027-01-01", "to");
    assert_400_field(arena_printf(&A, "/api/search?q=jazz&genre=%s", big), "genre");
    /* 200 characters of two bytes each are fine */
    struct buf *b = buf_new_arena(&A, 0);
    for (int i = 0; i < 200; i++)
        buf_puts(b, "%C3%A9");
    long status;
    http_get_json(&A, arena_printf(&A, "/api/search?q=%s", b->data), &status);
    CU_ASSERT_EQUAL(status, 200);
}

static const char *next_cursor(struct json_object *o)
{
    return json_path_str(o, "nextCursor");
}

static void pages_follow_the_cursor_without_gaps_or_repeats(void)
{
    long status;
    struct json_object *all = search("the", "&limit=100", &status);
    CU_ASSERT_EQUAL_FATAL(status, 200);
    struct json_object *items = json_path(all, "items");
    size_t total = json_arr_len(items), seen = 0;
    CU_ASSERT_TRUE_FATAL(total > 20);
    const char *cursor = NULL;
    double prev = 2;
    do {
        const char *extra = cursor ? arena_printf(&A, "&limit=7&cursor=%s", cursor) : "&limit=7";
        struct json_object *page = search("the", extra, &status);
        CU_ASSERT_EQUAL_FATAL(status, 200);
        struct json_object *pi = json_path(page, "items");
        CU_ASSERT_TRUE(json_arr_len(pi) <= 7);
        for (size_t i = 0; i < json_arr_len(pi) && seen < total; i++, seen++) {
            double score = 0;
            CU_ASSERT_STRING_EQUAL(json_path_str(json_arr_get(pi, i), "id"),
                                   json_path_str(json_arr_get(items, seen), "id"));
            CU_ASSERT_TRUE(json_path_num(json_arr_get(pi, i), "score", &score));
            CU_ASSERT_TRUE(score <= prev && score > 0 && score <= 1);
            prev = score;
        }
        cursor = next_cursor(page) ? itest_url_encode(&A, next_cursor(page)) : NULL;
    } while (cursor && seen < total);
    CU_ASSERT_EQUAL(seen, total);
    /* a cursor belongs to its query */
    struct json_object *p1 = search("the", "&limit=3", &status);
    CU_ASSERT_PTR_NOT_NULL_FATAL(next_cursor(p1));
    assert_400_field(
        arena_printf(&A, "/api/search?q=them&cursor=%s", itest_url_encode(&A, next_cursor(p1))),
        "cursor");
}

/* The narrow (GIN) and broad (table scan) plans rank the same events. */
static void both_plans_give_the_same_answer(void)
{
    static const char *const queries[][2] = {
        { "'the' | 'the':*", "'the':*" },
        { "('sparrows' | 'sparrow') & ('the' | 'the':*)", "'sparrows' & 'the':*" },
        { "('music' | 'music':*)", "'music':*" },
    };
    static const char *const genres[] = { NULL, "music", "sports" };
    for (size_t i = 0; i < MQ_ARRAY_LEN(queries); i++) {
        for (size_t g = 0; g < MQ_ARRAY_LEN(genres); g++) {
            struct search_pg_query q = { .match = queries[i][0],
                                         .exact = queries[i][1],
                                         .near = queries[i][0],
                                         .joined = "the",
                                         .genre = genres[g],
                                         .rows = 100 };
            struct pg_result *narrow, *broad;
            CU_ASSERT_EQUAL_FATAL(search_store_find(&DB, &A, &q, &narrow), ST_OK);
            q.broad = true;
            CU_ASSERT_EQUAL_FATAL(search_store_find(&DB, &A, &q, &broad), ST_OK);
            CU_ASSERT_EQUAL_FATAL(pg_nrows(narrow), pg_nrows(broad));
            for (int r = 0; r < pg_nrows(narrow); r++) {
                CU_ASSERT_STRING_EQUAL(pg_get(narrow, r, SR_SUMMARY), pg_get(broad, r, SR_SUMMARY));
                CU_ASSERT_STRING_EQUAL(pg_get(narrow, r, SR_KEY), pg_get(broad, r, SR_KEY));
                if (genres[g])
                    CU_ASSERT_TRUE(str_eq_nocase(pg_get(narrow, r, SR_SUMMARY + 2), genres[g]));
            }
        }
    }
}

/* What a search's candidates are (sql/010_search_candidates.sql): the first
 * cap matching events in table order. $1 query, $2 genre, $3/$4 range, $5 cap. */
#define CANDIDATES_WHERE                                                                           \
    "e.search_tsv @@ $1::tsquery AND e.session_count > 0 "                                         \
    "AND ($2::text IS NULL OR lower(e.genre) = lower($2)) "                                        \
    "AND ($3::timestamptz IS NULL OR EXISTS (SELECT 1 FROM event_sessions x "                      \
    "  WHERE x.event_id = e.id AND x.start_at >= $3 AND x.start_at < $4::timestamptz))"

static const struct pg_stmt candidates_want = {
    "itest_candidates_want",
    "SELECT COALESCE(string_agg(id, ',' ORDER BY c), '') FROM (SELECT e.id, e.ctid AS c "
    "FROM events e WHERE " CANDIDATES_WHERE " ORDER BY e.ctid LIMIT $5) x",
    5, PG_READONLY
};

static const struct pg_stmt candidates_gin = {
    "itest_candidates_gin",
    "SELECT COALESCE(string_agg(f.id, ',' ORDER BY f.n), '') FROM marquee_search_gin($1::tsquery, "
    "$2::text, $3::timestamptz, $4::timestamptz, $5::int) WITH ORDINALITY AS f(id, a, b, c, n)",
    5, PG_READONLY
};

static const struct pg_stmt candidates_scan = {
    "itest_candidates_scan",
    "SELECT COALESCE(string_agg(f.id, ',' ORDER BY f.n), '') FROM marquee_search_scan("
    "$1::tsquery, $2::text, $3::timestamptz, $4::timestamptz, $5::int) "
    "WITH ORDINALITY AS f(id, a, b, c, n)",
    5, PG_READONLY
};

/* Both candidate functions return exactly the first matches in table
 * order, also on a connection whose settings make index scans cheap,
 * sequential scans "disabled" and parallel workers free: their plans do
 * not depend on the planner's costs. */
static void candidates_are_the_first_matches_in_table_order(void)
{
    static const char *const queries[] = { "'the' | 'the':*", "'music':*", "'sparrows' | 'sparrow'",
                                           "'the':* & 'music':*" };
    static const char *const genres[] = { NULL, "music" };
    struct pg db;
    pg_init(&db, itest_database_url(), 5, 30000, "itest-candidates");
    CU_ASSERT_EQUAL_FATAL(pg_exec_sql(&db, "SET random_page_cost = 1.1; SET enable_seqscan = off; "
                                           "SET parallel_setup_cost = 0; "
                                           "SET parallel_tuple_cost = 0; "
                                           "SET min_parallel_table_scan_size = 0; "
                                           "SET synchronize_seqscans = on"),
                          ST_OK);
    /* ten days from now to twenty: some events have a session in it */
    char from[TIME_ISO_LEN], to[TIME_ISO_LEN];
    time_format_iso(time_now() + 10 * 86400, from);
    time_format_iso(time_now() + 20 * 86400, to);
    for (size_t i = 0; i < MQ_ARRAY_LEN(queries); i++) {
        for (size_t g = 0; g < MQ_ARRAY_LEN(genres); g++) {
            for (int ranged = 0; ranged < 2; ranged++) {
                const char *params[] = { queries[i], genres[g], ranged ? from : NULL,
                                         ranged ? to : NULL, "20" };
                struct pg_result *want, *gin, *scan;
                CU_ASSERT_EQUAL_FATAL(pg_exec(&db, &A, &candidates_want, params, &want), ST_OK);
                CU_ASSERT_EQUAL_FATAL(pg_exec(&db, &A, &candidates_gin, params, &gin), ST_OK);
                CU_ASSERT_EQUAL_FATAL(pg_exec(&db, &A, &candidates_scan, params, &scan), ST_OK);
                if (i == 0 && g == 0 && !ranged) /* "the": more than 20 match */
                    CU_ASSERT_EQUAL(strlen(pg_get(want, 0, 0)), 20 * 65 - 1);
                CU_ASSERT_STRING_EQUAL(pg_get(gin, 0, 0), pg_get(want, 0, 0));
                CU_ASSERT_STRING_EQUAL(pg_get(scan, 0, 0), pg_get(want, 0, 0));
            }
        }
    }
    pg_release(&db);
}

static void health_reports_search_and_vectors(void)
{
    long status;
    struct json_object *o = http_get_json(&A, "/api/health", &status);
    CU_ASSERT_EQUAL(status, 200);
    CU_ASSERT_STRING_EQUAL(json_path_str(o, "checks.search"), "ok");
    CU_ASSERT_STRING_EQUAL(json_path_str(o, "checks.vectors"), "ok");
}

static void filters_by_genre_and_range(void)
{
    long status;
    struct json_object *o = search("the", "&genre=music&limit=50", &status);
    CU_ASSERT_EQUAL_FATAL(status, 200);
    struct json_object *items = json_path(o, "items");
    CU_ASSERT_TRUE(json_arr_len(items) > 0);
    for (size_t i = 0; i < json_arr_len(items); i++)
        CU_ASSERT_STRING_EQUAL(json_path_str(json_arr_get(items, i), "genre"), "Music");
    o = search("the", "&from=2020-01-01&to=2031-01-01&limit=50", &status);
    CU_ASSERT_EQUAL_FATAL(status, 200);
    items = json_path(o, "items");
    CU_ASSERT_TRUE(json_arr_len(items) > 0);
    for (size_t i = 0; i < json_arr_len(items); i++) {
        const char *start = json_path_str(json_arr_get(items, i), "nextSession.startDate");
        CU_ASSERT_TRUE(start && strcmp(start, "2020-01-01") >= 0 &&
                       strcmp(start, "2031-01-01") < 0);
    }
    o = search("zzqxv", NULL, &status);
    CU_ASSERT_EQUAL(status, 200);
    CU_ASSERT_EQUAL(json_arr_len(json_path(o, "items")), 0);
    CU_ASSERT_PTR_NULL(next_cursor(o));
}

/* ---- the search interface in-process: Elasticsearch and its fallback ---- */

static void inproc_init(struct harness *h, const char *es_url)
{
    struct config cfg = { .elasticsearch_url = es_url };
    harness_init(h, &cfg, itest_database_url(), "itest-search");
}

/* Runs GET /api/search?query through the route; the body is h->res.body. */
static int inproc_search(struct harness *h, const char *query)
{
    return harness_call(h, &search_routes[0], "/api/search", query, NULL);
}

static void es_down_falls_back_to_postgres_and_counts_it(void)
{
    struct harness pg, es;
    inproc_init(&pg, NULL);
    inproc_init(&es, "http://127.0.0.1:9"); /* nothing listens: refused at once */
    CU_ASSERT_EQUAL(inproc_search(&pg, "q=sparrows&limit=5"), 200);
    char *want = strdup(pg.res.body.data);
    CU_ASSERT_EQUAL(inproc_search(&es, "q=sparrows&limit=5"), 200);
    CU_ASSERT_STRING_EQUAL(es.res.body.data, want);
    CU_ASSERT_EQUAL(metrics_value(es.ctx.metrics, &search_counters[SEARCH_COUNT_FALLBACKS]), 1);
    struct buf out;
    buf_init(&out, 0);
    metrics_render(es.ctx.metrics, es.ctx.routes, &out);
    CU_ASSERT_PTR_NOT_NULL(strstr(out.data, "marquee_search_fallbacks_total 1\n"));
    buf_release(&out);

    /* an Elasticsearch cursor cannot be continued by Postgres */
    struct search_cursor c = { .set = true, .backend = 'e', .score = 1.5 };
    c.query = search_fingerprint("sparrows", NULL, INT64_MIN, INT64_MAX);
    memset(c.id, 'a', 64);
    const char *cur = search_cursor_encode(&A, &c);
    CU_ASSERT_EQUAL(inproc_search(&es, arena_printf(&A, "q=sparrows&cursor=%s", cur)), 503);
    CU_ASSERT_EQUAL(inproc_search(&pg, arena_printf(&A, "q=sparrows&cursor=%s", cur)), 400);
    CU_ASSERT_EQUAL(metrics_value(es.ctx.metrics, &search_counters[SEARCH_COUNT_FALLBACKS]), 1);
    /* /api/health reports search degraded, and still answers 200 */
    CU_ASSERT_EQUAL(harness_call(&es, &ops_routes[0], "/api/health", NULL, NULL), 200);
    CU_ASSERT_PTR_NOT_NULL(strstr(es.res.body.data, "\"search\":\"degraded\""));
    CU_ASSERT_PTR_NOT_NULL(strstr(es.res.body.data, "\"vectors\":\"ok\""));
    free(want);
    harness_release(&pg);
    harness_release(&es);
}

static void es_answers_render_like_postgres(void)
{
    static const struct pg_stmt two = {
        "itest_search_two", "SELECT id FROM events WHERE session_count > 0 ORDER BY id LIMIT 3", 0,
        PG_READONLY
    };
    struct pg_result *r;
    struct harness es;
    CU_ASSERT_EQUAL_FATAL(pg_exec(&DB, &A, &two, NULL, &r), ST_OK);
    const char *answer = arena_printf(
        &A,
        "{\"took\":3,\"timed_out\":false,\"hits\":{\"total\":{\"value\":3,\"relation\":\"eq\"},"
        "\"max_score\":null,\"hits\":[{\"_index\":\"events\",\"_id\":\"%s\",\"_score\":2.5,"
        "\"sort\":[2.5,\"%s\"]},{\"_index\":\"events\",\"_id\":\"%s\",\"_score\":1.25,"
        "\"sort\":[1.25,\"%s\"]},{\"_index\":\"events\",\"_id\":\"%s\",\"_score\":1,"
        "\"sort\":[1.0,\"%s\"]}]}}",
        pg_get(r, 0, 0), pg_get(r, 0, 0), pg_get(r, 1, 0), pg_get(r, 1, 0), pg_get(r, 2, 0),
        pg_get(r, 2, 0));
    struct fake_http *f = fake_http_start(200, answer);
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    inproc_init(&es, fake_http_url(f));
    CU_ASSERT_EQUAL(inproc_search(&es, "q=tayler+swi&limit=2&genre=Music"), 200);
    char *body = NULL, *line = fake_http_last_request(f, &body);
    CU_ASSERT_STRING_EQUAL(line, "POST /events/_search");
    struct json_object *sent = json_parse(&A, body, strlen(body), (char[64]){ 0 }, 64);
    CU_ASSERT_PTR_NOT_NULL(sent);
    CU_ASSERT_EQUAL(json_arr_len(json_path(sent, "query.bool.must")), 2);
    struct json_object *got =
        json_parse(&A, es.res.body.data, es.res.body.len, (char[64]){ 0 }, 64);
    struct json_object *items = json_path(got, "items");
    CU_ASSERT_EQUAL_FATAL(json_arr_len(items), 2);
    CU_ASSERT_STRING_EQUAL(json_path_str(json_arr_get(items, 1), "id"), pg_get(r, 1, 0));
    double score = 0;
    CU_ASSERT_TRUE(json_path_num(json_arr_get(items, 0), "score", &score) && score == 2.5);
    CU_ASSERT_TRUE(json_object_object_get_ex(json_arr_get(items, 0), "nextSession", NULL));
    CU_ASSERT_TRUE(json_object_object_get_ex(json_arr_get(items, 0), "favoriteCount", NULL));
    const char *next = json_path_str(got, "nextCursor");
    CU_ASSERT_PTR_NOT_NULL_FATAL(next);
    struct search_cursor c;
    CU_ASSERT_EQUAL(search_cursor_decode(next, &c), ST_OK);
    CU_ASSERT_TRUE(c.backend == 'e' && c.score == 1.25);
    CU_ASSERT_STRING_EQUAL(c.id, pg_get(r, 1, 0));
    /* the next page carries search_after */
    free(line);
    free(body);
    CU_ASSERT_EQUAL(
        inproc_search(&es, arena_printf(&A, "q=tayler+swi&limit=2&genre=Music&cursor=%s", next)),
        200);
    line = fake_http_last_request(f, &body);
    CU_ASSERT_PTR_NOT_NULL(strstr(body, "\"search_after\":[1.25,"));
    free(line);
    free(body);
    /* an error answer is a fallback too */
    fake_http_answer(f, 404,
                     "{\"error\":{\"root_cause\":[],\"type\":\"index_not_found_exception\","
                     "\"reason\":\"no such index [events]\"},\"status\":404}");
    CU_ASSERT_EQUAL(inproc_search(&es, "q=sparrows"), 200);
    CU_ASSERT_EQUAL(metrics_value(es.ctx.metrics, &search_counters[SEARCH_COUNT_FALLBACKS]), 1);
    harness_release(&es);
    fake_http_stop(f);
}

/* A _bulk answer with one item per action (an index line is followed by
 * its source line, a delete is alone); the first item of the first request
 * is refused (a mapping error) when refuse_first is set. A delete finds
 * nothing (404 not_found) when delete_missing is set. Every action is
 * noted in es_seen, one "index <id>" or "delete <id>" line each. */
static bool refuse_first, delete_missing;
static const char *refuse_id; /* and every item of this id while set */
static struct buf es_seen;

static void item(struct buf *b, const char *action, const char *id, int n)
{
    if ((n == 0 && refuse_first) || (refuse_id && strcmp(id, refuse_id) == 0))
        buf_printf(b,
                   "{\"%s\":{\"_index\":\"events\",\"_id\":\"%s\",\"status\":400,"
                   "\"error\":{\"type\":\"document_parsing_exception\",\"reason\":\"bad\"}}}",
                   action, id);
    else if (strcmp(action, "index") == 0)
        buf_printf(b,
                   "{\"index\":{\"_index\":\"events\",\"_id\":\"%s\",\"_version\":1,"
                   "\"result\":\"created\",\"status\":201}}",
                   id);
    else
        buf_printf(b,
                   "{\"delete\":{\"_index\":\"events\",\"_id\":\"%s\",\"_version\":2,"
                   "\"result\":\"%s\",\"_shards\":{\"total\":2,\"successful\":1,"
                   "\"failed\":0},\"status\":%d}}",
                   id, delete_missing ? "not_found" : "deleted", delete_missing ? 404 : 200);
}

static char *es_fake(const char *line, const char *body, int *status)
{
    struct buf b;
    *status = 200;
    if (strncmp(line, "PUT /events", 11) == 0) {
        *status = 400; /* created by an earlier run */
        return strdup(
            "{\"error\":{\"root_cause\":[],\"type\":\"resource_already_exists_"
            "exception\",\"reason\":\"index [events/x] already exists\"},\"status\":400}");
    }
    buf_init(&b, 0);
    buf_puts(&b, "{\"took\":3,\"errors\":false,\"items\":[");
    int n = 0;
    for (const char *p = body; p && *p; n++) {
        char action[16] = "", id[80] = "";
        sscanf(p, "{\"%15[a-z]\":{\"_index\":\"events\",\"_id\":\"%79[^\"]", action, id);
        const char *nl = strchr(p, '\n'); /* action line */
        if (strcmp(action, "delete") != 0)
            nl = nl ? strchr(nl + 1, '\n') : NULL; /* source line */
        if (n)
            buf_putc(&b, ',');
        item(&b, action, id, n);
        buf_printf(&es_seen, "%s %s\n", action, id);
        p = nl ? nl + 1 : NULL;
    }
    buf_puts(&b, "]}");
    refuse_first = false;
    char *out = strdup(b.data);
    buf_release(&b);
    if (strstr(line, "_bulk") == NULL)
        *status = 404;
    return out;
}

/* A fake Elasticsearch (es_fake) and a configuration that points at it. */
static struct fake_http *es_fake_start(struct config *cfg)
{
    memset(cfg, 0, sizeof(*cfg));
    struct fake_http *f = fake_http_start(200, "{}");
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    fake_http_handler(f, es_fake);
    cfg->elasticsearch_url = fake_http_url(f);
    return f;
}

static void the_index_step_pushes_to_elasticsearch_and_retries(void)
{
    static const struct pg_stmt pending = { "itest_es_pending",
                                            "SELECT count(*) FROM events WHERE search_pending", 0,
                                            0 };
    struct pg_result *r;
    struct search_index_stats st;
    struct config cfg;
    struct fake_http *f = es_fake_start(&cfg);
    CU_ASSERT_EQUAL_FATAL(pg_exec(&DB, &A, &pending, NULL, &r), ST_OK);
    int64_t before = pg_get_i64(r, 0, 0);
    CU_ASSERT_TRUE_FATAL(before > SEARCH_INDEX_BATCH);
    /* one item refused: it stays pending and the run says so */
    refuse_first = true;
    CU_ASSERT_EQUAL(search_index_run(&DB, &cfg, &st), ST_UPSTREAM);
    CU_ASSERT_EQUAL(st.failed, 1);
    CU_ASSERT_EQUAL(st.indexed + st.deleted, before - 1);
    CU_ASSERT_EQUAL_FATAL(pg_exec(&DB, &A, &pending, NULL, &r), ST_OK);
    CU_ASSERT_EQUAL(pg_get_i64(r, 0, 0), 1);
    char *body = NULL, *line = fake_http_last_request(f, &body);
    CU_ASSERT_STRING_EQUAL(line, "POST /_bulk");
    CU_ASSERT_EQUAL(body[strlen(body) - 1], '\n');
    free(line);
    free(body);
    CU_ASSERT_EQUAL(search_index_run(&DB, &cfg, &st), ST_OK);
    CU_ASSERT_EQUAL(st.indexed + st.deleted, 1);
    /* Elasticsearch down: nothing changes */
    fake_http_stop(f);
    cfg.elasticsearch_url = "http://127.0.0.1:9";
    static const struct pg_stmt touch = {
        "itest_es_touch",
        "UPDATE events SET search_pending = true WHERE id IN (SELECT id FROM "
        "events ORDER BY id LIMIT 3)",
        0, 0
    };
    CU_ASSERT_EQUAL(pg_exec(&DB, &A, &touch, NULL, &r), ST_OK);
    CU_ASSERT_EQUAL(search_index_run(&DB, &cfg, &st), ST_UPSTREAM);
    CU_ASSERT_EQUAL_FATAL(pg_exec(&DB, &A, &pending, NULL, &r), ST_OK);
    CU_ASSERT_EQUAL(pg_get_i64(r, 0, 0), 3);
}

/* ---- an event losing its last session leaves the index ---- */

static const struct pg_stmt event_state = {
    "itest_search_event_state", "SELECT session_count, search_pending FROM events WHERE id = $1", 1,
    0
};

/* Puts the extracted row and syncs it; the id of its event (arena), which
 * has that one session and waits for the index. */
static const char *put_and_sync(const char *row, const char *name, const char *venue)
{
    struct pg_result *r;
    const char *id = itest_put_and_sync(&DB, &A, row, name, venue);
    const char *p[] = { id };
    CU_ASSERT_EQUAL_FATAL(pg_exec(&DB, &A, &event_state, p, &r), ST_OK);
    CU_ASSERT_EQUAL_FATAL(pg_nrows(r), 1);
    CU_ASSERT_EQUAL(pg_get_i64(r, 0, 0), 1);
    CU_ASSERT_STRING_EQUAL(pg_get(r, 0, 1), "t");
    return id;
}

static bool seen(const char *action, const char *id)
{
    return strstr(es_seen.data, arena_printf(&A, "%s %s\n", action, id)) != NULL;
}

static void an_event_without_sessions_leaves_the_index(void)
{
    struct search_index_stats st;
    struct pg_result *r;
    struct config cfg;
    struct fake_http *f = es_fake_start(&cfg);
    const char *old = put_and_sync("mqdel-s1", "Marquee Leaving Probe", "Probe Hall");
    buf_reset(&es_seen);
    CU_ASSERT_EQUAL(search_index_run(&DB, &cfg, &st), ST_OK);
    CU_ASSERT_TRUE(seen("index", old));
    /* the session moves to a renamed event: the old one has none */
    const char *moved = put_and_sync("mqdel-s1", "Marquee Leaving Probe (Moved)", "Probe Hall");
    CU_ASSERT_STRING_NOT_EQUAL(moved, old);
    const char *p[] = { old };
    CU_ASSERT_EQUAL_FATAL(pg_exec(&DB, &A, &event_state, p, &r), ST_OK);
    CU_ASSERT_EQUAL(pg_get_i64(r, 0, 0), 0);
    CU_ASSERT_STRING_EQUAL(pg_get(r, 0, 1), "t");
    /* Elasticsearch down: the delete stays pending, the run says so */
    cfg.elasticsearch_url = "http://127.0.0.1:9";
    CU_ASSERT_EQUAL(search_index_run(&DB, &cfg, &st), ST_UPSTREAM);
    CU_ASSERT_EQUAL_FATAL(pg_exec(&DB, &A, &event_state, p, &r), ST_OK);
    CU_ASSERT_STRING_EQUAL(pg_get(r, 0, 1), "t");
    /* the delete item refused: still pending */
    cfg.elasticsearch_url = fake_http_url(f);
    buf_reset(&es_seen);
    refuse_id = old;
    CU_ASSERT_EQUAL(search_index_run(&DB, &cfg, &st), ST_UPSTREAM);
    refuse_id = NULL;
    CU_ASSERT_EQUAL(st.failed, 1);
    CU_ASSERT_TRUE(seen("delete", old));
    CU_ASSERT_TRUE(seen("index", moved));
    CU_ASSERT_FALSE(seen("index", old));
    CU_ASSERT_EQUAL_FATAL(pg_exec(&DB, &A, &event_state, p, &r), ST_OK);
    CU_ASSERT_STRING_EQUAL(pg_get(r, 0, 1), "t");
    /* back: the next run deletes it; a document already gone counts */
    buf_reset(&es_seen);
    delete_missing = true;
    CU_ASSERT_EQUAL(search_index_run(&DB, &cfg, &st), ST_OK);
    delete_missing = false;
    CU_ASSERT_TRUE(seen("delete", old));
    CU_ASSERT_TRUE(st.deleted >= 1);
    CU_ASSERT_EQUAL(st.failed, 0);
    CU_ASSERT_EQUAL_FATAL(pg_exec(&DB, &A, &event_state, p, &r), ST_OK);
    CU_ASSERT_STRING_EQUAL(pg_get(r, 0, 1), "f");
    /* nothing left to do */
    buf_reset(&es_seen);
    CU_ASSERT_EQUAL(search_index_run(&DB, &cfg, &st), ST_OK);
    CU_ASSERT_FALSE(seen("delete", old));
    fake_http_stop(f);
}

/* A misspelling only the recorded pages' words resolve, asked with a limit
 * (so a cache key) not asked before, until WORKERS_STREAK answers in a row
 * find its event: every worker has reloaded its dictionary. */
#define WORKERS_STREAK 12
struct dict_poll {
    int limit, streak;
};

static bool every_worker_knows_the_new_words(void *arg)
{
    struct dict_poll *p = arg;
    long status;
    struct json_object *o =
        search("torotno raptors celtics", arena_printf(&A, "&limit=%d", p->limit++), &status);
    bool found =
        status == 200 &&
        has_event(json_path(o, "items"), "Toronto Raptors vs Boston Celtics", "Scotiabank Arena");
    p->streak = found ? p->streak + 1 : 0;
    return p->streak >= WORKERS_STREAK;
}

static int setup(void)
{
    struct sync_stats st;
    struct dict_poll poll = { 15, 0 };
    arena_init(&A, 0);
    buf_init(&es_seen, 0);
    pg_init(&DB, itest_database_url(), 5, 60000, "itest-search");
    /* the recorded pages were ingested by the ingest suite: make them events */
    if (sync_run(&DB, 500, &st, NULL, NULL) != ST_OK ||
        pg_exec_sql(&DB, "ANALYZE events") != ST_OK) /* the dictionary reads its size */
        return -1;
    /* A worker's dictionary is at most SEARCH_DICT_CHECK_MS stale
     * (search_dict.h): within that bound (plus the polls' own time) every
     * worker finds the new words. Limits 15..100 are never asked twice. */
    if (!itest_poll(every_worker_knows_the_new_words, &poll, SEARCH_DICT_CHECK_MS + 2500, 60)) {
        fprintf(stderr, "search: workers did not reload their dictionary within %d ms\n",
                SEARCH_DICT_CHECK_MS + 2500);
        return -1;
    }
    return 0;
}

static int teardown(void)
{
    pg_release(&DB);
    buf_release(&es_seen);
    arena_release(&A);
    return 0;
}

int suite_search_api(void)
{
    static const struct itest_case cases[] = {
        { "every query of tests/data/search_queries.tsv finds its event",
          every_query_of_the_table_finds_its_event },
        { "misspellings derived from real names are found",
          derived_misspellings_of_real_names_are_found },
        { "bad input is 400 naming the field", bad_input_is_400_naming_the_field },
        { "pages follow the cursor without gaps or repeats",
          pages_follow_the_cursor_without_gaps_or_repeats },
        { "filters by genre and range", filters_by_genre_and_range },
        { "health reports search and vectors", health_reports_search_and_vectors },
        { "the index and table-scan plans give the same answer", both_plans_give_the_same_answer },
        { "candidates are the first matches in table order, whatever the planner's costs",
          candidates_are_the_first_matches_in_table_order },
        { "elasticsearch down: postgres answers, the fallback is counted",
          es_down_falls_back_to_postgres_and_counts_it },
        { "elasticsearch answers render like postgres ones", es_answers_render_like_postgres },
        { "the index step pushes to elasticsearch, and retries what failed",
          the_index_step_pushes_to_elasticsearch_and_retries },
        { "an event that loses its last session leaves the index, also after an outage",
          an_event_without_sessions_leaves_the_index },
        { NULL, NULL },
    };
    return itest_register("search (api)", cases, setup, teardown);
}
