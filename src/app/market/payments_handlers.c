/*
 * POST /api/payments (spec/MARKET.md, "Payments"). The Idempotency-Key is
 * required. A first request records a pending payment and the key in one
 * transaction, then asks the provider with the payment id as the
 * provider's own idempotency key, then records the answer (payments.h). A
 * repeat whose first attempt got no answer asks the provider about that
 * same payment instead of charging again.
 */
#include "config.h"
#include "core/common.h"
#include "app/app.h"
#include "app/market/idempotency.h"
#include "app/market/market.h"
#include "app/market/market_render.h"
#include "app/market/market_reply.h"
#include "app/market/payments.h"
#include "app/market/payments_store.h"
#include "core/log.h"
#include "infra/http.h"
#include "infra/pg.h"
#include "server/auth.h"
#include "server/body.h"
#include "server/worker.h"

static const struct market_outcome begin_outcomes[] = {
    { "not_found", ST_NOT_FOUND, "orderId", "no order with this id" },
    { "forbidden", ST_DENIED, "orderId", "this order belongs to another user" },
    { "paid", ST_CONFLICT, "orderId", "the order is paid already" },
    { "order_cancelled", ST_CONFLICT, "orderId", "the order was cancelled" },
    { "order_expired", ST_CONFLICT, "orderId",
      "the hold on this order has ended; order the ticket again" },
    { "payment_pending", ST_CONFLICT, "orderId",
      "a payment for this order is under way; repeat it with its Idempotency-Key" },
    { NULL, ST_OK, NULL, NULL },
};

struct attempt {
    struct request *req;
    struct response *res;
    struct idem_key *key;
    struct payments_env env;
    struct pay_ctx pay;
};

static void attempt_init(struct attempt *t, struct request *req, struct response *res,
                         struct idem_key *k)
{
    t->req = req;
    t->res = res;
    t->key = k;
    struct app_ctx app = app_ctx_of(req);
    struct market_state *m = app.state->market;
    t->pay = (struct pay_ctx){ app.cfg, &m->http, app.arena };
    t->env = (struct payments_env){ app.db, app.arena, m->provider, &t->pay };
}

/* The reply for a payment whose status is known: 201 with the payment,
 * or why it did not go through. false: no final answer (pending). */
static bool answer(struct attempt *t, const char *id, const char *status,
                   const struct pay_answer *ans)
{
    struct response *res = t->res;
    struct pg_result *p;

    if (strcmp(status, "pending") == 0) {
        reply_error(res, ST_UNAVAILABLE, NULL,
                    "the payment provider did not answer; repeat the request with the same "
                    "Idempotency-Key to learn the outcome");
        return false;
    }
    if (strcmp(status, "declined") == 0) {
        reply_error(res, ST_DECLINED, "paymentMethod", "%s",
                    ans && ans->message ? ans->message : "the payment was declined");
    } else if (strcmp(status, "refunded") == 0) {
        reply_error(res, ST_CONFLICT, "orderId",
                    "the hold on this order ended before the charge went through; the charge "
                    "was refunded");
    } else if (strcmp(status, "failed") == 0 && ans && ans->outcome == PAY_INVALID) {
        reply_error(res, ST_INVALID, "paymentMethod",
                    "paymentMethod is not a payment method this site takes");
    } else if (strcmp(status, "failed") == 0) {
        reply_error(res, ST_UPSTREAM, NULL, "the payment provider refused the payment");
    } else if (payments_get(&t->req->ctx->db, t->req->arena, id, &p) == ST_OK) {
        render_payment(reply_json(res, 201), p, 0, 0);
    } else {
        reply_status(res, ST_UNAVAILABLE);
        return false;
    }
    return true;
}

/* Records a pending payment with the key (one transaction): 0, or the
 * refusal has been answered (and stored) or an error replied. */
static int begin(struct attempt *t, const char *order, const char *method, struct pg_result **p)
{
    struct pg *db = &t->req->ctx->db;
    const char *result;
    enum status st = pg_begin(db);

    if (st == ST_OK)
        st = payments_begin(db, t->req->arena, t->req->user->id, order, t->env.provider->name,
                            method, &result, p);
    bool go = st == ST_OK && strcmp(result, "ok") == 0;
    if (st == ST_OK && !go)
        market_reply_result(t->res, begin_outcomes, result);
    if (st == ST_OK)
        st = idem_save(t->req->arena, t->key, go ? pg_get(*p, 0, 1 + PAY_ID) : NULL,
                       go ? NULL : t->res);
    if (st == ST_OK)
        st = pg_commit(db);
    if (st != ST_OK) {
        pg_rollback(db);
        return reply_status(t->res, st);
    }
    return go ? 0 : -1;
}

/* Asks the provider (charge, or look-up of an earlier attempt), answers,
 * and stores a final answer under the key. */
static void settle(struct attempt *t, struct pg_result *p, int col, bool first)
{
    const char *id = pg_get(p, 0, col + PAY_ID), *status = pg_get(p, 0, col + PAY_STATUS);
    struct pay_answer ans;
    const struct pay_answer *said = NULL;

    /* A repeat finds the payment settled if the first attempt died before
     * storing its answer; otherwise the provider is asked. */
    if (first || strcmp(status, "pending") == 0) {
        if (payments_settle(&t->env, p, 0, col, first, &status, &ans) == ST_OK)
            said = &ans;
        else
            status = "pending";
    }
    if (!answer(t, id, status, said))
        return;
    if (strcmp(status, "succeeded") == 0 || strcmp(status, "refunded") == 0)
        market_changed(t->req);
    if (idem_save(t->req->arena, t->key, id, t->res) != ST_OK)
        log_warn("payment", "event=answer_not_stored payment=%s", id);
}

static void create_payment(struct request *req, struct response *res)
{
    const char *order, *method;
    struct idem_key *k;
    struct attempt t;
    struct pg_result *p;

    if (body_parse(req, res) || body_str(req, res, "orderId", 1, 64, &order, NULL) ||
        market_uuid_or_reply(res, order, "order", "orderId") ||
        body_str(req, res, "paymentMethod", 1, 100, &method, NULL) ||
        idem_begin(req, res, true, &k))
        return;
    attempt_init(&t, req, res, k);
    if (k->resource) {
        enum status st = payments_get(&req->ctx->db, req->arena, k->resource, &p);
        if (st == ST_OK)
            settle(&t, p, 0, false);
        else
            reply_status(res, st);
    } else if (begin(&t, order, method, &p) == 0) {
        settle(&t, p, 1, true);
    }
    idem_end(k);
}

const struct route payments_routes[] = {
    { "POST", "/api/payments", AUTH_USER, create_payment, CACHE_NONE },
    { NULL, NULL, AUTH_PUBLIC, NULL, CACHE_NONE },
};
