/*
 * The resale marketplace through nginx (spec/MARKET.md; spec/API.md,
 * "Marketplace"): listings and their rules, orders and holds with exactly
 * one winner per ticket, Idempotency-Key, payments, marquee-expire, and
 * the outbox rows every change writes.
 */
#include "config.h"
#include "core/common.h"
#include "tests/integration/itest_session.h"
#include "tests/integration/itest_db.h"
#include "infra/json.h"
#include "infra/pg.h"

#include <pthread.h>

static struct arena A;
static struct pg DB;
static char SESSION[64]; /* an upcoming session of the test data */
static struct itest_user SELLER, BUYER, OTHER;

#define RACERS 100
#define ROUNDS 20

/* A request as u (Bearer) with one extra header (may be NULL); the JSON
 * answer in *o when o is given. Returns the status. */
static long call(const struct itest_user *u, const char *method, const char *path,
                 const char *header, const char *body, struct json_object **o)
{
    char auth[1200];
    const char *headers[3] = { auth, header, NULL };
    struct http_resp r;
    snprintf(auth, sizeof(auth), "Authorization: Bearer %s", u->token);
    http_request_ex(method, path, headers, NULL, body, body ? strlen(body) : 0, &r);
    if (o)
        *o = itest_json(&A, &r);
    long st = r.status;
    http_resp_release(&r);
    return st;
}

static int64_t num(struct json_object *o, const char *path)
{
    double d = -1;
    json_path_num(o, path, &d);
    return (int64_t)d;
}

static const char *field_of(struct json_object *o)
{
    const char *f = json_path_str(json_arr_get(json_path(o, "errors"), 0), "field");
    return f ? f : "";
}

/* The first column of sql's first row, run with at most one parameter.
 * pg.c prepares a statement once per struct, so each text keeps one. */
static int64_t sql_count(const char *sql, const char *arg)
{
    static struct pg_stmt pool[32];
    static int n;
    int i = 0;
    while (i < n && strcmp(pool[i].sql, sql) != 0)
        i++;
    CU_ASSERT_FATAL(i < (int)MQ_ARRAY_LEN(pool));
    if (i == n) {
        pool[n] = (struct pg_stmt){ strdup(arena_printf(&A, "it_market_%d", n)), strdup(sql),
                                    arg ? 1 : 0, 0 };
        n++;
    }
    const char *params[] = { arg };
    struct pg_result *r;
    CU_ASSERT_EQUAL_FATAL(pg_exec(&DB, &A, &pool[i], params, &r), ST_OK);
    return pg_get_i64(r, 0, 0);
}

static int64_t outbox(const char *type, const char *aggregate)
{
    return sql_count(arena_printf(&A,
                                  "SELECT count(*) FROM outbox WHERE type = '%s' "
                                  "AND aggregate_id = $1",
                                  type),
                     aggregate);
}

/* A new listing by the seller at price; its id (arena). */
static const char *list_ticket(int64_t price)
{
    struct json_object *o;
    long st = call(
        &SELLER, "POST", "/api/tickets", NULL,
        arena_printf(&A, "{\"sessionId\":\"%s\",\"priceCents\":%lld}", SESSION, (long long)price),
        &o);
    CU_ASSERT_EQUAL_FATAL(st, 201);
    return arena_strdup(&A, json_path_str(o, "id"));
}

static const char *order_body(const char *ticket)
{
    return arena_printf(&A, "{\"ticketId\":\"%s\"}", ticket);
}

