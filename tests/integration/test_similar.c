/*
 * GET /api/events/{id}/similar through nginx over the test stack's
 * vectors (computed by marquee-sync with the built-in embedder), bad
 * input, and in-process: Qdrant (a fake server, or a closed port) with its
 * fallback, and the vector step of marquee-sync pushing to Qdrant.
 */
#include "config.h"
#include "core/common.h"
#include "tests/integration/itest.h"
#include "tests/integration/itest_db.h"
#include "app/recs/recs.h"
#include "app/recs/vectors.h"
#include "app/recs/vectors_sync.h"
#include "app/routes.h"
#include "app/sync/sync.h"
#include "core/conf.h"
#include "infra/json.h"
#include "infra/pg.h"
#include "infra/qdrant.h"
#include "server/metrics.h"
#include "server/response.h"
#include "server/router.h"
#include "server/worker.h"
#include "tests/harness/harness.h"
#include "tests/integration/fake_http.h"

#include <json-c/json.h>
#include <unistd.h>

static struct pg DB;
static struct arena A;
static struct config CFG;

static const struct pg_stmt some_events = {
    "itest_similar_events",
    "SELECT e.id, e.genre FROM events e JOIN event_vectors v ON v.event_id = e.id "
    "WHERE e.genre IS NOT NULL ORDER BY md5(e.id) LIMIT 12",
    0, PG_READONLY
};

static struct pg_result *events_with_vectors(void)
{
    struct pg_result *r;
    CU_ASSERT_EQUAL_FATAL(pg_exec(&DB, &A, &some_events, NULL, &r), ST_OK);
    CU_ASSERT_EQUAL_FATAL(pg_nrows(r), 12);
    return r;
}

/* Checks the invariants of an answer; returns the items. */
static struct json_object *check_answer(struct json_object *o, const char *id, const char *genre,
                                        size_t max)
{
    struct json_object *items = json_path(o, "items");
    double prev = 2;
    CU_ASSERT_TRUE(json_arr_len(items) <= max);
    for (size_t i = 0; i < json_arr_len(items); i++) {
        struct json_object *it = json_arr_get(items, i);
        const char *other = json_path_str(it, "event.id");
        double score = -2;
        CU_ASSERT_PTR_NOT_NULL_FATAL(other);
        CU_ASSERT_STRING_NOT_EQUAL(other, id);
        CU_ASSERT_TRUE(json_path_num(it, "score", &score) && score <= prev + 1e-9);
        prev = score;
        for (size_t k = 0; k < i; k++)
            CU_ASSERT_STRING_NOT_EQUAL(other, json_path_str(json_arr_get(items, k), "event.id"));
        if (genre)
            CU_ASSERT_STRING_EQUAL(json_path_str(it, "event.genre"), genre);
        CU_ASSERT_TRUE(json_object_object_get_ex(json_path(it, "event"), "nextSession", NULL));
    }
    return items;
}

static void similar_are_best_first_same_genre_never_itself(void)
{
    struct pg_result *r = events_with_vectors();
    size_t nonempty = 0;
    for (int i = 0; i < pg_nrows(r); i++) {
        long status;
        const char *id = pg_get(r, i, 0);
        struct json_object *o =
            http_get_json(&A, arena_printf(&A, "/api/events/%s/similar?limit=20", id), &status);
        CU_ASSERT_EQUAL(status, 200);
        if (json_arr_len(check_answer(o, id, pg_get(r, i, 1), 20)) > 0)
            nonempty++;
        o = http_get_json(&A, arena_printf(&A, "/api/events/%s/similar", id), &status);
        CU_ASSERT_EQUAL(status, 200);
        check_answer(o, id, pg_get(r, i, 1), 4); /* default limit 4 */
    }
    CU_ASSERT_TRUE(nonempty >= 10);
}

