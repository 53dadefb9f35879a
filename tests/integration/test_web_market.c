/*
 * The marketplace pages through nginx (spec/WEB.md: /sell, /orders,
 * /orders/{id}): sign-in first, CSRF, field errors with the values kept,
 * buying as the API does, the checkout's countdown, payments through the
 * API's idempotent path (a form sent twice charges once), lapsed holds.
 */
#include "config.h"
#include "core/common.h"
#include "tests/integration/itest_session.h"
#include "tests/integration/itest_db.h"
#include "infra/json.h"
#include "infra/pg.h"

static struct arena A;
static struct pg DB;
static char SESSION[64], EVENT[80]; /* an upcoming session of the test data, its event */
static struct itest_user SELLER, BUYER, OTHER;
static const char *ORDER; /* the buyer's order, from the buy test on */

#define FORM "application/x-www-form-urlencoded"

/* A page as u (cookies), or anonymous when u is NULL. */
static void get(const struct itest_user *u, const char *path, struct http_resp *r)
{
    CU_ASSERT_EQUAL_FATAL(
        itest_as(u ? u : &SELLER, u ? AS_COOKIE_NO_CSRF : AS_NOBODY, "GET", path, NULL, r), 0);
}

/* A form post as u (anonymous when NULL), with u's CSRF token unless
 * csrf is false. */
static void post(const struct itest_user *u, const char *path, const char *fields, bool csrf,
                 struct http_resp *r)
{
    char cookie[1400];
    const char *headers[] = { cookie, NULL };
    const char *body = u && csrf ? arena_printf(&A, "csrf_token=%s&%s", u->csrf, fields) : fields;
    if (u)
        snprintf(cookie, sizeof(cookie), "Cookie: session=%s; csrf=%s", u->token, u->csrf);
    CU_ASSERT_EQUAL_FATAL(
        http_request_ex("POST", path, u ? headers : NULL, FORM, body, strlen(body), r), 0);
}

static const char *location(const struct http_resp *r)
{
    const char *l = http_header(&A, r, "Location");
    return l ? l : "";
}

static bool has(const struct http_resp *r, const char *s)
{
    return r->body.data && strstr(r->body.data, s) != NULL;
}

/* The value of the attribute that follows marker in r's body ("" if none). */
static const char *attr(const struct http_resp *r, const char *marker)
{
    const char *s = r->body.data ? strstr(r->body.data, marker) : NULL;
    if (!s)
        return "";
    s += strlen(marker);
    const char *e = strchr(s, '"');
    return e ? arena_strndup(&A, s, (size_t)(e - s)) : "";
}

/* The first column of sql's first row as text, with at most one parameter. */
static const char *sql_text(const char *sql, const char *arg)
{
    static struct pg_stmt pool[32];
    static int n;
    int i = 0;
    while (i < n && strcmp(pool[i].sql, sql) != 0)
        i++;
    CU_ASSERT_FATAL(i < (int)MQ_ARRAY_LEN(pool));
    if (i == n) {
        pool[n] = (struct pg_stmt){ strdup(arena_printf(&A, "it_web_market_%d", n)), strdup(sql),
                                    arg ? 1 : 0, 0 };
        n++;
    }
    const char *params[] = { arg };
    struct pg_result *r;
    CU_ASSERT_EQUAL_FATAL(pg_exec(&DB, &A, &pool[i], params, &r), ST_OK);
    CU_ASSERT_FATAL(pg_nrows(r) == 1);
    const char *v = pg_get(r, 0, 0);
    return v ? arena_strdup(&A, v) : "";
}

static long long sql_num(const char *sql, const char *arg)
{
    return strtoll(sql_text(sql, arg), NULL, 10);
}