static void listings_validate_and_belong_to_their_seller(void)
{
    struct json_object *o;
    const char *path = "/api/tickets";
    struct http_resp r;

    itest_as(&SELLER, AS_NOBODY, "POST", path, "{}", &r);
    CU_ASSERT_EQUAL(r.status, 401);
    http_resp_release(&r);
    const char *bad[][2] = {
        { "\"priceCents\":0}", "priceCents" },
        { "\"priceCents\":10000001}", "priceCents" },
        { "\"priceCents\":\"100\"}", "priceCents" },
        { "\"priceCents\":12.5}", "priceCents" },
        { "\"priceCents\":99999999999999999999}", "priceCents" },
        { "\"priceCents\":100,\"currency\":\"XXX\"}", "currency" },
        { "\"priceCents\":100,\"currency\":\"eur\"}", "currency" },
        { "\"priceCents\":100,\"title\":\"\"}", "title" },
        { "\"priceCents\":100,\"title\":\"a\\nb\"}", "title" },
        { "\"priceCents\":100,\"seat\":7}", "seat" },
    };
    int64_t before = sql_count("SELECT count(*) FROM tickets", NULL);
    for (size_t i = 0; i < MQ_ARRAY_LEN(bad); i++) {
        CU_ASSERT_EQUAL(call(&SELLER, "POST", path, NULL,
                             arena_printf(&A, "{\"sessionId\":\"%s\",%s", SESSION, bad[i][0]), &o),
                        400);
        CU_ASSERT_STRING_EQUAL(field_of(o), bad[i][1]);
    }
    CU_ASSERT_EQUAL(call(&SELLER, "POST", path, NULL,
                         "{\"sessionId\":\"no-such-session\",\"priceCents\":100}", &o),
                    404);
    CU_ASSERT_STRING_EQUAL(field_of(o), "sessionId");
    CU_ASSERT_EQUAL(sql_count("SELECT count(*) FROM tickets", NULL), before); /* nothing made */

    CU_ASSERT_EQUAL(call(&SELLER, "POST", path, NULL,
                         arena_printf(&A,
                                      "{\"sessionId\":\"%s\",\"priceCents\":4500,\"currency\":"
                                      "\"JPY\",\"section\":\"A\",\"row\":\"3\",\"seat\":\"12\"}",
                                      SESSION),
                         &o),
                    201);
    const char *id = arena_strdup(&A, json_path_str(o, "id"));
    CU_ASSERT_STRING_EQUAL(json_path_str(o, "status"), "available");
    CU_ASSERT_STRING_EQUAL(json_path_str(o, "currency"), "JPY");
    CU_ASSERT_STRING_EQUAL(json_path_str(o, "row"), "3");
    CU_ASSERT_STRING_EQUAL(json_path_str(o, "sellerId"), SELLER.id);
    CU_ASSERT_PTR_NOT_NULL(json_path_str(o, "title")); /* the event's name */
    CU_ASSERT_EQUAL(outbox("ticket.created", id), 1);

    const char *one = arena_printf(&A, "/api/tickets/%s", id);
    CU_ASSERT_EQUAL(call(&BUYER, "GET", one, NULL, NULL, NULL), 200);
    CU_ASSERT_EQUAL(
        call(&BUYER, "GET", "/api/tickets/00000000-0000-0000-0000-000000000000", NULL, NULL, NULL),
        404);
    CU_ASSERT_EQUAL(call(&BUYER, "GET", "/api/tickets/not-a-uuid", NULL, NULL, NULL), 404);
    CU_ASSERT_EQUAL(call(&BUYER, "PUT", one, NULL, "{\"priceCents\":100}", NULL), 403);
    CU_ASSERT_EQUAL(call(&BUYER, "DELETE", one, NULL, NULL, NULL), 403);
    CU_ASSERT_EQUAL(call(&SELLER, "PUT", one, NULL, "{}", &o), 400);
    CU_ASSERT_EQUAL(call(&SELLER, "PUT", one, NULL, "{\"priceCents\":-5}", &o), 400);
    CU_ASSERT_STRING_EQUAL(field_of(o), "priceCents");
    CU_ASSERT_EQUAL(call(&SELLER, "PUT", one, "If-Match: \"x1\"", "{\"priceCents\":100}", &o), 400);
    CU_ASSERT_STRING_EQUAL(field_of(o), "If-Match");

    /* Versions: each change + 1; a stale If-Match is a 409 and changes nothing. */
    CU_ASSERT_EQUAL(
        call(&SELLER, "PUT", one, "If-Match: \"1\"", "{\"priceCents\":5000,\"seat\":\"\"}", &o),
        200);
    CU_ASSERT_EQUAL(num(o, "version"), 2);
    CU_ASSERT_EQUAL(num(o, "priceCents"), 5000);
    CU_ASSERT_PTR_NULL(json_path_str(o, "seat")); /* cleared */
    CU_ASSERT_EQUAL(call(&SELLER, "PUT", one, "If-Match: \"1\"", "{\"priceCents\":1}", &o), 409);
    CU_ASSERT_EQUAL(call(&BUYER, "GET", one, NULL, NULL, &o), 200);
    CU_ASSERT_EQUAL(num(o, "priceCents"), 5000);
    CU_ASSERT_EQUAL(call(&SELLER, "DELETE", one, NULL, NULL, NULL), 204);
    CU_ASSERT_EQUAL(call(&SELLER, "DELETE", one, NULL, NULL, NULL), 204); /* again: no-op */
    CU_ASSERT_EQUAL(call(&SELLER, "PUT", one, NULL, "{\"priceCents\":1}", NULL), 409);
    CU_ASSERT_EQUAL(sql_count("SELECT count(*) FROM outbox WHERE aggregate_id = $1", id), 3);
    CU_ASSERT_EQUAL(sql_count("SELECT max(version) - min(version) + 1 - count(*) FROM outbox "
                              "WHERE aggregate_id = $1",
                              id),
                    0); /* no gaps */
}

