/*
 * events_by_ids.h - EventSummary rows for a list of event ids, in the
 * list's order, for answers ranked elsewhere (Elasticsearch, vector
 * search). Unknown ids are left out.
 */
#ifndef MQ_EVENTS_BY_IDS_H
#define MQ_EVENTS_BY_IDS_H

#include "core/common.h"
#include "core/status.h"
#include "app/events/events_store.h"

struct arena;
struct pg;
struct pg_result;

/* Summary columns at EV_IDS_SUMMARY, the next session at EV_IDS_SESSION
 * (the first starting in [from, to); from = now when not given), then the
 * id's position in ids (0-based) at EV_IDS_POS. has_range false: no range. */
#define EV_IDS_SUMMARY 0
#define EV_IDS_SESSION EV_SUMMARY_COLS
#define EV_IDS_POS     (EV_IDS_SESSION + EV_SESSION_COLS)

struct events_range {
    bool set;
    int64_t from, to; /* to = INT64_MAX: no bound */
};

enum status events_by_ids(struct pg *db, struct arena *a, const char *const *ids, size_t n,
                          const struct events_range *range, struct pg_result **out);

#endif