/* A listing by the seller through the API; its id. */
static const char *list_ticket(int64_t price)
{
    struct http_resp r;
    itest_as(
        &SELLER, AS_BEARER, "POST", "/api/tickets",
        arena_printf(&A, "{\"sessionId\":\"%s\",\"priceCents\":%lld}", SESSION, (long long)price),
        &r);
    CU_ASSERT_EQUAL_FATAL(r.status, 201);
    const char *id = arena_strdup(&A, json_path_str(itest_json(&A, &r), "id"));
    http_resp_release(&r);
    return id;
}

/* u presses Buy on ticket: the order's id from the redirect, or NULL. */
static const char *buy(const struct itest_user *u, const char *ticket, long *status)
{
    struct http_resp r;
    post(u, "/orders", arena_printf(&A, "ticket_id=%s", ticket), true, &r);
    *status = r.status;
    const char *l = location(&r);
    const char *id = r.status == 303 && strncmp(l, "/orders/", 8) == 0 ? l + 8 : NULL;
    http_resp_release(&r);
    return id;
}

/* The checkout's idempotency key for u's order (a fresh render). */
static const char *pay_key(const struct itest_user *u, const char *order)
{
    struct http_resp r;
    get(u, arena_printf(&A, "/orders/%s", order), &r);
    const char *key = attr(&r, "name=\"idempotency_key\" value=\"");
    http_resp_release(&r);
    return key;
}

static long pay(const struct itest_user *u, const char *order, const char *key, const char *method,
                const char **to)
{
    struct http_resp r;
    post(u, arena_printf(&A, "/orders/%s/pay", order),
         arena_printf(&A, "idempotency_key=%s&payment_method=%s", key, method), true, &r);
    long st = r.status;
    *to = arena_strdup(&A, location(&r));
    http_resp_release(&r);
    return st;
}

static void anonymous_readers_are_sent_to_sign_in(void)
{
    struct http_resp r;
    const char *t = list_ticket(1500);
    const char *cases[][2] = {
        { "/sell", "/login?next=%2Fsell" },
        { "/sell?q=rock", "/login?next=%2Fsell%3Fq%3Drock" },
        { "/orders", "/login?next=%2Forders" },
        { "/orders/00000000-0000-0000-0000-000000000000",
          "/login?next=%2Forders%2F00000000-0000-0000-0000-000000000000" },
    };
    for (size_t i = 0; i < MQ_ARRAY_LEN(cases); i++) {
        get(NULL, cases[i][0], &r);
        CU_ASSERT_EQUAL(r.status, 303);
        CU_ASSERT_STRING_EQUAL(location(&r), cases[i][1]);
        http_resp_release(&r);
    }
    /* Buy without a session: sign in, then back to the ticket's event. */
    post(NULL, "/orders", arena_printf(&A, "ticket_id=%s", t), false, &r);
    CU_ASSERT_EQUAL(r.status, 303);
    CU_ASSERT_STRING_EQUAL(location(&r), arena_printf(&A, "/login?next=%%2Fevents%%2F%s", EVENT));
    http_resp_release(&r);
    CU_ASSERT_EQUAL(sql_num("SELECT count(*) FROM orders WHERE ticket_id = $1", t), 0);
}

static void sell_finds_the_event_then_shows_its_form(void)
{
    struct http_resp r;
    const char *name = sql_text("SELECT name FROM events WHERE id = $1", EVENT);
    get(&SELLER, arena_printf(&A, "/sell?q=%s", itest_url_encode(&A, name)), &r);
    CU_ASSERT_EQUAL(r.status, 200);
    CU_ASSERT_STRING_EQUAL(http_header(&A, &r, "Cache-Control"), "private, no-store");
    CU_ASSERT(has(&r, arena_printf(&A, "href=\"/sell?event=%s\"", EVENT)));
    CU_ASSERT(has(&r, "Sell tickets for this event"));
    http_resp_release(&r);
    get(&SELLER, arena_printf(&A, "/sell?event=%s", EVENT), &r);
    CU_ASSERT_EQUAL(r.status, 200);
    CU_ASSERT(has(&r, "<form class=\"stack mk-sell\" action=\"/sell\" method=\"post\""));
    CU_ASSERT(has(&r, arena_printf(&A, "name=\"csrf_token\" value=\"%s\"", SELLER.csrf)));
    CU_ASSERT(has(&r, arena_printf(&A, "<option value=\"%s\">", SESSION)));
    CU_ASSERT(has(&r, "inputmode=\"decimal\""));
    http_resp_release(&r);
    get(&SELLER, "/sell?event=no-such-event", &r);
    CU_ASSERT_EQUAL(r.status, 404);
    http_resp_release(&r);
}

