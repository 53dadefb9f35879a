/*
 * Favorites through nginx (spec/API.md, "Favorites"): the owner guard,
 * idempotent PUT and DELETE, the list, and favoriteCount following the
 * rows exactly, also under concurrent changes.
 */
#include "config.h"
#include "core/common.h"
#include "tests/integration/itest_session.h"
#include "infra/json.h"
#include "infra/pg.h"

#include <pthread.h>

static struct arena A;
static char EVENTS[3][65]; /* upcoming events of the test data */

static long as(const struct itest_user *u, enum itest_auth how, const char *method,
               const char *path, struct json_object **o)
{
    struct http_resp r;
    itest_as(u, how, method, path, NULL, &r);
    if (o)
        *o = itest_json(&A, &r);
    long st = r.status;
    http_resp_release(&r);
    return st;
}

static const char *fav_path(const struct itest_user *owner, const char *event)
{
    return event ? arena_printf(&A, "/api/users/%s/favorites/%s", owner->id, event)
                 : arena_printf(&A, "/api/users/%s/favorites", owner->id);
}

static int64_t favorite_count(const char *event)
{
    long st;
    double n = -1;
    struct json_object *o = http_get_json(&A, arena_printf(&A, "/api/events/%s", event), &st);
    CU_ASSERT_EQUAL(st, 200);
    json_path_num(o, "favoriteCount", &n);
    return (int64_t)n;
}

static void only_the_owner_may_touch_favorites(void)
{
    struct itest_user a, b;
    CU_ASSERT_TRUE_FATAL(itest_new_user("it_own", &a));
    CU_ASSERT_TRUE_FATAL(itest_new_user("it_oth", &b));
    CU_ASSERT_EQUAL(as(&a, AS_BEARER, "GET", fav_path(&b, NULL), NULL), 403);
    CU_ASSERT_EQUAL(as(&a, AS_BEARER, "PUT", fav_path(&b, EVENTS[0]), NULL), 403);
    CU_ASSERT_EQUAL(as(&a, AS_COOKIE, "DELETE", fav_path(&b, NULL), NULL), 403);
    CU_ASSERT_EQUAL(as(&a, AS_BEARER, "GET", fav_path(&b, EVENTS[0]), NULL), 403);
    CU_ASSERT_EQUAL(as(&a, AS_NOBODY, "GET", fav_path(&a, NULL), NULL), 401);
    CU_ASSERT_EQUAL(as(&a, AS_NOBODY, "PUT", fav_path(&a, EVENTS[0]), NULL), 401);
    /* Cookie sessions need CSRF on PUT and DELETE. */
    CU_ASSERT_EQUAL(as(&a, AS_COOKIE_NO_CSRF, "PUT", fav_path(&a, EVENTS[0]), NULL), 403);
    CU_ASSERT_EQUAL(as(&a, AS_COOKIE, "PUT", fav_path(&a, EVENTS[0]), NULL), 204);
    CU_ASSERT_EQUAL(as(&a, AS_COOKIE, "DELETE", fav_path(&a, NULL), NULL), 204);
}

