/*
 * genres_store.h - the genre tree's SQL (genres, subgenres): the list the
 * pages show, and the upserts of marquee-genres (ingest/genres_import.h).
 */
#ifndef MQ_GENRES_STORE_H
#define MQ_GENRES_STORE_H

#include "core/common.h"
#include "core/status.h"

struct arena;
struct pg;
struct pg_result;

/* Every genre with each of its sub-genres, one row per pair (sub-genre
 * columns NULL for a genre without any), by genre name then sub-genre
 * name. Arena-owned. */
enum { GENRES_ID, GENRES_NAME, GENRES_SUB_ID, GENRES_SUB_NAME };
enum status genres_store_list(struct pg *db, struct arena *a, struct pg_result **out);

/* A genre or a sub-genre to write. */
struct genre_row {
    const char *id;
    const char *name;
    const char *genre_id; /* subgenres only: the parent segment id */
};

/* What an upsert did: the distinct ids among its rows, and how many of
 * them were inserted and updated; the rest were equal and left alone. */
struct genres_upserted {
    int64_t distinct;
    int64_t inserted;
    int64_t updated;
};

/* Upserts rows[0..n) into genres (id, name), in one statement: where an id
 * occurs twice the later row wins; a changed name updates the row. */
enum status genres_store_upsert_genres(struct pg *db, struct arena *a, const struct genre_row *rows,
                                       size_t n, struct genres_upserted *out);

/* The same into subgenres (id, name, genre_id): a changed name or parent
 * updates the row. */
enum status genres_store_upsert_subgenres(struct pg *db, struct arena *a,
                                          const struct genre_row *rows, size_t n,
                                          struct genres_upserted *out);

#endif