static const char *sell_fields(const char *price, const char *extra)
{
    return arena_printf(&A, "event=%s&session=%s&price=%s&currency=EUR&section=A%%3Cb%%3E&%s",
                        EVENT, SESSION, price, extra);
}

static void sell_refuses_bad_forms_and_keeps_the_values(void)
{
    struct http_resp r;
    const char *count = "SELECT count(*) FROM tickets WHERE seller_id = $1";
    long long before = sql_num(count, SELLER.id);

    post(&SELLER, "/sell", sell_fields("45.00", "row=1"), false, &r); /* no CSRF token */
    CU_ASSERT_EQUAL(r.status, 403);
    http_resp_release(&r);
    const char *bad[][2] = {
        { "12%2C50", "Enter the price as a number such as 45.00" },
        { "", "Enter a price" },
        { "0", "The price must be between 0.01 and 100,000.00" },
        { "1.234", "Enter the price as a number such as 45.00" },
        { "100000.01", "The price must be between 0.01 and 100,000.00" },
    };
    for (size_t i = 0; i < MQ_ARRAY_LEN(bad); i++) {
        post(&SELLER, "/sell", sell_fields(bad[i][0], "row=7"), true, &r);
        CU_ASSERT_EQUAL(r.status, 422);
        CU_ASSERT(
            has(&r, arena_printf(&A, "<p class=\"error\" id=\"price-error\">%s</p>", bad[i][1])));
        CU_ASSERT(has(&r, "aria-invalid=\"true\" aria-describedby=\"price-hint price-error\""));
        CU_ASSERT(has(&r, "<a href=\"#price\">"));  /* the summary links to the field */
        CU_ASSERT(has(&r, "value=\"A&lt;b&gt;\"")); /* typed values kept, escaped */
        CU_ASSERT(has(&r, "name=\"row\" type=\"text\" value=\"7\""));
        CU_ASSERT(has(&r, arena_printf(&A, "<option value=\"%s\" selected>", SESSION)));
        http_resp_release(&r);
    }
    post(&SELLER, "/sell",
         arena_printf(&A, "event=%s&session=%s&price=45&currency=XXX", EVENT, SESSION), true, &r);
    CU_ASSERT_EQUAL(r.status, 422);
    CU_ASSERT(has(&r, "id=\"currency-error\""));
    http_resp_release(&r);
    post(&SELLER, "/sell",
         arena_printf(&A, "event=%s&session=no-such-session&price=45&currency=EUR", EVENT), true,
         &r);
    CU_ASSERT_EQUAL(r.status, 422);
    CU_ASSERT(has(&r, "<p class=\"error\" id=\"session-error\">Choose a date from the list</p>"));
    http_resp_release(&r);
    CU_ASSERT_EQUAL(sql_num(count, SELLER.id), before); /* nothing made */
}

