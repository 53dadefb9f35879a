/*
 * recs.h - GET /api/events/{id}/similar (spec/API.md): the events nearest
 * to this one by embedding, from the in-process store or Qdrant
 * (vectors.h).
 */
#ifndef MQ_RECS_H
#define MQ_RECS_H

#include "core/status.h"
#include "server/metrics.h"
#include "server/router.h"

struct app_ctx;
struct app_state;
struct config;
struct vec_hit;

extern const struct route recs_routes[];

/* Up to limit (<= SIMILAR_MAX, vectors.h) events nearest to id into out,
 * best first: Qdrant when configured, falling back to the in-process
 * store (counted) when it fails. ST_NOT_FOUND when there is no event id.
 * What /api/events/{id}/similar and the event page show. */
enum status recs_similar(const struct app_ctx *app, const char *id, bool same_genre, int limit,
                         struct vec_hit *out, int *n);

/* The domain's worker hooks (app/app.h): the in-process store and the
 * Qdrant client, st->recs. */
enum status recs_init(struct app_state *st, const struct config *cfg);
void recs_release(struct app_state *st);

/* Its counters (server/metrics.h): similar-events Qdrant could not answer
 * (the in-process store did). */
enum { RECS_COUNT_FALLBACKS };
extern const struct metrics_counter recs_counters[];

/* /api/health's "vectors": "ok" in-process, or when Qdrant has the
 * collection (500 ms at most); "degraded" otherwise. */
const char *vectors_health(const struct app_ctx *app);

#endif