static void orders_reserve_cancel_and_belong_to_their_buyer(void)
{
    struct json_object *o;
    const char *t = list_ticket(2500);

    CU_ASSERT_EQUAL(call(&BUYER, "POST", "/api/orders", NULL,
                         order_body("00000000-0000-0000-0000-000000000000"), &o),
                    404);
    CU_ASSERT_STRING_EQUAL(field_of(o), "ticketId");
    CU_ASSERT_EQUAL(call(&SELLER, "POST", "/api/orders", NULL, order_body(t), &o), 400);
    CU_ASSERT_EQUAL(call(&BUYER, "POST", "/api/orders", NULL, order_body(t), &o), 201);
    const char *id = arena_strdup(&A, json_path_str(o, "id"));
    CU_ASSERT_STRING_EQUAL(json_path_str(o, "status"), "created");
    CU_ASSERT_EQUAL(num(o, "amountCents"), 2500);
    CU_ASSERT_STRING_EQUAL(json_path_str(o, "ticket.status"), "reserved");
    CU_ASSERT_EQUAL(outbox("order.created", id), 1);
    CU_ASSERT_EQUAL(call(&OTHER, "POST", "/api/orders", NULL, order_body(t), NULL), 409);
    CU_ASSERT_EQUAL(call(&SELLER, "PUT", arena_printf(&A, "/api/tickets/%s", t), NULL,
                         "{\"priceCents\":1}", NULL),
                    409); /* reserved: not editable */

    const char *one = arena_printf(&A, "/api/orders/%s", id);
    CU_ASSERT_EQUAL(call(&OTHER, "GET", one, NULL, NULL, NULL), 403);
    CU_ASSERT_EQUAL(call(&BUYER, "GET", one, NULL, NULL, NULL), 200);
    CU_ASSERT_EQUAL(call(&OTHER, "GET", "/api/orders", NULL, NULL, &o), 200);
    struct json_object *items = json_path(o, "items");
    for (size_t i = 0; i < json_arr_len(items); i++)
        CU_ASSERT_STRING_EQUAL(json_path_str(json_arr_get(items, i), "buyerId"), OTHER.id);
    CU_ASSERT_EQUAL(call(&OTHER, "DELETE", one, NULL, NULL, NULL), 403);
    CU_ASSERT_EQUAL(call(&BUYER, "DELETE", one, NULL, NULL, NULL), 204);
    CU_ASSERT_EQUAL(call(&BUYER, "DELETE", one, NULL, NULL, NULL), 204); /* again: no-op */
    CU_ASSERT_EQUAL(outbox("order.cancelled", id), 1);
    CU_ASSERT_EQUAL(call(&BUYER, "GET", one, NULL, NULL, &o), 200);
    CU_ASSERT_STRING_EQUAL(json_path_str(o, "status"), "cancelled");
    CU_ASSERT_STRING_EQUAL(json_path_str(o, "ticket.status"), "available");
    CU_ASSERT_EQUAL(call(&OTHER, "POST", "/api/orders", NULL, order_body(t), &o), 201);
    CU_ASSERT_EQUAL(call(&OTHER, "DELETE",
                         arena_printf(&A, "/api/orders/%s", json_path_str(o, "id")), NULL, NULL,
                         NULL),
                    204);
}

struct racer {
    struct itest_user u;
    const char *ticket;
    long status;
    char order[64];
    pthread_t thread;
};