static void any_genre_scores_at_least_as_high(void)
{
    struct pg_result *r = events_with_vectors();
    for (int i = 0; i < 4; i++) {
        long s1, s2;
        const char *id = pg_get(r, i, 0);
        struct json_object *same =
            http_get_json(&A, arena_printf(&A, "/api/events/%s/similar?limit=5", id), &s1);
        struct json_object *any = http_get_json(
            &A, arena_printf(&A, "/api/events/%s/similar?limit=5&sameGenre=false", id), &s2);
        CU_ASSERT_TRUE(s1 == 200 && s2 == 200);
        check_answer(any, id, NULL, 5);
        double a = 0, b = 0;
        if (json_path_num(json_arr_get(json_path(same, "items"), 0), "score", &a) &&
            json_path_num(json_arr_get(json_path(any, "items"), 0), "score", &b))
            CU_ASSERT_TRUE(b >= a - 1e-9);
    }
}

static void bad_input_is_400_or_404(void)
{
    struct pg_result *r = events_with_vectors();
    const char *id = pg_get(r, 0, 0);
    long status;
    http_get_json(
        &A, "/api/events/0000000000000000000000000000000000000000000000000000000000000000/similar",
        &status);
    CU_ASSERT_EQUAL(status, 404);
    http_get_json(&A, "/api/events/nope/similar", &status);
    CU_ASSERT_EQUAL(status, 404);
    assert_400_field(arena_printf(&A, "/api/events/%s/similar?limit=0", id), "limit");
    assert_400_field(arena_printf(&A, "/api/events/%s/similar?limit=21", id), "limit");
    assert_400_field(arena_printf(&A, "/api/events/%s/similar?limit=x", id), "limit");
    assert_400_field(arena_printf(&A, "/api/events/%s/similar?sameGenre=maybe", id), "sameGenre");
    struct http_resp resp;
    http_request("POST", arena_printf(&A, "/api/events/%s/similar", id), NULL, 0, &resp);
    CU_ASSERT_EQUAL(resp.status, 405);
    http_resp_release(&resp);
}

/* Polls GET /api/events/{id}/similar under cache keys never asked before
 * (limit 6..20, sameGenre absent, true or 1: 45 spellings of one question)
 * until WORKERS_STREAK answers in a row satisfy want: every worker has
 * reloaded its vectors. */
#define WORKERS_STREAK 12
struct reload_poll {
    const char *id, *was; /* the first item before the change, as JSON */
    bool (*want)(struct reload_poll *p, struct json_object *items);
    int asked, streak;
};

static bool answered(void *arg)
{
    static const char *const same[] = { "", "&sameGenre=true", "&sameGenre=1" };
    struct reload_poll *p = arg;
    long status;
    int k = p->asked++;
    struct json_object *o = http_get_json(
        &A, arena_printf(&A, "/api/events/%s/similar?limit=%d%s", p->id, 6 + k / 3, same[k % 3]),
        &status);
    p->streak = status == 200 && p->want(p, json_path(o, "items")) ? p->streak + 1 : 0;
    return p->streak >= WORKERS_STREAK || k + 1 == 45;
}

/* The bound under test: a worker's vectors are at most VECTORS_CHECK_MS
 * stale (vectors.h); the polls add their own time. */
static bool every_worker_answers(struct reload_poll *p)
{
    return itest_poll(answered, p, VECTORS_CHECK_MS + 2500, 100) && p->streak >= WORKERS_STREAK;
}

static bool first_item_changed(struct reload_poll *p, struct json_object *items)
{
    return json_arr_len(items) > 0 &&
           strcmp(json_text(json_arr_get(items, 0), &(size_t){ 0 }), p->was) != 0;
}

