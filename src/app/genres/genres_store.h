/*
 * genres_store.h - the genre tree's SQL (genres, subgenres).
 */
#ifndef MQ_GENRES_STORE_H
#define MQ_GENRES_STORE_H

#include "core/status.h"

struct arena;
struct pg;
struct pg_result;

/* Every genre with each of its sub-genres, one row per pair (sub-genre
 * columns NULL for a genre without any), by genre name then sub-genre
 * name. Arena-owned. */
enum { GENRES_ID, GENRES_NAME, GENRES_SUB_ID, GENRES_SUB_NAME };
enum status genres_store_list(struct pg *db, struct arena *a, struct pg_result **out);

#endif