static void *race(void *arg)
{
    struct racer *r = arg;
    char auth[1200], body[96];
    const char *headers[] = { auth, NULL };
    struct http_resp resp;
    snprintf(auth, sizeof(auth), "Authorization: Bearer %s", r->u.token);
    snprintf(body, sizeof(body), "{\"ticketId\":\"%s\"}", r->ticket);
    http_request_ex("POST", "/api/orders", headers, NULL, body, strlen(body), &resp);
    r->status = resp.status;
    const char *id = strstr(resp.body.data ? resp.body.data : "", "\"id\":\"");
    if (id)
        snprintf(r->order, sizeof(r->order), "%.36s", id + 6);
    http_resp_release(&resp);
    return NULL;
}

static struct racer RACE[2 * RACERS];

/* RACERS buyers at once on one ticket, ROUNDS times: exactly one 201. */
static void exactly_one_buyer_wins_each_ticket(void)
{
    for (int i = 0; i < RACERS; i++)
        CU_ASSERT_TRUE_FATAL(itest_new_user("it_race", &RACE[i].u));
    for (int round = 0; round < ROUNDS; round++) {
        const char *t = list_ticket(100 + round);
        int won = 0, lost = 0, winner = -1;
        for (int i = 0; i < RACERS; i++) {
            RACE[i].ticket = t;
            RACE[i].order[0] = '\0';
            pthread_create(&RACE[i].thread, NULL, race, &RACE[i]);
        }
        for (int i = 0; i < RACERS; i++) {
            pthread_join(RACE[i].thread, NULL);
            won += RACE[i].status == 201;
            lost += RACE[i].status == 409;
            winner = RACE[i].status == 201 ? i : winner;
        }
        CU_ASSERT_EQUAL(won, 1);
        CU_ASSERT_EQUAL(lost, RACERS - 1);
        CU_ASSERT_EQUAL(sql_count("SELECT count(*) FROM orders WHERE ticket_id = $1 "
                                  "AND status = 'created'",
                                  t),
                        1);
        if (winner >= 0) /* so no racer runs into the hold limit */
            CU_ASSERT_EQUAL(call(&RACE[winner].u, "DELETE",
                                 arena_printf(&A, "/api/orders/%s", RACE[winner].order), NULL, NULL,
                                 NULL),
                            204);
    }
}

/* 2 * RACERS orders at once (each racer on two tickets) over 50 tickets:
 * 50 winners, and no ticket held twice. */
static void many_buyers_on_many_tickets_never_double_hold(void)
{
    const char *tickets[50];
    int won = 0;
    for (int i = 0; i < 50; i++)
        tickets[i] = list_ticket(2000 + i);
    for (int i = 0; i < 2 * RACERS; i++) {
        if (i >= RACERS)
            RACE[i].u = RACE[i - RACERS].u;
        RACE[i].ticket = tickets[(i * 7 + i / RACERS) % 50];
        RACE[i].order[0] = '\0';
        pthread_create(&RACE[i].thread, NULL, race, &RACE[i]);
    }
    for (int i = 0; i < 2 * RACERS; i++) {
        pthread_join(RACE[i].thread, NULL);
        won += RACE[i].status == 201;
        CU_ASSERT(RACE[i].status == 201 || RACE[i].status == 409);
    }
    CU_ASSERT_EQUAL(won, 50);
    for (int i = 0; i < 50; i++)
        CU_ASSERT_EQUAL(sql_count("SELECT count(*) FROM orders WHERE ticket_id = $1 "
                                  "AND status = 'created'",
                                  tickets[i]),
                        1);
    for (int i = 0; i < 2 * RACERS; i++) {
        if (RACE[i].status == 201)
            CU_ASSERT_EQUAL(call(&RACE[i].u, "DELETE",
                                 arena_printf(&A, "/api/orders/%s", RACE[i].order), NULL, NULL,
                                 NULL),
                            204);
    }
}

/* The order's hold ends, as if its 15 minutes had passed. */
static void lapse_hold(const char *order)
{
    CU_ASSERT_EQUAL(
        sql_count("WITH x AS (UPDATE orders SET expires_at = now() - interval '1 second' "
                  "WHERE id = $1 RETURNING 1), y AS (UPDATE tickets SET held_until = now() - "
                  "interval '1 second' WHERE id = (SELECT ticket_id FROM orders WHERE id = $1) "
                  "RETURNING 1) SELECT count(*) FROM x",
                  order),
        1);
}

