/*
 * The Qdrant vectors backend: one query per request (the event's own
 * point, its genre as a filter, itself excluded). Any failure to get an
 * answer is ST_UPSTREAM: the handler falls back to the in-process store.
 */
#include "config.h"
#include "core/common.h"
#include "app/recs/recs.h"
#include "app/recs/recs_store.h"
#include "app/recs/vectors.h"
#include "core/arena.h"
#include "infra/qdrant.h"
#include "server/request.h"
#include "server/worker.h"

static struct qdrant_client qd; /* worker lifetime */
static bool qd_ready;

static struct qdrant_client *client(const struct worker_ctx *ctx)
{
    const char *url = ctx->cfg->qdrant_url;
    if (qd_ready && strcmp(qd.base_url, url) != 0) {
        qdrant_client_release(&qd); /* another configuration (tests) */
        qd_ready = false;
    }
    if (!qd_ready) {
        qdrant_client_init(&qd, url, ctx->cfg->search_timeout_ms);
        qd_ready = true;
    }
    return &qd;
}

static enum status similar(struct request *req, const char *id, bool same_genre, int limit,
                           struct vec_hit *out, int *n)
{
    struct qdrant_hit *hits;
    const char *genre;
    int got;
    *n = 0;
    enum status st = recs_event_genre(&req->ctx->db, req->arena, id, &genre);
    if (st != ST_OK)
        return st; /* ST_NOT_FOUND: no such event */
    st = qdrant_query(client(req->ctx), req->arena, id, same_genre, genre, limit, &hits, &got);
    if (st == ST_NOT_FOUND)
        return ST_OK; /* no point for this event yet */
    if (st != ST_OK)
        return ST_UPSTREAM;
    for (int i = 0; i < got && *n < limit; i++) {
        bool dup = strcmp(hits[i].event_id, id) == 0 || strlen(hits[i].event_id) != VEC_ID_LEN;
        for (int k = 0; k < *n && !dup; k++)
            dup = strcmp(out[k].id, hits[i].event_id) == 0;
        if (dup)
            continue; /* never the event itself, never twice */
        memcpy(out[*n].id, hits[i].event_id, VEC_ID_LEN + 1);
        out[*n].score = (float)hits[i].score;
        (*n)++;
    }
    return ST_OK;
}

const char *vectors_health(struct request *req)
{
    if (!req->ctx->cfg->qdrant_url)
        return "ok";
    long ms = req->ctx->cfg->search_timeout_ms < 500 ? req->ctx->cfg->search_timeout_ms : 500;
    return qdrant_ping(client(req->ctx), req->arena, ms) == ST_OK ? "ok" : "degraded";
}

const struct vectors_backend vectors_qdrant = { "qdrant", similar };