static void a_listing_made_by_the_form_is_on_the_api(void)
{
    struct http_resp r;
    post(&SELLER, "/sell", sell_fields("45.5", "row=3&seat=12&title=Two+steps+from+the+stage"),
         true, &r);
    CU_ASSERT_EQUAL_FATAL(r.status, 303);
    const char *to = location(&r);
    const char *prefix = arena_printf(&A, "/sell?event=%s&listed=", EVENT);
    CU_ASSERT_FATAL(strncmp(to, prefix, strlen(prefix)) == 0);
    const char *id = to + strlen(prefix);
    http_resp_release(&r);

    itest_as(&SELLER, AS_BEARER, "GET", arena_printf(&A, "/api/tickets/%s", id), NULL, &r);
    CU_ASSERT_EQUAL(r.status, 200);
    struct json_object *o = itest_json(&A, &r);
    double price = 0;
    json_path_num(o, "priceCents", &price);
    CU_ASSERT_EQUAL((int)price, 4550);
    CU_ASSERT_STRING_EQUAL(json_path_str(o, "currency"), "EUR");
    CU_ASSERT_STRING_EQUAL(json_path_str(o, "section"), "A<b>");
    CU_ASSERT_STRING_EQUAL(json_path_str(o, "seat"), "12");
    CU_ASSERT_STRING_EQUAL(json_path_str(o, "title"), "Two steps from the stage");
    CU_ASSERT_STRING_EQUAL(json_path_str(o, "sellerId"), SELLER.id);
    CU_ASSERT_STRING_EQUAL(json_path_str(o, "sessionId"), SESSION);
    http_resp_release(&r);

    get(&SELLER, to, &r); /* the notice, and the listing under "Your listings" */
    CU_ASSERT(has(&r, "Your ticket is on sale at"));
    CU_ASSERT(has(&r, arena_printf(&A, "action=\"/sell/%s/withdraw\"", id)));
    http_resp_release(&r);
    get(&BUYER, to, &r); /* someone else's listing: no notice */
    CU_ASSERT(!has(&r, "Your ticket is on sale at"));
    http_resp_release(&r);

    post(&BUYER, arena_printf(&A, "/sell/%s/withdraw", id), "x=1", true, &r);
    CU_ASSERT_EQUAL(r.status, 403);
    http_resp_release(&r);
    post(&SELLER, arena_printf(&A, "/sell/%s/withdraw", id), "x=1", true, &r);
    CU_ASSERT_EQUAL(r.status, 303);
    CU_ASSERT_STRING_EQUAL(location(&r), "/sell?withdrawn=1");
    http_resp_release(&r);
    CU_ASSERT_STRING_EQUAL(sql_text("SELECT status FROM tickets WHERE id = $1", id), "withdrawn");
}

static int count_of(const struct http_resp *r, const char *s)
{
    int n = 0;
    for (const char *p = r->body.data; p && (p = strstr(p, s)) != NULL; p += strlen(s))
        n++;
    return n;
}

/* The event page shows a date's cheapest few listings and links to all of
 * them: /events/{id}/tickets?session=S, cheapest first, 30 a page. */
