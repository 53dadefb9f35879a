#include "config.h"
#include "core/common.h"
#include "app/recs/vectors_sync.h"
#include "app/recs/embed.h"
#include "app/recs/recs_store.h"
#include "app/recs/vec_store.h"
#include "core/arena.h"
#include "core/buf.h"
#include "core/conf.h"
#include "core/jsonw.h"
#include "core/log.h"
#include "core/str.h"
#include "infra/pg.h"
#include "infra/qdrant.h"

#define QDRANT_BATCH 128

static void hex_field(struct jsonw *w, const char *key, const void *data, size_t n)
{
    char *hex = malloc(2 * n + 1);
    if (!hex) {
        w->b->failed = true;
        return;
    }
    str_hex(hex, data, n);
    jsonw_kstr(w, key, hex);
    free(hex);
}

/* float32 little-endian, the byte order event_vectors.embedding keeps. */
static void le_bytes(const float *v, unsigned char *out)
{
    for (int i = 0; i < EMBED_DIMS; i++) {
        uint32_t u;
        memcpy(&u, &v[i], 4);
        for (int b = 0; b < 4; b++)
            out[4 * i + b] = (unsigned char)(u >> (8 * b));
    }
}

static void vector_json(struct jsonw *w, const char *id, const char *hash, const float *v)
{
    unsigned char bytes[EMBED_DIMS * 4];
    int8_t q[EMBED_DIMS];
    float scale;
    vec_quantise(v, q, &scale);
    le_bytes(v, bytes);
    jsonw_obj_open(w);
    jsonw_kstr(w, "id", id);
    hex_field(w, "embedding", bytes, sizeof(bytes));
    hex_field(w, "q8", q, sizeof(q));
    jsonw_key(w, "scale");
    char s[32];
    int n = snprintf(s, sizeof(s), "%.9g", (double)scale);
    jsonw_raw(w, s, (size_t)n);
    jsonw_kstr(w, "hash", hash);
    jsonw_obj_close(w);
}

/* Embeds the changed texts of one page of pending events and stores them. */
static enum status embed_page(struct pg *db, struct arena *a, struct embedder *e,
                              struct pg_result *r, struct vectors_sync_stats *st)
{
    int rows = pg_nrows(r), n = 0;
    const char **texts = arena_alloc(a, sizeof(*texts) * (size_t)(rows + 1));
    int *row_of = arena_alloc(a, sizeof(int) * (size_t)(rows + 1));
    struct buf *vec = buf_new_arena(a, 0), *done = buf_new_arena(a, 0);
    struct jsonw vw, dw;

    for (int i = 0; i < rows; i++) {
        const char *old = pg_get(r, i, RP_OLD), *model = pg_get(r, i, RP_MODEL);
        if (old && strcmp(old, pg_get(r, i, RP_HASH)) == 0 && model && !strcmp(model, e->model))
            continue; /* only its sessions changed */
        row_of[n] = i;
        texts[n++] = pg_get(r, i, RP_TEXT);
    }
    float *v = arena_alloc(a, sizeof(float) * EMBED_DIMS * (size_t)(n + 1));
    enum status s = embed_texts(e, a, texts, (size_t)n, v);
    if (s != ST_OK)
        return s;
    jsonw_init(&vw, vec);
    jsonw_arr_open(&vw);
    for (int k = 0; k < n; k++)
        vector_json(&vw, pg_get(r, row_of[k], RP_ID), pg_get(r, row_of[k], RP_HASH),
                    v + (size_t)k * EMBED_DIMS);
    jsonw_arr_close(&vw);
    jsonw_init(&dw, done);
    jsonw_arr_open(&dw);
    for (int i = 0; i < rows; i++)
        jsonw_str(&dw, pg_get(r, i, RP_ID));
    jsonw_arr_close(&dw);
    if (vec->failed || done->failed)
        return ST_NOMEM;
    int64_t written, relived;
    if ((s = recs_store_vectors(db, a, vec->data, done->data, e->model, &written, &relived)) !=
        ST_OK)
        return s;
    st->checked += rows;
    st->embedded += written;
    st->relived += relived;
    return ST_OK;
}

/* Pending events in id order, one batch per transaction. */
static enum status embed_pending(struct pg *db, struct embedder *e, struct vectors_sync_stats *st)
{
    struct arena a;
    char last[VEC_ID_LEN + 1] = "";
    enum status s = ST_OK;
    arena_init(&a, 0);
    for (;;) {
        struct pg_result *r;
        arena_reset(&a);
        if ((s = pg_begin(db)) != ST_OK)
            break;
        if ((s = recs_pending(db, &a, last, VECTORS_BATCH, &r)) == ST_OK && pg_nrows(r) > 0)
            s = embed_page(db, &a, e, r, st);
        if (s != ST_OK) {
            pg_rollback(db);
            break;
        }
        int rows = pg_nrows(r);
        if (rows > 0)
            snprintf(last, sizeof(last), "%s", pg_get(r, rows - 1, RP_ID));
        if ((s = pg_commit(db)) != ST_OK || rows < VECTORS_BATCH)
            break;
    }
    arena_release(&a);
    return s;
}

