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

struct request;

#define VECTORS_CHECK_MS 2000 /* how stale a worker's vectors may get */
#define SIMILAR_MAX      20

struct vectors_backend {
    const char *name;
    /* Up to limit (<= SIMILAR_MAX) events nearest to id into out;
     * ST_NOT_FOUND when there is no event id, ST_UPSTREAM when the backend
     * could not answer (the caller may fall back). */
    enum status (*similar)(struct request *req, const char *id, bool same_genre, int limit,
                           struct vec_hit *out, int *n);
};

extern const struct vectors_backend vectors_mem;
extern const struct vectors_backend vectors_qdrant;

/* The worker's in-process store, loaded and refreshed (for the benchmark
 * and health: bytes held, vectors loaded). */
size_t vectors_mem_bytes(void);
size_t vectors_mem_count(void);

#endif
