/*
 * ingest.h - Layer 1: Ticketmaster event pages -> extracted_events.
 *
 * A page is one Discovery search response (events under _embedded.events;
 * no _embedded = an empty page), a bare JSON array of events, or one bare
 * event (a detail response). Each page is written in one transaction:
 * re-ingesting an unchanged page changes nothing, and a run killed half-way
 * leaves only whole pages behind.
 */
#ifndef MQ_INGEST_H
#define MQ_INGEST_H

#include "core/common.h"
#include "core/status.h"

struct arena;
struct json_object;
struct page_scan;
struct pg;

/* Counters, added to by every call (zero the struct before a run).
 * events = inserted + updated + unchanged + skipped for the written pages. */
struct ingest_stats {
    int64_t pages;        /* pages attempted */
    int64_t pages_failed; /* unreadable, not JSON, an error response, or not written */
    int64_t events;       /* events seen on the written pages */
    int64_t inserted;
    int64_t updated;   /* content changed: row rewritten and marked sync_pending */
    int64_t unchanged; /* same raw JSON as stored: row untouched */
    int64_t skipped;   /* no id / not an object, superseded by a later copy on the
                          same page, or rejected by Postgres */
    int64_t rejected;  /* the part of skipped that Postgres refused */
};

/*
 * Maps and upserts the page text[0..n). Temporary memory (the parsed tree,
 * results) goes to a, which the caller resets after the call. ST_INVALID if
 * the text is not a page (malformed JSON, an API error body); the status of
 * the database otherwise: ST_UNAVAILABLE means the page was rolled back and
 * the caller should stop. A row Postgres refuses is skipped, logged and
 * counted in rejected; the rest of the page is still written.
 */
enum status ingest_page(struct pg *db, struct arena *a, const char *text, size_t n,
                        struct ingest_stats *stats);

/*
 * The two halves of ingest_page, for callers that read the page tree
 * first (the API client reads page.totalElements). ingest_parse parses
 * *text[0..*n); when that fails only because of invalid UTF-8, it replaces
 * the bad bytes by U+FFFD, parses the repaired copy (which replaces *text
 * and *n, arena memory) and sets *repaired. NULL with a reason in err if
 * the text is not JSON. ingest_tree then maps and writes the page: with
 * repaired set, the events that held a bad byte are logged with their id
 * and skipped, the rest are written.
 */
struct json_object *ingest_parse(struct arena *a, const char **text, size_t *n, bool *repaired,
                                 char *err, size_t errlen);
enum status ingest_tree(struct pg *db, struct arena *a, const char *text, struct json_object *root,
                        bool repaired, struct ingest_stats *stats);

/*
 * The fast halves, used first by ingest_page and the API client. A re-run
 * mostly meets events it already has: ingest_scan finds each event's bytes
 * and id without parsing them (page_scan.h) and parses the rest of the page
 * (NULL when the page is not a plain list of events with plain ids, or the
 * rest is not JSON: use ingest_parse). ingest_scanned hashes each event's
 * bytes (page_hash128), reads the stored source_hash of the page's ids in
 * one query and parses, maps and upserts only the events that are new or
 * changed, counting the others unchanged. An event that does not parse
 * sends the whole page down ingest_parse + ingest_tree, so a bad page fails
 * (or is repaired) exactly as there; the API client, though, fetches again
 * only a body ingest_scan refused (one cut short), not one whose events
 * fail to parse later.
 */
struct json_object *ingest_scan(struct arena *a, const char *text, size_t n, struct page_scan *sc);
enum status ingest_scanned(struct pg *db, struct arena *a, const char *text, size_t n,
                           const struct page_scan *sc, struct json_object *skeleton,
                           struct ingest_stats *stats);

/*
 * Ingests every *.json file of dir (except classifications*.json) in name
 * order, one page per file, with a progress line every few pages when stderr
 * is a terminal. Stops at the first ST_UNAVAILABLE and returns it; otherwise
 * returns the first page failure (the other pages are still ingested), or
 * ST_NOT_FOUND if dir cannot be read.
 */
enum status ingest_dir(struct pg *db, const char *dir, struct ingest_stats *stats);

/* Reads the whole file at path into arena memory (NUL-terminated), at most
 * max bytes. NULL with errno set on failure. Shared with genres_import. */
char *ingest_read_file(struct arena *a, const char *path, size_t max, size_t *len);

#endif
