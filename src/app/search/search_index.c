#include "config.h"
#include "core/common.h"
#include "app/search/search_index.h"
#include "core/arena.h"
#include "core/buf.h"
#include "core/conf.h"
#include "core/jsonw.h"
#include "infra/es.h"
#include "infra/pg.h"

#define MAX_STARTS 1000 /* session start times indexed per event */

static const struct pg_stmt pending = {
    "search_index_pending",
    "SELECT e.id, e.name, e.venue_name, e.search_name, e.genre, e.sub_genre, e.session_count, "
    "(SELECT extract(epoch FROM min(s.start_at))::int8 FROM event_sessions s "
    "  WHERE s.event_id = e.id AND s.start_at >= now()), "
    "(SELECT string_agg(t::text, ',' ORDER BY t) FROM (SELECT extract(epoch FROM s.start_at)::int8 "
    "  AS t FROM event_sessions s WHERE s.event_id = e.id AND s.start_at IS NOT NULL "
    "  ORDER BY s.start_at LIMIT $3) x) "
    "FROM events e WHERE e.search_pending AND e.id > $1 ORDER BY e.id LIMIT $2",
    3, 0
};

static const struct pg_stmt done = { "search_index_done",
                                     "UPDATE events SET search_pending = false "
                                     "WHERE id IN (SELECT jsonb_array_elements_text($1::jsonb))",
                                     1, 0 };

enum {
    COL_ID,
    COL_NAME,
    COL_VENUE,
    COL_SNAME,
    COL_GENRE,
    COL_SUB,
    COL_COUNT,
    COL_NEXT,
    COL_STARTS
};

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
        .id = pg_get(r, i, COL_ID),
        .name = pg_get(r, i, COL_NAME),
        .venue_name = pg_get(r, i, COL_VENUE),
        .search_name = pg_get(r, i, COL_SNAME),
        .genre = pg_get(r, i, COL_GENRE),
        .sub_genre = pg_get(r, i, COL_SUB),
        .session_count = pg_get_i64(r, i, COL_COUNT),
        .next_start = pg_is_null(r, i, COL_NEXT) ? INT64_MIN : pg_get_i64(r, i, COL_NEXT),
    };
    int64_t *starts;
    d.nstarts = parse_starts(a, pg_get(r, i, COL_STARTS), &starts);
    d.starts = starts;
    es_bulk_add(body, &d);
}

/* One page after *last: bulk (index, or delete an event without sessions),
 * then clear what Elasticsearch took. */
static enum status index_page(struct pg *db, struct arena *a, struct es_client *es,
                              const char *last, struct pg_result **r, struct search_index_stats *st)
{
    const char *params[] = { last, arena_printf(a, "%d", SEARCH_INDEX_BATCH),
                             arena_printf(a, "%d", MAX_STARTS) };
    enum status s = pg_exec(db, a, &pending, params, r);
    int n = s == ST_OK ? pg_nrows(*r) : 0;
    if (s != ST_OK || n == 0)
        return s;
    struct buf *body = buf_new_arena(a, 64u << 20), *ids = buf_new_arena(a, 0);
    bool *ok = arena_alloc(a, sizeof(bool) * (size_t)n);
    int failed;
    for (int i = 0; i < n; i++) {
        /* an event without sessions is found by no search: out of the index */
        if (pg_get_i64(*r, i, COL_COUNT) == 0)
            es_bulk_delete(body, pg_get(*r, i, COL_ID));
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
        jsonw_str(&w, pg_get(*r, i, COL_ID));
        if (pg_get_i64(*r, i, COL_COUNT) == 0)
            st->deleted++;
        else
            st->indexed++;
    }
    jsonw_arr_close(&w);
    struct pg_result *u;
    const char *dp[] = { ids->data };
    st->failed += failed;
    return pg_exec(db, a, &done, dp, &u);
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
            snprintf(last, sizeof(last), "%s", pg_get(r, n - 1, COL_ID));
        if (n < SEARCH_INDEX_BATCH)
            break;
    }
    arena_release(&a);
    es_client_release(&es);
    if (s == ST_OK && st->failed > 0)
        s = ST_UPSTREAM; /* refused items stay pending: the run is not complete */
    return s;
}
