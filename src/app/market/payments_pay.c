#include "config.h"
#include "core/common.h"
#include "app/market/payments_pay.h"
#include "app/app.h"
#include "app/market/idempotency.h"
#include "app/market/market.h"
#include "app/market/payments_store.h"
#include "core/log.h"
#include "infra/pg.h"

void payments_env_for(struct request *req, struct payments_env *e, struct pay_ctx *pay)
{
    struct app_ctx app = app_ctx_of(req);
    struct market_state *m = app.state->market;
    *pay = (struct pay_ctx){ app.cfg, &m->http, app.arena };
    *e = (struct payments_env){ app.db, app.arena, m->provider, pay };
}

bool payments_pay_changed(const struct payment_result *r)
{
    return !r->refused && (strcmp(r->word, "succeeded") == 0 || strcmp(r->word, "refunded") == 0);
}

/* Records a pending payment with the key, or the refusal's answer under
 * it, in one transaction. *p: the pending payment (PAY_* from column 1). */
static enum status begin(const struct payments_env *e, struct idem_key *k, const char *buyer,
                         const char *order, const char *method, payment_answer_fn answer, void *arg,
                         struct payment_result *out, struct pg_result **p)
{
    const char *result;
    enum status st = pg_begin(e->db);

    if (st == ST_OK)
        st = payments_begin(e->db, e->arena, buyer, order, e->provider->name, method, &result, p);
    if (st == ST_OK && strcmp(result, "ok") != 0) {
        int status;
        const char *body;
        *out = (struct payment_result){ .word = result, .refused = true };
        answer(arg, out, &status, &body);
        st = idem_store(e->arena, k, NULL, status, body);
    } else if (st == ST_OK) {
        *out =
            (struct payment_result){ .word = "pending", .payment_id = pg_get(*p, 0, 1 + PAY_ID) };
        st = idem_store(e->arena, k, out->payment_id, 0, NULL);
    }
    if (st == ST_OK)
        st = pg_commit(e->db);
    if (st != ST_OK)
        pg_rollback(e->db);
    return st;
}

/* Asks the provider (a charge, or a look-up of an earlier attempt),
 * answers, and stores a final answer under the key. */
static void settle(const struct payments_env *e, struct idem_key *k, struct pg_result *p, int col,
                   bool first, payment_answer_fn answer, void *arg, struct payment_result *out)
{
    const char *status = pg_get(p, 0, col + PAY_STATUS);
    int code;
    const char *body;

    *out = (struct payment_result){ .payment_id = pg_get(p, 0, col + PAY_ID) };
    /* A repeat finds the payment settled if the first attempt died before
     * storing its answer; otherwise the provider is asked. */
    if (first || strcmp(status, "pending") == 0) {
        if (payments_settle(e, p, 0, col, first, &status, &out->said) == ST_OK)
            out->answered = true;
        else
            status = "pending";
    }
    out->word = status;
    if (!answer(arg, out, &code, &body))
        return;
    if (idem_store(e->arena, k, out->payment_id, code, body) != ST_OK)
        log_warn("payment", "event=answer_not_stored payment=%s", out->payment_id);
}

enum status payments_pay(const struct payments_env *e, struct idem_key *k, const char *buyer,
                         const char *order, const char *method, payment_answer_fn answer, void *arg,
                         struct payment_result *out)
{
    struct pg_result *p;
    enum status st;

    if (k->resource) {
        st = payments_get(e->db, e->arena, k->resource, &p);
        if (st == ST_OK)
            settle(e, k, p, 0, false, answer, arg, out);
        return st;
    }
    st = begin(e, k, buyer, order, method, answer, arg, out, &p);
    if (st == ST_OK && !out->refused)
        settle(e, k, p, 1, true, answer, arg, out);
    return st;
}
