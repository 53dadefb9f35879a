/*
 * /orders/{id}: the checkout while the order holds its ticket (the time
 * left, the pay and cancel forms), the receipt once paid, what happened
 * otherwise. POST /orders/{id}/pay goes through payments_pay, the path
 * POST /api/payments takes, under the idempotency key the page rendered:
 * a form sent twice charges once, and the second answer is the first's.
 * The server stays the authority on the hold: a lapsed hold is refused by
 * marquee_payment_begin whatever the page showed.
 */
#include "config.h"
#include "core/common.h"
#include "app/market/idempotency.h"
#include "app/market/market_reply.h"
#include "app/market/orders_store.h"
#include "app/market/payments_pay.h"
#include "core/arena.h"
#include "core/rand.h"
#include "core/str.h"
#include "core/timeutil.h"
#include "infra/pg.h"
#include "server/auth.h"
#include "server/worker.h"
#include "web/market_web.h"
#include "web/page.h"
#include "web/templates.h"
#include "web/web_events.h"

#include <time.h>

#define KEY_BYTES    16 /* the form's idempotency key: 32 hex digits */
#define KEY_MAX_FORM 64
#define KEY_PREFIX   "checkout:" /* never the same key as a client's API call */

/* The payment methods of the test provider (Stripe's test PaymentMethods
 * have the same ids). */
static const char *const methods[][3] = {
    { "pm-visa", "pm_card_visa", "Test card (Visa, succeeds)" },
    { "pm-declined", "pm_card_chargeDeclined", "Test card (declined)" },
};

/* What a ?payment= outcome (the pay form's redirect) says, and where: next
 * to the payment method while the order is held, as a notice while it is
 * held, or as a notice once the hold has ended. */
enum said_where { AT_FIELD, IF_HELD, IF_ENDED };
static const struct {
    const char *word;
    enum said_where where;
    const char *message;
} said[] = {
    { "declined", AT_FIELD, "Your card was declined. Try another card." },
    { "invalid", AT_FIELD, "Choose one of the payment methods below." },
    { "failed", AT_FIELD,
      "The payment provider refused the payment; nothing was charged. Try again." },
    { "pending", IF_HELD,
      "Your payment is being processed. Reload this page in a moment to see the result." },
    { "reused", IF_HELD,
      "This payment form was sent before, so nothing more was charged. Check the order below." },
    { "refunded", IF_ENDED,
      "Your payment arrived after the hold ended, so it was refunded in full." },
    { "expired", IF_ENDED, "Nothing was charged." },
};

/* The signed-in reader's order id with its details (OD_* layout), or the
 * 404 page (also for someone else's order: its existence is not theirs
 * to learn) and -1. */
static int load(struct page *p, const char *id, struct pg_result **r)
{
    enum status st =
        str_is_uuid(id) ? orders_detail_get(&p->req->ctx->db, p->req->arena, id, r) : ST_NOT_FOUND;
    if (st == ST_OK && strcmp(pg_get(*r, 0, OR_BUYER), p->user->id) != 0)
        st = ST_NOT_FOUND;
    if (st != ST_OK) {
        page_error(p, st,
                   st == ST_NOT_FOUND ? "There is no order of yours at this address." : NULL);
        return -1;
    }
    return 0;
}

/* "12 Mar 2026, 14:32 UTC". */
static const char *day_and_clock(struct arena *a, int64_t t)
{
    static const char *const mon[] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                       "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
    int64_t y, days = t >= 0 ? t / 86400 : (t - 86399) / 86400;
    unsigned m, d;
    time_civil_from_days(days, &y, &m, &d);
    return arena_printf(a, "%u %s %lld, %s", d, mon[m - 1], (long long)y, market_clock(a, t));
}

static int64_t now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* "14:32 left to pay": minutes and seconds, never below zero. */
static const char *time_left(struct arena *a, int64_t ms)
{
    int64_t s = ms > 0 ? (ms + 999) / 1000 : 0;
    return arena_printf(a, "%lld:%02lld left to pay", (long long)(s / 60), (long long)(s % 60));
}

static void facts(struct page *p, const struct pg_result *r, const char *title)
{
    struct arena *a = p->req->arena;
    struct market_status s =
        market_order_status(a, pg_get(r, 0, OR_STATUS), pg_get_i64(r, 0, OR_EXPIRES));
    tpl_mk_order_facts(
        p->o, title, web_event_href(a, pg_get(r, 0, OD_TICKET + TK_EVENT)),
        pg_get(r, 0, OD_EVENT_NAME), web_session_when(a, r, 0, OD_SESSION), pg_get(r, 0, OD_VENUE),
        market_place(a, pg_get(r, 0, OD_TICKET + TK_SECTION), pg_get(r, 0, OD_TICKET + TK_ROW),
                     pg_get(r, 0, OD_TICKET + TK_SEAT)),
        web_price(a, pg_get_i64(r, 0, OR_AMOUNT), pg_get(r, 0, OR_CURRENCY)), s.css, s.label);
}

/* The pay form: one idempotency key per render, so sending this form
 * twice is one payment. */
