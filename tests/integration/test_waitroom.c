/*
 * The waiting room of an on-sale rush (docs/MARKET.md, "Waiting room";
 * app/market/waitroom.h) through nginx: places in arrival order, one per
 * account, a limit per address, admission as a ticket frees up, and the
 * expiry of a place nobody asks about. The suite restarts marquee-api with
 * a room that opens above one attempt a second, and restarts it with the
 * stack's settings afterwards.
 */
#include "config.h"
#include "core/common.h"
#include "tests/integration/itest_session.h"
#include "tests/integration/itest_db.h"
#include "infra/json.h"
#include "infra/pg.h"

#include <stdlib.h>

static struct arena A;
static struct pg DB;
static char SESSION[64];
static struct itest_user SELLER, B1, B2, B3, B4, B5;

#define PLACE_SECONDS "5"
#define PLACE_S       5
#define PER_ADDRESS   "3"

static long order(const struct itest_user *u, const char *ticket, struct json_object **o,
                  long *retry)
{
    char auth[1200];
    const char *headers[] = { auth, NULL };
    struct http_resp r;
    snprintf(auth, sizeof(auth), "Authorization: Bearer %s", u->token);
    const char *body = arena_printf(&A, "{\"ticketId\":\"%s\"}", ticket);
    http_request_ex("POST", "/api/orders", headers, NULL, body, strlen(body), &r);
    *o = itest_json(&A, &r);
    *retry = r.retry_after[0] ? strtol(r.retry_after, NULL, 10) : -1;
    long st = r.status;
    http_resp_release(&r);
    return st;
}

static int64_t position(struct json_object *o)
{
    double d = -1;
    json_path_num(o, "waitingRoom.position", &d);
    return (int64_t)d;
}

/* A 202 with u's place; the position, or -1 for another answer. */
static int64_t place_of(const struct itest_user *u, const char *ticket)
{
    struct json_object *o;
    long retry;
    long st = order(u, ticket, &o, &retry);
    if (st != 202)
        return -1;
    CU_ASSERT_TRUE(retry >= 1);
    return position(o);
}

static const char *list_ticket(void)
{
    char auth[1200];
    const char *headers[] = { auth, NULL };
    struct http_resp r;
    snprintf(auth, sizeof(auth), "Authorization: Bearer %s", SELLER.token);
    const char *body = arena_printf(
        &A, "{\"sessionId\":\"%s\",\"priceCents\":2500,\"currency\":\"EUR\"}", SESSION);
    http_request_ex("POST", "/api/tickets", headers, NULL, body, strlen(body), &r);
    CU_ASSERT_EQUAL_FATAL(r.status, 201);
    const char *id = arena_strdup(&A, json_path_str(itest_json(&A, &r), "id"));
    http_resp_release(&r);
    return id;
}

static const char *TICKET, *ORDER1, *ORDER2;

static void places_follow_arrival_one_per_account_and_address(void)
{
    struct json_object *o;
    long retry;
    TICKET = list_ticket();
    /* The first attempt of the second finds no line: it orders. */
    CU_ASSERT_EQUAL_FATAL(order(&B1, TICKET, &o, &retry), 201);
    ORDER1 = arena_strdup(&A, json_path_str(o, "id"));
    /* Everyone after it: a place each, in arrival order. (Had a new second
     * begun, B2's first attempt was the only one of its second and, with
     * no line and nothing available, is told when a hold ends.) */
    if (order(&B2, TICKET, &o, &retry) == 409)
        CU_ASSERT_TRUE(retry >= 1);
    CU_ASSERT_EQUAL(place_of(&B2, TICKET), 1);
    CU_ASSERT_EQUAL(place_of(&B3, TICKET), 2);
    CU_ASSERT_EQUAL(place_of(&B4, TICKET), 3);
    /* Another tab of an account keeps its place, never a second one. */
    CU_ASSERT_EQUAL(place_of(&B3, TICKET), 2);
    CU_ASSERT_EQUAL(place_of(&B2, TICKET), 1);
    /* A fourth account from the same address: refused, told when to come back. */
    CU_ASSERT_EQUAL(order(&B5, TICKET, &o, &retry), 429);
    CU_ASSERT_EQUAL(retry, PLACE_S);
}

