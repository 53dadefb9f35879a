/*
 * payments_store.h - payments (sql/013_market.sql). A payment is recorded
 * 'pending' before the provider is asked (marquee_payment_begin), and the
 * provider's answer is recorded by marquee_payment_finish, which completes
 * the order and sells the ticket in the same transaction, or says the
 * charge came too late and must be refunded (sql/014_market_functions.sql).
 */
#ifndef MQ_PAYMENTS_STORE_H
#define MQ_PAYMENTS_STORE_H

#include "core/common.h"
#include "core/status.h"

struct arena;
struct pg;
struct pg_result;

/* A payment's columns (PAY_METHOD is not shown to clients). */
enum payment_col {
    PAY_ID,
    PAY_ORDER,
    PAY_AMOUNT,
    PAY_CURRENCY,
    PAY_STATUS,
    PAY_PROVIDER,
    PAY_REF,
    PAY_CREATED,
    PAY_METHOD,
    PAY_COLS
};

/* The SQL of those columns, for a payments row named p. */
#define PAYMENT_COLUMNS                                                                            \
    "p.id, p.order_id, p.amount_cents, p.currency, p.status, p.provider, p.provider_ref, "         \
    "extract(epoch FROM p.created_at)::int8, p.payment_method"

/* One payment (PAY_* from column 0); ST_NOT_FOUND if none. */
enum status payments_get(struct pg *db, struct arena *a, const char *id, struct pg_result **out);

/* *result: ok, not_found, forbidden, paid, order_cancelled, order_expired,
 * payment_pending. On ok, *row holds the pending payment (PAY_* from
 * column 1). */
enum status payments_begin(struct pg *db, struct arena *a, const char *buyer, const char *order,
                           const char *provider, const char *method, const char **result,
                           struct pg_result **row);

/* outcome: succeeded, declined or failed. *result: the payment's status
 * after it, or "refund" for a charge that came after the order stopped
 * holding its ticket. */
enum status payments_finish(struct pg *db, struct arena *a, const char *id, const char *outcome,
                            const char *ref, const char *error, const char **result);

/* A late charge was refunded: the payment is 'refunded'. */
enum status payments_refunded(struct pg *db, struct arena *a, const char *id, const char **result);

/* Up to limit payments pending for more than min_age_s, oldest first
 * (PAY_* from column 0), for reconciliation. */
enum status payments_pending(struct pg *db, struct arena *a, int min_age_s, int limit,
                             struct pg_result **out);

#endif