static enum status pay_form(struct page *p, const struct pg_result *r, const char *error,
                            const char *chosen)
{
    struct arena *a = p->req->arena;
    char key[2 * KEY_BYTES + 1];
    enum status st = rand_hex(key, KEY_BYTES);
    if (st != ST_OK)
        return st;
    const char *id = pg_get(r, 0, OR_ID);
    tpl_mk_pay_open(p->o, arena_printf(a, "/orders/%s/pay", id), page_csrf(p), key,
                    error ? "method-hint method-error" : "method-hint");
    if (error)
        tpl_mk_field_error(p->o, "method", error);
    for (size_t i = 0; i < MQ_ARRAY_LEN(methods); i++) {
        if (chosen && strcmp(chosen, methods[i][1]) == 0)
            tpl_mk_pay_method_checked(p->o, methods[i][0], methods[i][1], methods[i][2]);
        else
            tpl_mk_pay_method(p->o, methods[i][0], methods[i][1], methods[i][2]);
    }
    tpl_mk_pay_close(p->o, web_price(a, pg_get_i64(r, 0, OR_AMOUNT), pg_get(r, 0, OR_CURRENCY)));
    tpl_mk_cancel(p->o, arena_printf(a, "/orders/%s/cancel", id), page_csrf(p));
    tpl_mk_actions_close(p->o);
    return ST_OK;
}

static const char *expired_message(struct arena *a, const struct pg_result *r)
{
    return arena_printf(a, "Your hold expired at %s; the ticket was released.",
                        market_clock(a, pg_get_i64(r, 0, OR_EXPIRES)));
}

/* The held order: time left (a live countdown with app.js), pay, cancel. */
static enum status held(struct page *p, const struct pg_result *r, const char *error,
                        const char *chosen)
{
    struct arena *a = p->req->arena;
    int64_t expires_ms = pg_get_i64(r, 0, OD_EXPIRES_MS), now = now_ms();
    char iso[TIME_ISO_LEN];
    time_format_iso(expires_ms / 1000, iso);
    tpl_mk_hold_open(p->o, expired_message(a, r));
    tpl_mk_countdown(p->o, iso, arena_printf(a, "%lld", (long long)expires_ms),
                     arena_printf(a, "%lld", (long long)now), time_left(a, expires_ms - now),
                     market_clock(a, pg_get_i64(r, 0, OR_EXPIRES)));
    enum status st = pay_form(p, r, error, chosen);
    tpl_mk_hold_close(p->o);
    return st;
}

/* The ?payment= outcome's message for an order held or not: *field for
 * next to the payment method, *notice for above. */
static void outcome(const struct page *p, bool is_held, const char **field, const char **notice)
{
    const char *word = request_query(p->req, "payment");
    for (size_t i = 0; word && i < MQ_ARRAY_LEN(said); i++) {
        if (strcmp(said[i].word, word) != 0)
            continue;
        if (said[i].where == AT_FIELD && is_held)
            *field = said[i].message;
        else if ((said[i].where == IF_HELD) == is_held && said[i].where != AT_FIELD)
            *notice = said[i].message;
    }
}

/* The whole page at status; error and chosen: a pay form sent without a
 * method (422). */
static void render(struct page *p, const struct pg_result *r, int status, const char *error,
                   const char *chosen)
{
    struct arena *a = p->req->arena;
    const char *s = pg_get(r, 0, OR_STATUS);
    const char *event = web_event_href(a, pg_get(r, 0, OD_TICKET + TK_EVENT));
    bool is_held = strcmp(s, "created") == 0;
    const char *field = error, *notice = NULL;
    if (!error)
        outcome(p, is_held, &field, &notice);
    const char *title = is_held                      ? "Checkout"
                        : strcmp(s, "complete") == 0 ? "Your ticket"
                        : strcmp(s, "expired") == 0  ? "Hold expired"
                                                     : "Order cancelled";
    page_begin_status(p, status, &(struct page_meta){ .title = title, .noindex = true });
    facts(p, r, title);
    if (notice)
        tpl_mk_notice(p->o, "", notice);
    enum status st = ST_OK;
    if (is_held)
        st = held(p, r, field, chosen);
    else if (strcmp(s, "complete") == 0)
        tpl_mk_paid(p->o, day_and_clock(a, pg_get_i64(r, 0, OR_UPDATED)));
    else if (strcmp(s, "expired") == 0)
        tpl_mk_expired(p->o, expired_message(a, r), event);
    else
        tpl_mk_cancelled(p->o, event);
    if (st != ST_OK) {
        page_error(p, st, NULL);
        return;
    }
    page_end(p);
}

void checkout_page(struct request *req, struct response *res)
{
    struct page p;
    struct pg_result *r;

    if (page_open(&p, req, res) || page_need_user(&p) || load(&p, req->params[0], &r))
        return;
    render(&p, r, 200, NULL, NULL);
}

/* Where the pay form's answer sends the buyer; it is also what the key
 * replays to a second sending of the same form. */
struct pay_reply {
    struct arena *arena;
    const char *order;
    const char *location;
};

