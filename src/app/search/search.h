/*
 * search.h - GET /api/search (spec/API.md): fuzzy search on event names
 * and venue names, by Postgres or Elasticsearch (search_backend.h).
 */
#ifndef MQ_SEARCH_H
#define MQ_SEARCH_H

#include "server/router.h"

extern const struct route search_routes[];

/* /api/health's "search": "ok" on Postgres, or when Elasticsearch answers
 * (a HEAD of the index, 500 ms at most); "degraded" otherwise. */
const char *search_health(struct request *req);

#endif
