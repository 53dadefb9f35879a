/*
 * pay.h - payment providers behind one interface (spec/MARKET.md,
 * "Payments"): `test` (pay_test.c, the default) and `stripe` (pay_stripe.c,
 * PaymentIntents over HTTPS). PAYMENT_PROVIDER picks one per process.
 *
 * The caller records a 'pending' payment first and passes its id: a
 * provider must use it as its idempotency key, so asking again for the same
 * payment id (after a timeout, a crash, a retried request) never charges
 * twice. Nothing here touches the database.
 */
#ifndef MQ_PAY_H
#define MQ_PAY_H

#include "core/common.h"
#include "core/status.h"

struct arena;
struct config;
struct http_client;

enum pay_outcome {
    PAY_SUCCEEDED, /* charged (or refunded, for pay_refund) */
    PAY_DECLINED,  /* the card was declined: 402, the buyer may try again */
    PAY_INVALID,   /* the payment method is not one the provider takes: 400 */
    PAY_FAILED,    /* refused for another reason (bad key, bad request): nothing charged */
    PAY_UNKNOWN,   /* no answer (timeout, 5xx after retries): may or may not be charged */
};

struct pay_charge {
    const char *payment_id; /* our payments.id: the provider's idempotency key */
    const char *order_id;
    int64_t amount_cents; /* minor units */
    const char *currency; /* ISO 4217, upper case */
    const char *method;   /* e.g. "pm_card_visa" */
};

struct pay_answer {
    enum pay_outcome outcome;
    const char *ref;     /* the provider's id of the charge (arena), NULL if none */
    const char *message; /* for the buyer, on a decline (arena); never upstream internals */
};

struct pay_ctx {
    const struct config *cfg;
    struct http_client *http; /* the process's client (stripe) */
    struct arena *arena;      /* answers live here */
};

/* Each call returns ST_OK with out filled, whatever the outcome (PAY_UNKNOWN
 * included); another status only when it could not try at all (ST_NOMEM),
 * with out->outcome PAY_FAILED: nothing was sent. */
struct pay_provider {
    const char *name; /* stored in payments.provider */
    /* Charges c; the same c->payment_id again must not charge twice. */
    enum status (*charge)(struct pay_ctx *ctx, const struct pay_charge *c, struct pay_answer *out);
    /* The outcome of an earlier charge of c (ref: its provider id, or NULL
     * when the charge call never answered). */
    enum status (*lookup)(struct pay_ctx *ctx, const struct pay_charge *c, const char *ref,
                          struct pay_answer *out);
    /* Refunds the charge ref of c in full (idempotent per payment id). */
    enum status (*refund)(struct pay_ctx *ctx, const struct pay_charge *c, const char *ref,
                          struct pay_answer *out);
};

extern const struct pay_provider pay_test;
extern const struct pay_provider pay_stripe;

/* How pay_stripe reads Stripe's answers (no I/O, also read by
 * tests/fuzz): st is the call's status (ST_OK when an answer arrived),
 * http its status, o the parsed body (NULL if none or not JSON). The
 * answer to a create or a lookup (a PaymentIntent or an error), and to a
 * refund. out->ref and out->message are arena strings. */
struct json_object;
void pay_stripe_charge_answer(struct arena *a, enum status st, long http, struct json_object *o,
                              struct pay_answer *out);
void pay_stripe_refund_answer(struct arena *a, enum status st, long http, struct json_object *o,
                              struct pay_answer *out);

/* The provider PAYMENT_PROVIDER names. */
const struct pay_provider *pay_provider_for(const struct config *cfg);

#endif
