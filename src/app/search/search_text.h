/*
 * search_text.h - how a query is cut into words and how far a word may be
 * from what it matches (spec/API.md, /api/search).
 *
 * Words are split exactly as marquee_words() does in sql/004_search.sql:
 * ASCII letters are folded to lower case; every ASCII character that is
 * not a letter or a digit separates words, and so do a few non-ASCII
 * punctuation marks (¿ ¡ « » dashes, curly quotes, bullet, ellipsis);
 * other non-ASCII characters (letters) stay inside words, as they are. Typos are counted in code
 * points, as optimal string alignment distance (an adjacent transposition is one edit, as with
 * Elasticsearch's fuzzy_transpositions).
 */
#ifndef MQ_SEARCH_TEXT_H
#define MQ_SEARCH_TEXT_H

#include "core/common.h"

struct arena;

#define SEARCH_MAX_WORDS 10
#define SEARCH_MAX_CHARS 200 /* code points of one word that take part in matching */

struct search_word {
    const char *text; /* normalised, NUL-terminated, arena */
    size_t len;       /* bytes */
    uint32_t *cps;    /* code points, arena */
    int chars;        /* number of code points (at most SEARCH_MAX_CHARS) */
    int edits;        /* edits allowed: search_edit_budget(chars) */
    bool prefix;      /* the last word also matches as the start of a word */
};

/* Splits q (valid UTF-8) into at most max words in out; returns their
 * number, or -1 when q holds more than max. */
int search_split(struct arena *a, const char *q, struct search_word *out, int max);

/* The normalised query: its words joined by one space (arena). */
const char *search_joined(struct arena *a, const struct search_word *w, int n);

/* 0 for words of 1-2 characters, 1 for 3-5, 2 beyond (Elasticsearch's
 * fuzziness AUTO). */
int search_edit_budget(int chars);

/* Decodes valid UTF-8 s[0..n) into at most max code points; returns how
 * many were written. */
int search_decode(const char *s, size_t n, uint32_t *out, int max);

/* Optimal string alignment distance of a and b, or max + 1 as soon as it
 * is known to exceed max. */
int search_osa(const uint32_t *a, int na, const uint32_t *b, int nb, int max);

#endif