/* A changed text gets a new vector, which the workers pick up. */
static void a_changed_event_is_embedded_again_and_reloaded(void)
{
    static const struct pg_stmt touch = {
        "itest_similar_touch",
        "UPDATE events SET description = 'quiet acoustic evening ' || md5(random()::text), "
        "vector_pending = true WHERE id = $1",
        1, 0
    };
    static const struct pg_stmt seq_of = { "itest_similar_seq",
                                           "SELECT seq FROM event_vectors WHERE event_id = $1", 1,
                                           0 };
    struct pg_result *r = events_with_vectors(), *x;
    const char *id = arena_strdup(&A, pg_get(r, 0, 0));
    const char *p[] = { id };
    long status;
    struct json_object *before =
        http_get_json(&A, arena_printf(&A, "/api/events/%s/similar?limit=5", id), &status);
    CU_ASSERT_TRUE_FATAL(json_arr_len(json_path(before, "items")) > 0);
    struct reload_poll poll = {
        .id = id,
        .was = arena_strdup(&A,
                            json_text(json_arr_get(json_path(before, "items"), 0), &(size_t){ 0 })),
        .want = first_item_changed,
    };
    CU_ASSERT_EQUAL_FATAL(pg_exec(&DB, &A, &seq_of, p, &x), ST_OK);
    int64_t seq = pg_get_i64(x, 0, 0);
    CU_ASSERT_EQUAL_FATAL(pg_exec(&DB, &A, &touch, p, &x), ST_OK);
    struct vectors_sync_stats st;
    CU_ASSERT_EQUAL_FATAL(vectors_sync_run(&DB, &CFG, &st), ST_OK);
    CU_ASSERT_EQUAL(st.embedded, 1);
    CU_ASSERT_EQUAL_FATAL(pg_exec(&DB, &A, &seq_of, p, &x), ST_OK);
    CU_ASSERT_TRUE(pg_get_i64(x, 0, 0) > seq);
    /* every worker answers with the new vector (new cache keys: marquee-sync
     * would have made the cached answers stale, vectors_sync_run alone does not) */
    CU_ASSERT_TRUE(every_worker_answers(&poll));
    /* nothing changed: nothing embedded */
    CU_ASSERT_EQUAL(vectors_sync_run(&DB, &CFG, &st), ST_OK);
    CU_ASSERT_EQUAL(st.embedded, 0);
}

/* ---- in-process: Qdrant and its fallback ---- */

static void inproc_init(struct harness *h, const char *qdrant_url)
{
    struct config cfg = { .qdrant_url = qdrant_url, .search_timeout_ms = 1000 };
    harness_init(h, &cfg, itest_database_url(), "itest-similar");
}

static int inproc_similar(struct harness *h, const char *id, const char *query)
{
    const char *params[] = { id, NULL };
    return harness_call(h, &recs_routes[0], "/api/events/{id}/similar", query, params);
}

static void qdrant_down_falls_back_in_process(void)
{
    struct pg_result *r = events_with_vectors();
    struct harness mem, qd;
    const char *id = pg_get(r, 1, 0);
    inproc_init(&mem, NULL);
    inproc_init(&qd, "http://127.0.0.1:9");
    CU_ASSERT_EQUAL(inproc_similar(&mem, id, "limit=6"), 200);
    char *want = strdup(mem.res.body.data);
    CU_ASSERT_EQUAL(inproc_similar(&qd, id, "limit=6"), 200);
    CU_ASSERT_STRING_EQUAL(qd.res.body.data, want);
    CU_ASSERT_EQUAL(metrics_value(qd.ctx.metrics, &recs_counters[RECS_COUNT_FALLBACKS]), 1);
    struct buf out;
    buf_init(&out, 0);
    metrics_render(qd.ctx.metrics, qd.ctx.routes, &out);
    CU_ASSERT_PTR_NOT_NULL(strstr(out.data, "marquee_vectors_fallbacks_total 1\n"));
    buf_release(&out);
    free(want);
    harness_release(&mem);
    harness_release(&qd);
}

