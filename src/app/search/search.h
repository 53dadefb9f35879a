/*
 * search.h - GET /api/search (spec/API.md): fuzzy search on event names
 * and venue names, by Postgres or Elasticsearch (search_backend.h).
 */
#ifndef MQ_SEARCH_H
#define MQ_SEARCH_H

#include "core/status.h"
#include "server/metrics.h"
#include "server/router.h"

struct app_ctx;
struct app_state;
struct config;

extern const struct route search_routes[];

/* The domain's worker hooks (app/app.h): the dictionary and the
 * Elasticsearch client, st->search. */
enum status search_init(struct app_state *st, const struct config *cfg);
void search_release(struct app_state *st);

/* Its counters (server/metrics.h): searches Elasticsearch could not
 * answer (Postgres did). */
enum { SEARCH_COUNT_FALLBACKS };
extern const struct metrics_counter search_counters[];

/* /api/health's "search": "ok" on Postgres, or when Elasticsearch answers
 * (a HEAD of the index, 500 ms at most); "degraded" otherwise. */
const char *search_health(const struct app_ctx *app);

#endif
