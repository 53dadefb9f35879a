/*
 * search_store.h - the Postgres search (the embedded default): full text
 * over the words of event names and venue names (sql/004_search.sql).
 *
 * Every query word must match a word of the name or the venue name: one of
 * its typo expansions, or for the last word also any word it starts. The
 * result is ordered by a rank key (ascending) and the event id:
 *
 *   tier 1  the name is the query (words compared as normalised)
 *   tier 2  the name starts with the query
 *   tier 3  every query word is in the name, as typed
 *   tier 4  every query word is in the name, within one edit
 *   tier 5  every query word is in the name, within its budget
 *   tier 6  every query word is in the name or venue, as typed
 *   tier 7  the rest (typos, some words only in the venue)
 *
 * and within a tier shorter names first: key = tier * 10^6 + length of the
 * normalised name. Broad queries are bounded: only the first
 * SEARCH_CANDIDATES matching events (in table order) plus as many names
 * equal to or starting with the query are ranked and can be paged to, so
 * a one-word query that matches a third of the catalogue costs about what
 * a narrow one does. Below that bound (which covers the misspelled and
 * multi-word queries people type) the order is exact.
 */
#ifndef MQ_SEARCH_STORE_H
#define MQ_SEARCH_STORE_H

#include "core/common.h"
#include "core/status.h"
#include "app/events/events_store.h"

struct arena;
struct pg;
struct pg_result;

#define SEARCH_CANDIDATES 100
#define SEARCH_BROAD      10 /* % of the catalogue: above, walk the table (see search_store.c) */
#define SEARCH_TIER_UNIT  1000000
#define SEARCH_TIERS      7

struct search_pg_query {
    const char *match;  /* tsquery: every word, with its expansions */
    const char *exact;  /* tsquery: every word as typed */
    const char *near;   /* tsquery: every word, expansions within one edit */
    bool broad;         /* the dictionary expects SEARCH_BROAD % or more to match */
    const char *joined; /* the normalised query (search_joined) */
    const char *genre;  /* NULL: any */
    bool has_range;
    int64_t from, to; /* INT64_MIN / INT64_MAX: open */
    bool after;       /* read after (after_key, after_id) */
    int64_t after_key;
    const char *after_id;
    int64_t rows; /* at most this many rows */
};

/* Rows: summary at SR_SUMMARY, next session in range at SR_SESSION, the
 * rank key at SR_KEY. */
#define SR_SUMMARY 0
#define SR_SESSION EV_SUMMARY_COLS
#define SR_KEY     (SR_SESSION + EV_SESSION_COLS)
enum status search_store_find(struct pg *db, struct arena *a, const struct search_pg_query *q,
                              struct pg_result **out);

/* Score shown for a rank key: (8 - tier) / 7 to two decimals, so 1 for an
 * exact name. */
double search_store_score(int64_t key);

/* The dictionary's sequence (max(seq) of search_terms, 0 when empty). */
enum status search_store_dict_seq(struct pg *db, struct arena *a, int64_t *seq);

/* Every dictionary word: the word, the events it is in, and Postgres'
 * estimate of the number of events (the same on every row). */
enum { SD_TERM, SD_EVENTS, SD_CATALOGUE };
enum status search_store_dict_load(struct pg *db, struct arena *a, struct pg_result **out);

/* Up to limit events waiting for Elasticsearch after id `after`, in id
 * order, with their next session start (NULL: none) and up to max_starts
 * session starts (epoch seconds, comma-separated, in order). */
enum { SI_ID, SI_NAME, SI_VENUE, SI_SNAME, SI_GENRE, SI_SUB, SI_COUNT, SI_NEXT, SI_STARTS };
enum status search_store_index_pending(struct pg *db, struct arena *a, const char *after, int limit,
                                       int max_starts, struct pg_result **out);

/* Clears the pending flag of the events in ids_json (a JSON array). */
enum status search_store_index_done(struct pg *db, struct arena *a, const char *ids_json);

/* The catalogue's search statements, NULL-terminated, for bench/print-sql. */
extern const struct pg_stmt *const search_stmts[];

#endif