static void and_n_more_leads_to_every_listing_of_the_date(void)
{
    static const char available[] = "SELECT count(*) FROM tickets WHERE session_id = $1 "
                                    "AND marquee_ticket_status(status, held_until) = 'available'";
    const char *ids[32];
    struct http_resp r;
    for (int i = 0; i < 32; i++)
        ids[i] = list_ticket(101 + i);
    long long n = sql_num(available, SESSION), last = (n + 29) / 30;
    CU_ASSERT_FATAL(n >= 32);
    const char *href = arena_printf(&A, "/events/%s/tickets?session=%s", EVENT, SESSION);

    get(NULL, arena_printf(&A, "/events/%s", EVENT), &r);
    CU_ASSERT_EQUAL(r.status, 200);
    CU_ASSERT(has(&r, arena_printf(&A, "<a href=\"%s\">see all %lld tickets", href, n)));
    http_resp_release(&r);

    get(NULL, href, &r);
    CU_ASSERT_EQUAL(r.status, 200);
    CU_ASSERT(has(&r, arena_printf(&A, "%lld tickets, cheapest first", n)));
    CU_ASSERT(has(&r, arena_printf(&A, "Page 1 of %lld", last)));
    CU_ASSERT_EQUAL(count_of(&r, "<li class=\"listing"), 30);
    CU_ASSERT(has(&r, "\xe2\x82\xac"
                      "1.01")); /* €1.01: the cheapest, listed above */
    http_resp_release(&r);
    get(NULL, arena_printf(&A, "%s&page=%lld", href, last), &r);
    CU_ASSERT_EQUAL(r.status, 200);
    CU_ASSERT_EQUAL(count_of(&r, "<li class=\"listing"), n - 30 * (last - 1));
    http_resp_release(&r);

    /* signed in: a Buy form on every listing of someone else */
    get(&BUYER, href, &r);
    CU_ASSERT_EQUAL(count_of(&r, "name=\"ticket_id\""), 30);
    http_resp_release(&r);

    static const char *const missing[] = { "&page=0", "&page=x", "&page=999" };
    for (size_t i = 0; i < MQ_ARRAY_LEN(missing); i++) {
        get(NULL, arena_printf(&A, "%s%s", href, missing[i]), &r);
        CU_ASSERT_EQUAL(r.status, 404);
        http_resp_release(&r);
    }
    get(NULL, arena_printf(&A, "/events/%s/tickets?session=nope", EVENT), &r);
    CU_ASSERT_EQUAL(r.status, 404);
    http_resp_release(&r);
    get(NULL, arena_printf(&A, "/events/%s/tickets", EVENT), &r);
    CU_ASSERT_EQUAL(r.status, 404);
    http_resp_release(&r);

    for (int i = 0; i < 32; i++) {
        itest_as(&SELLER, AS_BEARER, "DELETE", arena_printf(&A, "/api/tickets/%s", ids[i]), NULL,
                 &r);
        CU_ASSERT(r.status == 200 || r.status == 204);
        http_resp_release(&r);
    }
}

static void buy_holds_the_ticket_and_opens_the_checkout(void)
{
    struct http_resp r;
    long st;
    const char *t = list_ticket(2500);

    CU_ASSERT_PTR_NULL(buy(&SELLER, t, &st));
    CU_ASSERT_EQUAL(st, 400);
    post(&SELLER, "/orders", arena_printf(&A, "ticket_id=%s", t), true, &r);
    CU_ASSERT(has(&r, "You cannot order your own ticket."));
    CU_ASSERT(has(&r, arena_printf(&A, "href=\"/events/%s\"", EVENT)));
    http_resp_release(&r);

    post(&BUYER, "/orders", arena_printf(&A, "ticket_id=%s", t), false, &r); /* no CSRF */
    CU_ASSERT_EQUAL(r.status, 403);
    http_resp_release(&r);
    ORDER = buy(&BUYER, t, &st);
    CU_ASSERT_EQUAL(st, 303);
    CU_ASSERT_PTR_NOT_NULL_FATAL(ORDER);
    CU_ASSERT_STRING_EQUAL(sql_text("SELECT status FROM orders WHERE id = $1", ORDER), "created");
    /* A second click finds the buyer's own hold; another buyer is refused. */
    const char *again = buy(&BUYER, t, &st);
    CU_ASSERT(again && strcmp(again, ORDER) == 0);
    CU_ASSERT_PTR_NULL(buy(&OTHER, t, &st));
    CU_ASSERT_EQUAL(st, 409);
    CU_ASSERT_PTR_NULL(buy(&OTHER, "00000000-0000-0000-0000-000000000000", &st));
    CU_ASSERT_EQUAL(st, 404);
}

