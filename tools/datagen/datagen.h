/*
 * datagen.h - deterministic sample data in the Ticketmaster Discovery format.
 *
 * Writes pages shaped like GET /discovery/v2/events.json?size=N&sort=date,asc
 * responses plus a classifications.json, so ingest, sync and the web app can
 * be exercised offline with realistic data, including the fields the real
 * API leaves out (see tests/fixtures/ticketmaster-api-notes.md §6).
 *
 * One Marquee event (a name at a venue) becomes 1..N Ticketmaster event
 * objects, one per session; they share name, venue and classification and
 * differ in id, dates and url. Same options give byte-identical files.
 */
#ifndef MQ_DATAGEN_H
#define MQ_DATAGEN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define DATAGEN_DEFAULT_DAYS      90
#define DATAGEN_DEFAULT_PAGE_SIZE 200
#define DATAGEN_MAX_EVENTS        10000000
#define DATAGEN_MAX_DAYS          3660
#define DATAGEN_MAX_PAGE_SIZE     1000

struct datagen_opts {
    uint64_t seed;
    int events;          /* number of distinct events (name+venue), >= 0 */
    const char *out_dir; /* created if missing (borrowed) */
    int64_t start;       /* epoch seconds; sessions start in [start, start + days) */
    int days;            /* 0 = DATAGEN_DEFAULT_DAYS */
    int page_size;       /* 0 = DATAGEN_DEFAULT_PAGE_SIZE */
};

struct datagen_stats {
    int64_t pages;
    int64_t sessions; /* Ticketmaster event objects written */
    int64_t events;   /* distinct (name, venue) events */
};

/* Defaults: seed 1, no events, start = today 00:00 UTC (the only
 * clock-dependent value; set it explicitly for reproducible output). */
void datagen_opts_init(struct datagen_opts *o);

/* Writes out_dir/events-00000.json, events-00001.json, ... and
 * out_dir/classifications.json, and removes stale events-*.json pages left
 * by a larger earlier run. Holds at most one page in memory. Returns 0, or
 * -1 with a logged error. stats may be NULL. */
int datagen_run(const struct datagen_opts *o, struct datagen_stats *stats);

/* Converts a wall-clock time in one of the generator's zones (IANA name)
 * to UTC epoch seconds; false for a zone the generator does not know.
 * Exposed so tests can check it against the system tz database. */
bool datagen_local_to_utc(const char *tz, int64_t y, unsigned mon, unsigned day, int minute_of_day,
                          int64_t *out);

/* The generator's fact tables (zones, cities, venues, classifications),
 * which the unit tests check directly. */
#include "tools/datagen/tables.h"

#endif
