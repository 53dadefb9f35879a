#include "config.h"
#include "core/common.h"
#include "app/search/search_store.h"
#include "app/events/events_sql.h"
#include "core/arena.h"
#include "core/timeutil.h"
#include "infra/pg.h"

#include <math.h>

/* $1 match, $2 exact, $11 near, $3 joined, $4 genre, $5 from, $6 to (NULL: no
 * range); the filters are applied by the functions that find the
 * candidates (sql/010, sql/011). The rank key: */
#define KEY                                                                                        \
    "(CASE WHEN e.search_name = $3 THEN 1 "                                                        \
    "WHEN left(e.search_name, length($3)) = $3 THEN 2 "                                            \
    "WHEN e.name_tsv @@ $2::tsquery THEN 3 WHEN e.name_tsv @@ $11::tsquery THEN 4 "                \
    "WHEN e.name_tsv @@ $1::tsquery THEN 5 WHEN e.search_tsv @@ $2::tsquery THEN 6 "               \
    "ELSE 7 END)::int8 * 1000000 "                                                                 \
    "+ least(length(e.search_name), 999999)"

/*
 * The candidates: the first SEARCH_CANDIDATES matches in table order, and
 * as many names equal to or starting with the query, which must rank first
 * whatever the bound left out. $7/$8 is the cursor (key, id), $9 the page
 * size, $10 the bound.
 *
 * Two functions return the same candidates (sql/010_search_candidates.sql
 * holds both to plans that read in table order) at very different costs.
 * When few events match, marquee_search_gin() reads the GIN index, where
 * Postgres would otherwise walk the table hoping the LIMIT stops it early.
 * When many match, marquee_search_scan() walks the table and stops after
 * $10 matches, where the index would first collect every match. The worker
 * picks by the dictionary's counts (search_pg.c).
 */
#define PAGE_AND_SUMMARY                                                                           \
    "page AS (SELECT id, key FROM c WHERE $7::int8 IS NULL OR key > $7 "                           \
    "  OR (key = $7 AND id > $8::text) ORDER BY key, id LIMIT $9) "                                \
    "SELECT " EV_SQL_SUMMARY ", " EV_SQL_SESSION(                                                  \
        "s") ", p.key FROM page p JOIN events e ON e.id = p.id "                                   \
             "LEFT JOIN LATERAL (SELECT * FROM event_sessions s WHERE s.event_id = e.id "          \
             "  AND s.start_at >= COALESCE($5, now()) "                                            \
             "  AND s.start_at < COALESCE($6, 'infinity') "                                        \
             "  ORDER BY s.start_at, s.id LIMIT 1) s ON true "                                     \
             "ORDER BY p.key, p.id"
/* Names equal to or starting with the query (tiers 1 and 2), alphabetically
 * from the index on search_name (marquee_search_prefix(), sql/011), whatever
 * the bound on the rest left out. */
#define NAME_PREFIX                                                                                \
    "UNION (SELECT e.id, " KEY " FROM marquee_search_prefix($3, $1::tsquery, $4::text, "           \
    "  $5::timestamptz, $6::timestamptz, $10::int) e)"

#define FIND(candidates)                                                                           \
    "WITH c AS (SELECT e.id, " KEY " AS key FROM " candidates "($1::tsquery, $4::text, "           \
    "  $5::timestamptz, $6::timestamptz, $10::int) e " NAME_PREFIX "), " PAGE_AND_SUMMARY

static const struct pg_stmt find_narrow = { "search_find", FIND("marquee_search_gin"), 11,
                                            PG_READONLY | PG_GENERIC };
static const struct pg_stmt find_broad = { "search_find_broad", FIND("marquee_search_scan"), 11,
                                           PG_READONLY | PG_GENERIC };

const struct pg_stmt *const search_stmts[] = { &find_narrow, &find_broad, NULL };

static const char *iso(struct arena *a, int64_t t)
{
    if (t == INT64_MAX)
        return "infinity";
    if (t == INT64_MIN)
        return "-infinity";
    char *s = arena_alloc(a, TIME_ISO_LEN);
    time_format_iso(t, s);
    return s;
}

enum status search_store_find(struct pg *db, struct arena *a, const struct search_pg_query *q,
                              struct pg_result **out)
{
    const char *params[] = {
        q->match,
        q->exact,
        q->joined,
        q->genre,
        q->has_range ? iso(a, q->from) : NULL,
        q->has_range ? iso(a, q->to) : NULL,
        q->after ? arena_printf(a, "%lld", (long long)q->after_key) : NULL,
        q->after ? q->after_id : NULL,
        arena_printf(a, "%lld", (long long)q->rows),
        arena_printf(a, "%d", SEARCH_CANDIDATES),
        q->near,
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
