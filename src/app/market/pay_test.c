/*
 * The `test` payment provider: no money moves. pm_card_visa is charged,
 * pm_card_chargeDeclined is declined, anything else is not a method it
 * takes. The answer depends on the method alone, so asking again about the
 * same payment gives the same answer: idempotent by construction.
 */
#include "config.h"
#include "core/common.h"
#include "app/market/pay.h"
#include "core/arena.h"

static enum status answer(struct pay_ctx *ctx, const struct pay_charge *c,
                          struct pay_answer *out)
{
    *out = (struct pay_answer){ .outcome = PAY_INVALID };
    if (strcmp(c->method, "pm_card_visa") == 0) {
        out->outcome = PAY_SUCCEEDED;
        out->ref = arena_printf(ctx->arena, "test_%s", c->payment_id);
    } else if (strcmp(c->method, "pm_card_chargeDeclined") == 0) {
        out->outcome = PAY_DECLINED;
        out->message = "your card was declined";
    }
    return ST_OK;
}

static enum status charge(struct pay_ctx *ctx, const struct pay_charge *c, struct pay_answer *out)
{
    return answer(ctx, c, out);
}

static enum status lookup(struct pay_ctx *ctx, const struct pay_charge *c, const char *ref,
                          struct pay_answer *out)
{
    (void)ref;
    return answer(ctx, c, out);
}

static enum status refund(struct pay_ctx *ctx, const struct pay_charge *c, const char *ref,
                          struct pay_answer *out)
{
    (void)c;
    *out = (struct pay_answer){ .outcome = PAY_SUCCEEDED,
                                .ref = arena_printf(ctx->arena, "refund_%s", ref) };
    return ST_OK;
}

const struct pay_provider pay_test = { "test", charge, lookup, refund };
