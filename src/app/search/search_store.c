#include "config.h"
#include "core/common.h"
#include "app/search/search_store.h"
#include "core/arena.h"
#include "core/timeutil.h"
#include "infra/pg.h"

#include <math.h>

/*
 * The parameters, $1 first: the tsqueries (every word with its expansions,
 * as typed, within one edit), the normalised query, the filters (NULL range:
 * none; the functions that find the candidates apply them, sql/010 and
 * sql/011), the cursor (key, id of the last row read), the page size and
 * the bound on candidates.
 */
enum {
    FIND_P_MATCH,
    FIND_P_EXACT,
    FIND_P_JOINED,
    FIND_P_GENRE,
    FIND_P_FROM,
    FIND_P_TO,
    FIND_P_AFTER_KEY,
    FIND_P_AFTER_ID,
    FIND_P_ROWS,
    FIND_P_BOUND,
    FIND_P_NEAR,
    FIND_NPARAMS
};

/*
 * The candidates: the first SEARCH_CANDIDATES matches in table order, and
 * as many names equal to or starting with the query (tiers 1 and 2,
 * alphabetically from the index on search_name: marquee_search_prefix(),
 * sql/011), which must rank first whatever the bound left out. The rank key
 * is the tier * 10^6 + the length of the name (search_store.h); it is
 * spelled out for both halves of the UNION.
 *
 * Two functions return the same candidates (sql/010_search_candidates.sql
 * holds both to plans that read in table order) at very different costs,
 * and the two statements differ only in which they call. When few events
 * match, marquee_search_gin() reads the GIN index, where Postgres would
 * otherwise walk the table hoping the LIMIT stops it early. When many
 * match, marquee_search_scan() walks the table and stops after $10
 * matches, where the index would first collect every match. The worker
 * picks by the dictionary's counts (search_pg.c).
 */
/* clang-format off */
static const struct pg_stmt find_narrow = {
    "search_find",
    "WITH c AS ("
    "  SELECT e.id, "
    "    (CASE WHEN e.search_name = $3 THEN 1 "
    "          WHEN left(e.search_name, length($3)) = $3 THEN 2 "
    "          WHEN e.name_tsv @@ $2::tsquery THEN 3 "
    "          WHEN e.name_tsv @@ $11::tsquery THEN 4 "
    "          WHEN e.name_tsv @@ $1::tsquery THEN 5 "
    "          WHEN e.search_tsv @@ $2::tsquery THEN 6 "
    "          ELSE 7 END)::int8 * 1000000 "
    "    + least(length(e.search_name), 999999) AS key "
    "  FROM marquee_search_gin($1::tsquery, $4::text, $5::timestamptz, $6::timestamptz, $10::int) e "
    "  UNION ("
    "  SELECT e.id, "
    "    (CASE WHEN e.search_name = $3 THEN 1 "
    "          WHEN left(e.search_name, length($3)) = $3 THEN 2 "
    "          WHEN e.name_tsv @@ $2::tsquery THEN 3 "
    "          WHEN e.name_tsv @@ $11::tsquery THEN 4 "
    "          WHEN e.name_tsv @@ $1::tsquery THEN 5 "
    "          WHEN e.search_tsv @@ $2::tsquery THEN 6 "
    "          ELSE 7 END)::int8 * 1000000 "
    "    + least(length(e.search_name), 999999) "
    "  FROM marquee_search_prefix($3, $1::tsquery, $4::text, $5::timestamptz, $6::timestamptz, $10::int) e)), "
    "page AS ("
    "  SELECT id, key FROM c "
    "  WHERE $7::int8 IS NULL OR key > $7 OR (key = $7 AND id > $8::text) "
    "  ORDER BY key, id "
    "  LIMIT $9) "
    "SELECT e.id, e.name, e.genre, e.sub_genre, e.venue_name, e.venue_address, e.image_url, "
    "  e.favorite_count, "
    "  s.id, s.event_id, extract(epoch FROM s.start_at)::int8, extract(epoch FROM s.end_at)::int8, "
    "  s.local_date::text, s.local_time::text, s.timezone, s.url, "
    "  extract(epoch FROM s.sales_start_at)::int8, extract(epoch FROM s.sales_end_at)::int8, "
    "  s.status, "
    "  p.key "
    "FROM page p "
    "JOIN events e ON e.id = p.id "
    "LEFT JOIN LATERAL ("
    "  SELECT * FROM event_sessions s "
    "  WHERE s.event_id = e.id "
    "    AND s.start_at >= COALESCE($5, now()) "
    "    AND s.start_at < COALESCE($6, 'infinity') "
    "  ORDER BY s.start_at, s.id "
    "  LIMIT 1) s ON true "
    "ORDER BY p.key, p.id",
    FIND_NPARAMS, PG_READONLY | PG_GENERIC
};