/* The held ticket freed: the first in line is admitted (its attempt
 * orders), the one behind it is not. */
static void a_freed_ticket_admits_the_first_in_line(void)
{
    struct json_object *o;
    long retry;
    CU_ASSERT_FATAL(TICKET && ORDER1);
    char auth[1200];
    const char *headers[] = { auth, NULL };
    struct http_resp r;
    snprintf(auth, sizeof(auth), "Authorization: Bearer %s", B1.token);
    http_request_ex("DELETE", arena_printf(&A, "/api/orders/%s", ORDER1), headers, NULL, NULL, 0,
                    &r);
    CU_ASSERT_EQUAL(r.status, 204);
    http_resp_release(&r);
    CU_ASSERT_EQUAL(place_of(&B3, TICKET), 2); /* behind B2: still waits */
    CU_ASSERT_EQUAL(order(&B2, TICKET, &o, &retry), 201);
    ORDER2 = arena_strdup(&A, json_path_str(o, "id"));
    /* B2 left the line with its order: B3 is next, B4 behind it. */
    CU_ASSERT_EQUAL(place_of(&B3, TICKET), 1);
    CU_ASSERT_EQUAL(place_of(&B4, TICKET), 2);
}

static bool b3_first(void *arg)
{
    MQ_UNUSED(arg);
    place_of(&B4, TICKET); /* B4 keeps asking, B3 does not */
    return place_of(&B4, TICKET) == 1;
}

/* B3 stops asking: after PLACE_SECONDS its place is given up and B4
 * moves up; B3 asking again queues at the end. */
static void an_abandoned_place_expires(void)
{
    CU_ASSERT_FATAL(TICKET != NULL);
    CU_ASSERT_TRUE(itest_poll(b3_first, NULL, (PLACE_S + 5) * 1000, 500));
    CU_ASSERT_EQUAL(place_of(&B3, TICKET), 2);
}

/* A page request as u, signed in by cookie (a form: with its CSRF token). */
static void web(const struct itest_user *u, const char *method, const char *path,
                const char *fields, struct http_resp *r)
{
    char cookie[1400];
    const char *headers[] = { cookie, NULL };
    const char *body = fields ? arena_printf(&A, "csrf_token=%s&%s", u->csrf, fields) : NULL;
    snprintf(cookie, sizeof(cookie), "Cookie: session=%s; csrf=%s", u->token, u->csrf);
    CU_ASSERT_EQUAL_FATAL(http_request_ex(method, path, headers,
                                          "application/x-www-form-urlencoded", body,
                                          body ? strlen(body) : 0, r),
                          0);
}

static bool has(const struct http_resp *r, const char *s)
{
    return r->body.data && strstr(r->body.data, s) != NULL;
}

static void cancel(const struct itest_user *u, const char *id)
{
    char auth[1200];
    const char *headers[] = { auth, NULL };
    struct http_resp r;
    snprintf(auth, sizeof(auth), "Authorization: Bearer %s", u->token);
    http_request_ex("DELETE", arena_printf(&A, "/api/orders/%s", id), headers, NULL, NULL, 0, &r);
    CU_ASSERT_EQUAL(r.status, 204);
    http_resp_release(&r);
}

/* The website: Buy shows the place and asks again by itself (a meta
 * refresh to /orders/line, no script); the first in line is shown its turn
 * with the Buy form, which orders. */
