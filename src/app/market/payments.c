#include "config.h"
#include "core/common.h"
#include "app/market/payments.h"
#include "app/market/payments_store.h"
#include "core/log.h"
#include "infra/pg.h"

static const char *outcome_word(enum pay_outcome o)
{
    switch (o) {
    case PAY_SUCCEEDED:
        return "succeeded";
    case PAY_DECLINED:
        return "declined";
    case PAY_INVALID:
    case PAY_FAILED:
    case PAY_UNKNOWN:
        break;
    }
    return "failed";
}

/* A charge that came too late: refund it. The payment stays pending when
 * the refund gets no answer, and the next reconciliation tries again. */
static enum status refund(const struct payments_env *e, const struct pay_charge *c, const char *ref,
                          const char **status)
{
    struct pay_answer ans = { 0 };
    enum status st = e->provider->refund(e->pay, c, ref, &ans);
    if (st != ST_OK || ans.outcome != PAY_SUCCEEDED) {
        log_warn("payment", "event=refund_pending payment=%s provider=%s", c->payment_id,
                 e->provider->name);
        *status = "pending";
        return st;
    }
    log_info("payment", "event=refunded payment=%s order=%s", c->payment_id, c->order_id);
    return payments_refunded(e->db, e->arena, c->payment_id, status);
}

enum status payments_settle(const struct payments_env *e, const struct pg_result *p, int row,
                            int col, bool first, const char **status, struct pay_answer *answer)
{
    struct pay_charge c = {
        .payment_id = pg_get(p, row, col + PAY_ID),
        .order_id = pg_get(p, row, col + PAY_ORDER),
        .amount_cents = pg_get_i64(p, row, col + PAY_AMOUNT),
        .currency = pg_get(p, row, col + PAY_CURRENCY),
        .method = pg_get(p, row, col + PAY_METHOD),
    };
    const char *ref = pg_get(p, row, col + PAY_REF);

    *answer = (struct pay_answer){ .outcome = PAY_UNKNOWN };
    enum status st = first ? e->provider->charge(e->pay, &c, answer)
                           : e->provider->lookup(e->pay, &c, ref, answer);
    if (st != ST_OK)
        return st;
    if (answer->outcome == PAY_UNKNOWN) {
        *status = "pending";
        return ST_OK;
    }
    st = payments_finish(e->db, e->arena, c.payment_id, outcome_word(answer->outcome), answer->ref,
                         answer->message, status);
    if (st != ST_OK || strcmp(*status, "refund") != 0)
        return st;
    return refund(e, &c, answer->ref ? answer->ref : ref, status);
}

enum status payments_reconcile(const struct payments_env *e, int min_age_s, int limit, int *settled)
{
    struct pg_result *r;
    enum status st = payments_pending(e->db, e->arena, min_age_s, limit, &r);

    *settled = 0;
    for (int i = 0; st == ST_OK && i < pg_nrows(r); i++) {
        const char *status;
        struct pay_answer ans;
        st = payments_settle(e, r, i, 0, false, &status, &ans);
        if (st == ST_OK && strcmp(status, "pending") != 0)
            (*settled)++;
    }
    return st;
}
