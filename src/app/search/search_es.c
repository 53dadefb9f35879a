/*
 * The Elasticsearch search backend: ES ranks and pages (search_after),
 * Postgres supplies the EventSummary rows, so the JSON is the Postgres
 * backend's. Any failure to get an answer is ST_UPSTREAM: the handler
 * falls back to Postgres.
 */
#include "config.h"
#include "core/common.h"
#include "app/events/events_by_ids.h"
#include "app/app.h"
#include "app/search/search.h"
#include "app/search/search_backend.h"
#include "core/arena.h"
#include "core/conf.h"
#include "core/log.h"
#include "core/str.h"
#include "infra/es.h"
#include "infra/pg.h"

enum status search_es_init(struct search_state *st, const struct config *cfg)
{
    if (!cfg->elasticsearch_url)
        return ST_OK;
    es_client_init(&st->es, cfg->elasticsearch_url, cfg->search_timeout_ms);
    st->es_ready = true;
    return ST_OK;
}

void search_es_release(struct search_state *st)
{
    if (st->es_ready)
        es_client_release(&st->es);
    st->es_ready = false;
}

void search_es_query(struct arena *a, const struct search_request *sr, struct es_query *q)
{
    const char **words = arena_alloc(a, sizeof(*words) * (size_t)sr->nwords);
    for (int i = 0; i < sr->nwords; i++)
        words[i] = sr->words[i].text;
    *q = (struct es_query){
        .words = words,
        .nwords = sr->nwords,
        .last_prefix = sr->words[sr->nwords - 1].prefix,
        .joined = sr->joined,
        .genre = sr->genre,
        .has_range = sr->has_range,
        .from = sr->from,
        .to = sr->to,
        .size = (int)sr->limit + 1,
        .after = sr->after.set,
        .after_score = sr->after.score,
        .after_id = sr->after.id,
    };
}

/* Rows for the hits from Postgres; an id Postgres no longer knows is
 * dropped (its index entry is stale until the next sync). */
static enum status fill_result(const struct app_ctx *app, const struct search_request *sr,
                               const struct es_hit *hits, int n, struct search_result *out)
{
    struct arena *a = app->arena;
    int show = n > sr->limit ? (int)sr->limit : n;
    const char **ids = arena_alloc(a, sizeof(*ids) * (size_t)(show + 1));
    struct events_range range = { sr->has_range, sr->from, sr->to };
    struct pg_result *r;

    for (int i = 0; i < show; i++) {
        ids[i] = hits[i].id;
        if (!str_is_hex_lower(ids[i], 64)) {
            /* not a document sync wrote: the index is not ours to trust */
            log_warn("es_error", "call=search error=%s", "a hit whose _id is not an event id");
            return ST_UPSTREAM;
        }
    }
    enum status st = events_by_ids(app->read_db, a, ids, (size_t)show, &range, &r);
    if (st != ST_OK)
        return st == ST_UPSTREAM ? ST_UNAVAILABLE : st;
    out->rows = r;
    out->n = pg_nrows(r);
    out->scores = arena_alloc(a, sizeof(double) * (size_t)(out->n + 1));
    for (int i = 0; i < out->n; i++)
        out->scores[i] = hits[pg_get_i64(r, i, EV_IDS_POS)].score;
    out->next_cursor = NULL;
    if (n > sr->limit) {
        /* continue after the last hit ES gave for this page */
        struct search_cursor c = { .set = true, .backend = 'e', .query = sr->fingerprint };
        c.score = hits[show - 1].score;
        snprintf(c.id, sizeof(c.id), "%s", hits[show - 1].id);
        out->next_cursor = search_cursor_encode(a, &c);
    }
    return ST_OK;
}

static enum status find(const struct app_ctx *app, const struct search_request *sr,
                        struct search_result *out)
{
    struct search_state *st = app->state->search;
    struct es_query q;
    struct es_hit *hits;
    int n;

    if (!st->es_ready)
        return ST_UPSTREAM; /* not configured */
    search_es_query(app->arena, sr, &q);
    if (es_search(&st->es, app->arena, &q, &hits, &n) != ST_OK)
        return ST_UPSTREAM;
    return fill_result(app, sr, hits, n, out);
}

const char *search_health(const struct app_ctx *app)
{
    struct search_state *st = app->state->search;
    if (!st->es_ready)
        return "ok";
    long ms = app->cfg->search_timeout_ms < 500 ? app->cfg->search_timeout_ms : 500;
    return es_ping(&st->es, app->arena, ms) == ST_OK ? "ok" : "degraded";
}

const struct search_backend search_es = { "elasticsearch", 'e', find };