static void qdrant_answers_without_itself_or_duplicates(void)
{
    struct pg_result *r = events_with_vectors();
    const char *id = pg_get(r, 2, 0), *a = pg_get(r, 3, 0), *b = pg_get(r, 4, 0);
    const char *answer = arena_printf(
        &A,
        "{\"result\":{\"points\":[{\"id\":1,\"version\":1,\"score\":0.9,\"payload\":{\"eventId\":"
        "\"%s\"}},{\"id\":2,\"version\":1,\"score\":0.8,\"payload\":{\"eventId\":\"%s\"}},"
        "{\"id\":2,\"version\":1,\"score\":0.8,\"payload\":{\"eventId\":\"%s\"}},"
        "{\"id\":3,\"version\":1,\"score\":0.7,\"payload\":{\"eventId\":\"%s\"}}]},"
        "\"status\":\"ok\",\"time\":0.001}",
        a, id, a, b);
    struct fake_http *f = fake_http_start(200, answer);
    struct harness qd;
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    inproc_init(&qd, fake_http_url(f));
    CU_ASSERT_EQUAL(inproc_similar(&qd, id, "limit=3&sameGenre=false"), 200);
    char *body = NULL, *line = fake_http_last_request(f, &body);
    CU_ASSERT_STRING_EQUAL(line, "POST /collections/events/points/query");
    struct json_object *sent = json_parse(&A, body, strlen(body), (char[64]){ 0 }, 64);
    CU_ASSERT_PTR_NULL(json_path(sent, "filter.must"));
    double limit = 0;
    CU_ASSERT_TRUE(json_path_num(sent, "limit", &limit) && limit == 3);
    struct json_object *got =
        json_parse(&A, qd.res.body.data, qd.res.body.len, (char[64]){ 0 }, 64);
    struct json_object *items = check_answer(got, id, NULL, 3);
    CU_ASSERT_EQUAL(json_arr_len(items), 2);
    CU_ASSERT_STRING_EQUAL(json_path_str(json_arr_get(items, 0), "event.id"), a);
    CU_ASSERT_STRING_EQUAL(json_path_str(json_arr_get(items, 1), "event.id"), b);
    /* a point Qdrant does not have: nothing similar, not an error */
    fake_http_answer(f, 404,
                     "{\"status\":{\"error\":\"Not found: No point with id x found\"},"
                     "\"time\":0.0001}");
    CU_ASSERT_EQUAL(inproc_similar(&qd, id, "limit=3"), 200);
    CU_ASSERT_PTR_NOT_NULL(strstr(qd.res.body.data, "{\"items\":[]}"));
    CU_ASSERT_EQUAL(metrics_value(qd.ctx.metrics, &recs_counters[RECS_COUNT_FALLBACKS]), 0);
    free(line);
    free(body);
    harness_release(&qd);
    fake_http_stop(f);
}

/* The body of the last upsert (malloc'd). */
static char *last_upsert;

static char *qdrant_ok(const char *line, const char *body, int *status)
{
    *status = 200;
    if (strcmp(line, "PUT /collections/events/points?wait=true") == 0) {
        free(last_upsert);
        last_upsert = strdup(body);
    }
    if (strncmp(line, "PUT /collections/events/points", 30) == 0 ||
        strncmp(line, "POST /collections/events/points/delete", 38) == 0)
        return strdup("{\"result\":{\"operation_id\":7,\"status\":\"completed\"},\"status\":\"ok\","
                      "\"time\":0.001}");
    return strdup("{\"result\":true,\"status\":\"ok\",\"time\":0.03}");
}