static const struct pg_stmt find_broad = {
    "search_find_broad",
    "WITH c AS ("
    "  SELECT e.id, "
    "    (CASE WHEN e.search_name = $3 THEN 1 "
    "          WHEN left(e.search_name, length($3)) = $3 THEN 2 "
    "          WHEN e.name_tsv @@ $2::tsquery THEN 3 "
    "          WHEN e.name_tsv @@ $11::tsquery THEN 4 "
    "          WHEN e.name_tsv @@ $1::tsquery THEN 5 "
    "          WHEN e.search_tsv @@ $2::tsquery THEN 6 "
    "          ELSE 7 END)::int8 * 1000000 "
    "    + least(length(e.search_name), 999999) AS key "
    "  FROM marquee_search_scan($1::tsquery, $4::text, $5::timestamptz, $6::timestamptz, $10::int) e "
    "  UNION ("
    "  SELECT e.id, "
    "    (CASE WHEN e.search_name = $3 THEN 1 "
    "          WHEN left(e.search_name, length($3)) = $3 THEN 2 "
    "          WHEN e.name_tsv @@ $2::tsquery THEN 3 "
    "          WHEN e.name_tsv @@ $11::tsquery THEN 4 "
    "          WHEN e.name_tsv @@ $1::tsquery THEN 5 "
    "          WHEN e.search_tsv @@ $2::tsquery THEN 6 "
    "          ELSE 7 END)::int8 * 1000000 "
    "    + least(length(e.search_name), 999999) "
    "  FROM marquee_search_prefix($3, $1::tsquery, $4::text, $5::timestamptz, $6::timestamptz, $10::int) e)), "
    "page AS ("
    "  SELECT id, key FROM c "
    "  WHERE $7::int8 IS NULL OR key > $7 OR (key = $7 AND id > $8::text) "
    "  ORDER BY key, id "
    "  LIMIT $9) "
    "SELECT e.id, e.name, e.genre, e.sub_genre, e.venue_name, e.venue_address, e.image_url, "
    "  e.favorite_count, "
    "  s.id, s.event_id, extract(epoch FROM s.start_at)::int8, extract(epoch FROM s.end_at)::int8, "
    "  s.local_date::text, s.local_time::text, s.timezone, s.url, "
    "  extract(epoch FROM s.sales_start_at)::int8, extract(epoch FROM s.sales_end_at)::int8, "
    "  s.status, "
    "  p.key "
    "FROM page p "
    "JOIN events e ON e.id = p.id "
    "LEFT JOIN LATERAL ("
    "  SELECT * FROM event_sessions s "
    "  WHERE s.event_id = e.id "
    "    AND s.start_at >= COALESCE($5, now()) "
    "    AND s.start_at < COALESCE($6, 'infinity') "
    "  ORDER BY s.start_at, s.id "
    "  LIMIT 1) s ON true "
    "ORDER BY p.key, p.id",
    FIND_NPARAMS, PG_READONLY | PG_GENERIC
};
/* clang-format on */

/* The worker's dictionary (search_dict.c), with Postgres' estimate of the
 * number of events (search_pg.c compares the dictionary's counts to it). */
/* clang-format off */
static const struct pg_stmt dict_seq = {
    "search_dict_seq",
    "SELECT COALESCE(max(seq), 0) FROM search_terms",
    0, PG_READONLY
};

static const struct pg_stmt dict_load = {
    "search_dict_load",
    "SELECT term, events, (SELECT reltuples FROM pg_class WHERE oid = 'events'::regclass) "
    "FROM search_terms",
    0, PG_READONLY
};

