/*
 * events_totals.h - the list totals each worker keeps (events_count).
 *
 * A total is the one part of a list request that reads every matching
 * event or session (5-90 ms on 100,000 events, see events_store.c), so
 * each worker keeps recent ones by query. A total younger than
 * TOTALS_FRESH_S is served as is; one younger than TOTALS_MAX_AGE_S is
 * served too, but the caller recomputes it after the response has gone
 * (request_after, server/request.h), so no reader waits for it;
 * older or unknown ones are computed before answering. A total may thus lag
 * a sync by up to TOTALS_MAX_AGE_S; the items never do.
 *
 * Worker lifetime: the events domain's part of struct app_state (app/app.h),
 * made by events_init and freed by events_release.
 */
#ifndef MQ_EVENTS_TOTALS_H
#define MQ_EVENTS_TOTALS_H

#include "core/common.h"
#include "core/status.h"

struct app_state;
struct config;

#define TOTALS_FRESH_S   30
#define TOTALS_MAX_AGE_S 60
#define TOTALS_KEY_MAX   320
#define TOTALS_SLOTS     64

enum totals_state { TOTALS_MISS, TOTALS_FRESH, TOTALS_STALE };

struct events_totals_slot {
    char key[TOTALS_KEY_MAX];
    int64_t total;
    int64_t computed; /* 0: empty */
};

/* All zero is empty. */
struct events_totals {
    struct events_totals_slot slots[TOTALS_SLOTS];
};

/* What t holds for key at time now (seconds); *total is set unless
 * TOTALS_MISS. A key longer than TOTALS_KEY_MAX - 1 is never cached. */
enum totals_state totals_get(const struct events_totals *t, const char *key, int64_t now,
                             int64_t *total);

/* Stores total for key, computed at time now. */
void totals_put(struct events_totals *t, const char *key, int64_t total, int64_t now);

/* Forgets everything. */
void totals_clear(struct events_totals *t);

/* The events domain's worker hooks (app/app.h): st->totals. */
enum status events_init(struct app_state *st, const struct config *cfg);
void events_release(struct app_state *st);

#endif