static void the_vector_step_pushes_to_qdrant_and_retries(void)
{
    static const struct pg_stmt pending = {
        "itest_qdrant_pending", "SELECT count(*) FROM event_vectors WHERE qdrant_pending", 0, 0
    };
    struct pg_result *r;
    struct vectors_sync_stats st;
    struct config cfg = CFG;
    struct fake_http *f = fake_http_start(503, "{\"status\":{\"error\":\"Service internal error: "
                                               "down\"},\"time\":0.0}");
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    cfg.qdrant_url = fake_http_url(f);
    CU_ASSERT_EQUAL_FATAL(pg_exec(&DB, &A, &pending, NULL, &r), ST_OK);
    int64_t before = pg_get_i64(r, 0, 0);
    CU_ASSERT_TRUE(before > 0);
    /* down: the run fails, nothing is lost */
    CU_ASSERT_EQUAL(vectors_sync_run(&DB, &cfg, &st), ST_UPSTREAM);
    CU_ASSERT_EQUAL_FATAL(pg_exec(&DB, &A, &pending, NULL, &r), ST_OK);
    CU_ASSERT_EQUAL(pg_get_i64(r, 0, 0), before);
    /* back: everything is pushed (or, without sessions, deleted), once */
    fake_http_handler(f, qdrant_ok);
    CU_ASSERT_EQUAL(vectors_sync_run(&DB, &cfg, &st), ST_OK);
    CU_ASSERT_EQUAL(st.pushed + st.deleted, before);
    CU_ASSERT_TRUE(st.pushed > 0);
    CU_ASSERT_EQUAL_FATAL(pg_exec(&DB, &A, &pending, NULL, &r), ST_OK);
    CU_ASSERT_EQUAL(pg_get_i64(r, 0, 0), 0);
    CU_ASSERT_PTR_NOT_NULL_FATAL(last_upsert);
    struct json_object *sent =
        json_parse(&A, last_upsert, strlen(last_upsert), (char[64]){ 0 }, 64);
    struct json_object *p0 = json_arr_get(json_path(sent, "points"), 0);
    CU_ASSERT_EQUAL(json_arr_len(json_path(p0, "vector")), 384);
    CU_ASSERT_EQUAL(strlen(json_path_str(p0, "id") ? json_path_str(p0, "id") : ""), 36);
    CU_ASSERT_PTR_NOT_NULL(json_path_str(p0, "payload.eventId"));
    CU_ASSERT_EQUAL(vectors_sync_run(&DB, &cfg, &st), ST_OK);
    CU_ASSERT_EQUAL(st.pushed + st.deleted, 0);
    fake_http_stop(f);
}

/* ---- an event losing its last session leaves Qdrant and the store ---- */

static const struct pg_stmt vector_state = {
    "itest_similar_vector_state",
    "SELECT v.live, v.qdrant_pending, e.session_count FROM event_vectors v "
    "JOIN events e ON e.id = v.event_id WHERE v.event_id = $1",
    1, 0
};

/* Every Qdrant update: its request line, then the eventIds upserted or the
 * point ids deleted, one line each. */
static struct buf qd_seen;

static char *qdrant_recording(const char *line, const char *body, int *status)
{
    const char *key = strstr(line, "/points/delete") ? "\"points\":[" : "\"eventId\":\"";
    if (strncmp(line, "PUT /collections/events/points", 30) == 0 ||
        strstr(line, "/points/delete")) {
        buf_puts(&qd_seen, line);
        for (const char *p = strstr(body, key); p; p = strstr(p, key)) {
            p += strlen(key);
            size_t n = strcspn(p, "]");
            buf_printf(&qd_seen, " %.*s", (int)n, p);
        }
        buf_putc(&qd_seen, '\n');
    }
    return qdrant_ok(line, body, status);
}

static const char *put_and_sync(const char *row, const char *name, const char *venue)
{
    return itest_put_and_sync(&DB, &A, row, name, venue);
}

/* "live qdrant_pending session_count" of the event's vector. */
static const char *vector_of(const char *id)
{
    struct pg_result *r;
    const char *p[] = { id };
    CU_ASSERT_EQUAL_FATAL(pg_exec(&DB, &A, &vector_state, p, &r), ST_OK);
    CU_ASSERT_EQUAL_FATAL(pg_nrows(r), 1);
    return arena_printf(&A, "%s %s %s", pg_get(r, 0, 0), pg_get(r, 0, 1), pg_get(r, 0, 2));
}

static bool answers_hold(struct harness *p, const char *id, const char *other)
{
    CU_ASSERT_EQUAL(inproc_similar(p, id, "limit=20&sameGenre=false"), 200);
    return strstr(p->res.body.data, other) != NULL;
}