static void a_lapsed_hold_frees_the_ticket_before_any_job(void)
{
    struct json_object *o;
    const char *t = list_ticket(3000);
    CU_ASSERT_EQUAL(call(&BUYER, "POST", "/api/orders", NULL, order_body(t), &o), 201);
    const char *first = arena_strdup(&A, json_path_str(o, "id"));
    CU_ASSERT_EQUAL(call(&OTHER, "POST", "/api/orders", NULL, order_body(t), NULL), 409);
    lapse_hold(first);
    CU_ASSERT_EQUAL(call(&BUYER, "GET", arena_printf(&A, "/api/orders/%s", first), NULL, NULL, &o),
                    200);
    CU_ASSERT_STRING_EQUAL(json_path_str(o, "status"), "expired");
    CU_ASSERT_EQUAL(call(&BUYER, "GET", arena_printf(&A, "/api/tickets/%s", t), NULL, NULL, &o),
                    200);
    CU_ASSERT_STRING_EQUAL(json_path_str(o, "status"), "available");
    CU_ASSERT_EQUAL(call(&OTHER, "POST", "/api/orders", NULL, order_body(t), &o), 201);
    CU_ASSERT_EQUAL(outbox("order.expired", first), 1);
    const char *second = arena_strdup(&A, json_path_str(o, "id"));
    /* Paying the lapsed order: 409, nothing charged. */
    CU_ASSERT_EQUAL(
        call(&BUYER, "POST", "/api/payments", "Idempotency-Key: lapsed-1",
             arena_printf(&A, "{\"orderId\":\"%s\",\"paymentMethod\":\"pm_card_visa\"}", first),
             NULL),
        409);
    CU_ASSERT_EQUAL(sql_count("SELECT count(*) FROM payments WHERE order_id = $1", first), 0);

    /* marquee-expire marks the next lapsed hold, once. */
    lapse_hold(second);
    CU_ASSERT_EQUAL(itest_dev("run marquee-expire"), 0);
    CU_ASSERT_EQUAL(itest_dev("run marquee-expire"), 0);
    CU_ASSERT_EQUAL(
        sql_count("SELECT count(*) FROM orders WHERE id = $1 AND status = 'expired'", second), 1);
    CU_ASSERT_EQUAL(outbox("order.expired", second), 1);
    CU_ASSERT_EQUAL(sql_count("SELECT count(*) FROM tickets WHERE id = $1 AND status = "
                              "'available' AND held_until IS NULL",
                              t),
                    1);
}

/* A charge whose answer came after the hold ended: marquee-expire asks the
 * provider about the pending payment, learns it succeeded, and refunds it. */
static void a_late_charge_is_refunded_never_sold(void)
{
    struct json_object *o;
    const char *t = list_ticket(6100);
    CU_ASSERT_EQUAL(call(&BUYER, "POST", "/api/orders", NULL, order_body(t), &o), 201);
    const char *order = arena_strdup(&A, json_path_str(o, "id"));
    /* The provider was asked, and the worker died before the answer came. */
    CU_ASSERT_EQUAL(sql_count(arena_printf(&A,
                                           "SELECT count(*) FROM marquee_payment_begin('%s', "
                                           "$1, 'test', 'pm_card_visa') WHERE result = 'ok'",
                                           BUYER.id),
                              order),
                    1);
    CU_ASSERT_EQUAL(sql_count("WITH p AS (UPDATE payments SET created_at = now() - "
                              "interval '2 minutes' WHERE order_id = $1 RETURNING 1) "
                              "SELECT count(*) FROM p",
                              order),
                    1);
    lapse_hold(order);
    CU_ASSERT_EQUAL(itest_dev("run marquee-expire"), 0);
    CU_ASSERT_EQUAL(sql_count("SELECT count(*) FROM payments WHERE order_id = $1 "
                              "AND status = 'refunded'",
                              order),
                    1);
    CU_ASSERT_EQUAL(sql_count("SELECT count(*) FROM outbox o JOIN payments p "
                              "ON o.aggregate_id = p.id::text WHERE p.order_id = $1 "
                              "AND o.type = 'payment.refunded'",
                              order),
                    1);
    CU_ASSERT_EQUAL(outbox("order.completed", order), 0);
    CU_ASSERT_EQUAL(sql_count("SELECT count(*) FROM tickets WHERE id = $1 "
                              "AND status = 'available'",
                              t),
                    1);
}

