/*
 * sync.h - layer 2: extracted_events -> events + event_sessions
 * (spec/INTEGRATION.md, "Layer 2").
 *
 * Only rows marked sync_pending are read, in id order, in batches of
 * cfg batch size; each batch is one transaction that upserts the events
 * and sessions, moves sessions whose event was renamed (or drops them when
 * their row lost its name), describes every touched event by the most
 * recently changed row among all its sessions, recomputes their session
 * bounds, registers their source images (app/images) and clears the rows'
 * pending flag (only if ingest has not changed them meanwhile). A killed
 * run loses at most the batch in flight, which the next run redoes.
 */
#ifndef MQ_SYNC_H
#define MQ_SYNC_H

#include "core/common.h"
#include "core/status.h"

struct pg;

struct sync_stats {
    int64_t pending; /* rows pending when the run started */
    int64_t rows;    /* rows processed */
    int64_t skipped; /* rows without a name: no event can be made */
    int64_t sessions_inserted;
    int64_t sessions_updated;
    int64_t events_created;
    int64_t events_updated; /* existing events whose description or image changed */
    int64_t batches;
};

/* Called after every batch (for progress output); may be NULL. */
typedef void (*sync_progress_fn)(const struct sync_stats *st, void *arg);

enum status sync_run(struct pg *db, int batch_size, struct sync_stats *st,
                     sync_progress_fn progress, void *arg);

struct config;

struct sync_backend_stats {
    int64_t vectors_checked;  /* created or changed events looked at */
    int64_t vectors_embedded; /* whose text changed: embedded again */
    int64_t vectors_pushed;   /* to Qdrant */
    int64_t vectors_relived;  /* whose event lost its last session or got one back */
    int64_t vectors_deleted;  /* from Qdrant: their event has no session */
    int64_t search_indexed;   /* to Elasticsearch */
    int64_t search_deleted;   /* from Elasticsearch: their event has no session */
    int64_t search_failed;    /* refused by Elasticsearch: still pending */
};

/*
 * After sync_run: brings the vectors (event_vectors, Qdrant) and the
 * Elasticsearch index up to date with every created or changed event
 * (spec/INTEGRATION.md, "Search index and vectors"). A backend that is
 * down leaves its events pending for the next run and makes this fail.
 */
enum status sync_backends(struct pg *db, const struct config *cfg, struct sync_backend_stats *st);

#endif