/* The in-process worker's answers for stay hold leave (or not): it
 * reloads its vectors at its next check (VECTORS_CHECK_MS). */
struct twins {
    struct harness *p;
    const char *stay, *leave;
    bool held;
};

static bool twins_hold(void *arg)
{
    const struct twins *t = arg;
    return answers_hold(t->p, t->stay, t->leave) == t->held;
}

static void an_event_without_sessions_leaves_qdrant_and_the_store(void)
{
    struct vectors_sync_stats st;
    struct config cfg = CFG;
    struct harness mem;
    char point[UUID_STR_LEN];
    struct fake_http *f = fake_http_start(200, "{}");
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    fake_http_handler(f, qdrant_recording);
    cfg.qdrant_url = fake_http_url(f);
    inproc_init(&mem, NULL);
    /* twins: each is the other's nearest event */
    const char *stay =
        put_and_sync("mqdel-v1", "Marquee Twin Lantern Parade", "Lantern Hall North");
    const char *leave =
        put_and_sync("mqdel-v2", "Marquee Twin Lantern Parade", "Lantern Hall South");
    buf_reset(&qd_seen);
    CU_ASSERT_EQUAL_FATAL(vectors_sync_run(&DB, &cfg, &st), ST_OK);
    CU_ASSERT_PTR_NOT_NULL(strstr(qd_seen.data, leave));
    CU_ASSERT_STRING_EQUAL(vector_of(leave), "t f 1");
    CU_ASSERT_TRUE(itest_poll(twins_hold, &(struct twins){ &mem, stay, leave, true },
                              3 * VECTORS_CHECK_MS, 50));
    /* its session moves to an unrelated, renamed event */
    CU_ASSERT_STRING_NOT_EQUAL(put_and_sync("mqdel-v2", "Quiet Chess Open", "Harbour Club"), leave);
    /* Qdrant down: the vector is marked, the delete stays pending */
    cfg.qdrant_url = "http://127.0.0.1:9";
    CU_ASSERT_EQUAL(vectors_sync_run(&DB, &cfg, &st), ST_UPSTREAM);
    CU_ASSERT_EQUAL(st.relived, 1);
    CU_ASSERT_STRING_EQUAL(vector_of(leave), "f t 0");
    /* the workers drop it at once: Qdrant plays no part in that */
    CU_ASSERT_TRUE(itest_poll(twins_hold, &(struct twins){ &mem, stay, leave, false },
                              3 * VECTORS_CHECK_MS, 50));
    CU_ASSERT_EQUAL(inproc_similar(&mem, leave, "limit=5&sameGenre=false"), 200);
    CU_ASSERT_PTR_NOT_NULL(strstr(mem.res.body.data, "{\"items\":[]}"));
    /* back: the next run deletes its point, and only that */
    cfg.qdrant_url = fake_http_url(f);
    buf_reset(&qd_seen);
    CU_ASSERT_EQUAL(vectors_sync_run(&DB, &cfg, &st), ST_OK);
    CU_ASSERT_EQUAL(st.deleted, 1);
    qdrant_point_id(leave, point);
    CU_ASSERT_PTR_NOT_NULL(strstr(
        qd_seen.data,
        arena_printf(&A, "POST /collections/events/points/delete?wait=true \"%s\"\n", point)));
    CU_ASSERT_PTR_NULL(strstr(qd_seen.data, leave)); /* not upserted */
    CU_ASSERT_STRING_EQUAL(vector_of(leave), "f f 0");
    buf_reset(&qd_seen);
    CU_ASSERT_EQUAL(vectors_sync_run(&DB, &cfg, &st), ST_OK);
    CU_ASSERT_EQUAL(st.deleted, 0);
    /* sessions again: pushed again, and an answer again */
    CU_ASSERT_STRING_EQUAL(
        put_and_sync("mqdel-v2", "Marquee Twin Lantern Parade", "Lantern Hall South"), leave);
    buf_reset(&qd_seen);
    CU_ASSERT_EQUAL(vectors_sync_run(&DB, &cfg, &st), ST_OK);
    CU_ASSERT_EQUAL(st.relived, 2); /* it, and the chess event it took the session back from */
    CU_ASSERT_EQUAL(st.deleted, 1);
    CU_ASSERT_PTR_NOT_NULL(strstr(qd_seen.data, leave));
    CU_ASSERT_STRING_EQUAL(vector_of(leave), "t f 1");
    CU_ASSERT_TRUE(itest_poll(twins_hold, &(struct twins){ &mem, stay, leave, true },
                              3 * VECTORS_CHECK_MS, 50));
    harness_release(&mem);
    fake_http_stop(f);
}

