/*
 * genres_import.h - Ticketmaster classifications -> genres + subgenres.
 *
 * Our genres are Ticketmaster's segments (Music, Sports, ...; "Undefined"
 * is stored as "Others") and our subgenres are Ticketmaster's genres under
 * them. A page is a classifications response (_embedded.classifications[],
 * items without a segment skipped), a bare array of such items or of segment
 * objects (nulls allowed: the saved segments-only format), or one item.
 */
#ifndef MQ_GENRES_IMPORT_H
#define MQ_GENRES_IMPORT_H

#include "core/common.h"
#include "core/status.h"
#include "app/genres/genres_store.h" /* struct genre_row */

struct arena;
struct pg;

/* A parsed page; arrays and strings are arena-owned or borrowed from the
 * parsed tree. The same id may occur twice: the last occurrence wins. */
struct genres_page {
    struct genre_row *genres;
    size_t ngenres;
    struct genre_row *subgenres;
    size_t nsubgenres;
    size_t skipped; /* items without a segment, entries without an id or name */
};

/* Counters, added to by every call (zero the struct before a run). Upsert
 * counts are over both tables; unchanged rows are not rewritten. */
struct genres_stats {
    int64_t pages;
    int64_t pages_failed;
    int64_t genres;    /* distinct genre ids seen */
    int64_t subgenres; /* distinct subgenre ids seen */
    int64_t inserted;
    int64_t updated;
    int64_t unchanged;
    int64_t skipped;
};

/* Parses the page text[0..n) into out (memory on a). ST_INVALID if it is
 * not JSON or is an API error body; a page with no _embedded is empty. */
enum status genres_parse(struct arena *a, const char *text, size_t n, struct genres_page *out);

/* Parses and upserts one page in one transaction (genres, then subgenres);
 * a name or parent change updates the row, identical rows are left alone. */
enum status genres_import_page(struct pg *db, struct arena *a, const char *text, size_t n,
                               struct genres_stats *st);

/* Every classifications*.json file of dir, in name order. Stops at the
 * first ST_UNAVAILABLE; otherwise returns the first page failure, or
 * ST_NOT_FOUND if dir cannot be read. */
enum status genres_import_dir(struct pg *db, const char *dir, struct genres_stats *st);

#endif
