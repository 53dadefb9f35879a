/*
 * The in-process vectors backend. Each worker loads event_vectors (the
 * int8 copies) on its first /similar request and then only the rows
 * written since (seq > the last seq it saw), checked at most every
 * VECTORS_CHECK_MS: no per-request load, and a sync that rewrote a few
 * hundred vectors costs a few hundred rows, not a full reload. A row that
 * is not live (its event has no session, sql/008) removes the event.
 */
#include "config.h"
#include "core/common.h"
#include "app/recs/recs_store.h"
#include "app/app.h"
#include "app/recs/vectors.h"
#include "core/arena.h"
#include "core/log.h"
#include "core/str.h"
#include "core/timeutil.h"
#include "infra/pg.h"

#define LOAD_CHUNK 5000 /* rows per statement: bounds the PGresult held at once */

size_t vectors_mem_bytes(const struct recs_state *rs)
{
    return vec_store_bytes(&rs->store);
}

size_t vectors_mem_count(const struct recs_state *rs)
{
    return rs->store.n;
}

void vectors_mem_release(struct recs_state *rs)
{
    vec_store_release(&rs->store);
}

/* bytea text output: "\x" and two hex digits per byte. */
static bool decode_q8(const char *s, int8_t *q)
{
    if (!s || strlen(s) != 2 + 2 * EMBED_DIMS || s[0] != '\\' || s[1] != 'x')
        return false;
    for (int i = 0; i < EMBED_DIMS; i++) {
        int hi = str_hexval(s[2 + 2 * i]), lo = str_hexval(s[3 + 2 * i]);
        if (hi < 0 || lo < 0)
            return false;
        q[i] = (int8_t)(uint8_t)(hi * 16 + lo);
    }
    return true;
}

/* Loads the rows after loaded_seq, chunk by chunk. */
static enum status load_new(struct recs_state *rs, struct pg *db, struct arena *a)
{
    int8_t q[EMBED_DIMS];
    int64_t t0 = time_mono_us();
    size_t before = rs->store.n, rows = 0;
    for (;;) {
        struct pg_result *r;
        arena_reset(a); /* the previous chunk is in the store already */
        enum status st = recs_vectors_after(db, a, rs->loaded_seq, LOAD_CHUNK, &r);
        if (st != ST_OK)
            return st;
        for (int i = 0; i < pg_nrows(r); i++, rows++) {
            double scale = strtod(pg_get(r, i, RV_SCALE), NULL);
            rs->loaded_seq = pg_get_i64(r, i, RV_SEQ);
            if (strcmp(pg_get(r, i, RV_LIVE), "t") != 0) {
                /* no session left: similar to nothing, and never an answer */
                vec_store_remove(&rs->store, pg_get(r, i, RV_ID));
                continue;
            }
            if (!decode_q8(pg_get(r, i, RV_Q8), q) ||
                !vec_store_put(&rs->store, pg_get(r, i, RV_ID), pg_get(r, i, RV_GENRE), q,
                               (float)scale))
                log_error("vectors_load", "event_id=%s error=%s", pg_get(r, i, RV_ID),
                          "bad row or out of memory");
        }
        if (pg_nrows(r) < LOAD_CHUNK)
            break;
    }
    log_info("vectors_loaded", "rows=%zu new=%zu total=%zu bytes=%zu seq=%lld ms=%.1f", rows,
             rs->store.n - before, rs->store.n, vec_store_bytes(&rs->store),
             (long long)rs->loaded_seq, (double)(time_mono_us() - t0) / 1000.0);
    return ST_OK;
}

static enum status refresh(struct recs_state *rs, struct pg *db)
{
    struct arena a;
    int64_t now = time_mono_us(), seq;
    if (rs->checked && now - rs->checked_us < VECTORS_CHECK_MS * 1000)
        return ST_OK;
    arena_init(&a, 0);
    enum status st = recs_vectors_seq(db, &a, &seq);
    if (st == ST_OK) {
        rs->checked = true;
        rs->checked_us = now;
        if (seq > rs->loaded_seq)
            st = load_new(rs, db, &a);
    }
    arena_release(&a);
    return st;
}

/* An event in the store exists (events are never deleted); one without a
 * vector (no session, or not embedded yet) may too, similar to nothing. */
static enum status similar(const struct app_ctx *app, const char *id, bool same_genre, int limit,
                           struct vec_hit *out, int *n)
{
    struct recs_state *rs = app->state->recs;
    const char *genre;
    enum status st = refresh(rs, app->read_db);
    if (st != ST_OK && !rs->checked)
        return st; /* nothing loaded at all yet */
    if (st != ST_OK)
        log_warn("vectors_refresh", "error=%s", "failed; answering from the vectors in memory");
    *n = vec_store_knn(&rs->store, id, same_genre, limit, out);
    if (*n >= 0)
        return ST_OK;
    *n = 0;
    return recs_event_genre(app->read_db, app->arena, id, &genre);
}

const struct vectors_backend vectors_mem = { "in-process", similar };