static void one_buyer_holds_at_most_four_tickets(void)
{
    struct itest_user u;
    struct json_object *o;
    struct http_resp r;
    CU_ASSERT_TRUE_FATAL(itest_new_user("it_hold", &u));
    for (int i = 0; i < 4; i++)
        CU_ASSERT_EQUAL(call(&u, "POST", "/api/orders", NULL, order_body(list_ticket(700)), NULL),
                        201);
    const char *t = list_ticket(800);
    CU_ASSERT_EQUAL(call(&u, "POST", "/api/orders", NULL, order_body(t), &o), 429);
    itest_as(&u, AS_BEARER, "GET", "/api/orders?status=created", NULL, &r);
    CU_ASSERT_EQUAL(r.status, 200);
    http_resp_release(&r);
    CU_ASSERT_EQUAL(sql_count("SELECT count(*) FROM orders WHERE ticket_id = $1", t), 0);
}

static void an_idempotency_key_replays_the_first_answer(void)
{
    struct json_object *a, *b;
    const char *t = list_ticket(900), *t2 = list_ticket(901);
    const char *key = arena_printf(&A, "Idempotency-Key: order-%s", t);

    CU_ASSERT_EQUAL(call(&BUYER, "POST", "/api/orders", key, order_body(t), &a), 201);
    CU_ASSERT_EQUAL(call(&BUYER, "POST", "/api/orders", key, order_body(t), &b), 201);
    CU_ASSERT_STRING_EQUAL(json_path_str(a, "id"), json_path_str(b, "id"));
    CU_ASSERT_EQUAL(sql_count("SELECT count(*) FROM orders WHERE ticket_id = $1", t), 1);
    CU_ASSERT_EQUAL(call(&BUYER, "POST", "/api/orders", key, order_body(t2), &b), 409);
    CU_ASSERT_STRING_EQUAL(field_of(b), "Idempotency-Key");
    CU_ASSERT_EQUAL(sql_count("SELECT count(*) FROM orders WHERE ticket_id = $1", t2), 0);
    /* Keys are per user: the same key from another user is a new request. */
    CU_ASSERT_EQUAL(call(&OTHER, "POST", "/api/orders", key, order_body(t2), &b), 201);
    CU_ASSERT_EQUAL(call(&BUYER, "DELETE",
                         arena_printf(&A, "/api/orders/%s", json_path_str(a, "id")), NULL, NULL,
                         NULL),
                    204);
    CU_ASSERT_EQUAL(call(&OTHER, "DELETE",
                         arena_printf(&A, "/api/orders/%s", json_path_str(b, "id")), NULL, NULL,
                         NULL),
                    204);
}

