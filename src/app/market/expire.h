/*
 * expire.h - marquee-expire's work (cron, every minute): end the holds
 * that have passed, settle payments whose provider call never answered,
 * and forget idempotency keys older than 24 hours. Every step is batched,
 * one transaction a batch, and safe to stop at any point: a batch that did
 * not commit is redone by the next run, and redoing a committed one
 * changes nothing.
 */
#ifndef MQ_EXPIRE_H
#define MQ_EXPIRE_H

#include "core/common.h"
#include "core/status.h"
#include "app/market/payments.h"

#define EXPIRE_BATCH          500
#define EXPIRE_PAYMENT_AGE_S  60 /* a pending payment younger than this may still be answered */
#define EXPIRE_PAYMENTS_BATCH 100

struct expire_stats {
    int64_t orders_expired;
    int payments_settled;
    int64_t keys_purged;
};

/* env's provider settles the pending payments. */
enum status expire_run(const struct payments_env *env, struct expire_stats *st);

#endif