static void the_checkout_counts_down_to_the_hold_and_is_the_buyers_alone(void)
{
    struct http_resp r;
    CU_ASSERT_PTR_NOT_NULL_FATAL(ORDER);
    const char *path = arena_printf(&A, "/orders/%s", ORDER);
    get(&BUYER, path, &r);
    CU_ASSERT_EQUAL(r.status, 200);
    CU_ASSERT_STRING_EQUAL(http_header(&A, &r, "Cache-Control"), "private, no-store");
    CU_ASSERT_STRING_EQUAL(
        attr(&r, "data-expires=\""),
        sql_text("SELECT (extract(epoch FROM held_until) * 1000)::int8 FROM tickets "
                 "WHERE id = (SELECT ticket_id FROM orders WHERE id = $1)",
                 ORDER));
    CU_ASSERT(has(&r, "<time class=\"countdown\" datetime=\""));
    CU_ASSERT(has(&r, "left to pay</time>"));
    CU_ASSERT(has(&r, arena_printf(&A, "action=\"/orders/%s/pay\"", ORDER)));
    CU_ASSERT(has(&r, "value=\"pm_card_visa\""));
    CU_ASSERT(has(&r, "value=\"pm_card_chargeDeclined\""));
    CU_ASSERT(strlen(attr(&r, "name=\"idempotency_key\" value=\"")) == 32);
    http_resp_release(&r);
    get(&OTHER, path, &r); /* a third user */
    CU_ASSERT_EQUAL(r.status, 404);
    http_resp_release(&r);
    get(&SELLER, path, &r);
    CU_ASSERT_EQUAL(r.status, 404);
    CU_ASSERT(!has(&r, "left to pay"));
    http_resp_release(&r);
    get(&BUYER, "/orders/not-a-uuid", &r);
    CU_ASSERT_EQUAL(r.status, 404);
    http_resp_release(&r);
}

static void a_declined_card_says_so_and_the_hold_stays(void)
{
    struct http_resp r;
    const char *to;
    CU_ASSERT_PTR_NOT_NULL_FATAL(ORDER);
    const char *path = arena_printf(&A, "/orders/%s", ORDER);

    post(&BUYER, arena_printf(&A, "%s/pay", path), "idempotency_key=k0", true, &r); /* no method */
    CU_ASSERT_EQUAL(r.status, 422);
    CU_ASSERT(has(&r, "id=\"method-error\">Choose a payment method."));
    http_resp_release(&r);
    CU_ASSERT_EQUAL(pay(&BUYER, ORDER, pay_key(&BUYER, ORDER), "pm_card_chargeDeclined", &to), 303);
    CU_ASSERT_STRING_EQUAL(to, arena_printf(&A, "%s?payment=declined", path));
    get(&BUYER, to, &r);
    CU_ASSERT(has(&r, "<p class=\"error\" id=\"method-error\">Your card was declined. Try another "
                      "card.</p>"));
    CU_ASSERT(has(&r, "aria-describedby=\"method-hint method-error\""));
    CU_ASSERT(has(&r, "left to pay"));
    http_resp_release(&r);
    CU_ASSERT_STRING_EQUAL(sql_text("SELECT status FROM orders WHERE id = $1", ORDER), "created");
    CU_ASSERT_EQUAL(sql_num("SELECT count(*) FROM payments WHERE order_id = $1 AND status = "
                            "'declined'",
                            ORDER),
                    1);
}

