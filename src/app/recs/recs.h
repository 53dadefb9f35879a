/*
 * recs.h - GET /api/events/{id}/similar (spec/API.md): the events nearest
 * to this one by embedding, from the in-process store or Qdrant
 * (vectors.h).
 */
#ifndef MQ_RECS_H
#define MQ_RECS_H

#include "server/router.h"

extern const struct route recs_routes[];

/* /api/health's "vectors": "ok" in-process, or when Qdrant has the
 * collection (500 ms at most); "degraded" otherwise. */
const char *vectors_health(struct request *req);

#endif
