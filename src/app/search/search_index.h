/*
 * search_index.h - the Elasticsearch step of marquee-sync: every created
 * or changed event (search_pending) is indexed with _bulk into `events`
 * (created with its mapping if needed), or deleted from it when it has no
 * session left (a delete of a missing document is done); per-item failures
 * are detected and only the items Elasticsearch took are cleared. Does nothing without
 * ELASTICSEARCH_URL (Postgres search needs no push: its columns are
 * generated).
 */
#ifndef MQ_SEARCH_INDEX_H
#define MQ_SEARCH_INDEX_H

#include "core/common.h"
#include "core/status.h"

struct config;
struct pg;

#define SEARCH_INDEX_BATCH 500

struct search_index_stats {
    int64_t indexed;
    int64_t deleted; /* events without sessions taken out of the index */
    int64_t failed;  /* items Elasticsearch refused (left pending) */
};

enum status search_index_run(struct pg *db, const struct config *cfg,
                             struct search_index_stats *st);

#endif
