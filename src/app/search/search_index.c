#include "config.h"
#include "core/common.h"
#include "app/search/search_index.h"
#include "app/search/search_store.h"
#include "core/arena.h"
#include "core/buf.h"
#include "core/conf.h"
#include "core/jsonw.h"
#include "infra/es.h"
#include "infra/pg.h"

#define MAX_STARTS 1000 /* session start times indexed per event */

static size_t parse_starts(struct arena *a, const char *s, int64_t **out)
{
    size_t n = 0;
    *out = arena_alloc(a, sizeof(int64_t) * (MAX_STARTS + 1));
    for (const char *p = s; p && *p && n < MAX_STARTS;) {
        char *end;
        (*out)[n++] = strtoll(p, &end, 10);
        p = *end == ',' ? end + 1 : NULL;
    }
    return n;
}

static void add_doc(struct arena *a, struct buf *body, struct pg_result *r, int i)
{
    struct es_doc d = {
        .id = pg_get(r, i, SI_ID),
        .name = pg_get(r, i, SI_NAME),
        .venue_name = pg_get(r, i, SI_VENUE),
        .search_name = pg_get(r, i, SI_SNAME),
        .genre = pg_get(r, i, SI_GENRE),
        .sub_genre = pg_get(r, i, SI_SUB),
        .session_count = pg_get_i64(r, i, SI_COUNT),
        .next_start = pg_is_null(r, i, SI_NEXT) ? INT64_MIN : pg_get_i64(r, i, SI_NEXT),
    };
    int64_t *starts;
    d.nstarts = parse_starts(a, pg_get(r, i, SI_STARTS), &starts);
    d.starts = starts;
    es_bulk_add(body, &d);
}

/* One page after *last: bulk (index, or delete an event without sessions),
 * then clear what Elasticsearch took. */
static enum status index_page(struct pg *db, struct arena *a, struct es_client *es,
                              const char *last, struct pg_result **r, struct search_index_stats *st)
{
    enum status s = search_store_index_pending(db, a, last, SEARCH_INDEX_BATCH, MAX_STARTS, r);
    int n = s == ST_OK ? pg_nrows(*r) : 0;
    if (s != ST_OK || n == 0)
        return s;
    struct buf *body = buf_new_arena(a, 64u << 20), *ids = buf_new_arena(a, 0);
    bool *ok = arena_alloc(a, sizeof(bool) * (size_t)n);
    int failed;
    for (int i = 0; i < n; i++) {
        /* an event without sessions is found by no search: out of the index */
        if (pg_get_i64(*r, i, SI_COUNT) == 0)
            es_bulk_delete(body, pg_get(*r, i, SI_ID));
        else
            add_doc(a, body, *r, i);
    }
    if (body->failed)
        return ST_NOMEM;
    if ((s = es_bulk(es, a, body, ok, n, &failed)) != ST_OK)
        return s;
    struct jsonw w;
    jsonw_init(&w, ids);
    jsonw_arr_open(&w);
    for (int i = 0; i < n; i++) {
        if (!ok[i])
            continue;
        jsonw_str(&w, pg_get(*r, i, SI_ID));
        if (pg_get_i64(*r, i, SI_COUNT) == 0)
            st->deleted++;
        else
            st->indexed++;
    }
    jsonw_arr_close(&w);
    st->failed += failed;
    return search_store_index_done(db, a, ids->data);
}

enum status search_index_run(struct pg *db, const struct config *cfg, struct search_index_stats *st)
{
    struct es_client es;
    struct arena a;
    char last[65] = "";
    memset(st, 0, sizeof(*st));
    if (!cfg->elasticsearch_url)
        return ST_OK;
    es_client_init(&es, cfg->elasticsearch_url, 0);
    arena_init(&a, 0);
    enum status s = es_create_index(&es, &a);
    while (s == ST_OK) {
        struct pg_result *r = NULL;
        arena_reset(&a);
        s = index_page(db, &a, &es, last, &r, st);
        int n = s == ST_OK && r ? pg_nrows(r) : 0;
        if (n > 0)
            snprintf(last, sizeof(last), "%s", pg_get(r, n - 1, SI_ID));
        if (n < SEARCH_INDEX_BATCH)
            break;
    }
    arena_release(&a);
    es_client_release(&es);
    if (s == ST_OK && st->failed > 0)
        s = ST_UPSTREAM; /* refused items stay pending: the run is not complete */
    return s;
}
