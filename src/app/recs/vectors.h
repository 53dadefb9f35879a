/*
 * vectors.h - one interface, two implementations of "similar events":
 * in-process exact search over event_vectors (vectors_mem.c, the default)
 * and Qdrant (vectors_qdrant.c, when QDRANT_URL is set). Both answer with
 * event ids and cosine scores, best first, never the event itself, no
 * duplicates.
 */
#ifndef MQ_VECTORS_H
#define MQ_VECTORS_H

#include "core/common.h"
#include "core/status.h"
#include "app/recs/vec_store.h"
#include "infra/qdrant.h"

struct app_ctx;
struct config;

#define VECTORS_CHECK_MS 2000 /* how stale a worker's vectors may get */
#define SIMILAR_MAX      20

/* The recs domain's worker-lifetime state (struct app_state's recs), made
 * by recs_init and freed by recs_release (recs.h). */
struct recs_state {
    struct vec_store store; /* vectors_mem.c: loaded on the first /similar */
    int64_t loaded_seq, checked_us;
    bool checked;
    struct qdrant_client qd; /* set up when QDRANT_URL is */
    bool qd_ready;
};

struct vectors_backend {
    const char *name;
    /* Up to limit (<= SIMILAR_MAX) events nearest to id into out;
     * ST_NOT_FOUND when there is no event id, ST_UPSTREAM when the backend
     * could not answer (the caller may fall back). */
    enum status (*similar)(const struct app_ctx *app, const char *id, bool same_genre, int limit,
                           struct vec_hit *out, int *n);
};

extern const struct vectors_backend vectors_mem;
extern const struct vectors_backend vectors_qdrant;

/* Each backend's part of recs_init / recs_release. */
void vectors_mem_release(struct recs_state *st);
void vectors_qdrant_init(struct recs_state *st, const struct config *cfg);
void vectors_qdrant_release(struct recs_state *st);

/* The worker's in-process store, loaded and refreshed (for the benchmark
 * and health: bytes held, vectors loaded). */
size_t vectors_mem_bytes(const struct recs_state *st);
size_t vectors_mem_count(const struct recs_state *st);

#endif