static void paying_twice_with_one_form_charges_once(void)
{
    struct http_resp r;
    const char *to, *to2;
    CU_ASSERT_PTR_NOT_NULL_FATAL(ORDER);
    const char *path = arena_printf(&A, "/orders/%s", ORDER);
    const char *key = pay_key(&BUYER, ORDER);

    CU_ASSERT_EQUAL(pay(&BUYER, ORDER, key, "pm_card_visa", &to), 303);
    CU_ASSERT_STRING_EQUAL(to, path);
    CU_ASSERT_EQUAL(pay(&BUYER, ORDER, key, "pm_card_visa", &to2), 303); /* the double submit */
    CU_ASSERT_STRING_EQUAL(to2, path);
    CU_ASSERT_EQUAL(
        sql_num("SELECT count(*) FROM payments WHERE order_id = $1 AND payment_method = "
                "'pm_card_visa'",
                ORDER),
        1);
    CU_ASSERT_STRING_EQUAL(sql_text("SELECT status FROM orders WHERE id = $1", ORDER), "complete");
    CU_ASSERT_STRING_EQUAL(
        sql_text(
            "SELECT status FROM tickets WHERE id = (SELECT ticket_id FROM orders WHERE id = $1)",
            ORDER),
        "sold");
    /* The same form with another method: nothing more happens. */
    CU_ASSERT_EQUAL(pay(&BUYER, ORDER, key, "pm_card_chargeDeclined", &to), 303);
    CU_ASSERT_STRING_EQUAL(to, arena_printf(&A, "%s?payment=reused", path));
    CU_ASSERT_EQUAL(sql_num("SELECT count(*) FROM payments WHERE order_id = $1", ORDER), 2);

    get(&BUYER, path, &r);
    CU_ASSERT(has(&r, "<h2>Paid</h2>"));
    CU_ASSERT(!has(&r, "action=\"/orders/"));
    http_resp_release(&r);
    get(&BUYER, "/orders", &r);
    CU_ASSERT_EQUAL(r.status, 200);
    CU_ASSERT(has(&r, arena_printf(&A, "<a class=\"mk-item-name\" href=\"%s\">", path)));
    CU_ASSERT(has(&r, "<span class=\"status mk-paid\">Paid</span>"));
    http_resp_release(&r);
    /* A paid order cannot be cancelled. */
    post(&BUYER, arena_printf(&A, "%s/cancel", path), "x=1", true, &r);
    CU_ASSERT_EQUAL(r.status, 409);
    http_resp_release(&r);
}

/* The order's hold ends, as if its 15 minutes had passed. */
static void lapse_hold(const char *order)
{
    CU_ASSERT_STRING_EQUAL(
        sql_text("WITH x AS (UPDATE orders SET expires_at = now() - interval '1 second' "
                 "WHERE id = $1 RETURNING 1), y AS (UPDATE tickets SET held_until = now() - "
                 "interval '1 second' WHERE id = (SELECT ticket_id FROM orders WHERE id = $1) "
                 "RETURNING 1) SELECT count(*) FROM x",
                 order),
        "1");
}

static void a_lapsed_hold_shows_expired_and_refuses_to_charge(void)
{
    struct http_resp r;
    long st;
    const char *to;
    const char *order = buy(&BUYER, list_ticket(3300), &st);
    CU_ASSERT_PTR_NOT_NULL_FATAL(order);
    const char *key = pay_key(&BUYER, order); /* the page was open when the hold ended */
    lapse_hold(order);

    const char *path = arena_printf(&A, "/orders/%s", order);
    get(&BUYER, path, &r);
    CU_ASSERT(has(&r, "Your hold expired at "));
    CU_ASSERT(has(&r, "the ticket was released."));
    CU_ASSERT(!has(&r, "/pay\""));
    http_resp_release(&r);
    CU_ASSERT_EQUAL(pay(&BUYER, order, key, "pm_card_visa", &to), 303);
    CU_ASSERT_STRING_EQUAL(to, arena_printf(&A, "%s?payment=expired", path));
    CU_ASSERT_EQUAL(sql_num("SELECT count(*) FROM payments WHERE order_id = $1", order), 0);
    get(&BUYER, to, &r);
    CU_ASSERT(has(&r, "Nothing was charged."));
    http_resp_release(&r);
    get(&BUYER, "/orders", &r);
    CU_ASSERT(has(&r, "<span class=\"status mk-expired\">Expired</span>"));
    http_resp_release(&r);
}

static void cancel_releases_the_ticket(void)
{
    struct http_resp r;
    long st;
    const char *t = list_ticket(1200);
    const char *order = buy(&BUYER, t, &st);
    CU_ASSERT_PTR_NOT_NULL_FATAL(order);
    const char *path = arena_printf(&A, "/orders/%s/cancel", order);
    post(&OTHER, path, "x=1", true, &r);
    CU_ASSERT_EQUAL(r.status, 404);
    http_resp_release(&r);
    post(&BUYER, path, "x=1", true, &r);
    CU_ASSERT_EQUAL(r.status, 303);
    CU_ASSERT_STRING_EQUAL(location(&r), arena_printf(&A, "/orders/%s", order));
    http_resp_release(&r);
    CU_ASSERT_STRING_EQUAL(sql_text("SELECT status FROM orders WHERE id = $1", order), "cancelled");
    CU_ASSERT_STRING_EQUAL(sql_text("SELECT status FROM tickets WHERE id = $1", t), "available");
    get(&BUYER, arena_printf(&A, "/orders/%s", order), &r);
    CU_ASSERT(has(&r, "You cancelled this order; the ticket was released."));
    http_resp_release(&r);
}

