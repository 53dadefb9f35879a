/*
 * pay_test.c - the `test` payment provider (the default): no network, the
 * outcome follows from the payment method alone, as with Stripe's test
 * cards. Being a pure function of the charge, it is idempotent by payment
 * id by construction: asking again answers the same and charges nothing.
 */
#include "config.h"
#include "core/common.h"
#include "app/market/pay.h"
#include "core/arena.h"

#define METHOD_OK       "pm_card_visa"
#define METHOD_DECLINED "pm_card_chargeDeclined"

static enum status test_charge(struct pay_ctx *ctx, const struct pay_charge *c,
                               struct pay_answer *out)
{
    memset(out, 0, sizeof(*out));
    if (c->method && strcmp(c->method, METHOD_OK) == 0) {
        out->outcome = PAY_SUCCEEDED;
        out->ref = arena_printf(ctx->arena, "test_%s", c->payment_id);
    } else if (c->method && strcmp(c->method, METHOD_DECLINED) == 0) {
        out->outcome = PAY_DECLINED;
        out->message = "your card was declined";
    } else {
        out->outcome = PAY_INVALID;
    }
    return ST_OK;
}

static enum status test_lookup(struct pay_ctx *ctx, const struct pay_charge *c, const char *ref,
                               struct pay_answer *out)
{
    MQ_UNUSED(ref);
    return test_charge(ctx, c, out);
}

static enum status test_refund(struct pay_ctx *ctx, const struct pay_charge *c, const char *ref,
                               struct pay_answer *out)
{
    memset(out, 0, sizeof(*out));
    out->outcome = PAY_SUCCEEDED;
    out->ref =
        ref ? arena_strdup(ctx->arena, ref) : arena_printf(ctx->arena, "test_%s", c->payment_id);
    return ST_OK;
}

const struct pay_provider pay_test = {
    .name = "test",
    .charge = test_charge,
    .lookup = test_lookup,
    .refund = test_refund,
};
