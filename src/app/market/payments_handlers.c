/*
 * POST /api/payments (spec/MARKET.md, "Payments"). The Idempotency-Key is
 * required; the attempt itself is payments_pay (payments_pay.h), shared
 * with the checkout page. This file says how each result is answered.
 */
#include "config.h"
#include "core/common.h"
#include "app/market/idempotency.h"
#include "app/market/market.h"
#include "app/market/market_render.h"
#include "app/market/market_reply.h"
#include "app/market/payments_pay.h"
#include "app/market/payments_store.h"
#include "infra/pg.h"
#include "server/auth.h"
#include "server/body.h"
#include "server/worker.h"

struct api_answer {
    struct request *req;
    struct response *res;
};

/* The reply for r: 201 with the payment, or why it did not go through.
 * false: no final answer (pending). */
static bool reply(struct api_answer *t, const struct payment_result *r)
{
    struct response *res = t->res;
    const struct pay_answer *ans = r->answered ? &r->said : NULL;
    const char *status = r->word;
    struct pg_result *p;

    if (r->refused) {
        market_reply_result(res, payments_begin_outcomes, status);
    } else if (strcmp(status, "pending") == 0) {
        reply_error(res, ST_UNAVAILABLE, NULL,
                    "the payment provider did not answer; repeat the request with the same "
                    "Idempotency-Key to learn the outcome");
        return false;
    } else if (strcmp(status, "declined") == 0) {
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
    } else if (payments_get(&t->req->ctx->db, t->req->arena, r->payment_id, &p) == ST_OK) {
        render_payment(reply_json(res, 201), p, 0, 0);
    } else {
        reply_status(res, ST_UNAVAILABLE);
        return false;
    }
    return true;
}

/* payment_answer_fn: the JSON reply is what the key replays. */
static bool answer(void *arg, const struct payment_result *r, int *status, const char **body)
{
    struct api_answer *t = arg;
    bool final = reply(t, r);
    *status = t->res->status;
    *body = t->res->body.data;
    return final;
}

static void create_payment(struct request *req, struct response *res)
{
    const char *order, *method;
    struct idem_key *k;
    struct payments_env env;
    struct pay_ctx pay;
    struct payment_result r;
    struct api_answer t = { req, res };

    if (body_parse(req, res) || body_str(req, res, "orderId", 1, 64, &order, NULL) ||
        market_uuid_or_reply(res, order, "order", "orderId") ||
        body_str(req, res, "paymentMethod", 1, 100, &method, NULL) ||
        idem_begin(req, res, true, &k))
        return;
    payments_env_for(req, &env, &pay);
    enum status st = payments_pay(&env, k, req->user->id, order, method, answer, &t, &r);
    idem_end(k);
    if (st != ST_OK)
        reply_status(res, st);
    else if (payments_pay_changed(&r))
        market_changed(req);
}

const struct route payments_routes[] = {
    { "POST", "/api/payments", AUTH_USER, create_payment, CACHE_NONE },
    { NULL, NULL, AUTH_PUBLIC, NULL, CACHE_NONE },
};
