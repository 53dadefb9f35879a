/*
 * The Qdrant vectors backend: one query per request (the event's own
 * point, its genre as a filter, itself excluded). Any failure to get an
 * answer is ST_UPSTREAM: the handler falls back to the in-process store.
 */
#include "config.h"
#include "core/common.h"
#include "app/recs/recs.h"
#include "app/app.h"
#include "app/recs/recs_store.h"
#include "app/recs/vectors.h"
#include "core/arena.h"
#include "core/conf.h"
#include "infra/qdrant.h"

void vectors_qdrant_init(struct recs_state *rs, const struct config *cfg)
{
    if (!cfg->qdrant_url)
        return;
    qdrant_client_init(&rs->qd, cfg->qdrant_url, cfg->search_timeout_ms);
    rs->qd_ready = true;
}

void vectors_qdrant_release(struct recs_state *rs)
{
    if (rs->qd_ready)
        qdrant_client_release(&rs->qd);
    rs->qd_ready = false;
}

static enum status similar(const struct app_ctx *app, const char *id, bool same_genre, int limit,
                           struct vec_hit *out, int *n)
{
    struct recs_state *rs = app->state->recs;
    struct qdrant_hit *hits;
    const char *genre;
    int got;
    *n = 0;
    if (!rs->qd_ready)
        return ST_UPSTREAM; /* not configured */
    enum status st = recs_event_genre(app->read_db, app->arena, id, &genre);
    if (st != ST_OK)
        return st; /* ST_NOT_FOUND: no such event */
    st = qdrant_query(&rs->qd, app->arena, id, same_genre, genre, limit, &hits, &got);
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

const char *vectors_health(const struct app_ctx *app)
{
    struct recs_state *rs = app->state->recs;
    if (!rs->qd_ready)
        return "ok";
    long ms = app->cfg->search_timeout_ms < 500 ? app->cfg->search_timeout_ms : 500;
    return qdrant_ping(&rs->qd, app->arena, ms) == ST_OK ? "ok" : "degraded";
}

const struct vectors_backend vectors_qdrant = { "qdrant", similar };