static bool pay_answer(void *arg, const struct payment_result *r, int *status, const char **body)
{
    static const char *const words[][2] = {
        { "declined", "declined" },     { "refunded", "refunded" },       { "pending", "pending" },
        { "order_expired", "expired" }, { "payment_pending", "pending" },
    };
    struct pay_reply *t = arg;
    const char *to = NULL;
    for (size_t i = 0; i < MQ_ARRAY_LEN(words); i++) {
        if (strcmp(words[i][0], r->word) == 0)
            to = words[i][1];
    }
    if (!r->refused && strcmp(r->word, "failed") == 0)
        to = r->answered && r->said.outcome == PAY_INVALID ? "invalid" : "failed";
    t->location = to ? arena_printf(t->arena, "/orders/%s?payment=%s", t->order, to)
                     : arena_printf(t->arena, "/orders/%s", t->order);
    *status = 303;
    *body = t->location;
    /* No answer yet: not final, so the same form sent again asks again. */
    return r->refused || strcmp(r->word, "pending") != 0;
}

static bool known_method(const char *m)
{
    for (size_t i = 0; i < MQ_ARRAY_LEN(methods); i++) {
        if (strcmp(methods[i][1], m) == 0)
            return true;
    }
    return false;
}

/* Pays under the claimed key k; 0, or the error page was written. */
static int pay(struct page *p, struct idem_key *k, const char *method, struct pay_reply *t)
{
    struct payments_env env;
    struct pay_ctx ctx;
    struct payment_result r;
    payments_env_for(p->req, &env, &ctx);
    enum status st = payments_pay(&env, k, p->user->id, t->order, method, pay_answer, t, &r);
    idem_end(k);
    if (st != ST_OK) {
        page_error(p, st, NULL);
        return -1;
    }
    if (payments_pay_changed(&r))
        market_changed(p->req);
    return 0;
}

/* The key the form carried, claimed for this order and method; where to
 * send the reader when the key says it was answered or is in use. */
static int claim(struct page *p, const char *key, const char *method, struct idem_key **k,
                 const char **to)
{
    struct arena *a = p->req->arena;
    const char *order = p->req->params[0];
    enum idem_claim c;
    enum status st =
        idem_claim(&p->req->ctx->db, a, p->user->id, arena_printf(a, KEY_PREFIX "%s", key),
                   arena_printf(a, "POST /orders/%s/pay\n%s", order, method), &c, k);
    if (st != ST_OK) {
        page_error(p, st, NULL);
        return -1;
    }
    *to = c == IDEM_REPLAY          ? page_safe_next((*k)->replay_body)
          : c == IDEM_BUSY          ? arena_printf(a, "/orders/%s?payment=pending", order)
          : c == IDEM_OTHER_REQUEST ? arena_printf(a, "/orders/%s?payment=reused", order)
                                    : NULL;
    return 0;
}

void checkout_pay(struct request *req, struct response *res)
{
    struct page p;
    struct pg_result *r;
    struct idem_key *k;
    const char *to;

    if (page_open(&p, req, res) || page_need_user(&p) || page_form(&p) ||
        load(&p, req->params[0], &r))
        return;
    const char *method = page_field(&p, "payment_method"), *key = page_field(&p, "idempotency_key");
    if (!known_method(method) && strcmp(pg_get(r, 0, OR_STATUS), "created") == 0) {
        render(&p, r, 422, "Choose a payment method.", NULL);
        return;
    }
    if (strlen(key) > KEY_MAX_FORM || !idem_key_ok(key)) {
        page_error(&p, ST_INVALID,
                   "This payment form is incomplete. Reload the page and pay again.");
        return;
    }
    if (claim(&p, key, method, &k, &to))
        return;
    struct pay_reply t = { req->arena, req->params[0], NULL };
    if (!to && pay(&p, k, method, &t))
        return;
    page_redirect(&p, to ? to : t.location);
}

void checkout_cancel(struct request *req, struct response *res)
{
    struct page p;
    struct pg_result *r;
    const char *result;

    if (page_open(&p, req, res) || page_need_user(&p) || page_form(&p) ||
        load(&p, req->params[0], &r))
        return;
    const char *id = req->params[0];
    enum status st = orders_cancel(&req->ctx->db, req->arena, p.user->id, id, &result);
    if (st != ST_OK) {
        page_error(&p, st, NULL);
        return;
    }
    if (strcmp(result, "ok") == 0)
        market_changed(req);
    if (strcmp(result, "ok") == 0 || strcmp(result, "noop") == 0) {
        page_redirect(&p, arena_printf(req->arena, "/orders/%s", id));
        return;
    }
    const struct market_outcome *o = market_outcome_find(orders_cancel_outcomes, result);
    if (!o) {
        page_error(&p, ST_INTERNAL, NULL);
        return;
    }
    market_refused(&p, o->st, "This order cannot be cancelled",
                   arena_printf(req->arena, "%s.", market_sentence(req->arena, o->message)),
                   arena_printf(req->arena, "/orders/%s", id));
}