static void put_get_list_delete(void)
{
    struct itest_user u;
    struct json_object *o;
    CU_ASSERT_TRUE_FATAL(itest_new_user("it_fav", &u));
    int64_t before = favorite_count(EVENTS[0]);

    CU_ASSERT_EQUAL(as(&u, AS_BEARER, "GET", fav_path(&u, EVENTS[0]), &o), 200);
    CU_ASSERT_FALSE(json_path_bool(o, "favorite", true));
    CU_ASSERT_EQUAL(as(&u, AS_BEARER, "PUT", fav_path(&u, EVENTS[0]), NULL), 204);
    CU_ASSERT_EQUAL(as(&u, AS_BEARER, "PUT", fav_path(&u, EVENTS[0]), NULL), 204); /* idempotent */
    CU_ASSERT_EQUAL(favorite_count(EVENTS[0]), before + 1);
    CU_ASSERT_EQUAL(as(&u, AS_BEARER, "GET", fav_path(&u, EVENTS[0]), &o), 200);
    CU_ASSERT_TRUE(json_path_bool(o, "favorite", false));
    CU_ASSERT_EQUAL(as(&u, AS_BEARER, "PUT", fav_path(&u, EVENTS[1]), NULL), 204);

    CU_ASSERT_EQUAL(as(&u, AS_BEARER, "GET", fav_path(&u, NULL), &o), 200);
    struct json_object *items = json_path(o, "items");
    CU_ASSERT_EQUAL(json_arr_len(items), 2);
    double total = 0;
    json_path_num(o, "total", &total);
    CU_ASSERT_EQUAL((int)total, 2);
    /* Newest first, each with its event. */
    CU_ASSERT_STRING_EQUAL(json_path_str(json_arr_get(items, 0), "eventId"), EVENTS[1]);
    CU_ASSERT_STRING_EQUAL(json_path_str(json_arr_get(items, 0), "event.id"), EVENTS[1]);
    CU_ASSERT_PTR_NOT_NULL(json_path_str(json_arr_get(items, 0), "createdAt"));
    CU_ASSERT_STRING_EQUAL(json_path_str(json_arr_get(items, 1), "eventId"), EVENTS[0]);
    CU_ASSERT_EQUAL(
        as(&u, AS_BEARER, "GET", arena_printf(&A, "%s?limit=1&offset=1", fav_path(&u, NULL)), &o),
        200);
    CU_ASSERT_EQUAL(json_arr_len(json_path(o, "items")), 1);
    CU_ASSERT_EQUAL(
        as(&u, AS_BEARER, "GET", arena_printf(&A, "%s?limit=0", fav_path(&u, NULL)), NULL), 400);

    CU_ASSERT_EQUAL(as(&u, AS_BEARER, "DELETE", fav_path(&u, EVENTS[0]), NULL), 204);
    CU_ASSERT_EQUAL(as(&u, AS_BEARER, "DELETE", fav_path(&u, EVENTS[0]), NULL), 204); /* absent */
    CU_ASSERT_EQUAL(favorite_count(EVENTS[0]), before);
    CU_ASSERT_EQUAL(as(&u, AS_BEARER, "DELETE", fav_path(&u, NULL), NULL), 204);
    CU_ASSERT_EQUAL(as(&u, AS_BEARER, "GET", fav_path(&u, NULL), &o), 200);
    CU_ASSERT_EQUAL(json_arr_len(json_path(o, "items")), 0);
    json_path_num(o, "total", &total);
    CU_ASSERT_EQUAL((int)total, 0);
}

static void unknown_events_are_404(void)
{
    struct itest_user u;
    struct json_object *o;
    CU_ASSERT_TRUE_FATAL(itest_new_user("it_fav404", &u));
    const char *nothing = "0000000000000000000000000000000000000000000000000000000000000000";
    CU_ASSERT_EQUAL(as(&u, AS_BEARER, "PUT", fav_path(&u, nothing), NULL), 404);
    CU_ASSERT_EQUAL(as(&u, AS_BEARER, "PUT", fav_path(&u, "not-an-id"), NULL), 404);
    CU_ASSERT_EQUAL(as(&u, AS_BEARER, "GET", fav_path(&u, "not-an-id"), &o), 200);
    CU_ASSERT_FALSE(json_path_bool(o, "favorite", true));
    CU_ASSERT_EQUAL(as(&u, AS_BEARER, "DELETE", fav_path(&u, "not-an-id"), NULL), 204);
}

#define TOGGLERS 6

struct toggler {
    pthread_t thread;
    struct itest_user u;
    int failures;
};

static void *toggle(void *arg)
{
    struct toggler *t = arg;
    static const char *const methods[] = { "PUT", "DELETE", "PUT", "PUT", "DELETE", "PUT" };
    for (int i = 0; i < 24; i++) {
        struct http_resp r;
        char path[256];
        snprintf(path, sizeof(path), "/api/users/%s/favorites/%s", t->u.id, EVENTS[i % 3]);
        itest_as(&t->u, AS_BEARER, methods[i % 6], path, NULL, &r);
        t->failures += r.status != 204;
        http_resp_release(&r);
    }
    return NULL;
}