static void a_declined_payment_may_be_retried_and_a_paid_order_is_final(void)
{
    struct json_object *o, *p;
    const char *t = list_ticket(12000);
    CU_ASSERT_EQUAL(call(&BUYER, "POST", "/api/orders", NULL, order_body(t), &o), 201);
    const char *order = arena_strdup(&A, json_path_str(o, "id"));
    const char *visa =
        arena_printf(&A, "{\"orderId\":\"%s\",\"paymentMethod\":\"pm_card_visa\"}", order);
    const char *k1 = arena_printf(&A, "Idempotency-Key: pay-1-%s", order);
    const char *k2 = arena_printf(&A, "Idempotency-Key: pay-2-%s", order);

    CU_ASSERT_EQUAL(call(&BUYER, "POST", "/api/payments", NULL, visa, &o), 400);
    CU_ASSERT_STRING_EQUAL(field_of(o), "Idempotency-Key");
    CU_ASSERT_EQUAL(call(&OTHER, "POST", "/api/payments", k1, visa, NULL), 403);
    CU_ASSERT_EQUAL(call(&BUYER, "POST", "/api/payments", k1,
                         arena_printf(&A,
                                      "{\"orderId\":\"%s\",\"paymentMethod\":"
                                      "\"pm_card_chargeDeclined\"}",
                                      order),
                         &o),
                    402);
    CU_ASSERT_STRING_EQUAL(json_path_str(json_arr_get(json_path(o, "errors"), 0), "code"),
                           "payment_declined");
    CU_ASSERT_EQUAL(call(&BUYER, "POST", "/api/payments", k1, visa, &o), 409); /* other body */
    CU_ASSERT_EQUAL(
        call(&BUYER, "POST", "/api/payments", k2,
             arena_printf(&A, "{\"orderId\":\"%s\",\"paymentMethod\":\"pm_bogus\"}", order), &o),
        400);
    CU_ASSERT_STRING_EQUAL(field_of(o), "paymentMethod");
    const char *k3 = arena_printf(&A, "Idempotency-Key: pay-3-%s", order);
    CU_ASSERT_EQUAL(call(&BUYER, "POST", "/api/payments", k3, visa, &p), 201);
    CU_ASSERT_STRING_EQUAL(json_path_str(p, "status"), "succeeded");
    /* the provider the stack runs: `test`, or `stripe` in scripts/dev test's stripe suite */
    const char *provider = getenv("MQ_PAYMENT_PROVIDER");
    CU_ASSERT_STRING_EQUAL(json_path_str(p, "provider"), provider ? provider : "test");
    CU_ASSERT_EQUAL(call(&BUYER, "POST", "/api/payments", k3, visa, &o), 201); /* replay */
    CU_ASSERT_STRING_EQUAL(json_path_str(o, "id"), json_path_str(p, "id"));
    CU_ASSERT_EQUAL(sql_count("SELECT count(*) FROM payments WHERE order_id = $1 "
                              "AND status = 'succeeded'",
                              order),
                    1);
    CU_ASSERT_EQUAL(outbox("payment.succeeded", json_path_str(p, "id")), 1);
    CU_ASSERT_EQUAL(outbox("order.completed", order), 1);
    CU_ASSERT_EQUAL(call(&BUYER, "GET", arena_printf(&A, "/api/orders/%s", order), NULL, NULL, &o),
                    200);
    CU_ASSERT_STRING_EQUAL(json_path_str(o, "status"), "complete");
    CU_ASSERT_STRING_EQUAL(json_path_str(o, "ticket.status"), "sold");
    CU_ASSERT_EQUAL(
        call(&BUYER, "DELETE", arena_printf(&A, "/api/orders/%s", order), NULL, NULL, NULL), 409);
    const char *k4 = arena_printf(&A, "Idempotency-Key: pay-4-%s", order);
    CU_ASSERT_EQUAL(call(&BUYER, "POST", "/api/payments", k4, visa, NULL), 409); /* paid */
}

/* The session's offer on its event page: count and lowest price. */
static struct json_object *offer_on_event_page(void)
{
    static const char *event;
    struct json_object *o;
    long st;
    if (!event) {
        struct pg_result *r;
        static const struct pg_stmt of = { "it_market_event",
                                           "SELECT event_id FROM event_sessions WHERE id = $1", 1,
                                           0 };
        const char *p[] = { SESSION };
        CU_ASSERT_EQUAL_FATAL(pg_exec(&DB, &A, &of, p, &r), ST_OK);
        event = strdup(pg_get(r, 0, 0));
    }
    o = http_get_json(&A, arena_printf(&A, "/api/events/%s", event), &st);
    CU_ASSERT_EQUAL_FATAL(st, 200);
    struct json_object *sessions = json_path(o, "sessions");
    for (size_t i = 0; i < json_arr_len(sessions); i++) {
        struct json_object *s = json_arr_get(sessions, i);
        if (strcmp(json_path_str(s, "id"), SESSION) == 0)
            return json_path(s, "resale");
    }
    CU_FAIL_FATAL("the session is not on its event page");
    return NULL;
}

static void event_pages_show_the_offer_at_once(void)
{
    struct json_object *o;
    int64_t before = num(offer_on_event_page(), "available");
    const char *t = list_ticket(1); /* the cheapest there can be */
    o = offer_on_event_page();
    CU_ASSERT_EQUAL(num(o, "available"), before + 1);
    CU_ASSERT_EQUAL(num(o, "lowestPriceCents"), 1);
    CU_ASSERT_EQUAL(call(&BUYER, "POST", "/api/orders", NULL, order_body(t), &o), 201);
    CU_ASSERT_EQUAL(num(offer_on_event_page(), "available"), before);
    CU_ASSERT_EQUAL(call(&BUYER, "DELETE",
                         arena_printf(&A, "/api/orders/%s", json_path_str(o, "id")), NULL, NULL,
                         NULL),
                    204);
    CU_ASSERT_EQUAL(num(offer_on_event_page(), "available"), before + 1);
    CU_ASSERT_EQUAL(
        call(&SELLER, "DELETE", arena_printf(&A, "/api/tickets/%s", t), NULL, NULL, NULL), 204);
    CU_ASSERT_EQUAL(num(offer_on_event_page(), "available"), before);
}