static bool le_floats(const char *hex, float *v)
{
    unsigned char b[EMBED_DIMS * 4];
    if (!hex || strlen(hex) != 2 * sizeof(b))
        return false;
    for (size_t i = 0; i < sizeof(b); i++) {
        unsigned int x;
        if (sscanf(hex + 2 * i, "%2x", &x) != 1)
            return false;
        b[i] = (unsigned char)x;
    }
    for (int i = 0; i < EMBED_DIMS; i++) {
        uint32_t u = (uint32_t)b[4 * i] | (uint32_t)b[4 * i + 1] << 8 |
                     (uint32_t)b[4 * i + 2] << 16 | (uint32_t)b[4 * i + 3] << 24;
        memcpy(&v[i], &u, 4);
    }
    return true;
}

/* The (id, seq) pairs of the rows one Qdrant call settled, as JSON arrays. */
struct settled {
    struct buf *ids, *seqs;
    struct jsonw iw, sw;
};

static void settled_init(struct settled *d, struct arena *a)
{
    d->ids = buf_new_arena(a, 0);
    d->seqs = buf_new_arena(a, 0);
    jsonw_init(&d->iw, d->ids);
    jsonw_init(&d->sw, d->seqs);
    jsonw_arr_open(&d->iw);
    jsonw_arr_open(&d->sw);
}

static void settled_add(struct settled *d, struct pg_result *r, int i)
{
    jsonw_str(&d->iw, pg_get(r, i, RQ_ID));
    jsonw_str(&d->sw, pg_get(r, i, RQ_SEQ));
}

static enum status settled_done(struct settled *d, struct pg *db, struct arena *a)
{
    jsonw_arr_close(&d->iw);
    jsonw_arr_close(&d->sw);
    if (d->ids->failed || d->seqs->failed)
        return ST_NOMEM;
    return recs_qdrant_done(db, a, d->ids->data, d->seqs->data);
}

/* One batch of vectors not yet in Qdrant: live ones are upserted, the
 * others' points deleted (an event without sessions is similar to
 * nothing); each call clears only its own rows. *n = how many were read. */
static enum status push_batch(struct pg *db, struct arena *a, struct qdrant_client *q,
                              struct vectors_sync_stats *st, int *n)
{
    struct pg_result *r;
    enum status s = recs_qdrant_pending(db, a, QDRANT_BATCH, &r);
    if (s != ST_OK || (*n = pg_nrows(r)) == 0)
        return s;
    struct qdrant_point *p = arena_alloc(a, sizeof(*p) * (size_t)*n);
    const char **gone = arena_alloc(a, sizeof(*gone) * (size_t)*n);
    float *v = arena_alloc(a, sizeof(float) * EMBED_DIMS * (size_t)*n);
    struct settled up, del;
    size_t nup = 0, ndel = 0;
    settled_init(&up, a);
    settled_init(&del, a);
    for (int i = 0; i < *n; i++) {
        if (strcmp(pg_get(r, i, RQ_LIVE), "t") != 0) {
            gone[ndel++] = pg_get(r, i, RQ_ID);
            settled_add(&del, r, i);
            continue;
        }
        float *pv = v + nup * EMBED_DIMS;
        if (!le_floats(pg_get(r, i, RQ_VECTOR), pv))
            return ST_INTERNAL;
        p[nup++] = (struct qdrant_point){ pg_get(r, i, RQ_ID), pv, pg_get(r, i, RQ_GENRE),
                                          pg_get(r, i, RQ_SUBGENRE) };
        settled_add(&up, r, i);
    }
    if (nup > 0) {
        if ((s = qdrant_upsert(q, a, p, nup)) != ST_OK || (s = settled_done(&up, db, a)) != ST_OK)
            return s;
        st->pushed += (int64_t)nup;
    }
    if (ndel > 0) {
        if ((s = qdrant_delete(q, a, gone, ndel)) != ST_OK ||
            (s = settled_done(&del, db, a)) != ST_OK)
            return s;
        st->deleted += (int64_t)ndel;
    }
    return ST_OK;
}

static enum status push_qdrant(struct pg *db, const struct config *cfg,
                               struct vectors_sync_stats *st)
{
    struct qdrant_client q;
    struct arena a;
    int n = 0;
    qdrant_client_init(&q, cfg->qdrant_url, 0);
    arena_init(&a, 0);
    enum status s = qdrant_create_collection(&q, &a);
    while (s == ST_OK) {
        arena_reset(&a);
        s = push_batch(db, &a, &q, st, &n);
        if (n < QDRANT_BATCH)
            break;
    }
    arena_release(&a);
    qdrant_client_release(&q);
    return s;
}

enum status vectors_sync_run(struct pg *db, const struct config *cfg, struct vectors_sync_stats *st)
{
    struct embedder e;
    struct arena a;
    char err[256];
    memset(st, 0, sizeof(*st));
    if (embedder_init(&e, cfg, err, sizeof(err)) != ST_OK) {
        log_error("vectors_sync", "error=\"%s\"", err);
        return ST_INVALID;
    }
    arena_init(&a, 0);
    enum status s = recs_mark_other_models(db, &a, e.model, &st->remodeled);
    arena_release(&a);
    if (s == ST_OK)
        s = embed_pending(db, &e, st);
    embedder_release(&e);
    if (s == ST_OK && cfg->qdrant_url)
        s = push_qdrant(db, cfg, st);
    return s;
}
