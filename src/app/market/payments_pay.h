/*
 * payments_pay.h - paying an order under an idempotency key: the one path
 * POST /api/payments and the checkout page's pay form share (spec/MARKET.md,
 * "Payments"). A first attempt records a pending payment together with the
 * key (one transaction), asks the provider with the payment id as the
 * provider's own idempotency key, and records its answer (payments.h). A
 * repeat whose first attempt got no answer (the key's resource) asks the
 * provider about that same payment instead of charging again.
 *
 * The caller claims the key (idempotency.h) and says how each result is
 * answered; final answers are stored under the key and replayed to repeats.
 */
#ifndef MQ_PAYMENTS_PAY_H
#define MQ_PAYMENTS_PAY_H

#include "core/common.h"
#include "core/status.h"
#include "app/market/payments.h"

struct idem_key;
struct request;

struct payment_result {
    /* A refusal of marquee_payment_begin (not_found, forbidden, paid,
     * order_cancelled, order_expired, payment_pending: nothing recorded,
     * nothing charged), or the payment's status after the attempt
     * (succeeded, declined, failed, refunded, or pending: no answer). */
    const char *word;
    bool refused;
    const char *payment_id; /* NULL when refused */
    bool answered;          /* said holds what the provider answered now */
    struct pay_answer said;
};

/* Writes the answer to r into *status and *body: what the key replays.
 * Returns false when the answer is not final (it is then not stored). */
typedef bool (*payment_answer_fn)(void *arg, const struct payment_result *r, int *status,
                                  const char **body);

/* Pays order for buyer with method under k (claimed, IDEM_GO). *out says
 * what came of it; answer is called once with it (inside the transaction
 * for a refusal, so refusal and key commit together). Another status than
 * ST_OK: the database failed, and nothing final was stored. */
enum status payments_pay(const struct payments_env *e, struct idem_key *k, const char *buyer,
                         const char *order, const char *method, payment_answer_fn answer, void *arg,
                         struct payment_result *out);

/* Whether r sold a ticket or refunded a charge: pages showing listings
 * are stale (market_changed). */
bool payments_pay_changed(const struct payment_result *r);

/* The environment of req's worker (its provider and HTTP client); pay is
 * filled and must live as long as e. */
void payments_env_for(struct request *req, struct payments_env *e, struct pay_ctx *pay);

#endif
