/*
 * relay.h - marquee-relay (spec/MARKET.md, "Outbox and events"): publishes
 * the pending rows of the outbox (sql/013) to the Redis stream
 * marquee:events, then stamps their sent_at.
 *
 * A batch reads up to RELAY_BATCH_SIZE pending rows in seq order, XADDs
 * them in one pipeline (fields `id` = envelope id, `event` = the envelope)
 * and stamps the rows Redis took before any failure. At least once: a
 * crash between the XADD and the stamp publishes those rows again, never
 * loses one. When idle the relay looks for pending rows every RELAY_POLL_MS
 * (20): writers do not NOTIFY, since a NOTIFY makes commits take turns
 * (sql/016); a NOTIFY on marquee_outbox (by hand) still wakes it at once.
 *
 * Ordering. Rows go out in seq order. For one aggregate seq order is
 * commit order: every state change of a ticket, its orders and their
 * payments runs under that ticket's row lock (014's header), so a later
 * change of the aggregate draws its seq only after the earlier change has
 * committed, and a batch that sees the later row sees the earlier one too
 * (lower seq: same batch or an earlier one). Across aggregates seq order is
 * not commit order: seq is drawn at INSERT, so a transaction holding a
 * lower seq may commit after one with a higher seq has been published. Its
 * rows go out in a later batch (every batch reads the pending rows from
 * the lowest seq up): late, never lost.
 *
 * Only one relay publishes at a time: it holds the advisory lock
 * "marquee-relay" (app/job.h) on its connection, and waits while another
 * session holds it. Losing the connection loses the lock, so the relay
 * then reconnects, takes the lock again and LISTENs again before the next
 * batch. Redis or Postgres being away only delays (bounded backoff): the
 * pending rows stay in the outbox.
 */
#ifndef MQ_RELAY_H
#define MQ_RELAY_H

#include "core/common.h"
#include "core/arena.h"
#include "core/conf.h"
#include "core/status.h"
#include "infra/kv.h"
#include "infra/pg.h"

#include <signal.h>

#define RELAY_STREAM      "marquee:events"
#define RELAY_CHANNEL     "marquee_outbox"
#define RELAY_LOCK        "marquee-relay"
#define RELAY_BACKOFF_MS  100  /* first wait after a failure; doubles */
#define RELAY_BACKOFF_MAX 5000 /* at most this between attempts */
#define RELAY_REPORT_S    10   /* one relay_stats line this often, if anything happened */
#define RELAY_PURGE_BATCH 1000 /* rows per DELETE: short transactions */
#define RELAY_LAT_SAMPLES 4096 /* commit-to-XADD samples kept per report interval */

struct relay {
    const struct config *cfg; /* borrowed */
    const volatile sig_atomic_t *stop;
    struct pg db;
    struct kv kv;
    struct arena batch; /* reset before every batch */
    bool ready;         /* lock held and LISTENing */
    bool waiting;       /* another relay holds the lock (logged once) */
    int backoff_ms;
    int64_t next_purge_us, next_report_us;
    /* since the last report */
    int64_t published, purged;
    int64_t lat_ms[RELAY_LAT_SAMPLES];
    size_t nlat, lat_next;
};

/* cfg and stop are borrowed for the relay's lifetime; nothing connects yet. */
void relay_init(struct relay *r, const struct config *cfg, const volatile sig_atomic_t *stop);
void relay_release(struct relay *r);

/* Publishes until *stop turns true (a batch under way is finished first).
 * Returns 0; failures are logged and retried, never fatal. */
int relay_run(struct relay *r);

/* One batch on a ready relay: *published = rows XADDed and stamped.
 * ST_UNAVAILABLE when Postgres (r->ready is then false) or Redis failed. */
enum status relay_batch(struct relay *r, int64_t *published);

/* Deletes sent rows older than retention_hours, RELAY_PURGE_BATCH at a
 * time (each its own statement); *deleted = how many. */
enum status relay_purge(struct pg *db, struct arena *a, int retention_hours, int64_t *deleted);

#endif
