/*
 * search_dict.h - the worker's copy of search_terms (sql/004_search.sql),
 * every word that occurs in an event name or venue name, and the typo
 * expansion of query words over it.
 *
 * Loaded on the first search and reloaded when max(seq) of search_terms
 * moved, which is checked at most every SEARCH_DICT_CHECK_MS: a word that
 * a sync has just added may be missing from typo expansion for that long
 * (exact and prefix matches never depend on the dictionary). Worker
 * lifetime (the search domain's state, search_init), malloc'd; a few
 * hundred KiB for 100,000 events.
 */
#ifndef MQ_SEARCH_DICT_H
#define MQ_SEARCH_DICT_H

#include "core/common.h"
#include "core/status.h"

struct arena;
struct pg;
struct search_dict;
struct search_word;

#define SEARCH_DICT_CHECK_MS 2000
/* After a failed check, none for 500 ms, then 1 s, ... up to 30 s. */
#define SEARCH_DICT_RETRY_MS     500
#define SEARCH_DICT_RETRY_MAX_MS 30000
#define SEARCH_MAX_EXPANSIONS    50 /* per query word, like Elasticsearch's max_expansions */

struct search_term {
    const char *text;
    int edits;  /* distance from the query word */
    int events; /* how many events hold it */
};

/* An empty dictionary (owned: search_dict_free); NULL when out of memory. */
struct search_dict *search_dict_new(void);
void search_dict_free(struct search_dict *d);

/* Makes sure the dictionary is loaded and recent enough. On a database
 * error the previous copy (possibly empty) stays in use. */
enum status search_dict_refresh(struct search_dict *d, struct pg *db, struct arena *a);

/* The dictionary words within w->edits of w (the word itself first, even
 * when the dictionary lacks it), closest and most frequent first, at most
 * SEARCH_MAX_EXPANSIONS. out is arena memory; returns the count. */
int search_dict_expand(const struct search_dict *d, struct arena *a, const struct search_word *w,
                       struct search_term **out);

/* How many events can hold one of the n expansions t of w (or, for the
 * last word, any word it starts): an upper bound, from the dictionary's
 * counts. */
int64_t search_dict_events(const struct search_dict *d, const struct search_word *w,
                           const struct search_term *t, int n);

/* Events in the catalogue when the dictionary was loaded (Postgres'
 * estimate; 0 when unknown). */
double search_dict_total(const struct search_dict *d);

/* Number of words loaded (tests, health). */
size_t search_dict_size(const struct search_dict *d);

/* Builds a dictionary from n words (tests); replaces the loaded one. */
void search_dict_set(struct search_dict *d, const char *const *words, const int *events, size_t n);

#endif