static void listings_list_by_filter_and_seller(void)
{
    struct json_object *o;
    struct http_resp r;
    struct itest_user s;
    CU_ASSERT_TRUE_FATAL(itest_new_user("it_sell", &s));
    for (int i = 0; i < 3; i++)
        CU_ASSERT_EQUAL(call(&s, "POST", "/api/tickets", NULL,
                             arena_printf(&A, "{\"sessionId\":\"%s\",\"priceCents\":%d}", SESSION,
                                          300 - i * 100),
                             NULL),
                        201);
    CU_ASSERT_EQUAL(call(&s, "GET", "/api/tickets?seller=me&limit=2", NULL, NULL, &o), 200);
    CU_ASSERT_EQUAL(num(o, "total"), 3);
    struct json_object *items = json_path(o, "items");
    CU_ASSERT_EQUAL(json_arr_len(items), 2);
    CU_ASSERT_EQUAL(num(json_arr_get(items, 0), "priceCents"), 100);
    CU_ASSERT_EQUAL(num(json_arr_get(items, 1), "priceCents"), 200);
    itest_as(&s, AS_NOBODY, "GET", "/api/tickets?seller=me", NULL, &r);
    CU_ASSERT_EQUAL(r.status, 401);
    http_resp_release(&r);
    assert_400_field("/api/tickets?status=lost", "status");
    assert_400_field("/api/tickets?sort=cheap", "sort");
    assert_400_field("/api/tickets?eventId=abc", "eventId");
    assert_400_field("/api/tickets?limit=0", "limit");
    CU_ASSERT_EQUAL(call(&s, "GET",
                         arena_printf(&A, "/api/tickets?sessionId=%s&sort=date", SESSION), NULL,
                         NULL, &o),
                    200);
    CU_ASSERT_TRUE(num(o, "total") >= 3);
}

static int setup(void)
{
    arena_init(&A, 0);
    pg_init(&DB, itest_database_url(), 5, 30000, "itest-market");
    if (!itest_upcoming_session(&DB, &A, SESSION, NULL))
        return -1;
    if (!itest_new_user("it_seller", &SELLER) || !itest_new_user("it_buyer", &BUYER) ||
        !itest_new_user("it_other", &OTHER))
        return -1;
    return 0;
}

static int teardown(void)
{
    pg_release(&DB);
    arena_release(&A);
    return 0;
}

int suite_market_api(void)
{
    static const struct itest_case cases[] = {
        { "listings: 401, 400 with the field, 404, seller only, versions, withdraw",
          listings_validate_and_belong_to_their_seller },
        { "listings: filters, sort by price, seller=me, bad parameters",
          listings_list_by_filter_and_seller },
        { "event pages show each session's offer, and its changes at once",
          event_pages_show_the_offer_at_once },
        { "orders: reserve, 409 for the next buyer, owner only, cancel frees the ticket",
          orders_reserve_cancel_and_belong_to_their_buyer },
        { "orders: 100 concurrent buyers, exactly one winner, 20 times",
          exactly_one_buyer_wins_each_ticket },
        { "orders: 200 concurrent orders over 50 tickets, 50 winners, none held twice",
          many_buyers_on_many_tickets_never_double_hold },
        { "holds: a lapsed hold frees the ticket before marquee-expire, which marks it once",
          a_lapsed_hold_frees_the_ticket_before_any_job },
        { "payments: a charge that succeeds after the hold ended is refunded by marquee-expire",
          a_late_charge_is_refunded_never_sold },
        { "holds: a fifth hold is a 429", one_buyer_holds_at_most_four_tickets },
        { "Idempotency-Key: replay, another body is a 409, keys are per user",
          an_idempotency_key_replays_the_first_answer },
        { "payments: key required, decline, invalid method, success, replay, final",
          a_declined_payment_may_be_retried_and_a_paid_order_is_final },
        { NULL, NULL },
    };
    return itest_register("integration/market", cases, setup, teardown);
}