static void the_website_shows_the_place_and_refreshes_it(void)
{
    struct http_resp r;
    CU_ASSERT_FATAL(TICKET && ORDER2);
    const char *line = arena_printf(&A, "/orders/line?ticket=%s", TICKET);
    const char *refresh =
        arena_printf(&A, "<meta http-equiv=\"refresh\" content=\"1;url=%s\">", line);
    web(&B5, "POST", "/orders", arena_printf(&A, "ticket_id=%s", TICKET), &r);
    CU_ASSERT_EQUAL(r.status, 202);
    CU_ASSERT_STRING_EQUAL(r.retry_after, "1");
    CU_ASSERT(has(&r, "You are in line"));
    CU_ASSERT(has(&r, "Your place: <strong>3</strong>"));
    CU_ASSERT(has(&r, refresh));
    http_resp_release(&r);
    web(&B5, "GET", line, NULL, &r);
    CU_ASSERT_EQUAL(r.status, 202);
    CU_ASSERT(has(&r, "Your place: <strong>3</strong>"));
    http_resp_release(&r);
    /* A ticket frees up: B4, first in line, gets its turn; B5 does not. */
    cancel(&B2, ORDER2);
    web(&B4, "GET", line, NULL, &r);
    CU_ASSERT_EQUAL(r.status, 200);
    CU_ASSERT(has(&r, "It is your turn"));
    CU_ASSERT(!has(&r, "http-equiv=\"refresh\""));
    http_resp_release(&r);
    web(&B5, "GET", line, NULL, &r);
    CU_ASSERT_EQUAL(r.status, 202);
    http_resp_release(&r);
    web(&B4, "POST", "/orders", arena_printf(&A, "ticket_id=%s", TICKET), &r);
    CU_ASSERT_EQUAL(r.status, 303);
    const char *l = http_header(&A, &r, "Location");
    CU_ASSERT(l && strncmp(l, "/orders/", 8) == 0);
    http_resp_release(&r);
}

static int setup(void)
{
    arena_init(&A, 0);
    pg_init(&DB, itest_database_url(), 5, 30000, "itest-waitroom");
    if (!itest_new_user("it_wr_seller", &SELLER) || !itest_new_user("it_wr_b1", &B1) ||
        !itest_new_user("it_wr_b2", &B2) || !itest_new_user("it_wr_b3", &B3) ||
        !itest_new_user("it_wr_b4", &B4) || !itest_new_user("it_wr_b5", &B5))
        return -1;
    /* A session without listings: the room admits as many as it has. */
    struct pg_result *r;
    static const struct pg_stmt bare = {
        "it_wr_session",
        "SELECT id FROM event_sessions es WHERE start_at > now() + interval '1 day'\n"
        "  AND status <> 'cancelled'\n"
        "  AND NOT EXISTS (SELECT 1 FROM tickets t WHERE t.session_id = es.id)\n"
        "ORDER BY start_at, id LIMIT 1",
        0, 0
    };
    if (pg_exec(&DB, &A, &bare, NULL, &r) != ST_OK || pg_nrows(r) != 1)
        return -1;
    snprintf(SESSION, sizeof(SESSION), "%s", pg_get(r, 0, 0));
    setenv("WAITING_ROOM_RATE", "1", 1);
    setenv("WAITING_ROOM_PLACE_SECONDS", PLACE_SECONDS, 1);
    setenv("WAITING_ROOM_PER_ADDRESS", PER_ADDRESS, 1);
    if (itest_dev("api-stop") != 0 || itest_dev("api-start") != 0)
        return -1;
    return 0;
}

static int teardown(void)
{
    unsetenv("WAITING_ROOM_RATE");
    unsetenv("WAITING_ROOM_PLACE_SECONDS");
    unsetenv("WAITING_ROOM_PER_ADDRESS");
    /* The stack's own settings again for the suites after this one. */
    int rc = itest_dev("api-stop") == 0 && itest_dev("api-start") == 0 ? 0 : -1;
    pg_release(&DB);
    arena_release(&A);
    return rc;
}

int suite_waitroom_api(void)
{
    static const struct itest_case cases[] = {
        { "waiting room: places in arrival order, one per account, 3 per address",
          places_follow_arrival_one_per_account_and_address },
        { "waiting room: a freed ticket admits the first in line only",
          a_freed_ticket_admits_the_first_in_line },
        { "waiting room: a place nobody asks about expires", an_abandoned_place_expires },
        { "waiting room: the website shows the place, refreshes it without script, then the turn",
          the_website_shows_the_place_and_refreshes_it },
        { NULL, NULL },
    };
    return itest_register("integration/waitroom", cases, setup, teardown);
}
