/*
 * vectors_sync.h - the vector step of marquee-sync (spec/INTEGRATION.md,
 * "Search index and vectors"): embeds every created or changed event
 * (vector_pending) whose text changed, writes event_vectors, and pushes
 * new vectors to Qdrant when QDRANT_URL is set; the points of events left
 * without sessions are deleted from Qdrant instead (their vectors stay in
 * event_vectors, marked not live, and the workers drop them too). One transaction per
 * batch; a failure leaves the rest pending for the next run.
 */
#ifndef MQ_VECTORS_SYNC_H
#define MQ_VECTORS_SYNC_H

#include "core/common.h"
#include "core/status.h"

struct config;
struct pg;

#define VECTORS_BATCH 256

struct vectors_sync_stats {
    int64_t checked;   /* pending events looked at */
    int64_t embedded;  /* whose text changed: new vectors */
    int64_t remodeled; /* marked again because another model made their vector */
    int64_t pushed;    /* points sent to Qdrant */
    int64_t relived;   /* whose event lost its last session or got one back */
    int64_t deleted;   /* points deleted from Qdrant: their event has no session */
};

enum status vectors_sync_run(struct pg *db, const struct config *cfg,
                             struct vectors_sync_stats *st);

#endif