/* The event embedded last that has others of its genre to be similar to. */
static const struct pg_stmt latest_embedded = {
    "itest_similar_latest",
    "SELECT v.event_id FROM event_vectors v JOIN events e ON e.id = v.event_id "
    "WHERE e.session_count > 0 AND EXISTS (SELECT 1 FROM event_vectors w JOIN events f "
    "ON f.id = w.event_id WHERE f.genre = e.genre AND f.id <> e.id AND f.session_count > 0) "
    "ORDER BY v.seq DESC LIMIT 1",
    0, PG_READONLY
};

static bool has_items(struct reload_poll *p, struct json_object *items)
{
    (void)p;
    return json_arr_len(items) > 0;
}

static int setup(void)
{
    struct sync_stats st;
    struct sync_backend_stats bs;
    char err[256];
    arena_init(&A, 0);
    buf_init(&qd_seen, 0);
    pg_init(&DB, itest_database_url(), 5, 60000, "itest-similar");
    if (config_load(&CFG, err, sizeof(err)) != 0)
        return -1;
    CFG.elasticsearch_url = NULL;
    CFG.qdrant_url = NULL;
    if (sync_run(&DB, 500, &st, NULL, NULL) != ST_OK || sync_backends(&DB, &CFG, &bs) != ST_OK)
        return -1;
    /* Every worker sees the new vectors within VECTORS_CHECK_MS (vectors.h):
     * the latest embedded event has similar events in every worker. */
    struct pg_result *r;
    if (pg_exec(&DB, &A, &latest_embedded, NULL, &r) != ST_OK || pg_nrows(r) != 1)
        return -1;
    struct reload_poll poll = { .id = arena_strdup(&A, pg_get(r, 0, 0)), .want = has_items };
    if (!every_worker_answers(&poll)) {
        fprintf(stderr, "similar: workers did not load the new vectors within %d ms\n",
                VECTORS_CHECK_MS + 2500);
        return -1;
    }
    return 0;
}

static int teardown(void)
{
    pg_release(&DB);
    buf_release(&qd_seen);
    free(last_upsert);
    arena_release(&A);
    return 0;
}

int suite_similar_api(void)
{
    static const struct itest_case cases[] = {
        { "similar events: best first, same genre, never itself, no duplicates",
          similar_are_best_first_same_genre_never_itself },
        { "sameGenre=false scores at least as high", any_genre_scores_at_least_as_high },
        { "bad input is 400 naming the field, unknown events 404", bad_input_is_400_or_404 },
        { "a changed event is embedded again and the workers reload it",
          a_changed_event_is_embedded_again_and_reloaded },
        { "qdrant down: the in-process store answers, the fallback is counted",
          qdrant_down_falls_back_in_process },
        { "qdrant answers lose the event itself and duplicates",
          qdrant_answers_without_itself_or_duplicates },
        { "the vector step pushes to qdrant, and retries what failed",
          the_vector_step_pushes_to_qdrant_and_retries },
        { "an event that loses its last session leaves qdrant and the store, also after an outage",
          an_event_without_sessions_leaves_qdrant_and_the_store },
        { NULL, NULL },
    };
    return itest_register("similar (api)", cases, setup, teardown);
}