static void a_fifth_hold_is_refused_with_a_time_to_retry(void)
{
    struct itest_user u;
    struct http_resp r;
    long st;
    CU_ASSERT_FATAL(itest_new_user("it_web_holder", &u));
    for (int i = 0; i < 4; i++)
        CU_ASSERT_PTR_NOT_NULL(buy(&u, list_ticket(100 + i), &st));
    post(&u, "/orders", arena_printf(&A, "ticket_id=%s", list_ticket(200)), true, &r);
    CU_ASSERT_EQUAL(r.status, 429);
    CU_ASSERT_STRING_EQUAL(r.retry_after, "900");
    CU_ASSERT(has(&r, "Or try again after "));
    http_resp_release(&r);
}

static void orders_list_is_empty_at_first(void)
{
    struct itest_user u;
    struct http_resp r;
    CU_ASSERT_FATAL(itest_new_user("it_web_new", &u));
    get(&u, "/orders", &r);
    CU_ASSERT_EQUAL(r.status, 200);
    CU_ASSERT(has(&r, "You have no orders yet."));
    http_resp_release(&r);
}

static int setup(void)
{
    arena_init(&A, 0);
    pg_init(&DB, itest_database_url(), 5, 30000, "itest-web-market");
    if (!itest_upcoming_session(&DB, &A, SESSION, EVENT))
        return -1;
    if (!itest_new_user("it_web_seller", &SELLER) || !itest_new_user("it_web_buyer", &BUYER) ||
        !itest_new_user("it_web_other", &OTHER))
        return -1;
    return 0;
}

static int teardown(void)
{
    pg_release(&DB);
    arena_release(&A);
    return 0;
}

int suite_web_market(void)
{
    static const struct itest_case cases[] = {
        { "anonymous readers of /sell, /orders and Buy are sent to sign in",
          anonymous_readers_are_sent_to_sign_in },
        { "/sell finds the event, then shows its form with its upcoming dates",
          sell_finds_the_event_then_shows_its_form },
        { "POST /sell: 403 without CSRF, 422 naming the field with the values kept",
          sell_refuses_bad_forms_and_keeps_the_values },
        { "a listing made by the form is on the API; withdraw",
          a_listing_made_by_the_form_is_on_the_api },
        { "\"and N more\" leads to every listing of the date, cheapest first, paged",
          and_n_more_leads_to_every_listing_of_the_date },
        { "Buy: a hold and the checkout; own ticket, taken, second click",
          buy_holds_the_ticket_and_opens_the_checkout },
        { "the checkout counts down to the hold's end; other users get a 404",
          the_checkout_counts_down_to_the_hold_and_is_the_buyers_alone },
        { "a declined card says so next to the method; the hold stays",
          a_declined_card_says_so_and_the_hold_stays },
        { "one pay form sent twice charges once; /orders shows Paid, the ticket is sold",
          paying_twice_with_one_form_charges_once },
        { "a lapsed hold shows expired; paying it charges nothing",
          a_lapsed_hold_shows_expired_and_refuses_to_charge },
        { "cancel releases the ticket", cancel_releases_the_ticket },
        { "a fifth hold is a 429 page with Retry-After",
          a_fifth_hold_is_refused_with_a_time_to_retry },
        { "/orders with no orders says so", orders_list_is_empty_at_first },
        { NULL, NULL },
    };
    return itest_register("integration/web-market", cases, setup, teardown);
}
