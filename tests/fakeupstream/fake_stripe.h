/*
 * fake_stripe.h - a stand-in for Stripe's PaymentIntents API on loopback,
 * for the unit tests of the `stripe` payment provider (started in-process)
 * and for integration runs with PAYMENT_PROVIDER=stripe (the program
 * marquee-fake-stripe, fake_stripe_main.c). No internet needed.
 *
 * It serves, with the shapes recorded in tests/fixtures/stripe (ids,
 * amount, currency and metadata of the request substituted in):
 *   POST /v1/payment_intents      pm_card_visa -> 200 succeeded;
 *                                 pm_card_chargeDeclined -> 402 card_declined;
 *                                 pm_card_chargeDeclinedInsufficientFunds -> 402
 *                                 insufficient_funds; pm_card_authenticationRequired
 *                                 -> 200 requires_action; any other -> 400
 *                                 resource_missing (param payment_method)
 *   GET  /v1/payment_intents/{id} the intent, or 404 resource_missing
 *   POST /v1/refunds              payment_intent=pi_... -> 200 refund succeeded
 * with a wrong Bearer key -> 401. Idempotency as Stripe documents it: the
 * first answer of a key is saved and replayed (status and body); the same
 * key with other parameters -> 400 idempotency_error; a key whose first
 * request is still running -> 409 idempotency_key_in_use.
 *
 * Faults are queued and each applies to the next /v1 request:
 *   500        500 api_error before executing (nothing saved, nothing charged)
 *   500_saved  executes as a 500: saved and replayed for the key, no charge
 *   429        429 rate_limit (nothing saved)
 *   409        409 idempotency_key_in_use (nothing saved)
 *   401        401 invalid_api_key
 *   slow       holds the key "in progress" for slow_ms, then executes and answers
 *   drop       closes the connection before executing (nothing charged)
 *   drop_after executes (charges, saves), then closes without answering
 *
 * Control (no key needed): POST /_fake/faults with a body like "500,slow";
 * GET /_fake/stats[?key=K] -> {"requests":n,"charges":n,"refunds":n,"faults_left":n}.
 */
#ifndef MQ_FAKE_STRIPE_H
#define MQ_FAKE_STRIPE_H

#include "core/common.h"

struct fake_stripe;

struct fake_stripe_opts {
    int port;             /* 0: any free port */
    const char *key;      /* the secret key expected; NULL: any */
    const char *fixtures; /* tests/fixtures/stripe */
    int slow_ms;          /* the slow fault's delay; 0: 2000 */
    FILE *log;            /* one line per request (never the key), or NULL */
};

/* Listens on 127.0.0.1 and serves in threads; NULL (and a message on
 * stderr) when the fixtures cannot be read or the port not bound. */
struct fake_stripe *fake_stripe_start(const struct fake_stripe_opts *o);
/* Closes every connection, wakes slow requests, frees everything. */
void fake_stripe_stop(struct fake_stripe *f);

/* "http://127.0.0.1:<port>" (borrowed). */
const char *fake_stripe_url(const struct fake_stripe *f);
int fake_stripe_port(const struct fake_stripe *f);

/* Queues faults ("500,429,slow"); -1 on an unknown name (nothing queued). */
int fake_stripe_faults(struct fake_stripe *f, const char *spec);

struct fake_stripe_stats {
    int64_t requests; /* /v1 requests (with that Idempotency-Key, for a key) */
    int64_t charges;  /* PaymentIntents that succeeded */
    int64_t refunds;
    int64_t faults_left;
};
/* Counters for requests with Idempotency-Key key, or all of them (NULL). */
struct fake_stripe_stats fake_stripe_stats(struct fake_stripe *f, const char *key);

/* The last /v1 request as received: head and body (malloc'd; free it). */
char *fake_stripe_last_request(struct fake_stripe *f);

#endif