/* The Elasticsearch step of sync (search_index.c): up to $2 pending events
 * after id $1, each with its next session start and its first $3 starts. */
enum { PENDING_P_AFTER, PENDING_P_LIMIT, PENDING_P_MAX_STARTS, PENDING_NPARAMS };
static const struct pg_stmt index_pending = {
    "search_index_pending",
    "SELECT e.id, e.name, e.venue_name, e.search_name, e.genre, e.sub_genre, e.session_count, "
    "(SELECT extract(epoch FROM min(s.start_at))::int8 FROM event_sessions s "
    "  WHERE s.event_id = e.id AND s.start_at >= now()), "
    "(SELECT string_agg(t::text, ',' ORDER BY t) FROM (SELECT extract(epoch FROM s.start_at)::int8 "
    "  AS t FROM event_sessions s WHERE s.event_id = e.id AND s.start_at IS NOT NULL "
    "  ORDER BY s.start_at LIMIT $3) x) "
    "FROM events e WHERE e.search_pending AND e.id > $1 ORDER BY e.id LIMIT $2",
    PENDING_NPARAMS, 0
};

/* $1: the ids as a JSON array. */
enum { DONE_P_IDS, DONE_NPARAMS };
static const struct pg_stmt index_done = {
    "search_index_done",
    "UPDATE events SET search_pending = false "
    "WHERE id IN (SELECT jsonb_array_elements_text($1::jsonb))",
    DONE_NPARAMS, 0
};
/* clang-format on */

const struct pg_stmt *const search_stmts[] = { &find_narrow, &find_broad, NULL };

enum status search_store_find(struct pg *db, struct arena *a, const struct search_pg_query *q,
                              struct pg_result **out)
{
    const char *params[FIND_NPARAMS] = {
        [FIND_P_MATCH] = q->match,
        [FIND_P_EXACT] = q->exact,
        [FIND_P_JOINED] = q->joined,
        [FIND_P_GENRE] = q->genre,
        [FIND_P_FROM] = q->has_range ? time_format_pg(a, q->from) : NULL,
        [FIND_P_TO] = q->has_range ? time_format_pg(a, q->to) : NULL,
        [FIND_P_AFTER_KEY] = q->after ? arena_printf(a, "%lld", (long long)q->after_key) : NULL,
        [FIND_P_AFTER_ID] = q->after ? q->after_id : NULL,
        [FIND_P_ROWS] = arena_printf(a, "%lld", (long long)q->rows),
        [FIND_P_BOUND] = arena_printf(a, "%d", SEARCH_CANDIDATES),
        [FIND_P_NEAR] = q->near,
    };
    return pg_exec(db, a, q->broad ? &find_broad : &find_narrow, params, out);
}

double search_store_score(int64_t key)
{
    int64_t tier = key / SEARCH_TIER_UNIT;
    if (tier < 1 || tier > SEARCH_TIERS)
        return 0;
    return round((double)(SEARCH_TIERS + 1 - tier) / SEARCH_TIERS * 100.0) / 100.0;
}

enum status search_store_dict_seq(struct pg *db, struct arena *a, int64_t *seq)
{
    struct pg_result *r;
    enum status st = pg_exec(db, a, &dict_seq, NULL, &r);
    if (st == ST_OK)
        *seq = pg_get_i64(r, 0, 0);
    return st;
}

enum status search_store_dict_load(struct pg *db, struct arena *a, struct pg_result **out)
{
    return pg_exec(db, a, &dict_load, NULL, out);
}

enum status search_store_index_pending(struct pg *db, struct arena *a, const char *after, int limit,
                                       int max_starts, struct pg_result **out)
{
    const char *params[PENDING_NPARAMS] = {
        [PENDING_P_AFTER] = after,
        [PENDING_P_LIMIT] = arena_printf(a, "%d", limit),
        [PENDING_P_MAX_STARTS] = arena_printf(a, "%d", max_starts),
    };
    return pg_exec(db, a, &index_pending, params, out);
}

enum status search_store_index_done(struct pg *db, struct arena *a, const char *ids_json)
{
    struct pg_result *r;
    const char *params[DONE_NPARAMS] = { [DONE_P_IDS] = ids_json };
    return pg_exec(db, a, &index_done, params, &r);
}