/* favorite_count is maintained in the same transaction as the row, so no
 * interleaving of PUTs and DELETEs can make it drift from count(*). */
static void counts_never_drift_under_concurrency(void)
{
    static const struct pg_stmt drift = {
        "itest_fav_drift",
        "SELECT count(*) FROM events e WHERE e.favorite_count <> "
        "(SELECT count(*) FROM favorites f WHERE f.event_id = e.id)",
        0, PG_READONLY
    };
    struct toggler t[TOGGLERS];
    struct pg db;
    struct pg_result *r;

    for (int i = 0; i < TOGGLERS; i++) {
        memset(&t[i], 0, sizeof(t[i]));
        CU_ASSERT_TRUE_FATAL(itest_new_user("it_tog", &t[i].u));
    }
    for (int i = 0; i < TOGGLERS; i++)
        pthread_create(&t[i].thread, NULL, toggle, &t[i]);
    for (int i = 0; i < TOGGLERS; i++) {
        pthread_join(t[i].thread, NULL);
        CU_ASSERT_EQUAL(t[i].failures, 0);
    }
    pg_init(&db, itest_database_url(), 5, 30000, "itest");
    CU_ASSERT_EQUAL_FATAL(pg_exec(&db, &A, &drift, NULL, &r), ST_OK);
    CU_ASSERT_EQUAL(pg_get_i64(r, 0, 0), 0);
    pg_release(&db);
    for (int i = 0; i < TOGGLERS; i++)
        as(&t[i].u, AS_BEARER, "DELETE", fav_path(&t[i].u, NULL), NULL);
}

/* Issue 14: an account deleted while its session was cached (up to 60 s)
 * made a favorite write fail on the foreign key: a 500 naming nothing.
 * Now the write is a 401, the cached session ends with it, and the log
 * says so. */
static void a_deleted_accounts_token_is_401_on_write(void)
{
    struct itest_user u;
    struct pg db;
    char sql[256];

    CU_ASSERT_TRUE_FATAL(itest_new_user("it_gone", &u));
    CU_ASSERT_EQUAL(as(&u, AS_BEARER, "GET", "/api/auth/me", NULL), 200); /* cached now */
    pg_init(&db, itest_database_url(), 5, 30000, "itest");
    snprintf(sql, sizeof(sql), "DELETE FROM users WHERE id = '%s'", u.id);
    CU_ASSERT_EQUAL(pg_exec_sql(&db, sql), ST_OK);
    pg_release(&db);
    CU_ASSERT_EQUAL(as(&u, AS_BEARER, "PUT", fav_path(&u, EVENTS[0]), NULL), 401);
    CU_ASSERT_EQUAL(as(&u, AS_COOKIE, "PUT", fav_path(&u, EVENTS[1]), NULL), 401);
    /* The cached session ended with the first refusal, reads included. */
    CU_ASSERT_EQUAL(as(&u, AS_BEARER, "GET", "/api/auth/me", NULL), 401);
}

static int setup(void)
{
    long st;
    arena_init(&A, 0);
    struct json_object *o = http_get_json(&A, "/api/events?limit=3", &st);
    struct json_object *items = json_path(o, "items");
    if (st != 200 || json_arr_len(items) < 3)
        return -1;
    for (size_t i = 0; i < 3; i++)
        snprintf(EVENTS[i], sizeof(EVENTS[i]), "%s", json_path_str(json_arr_get(items, i), "id"));
    return 0;
}

static int teardown(void)
{
    arena_release(&A);
    return 0;
}

int suite_favorites_api(void)
{
    static const struct itest_case cases[] = {
        { "only the owner may touch favorites (403, 401, CSRF)",
          only_the_owner_may_touch_favorites },
        { "put, get, list newest first, delete one and all", put_get_list_delete },
        { "unknown events are 404 to add, never favorites", unknown_events_are_404 },
        { "a deleted account's token is 401 on a write, and at once everywhere after",
          a_deleted_accounts_token_is_401_on_write },
        { "favoriteCount never drifts under concurrent changes",
          counts_never_drift_under_concurrency },
        { NULL, NULL },
    };
    return itest_register("integration/favorites", cases, setup, teardown);
}
