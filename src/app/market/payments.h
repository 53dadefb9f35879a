/*
 * payments.h - settling a payment with the provider (spec/MARKET.md,
 * "Payments"): shared by POST /api/payments and marquee-expire, which
 * reconciles payments whose provider call never answered.
 */
#ifndef MQ_PAYMENTS_H
#define MQ_PAYMENTS_H

#include "core/common.h"
#include "core/status.h"
#include "app/market/pay.h"

struct arena;
struct pg;
struct pg_result;

struct payments_env {
    struct pg *db;
    struct arena *arena;
    const struct pay_provider *provider;
    struct pay_ctx *pay;
};

/*
 * Asks the provider about the pending payment in row (PAY_* columns from
 * col): a charge when first, else a look-up of the earlier charge. Records
 * the answer; a charge that came after the order stopped holding its
 * ticket is refunded. *status: the payment's status after, one of
 * succeeded, declined, failed, refunded, or pending (no answer: ask again
 * later). *answer: what the provider said.
 */
enum status payments_settle(const struct payments_env *e, const struct pg_result *p, int row,
                            int col, bool first, const char **status, struct pay_answer *answer);

/* Settles up to limit payments pending for more than min_age_s; *settled
 * counts those that got a final status. */
enum status payments_reconcile(const struct payments_env *e, int min_age_s, int limit,
                               int *settled);

#endif
