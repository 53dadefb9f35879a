/*
 * search_cursor.h - the opaque nextCursor of /api/search.
 *
 * A cursor is base64url("1|<backend>|<query>|<position>|<event id>"): the
 * format version, which backend made it ('p' Postgres, 'e'
 * Elasticsearch), a fingerprint of the query it continues (words, genre,
 * range: another query's cursor is refused rather than silently mixed),
 * and the sort position of the last item returned (Postgres: the rank key;
 * Elasticsearch: the _score) with the event id as the tie-breaker. Pages
 * are read strictly after that position, so they are stable while the
 * data does not change.
 */
#ifndef MQ_SEARCH_CURSOR_H
#define MQ_SEARCH_CURSOR_H

#include "core/common.h"
#include "core/status.h"

struct arena;

#define SEARCH_CURSOR_MAX 256 /* longest cursor accepted, in characters */

struct search_cursor {
    bool set;
    char backend; /* 'p' or 'e' */
    uint32_t query;
    int64_t key;  /* 'p' */
    double score; /* 'e' */
    char id[65];
};

/* Arena string. */
const char *search_cursor_encode(struct arena *a, const struct search_cursor *c);

/* ST_INVALID for anything that search_cursor_encode did not produce. */
enum status search_cursor_decode(const char *s, struct search_cursor *out);

/* FNV-1a over the parts that define a result list. */
uint32_t search_fingerprint(const char *words, const char *genre, int64_t from, int64_t to);

#endif
