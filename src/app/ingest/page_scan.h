/*
 * page_scan.h - finds the events of a Discovery page without parsing them.
 *
 * A re-run fetches the same pages again; parsing every event into a json-c
 * tree only to learn that nothing changed costs most of a run. The scanner
 * walks the page text once, tracking strings and nesting, and returns each
 * event's exact bytes and its top-level "id", so ingest can hash the bytes
 * and parse only the events that are new or changed.
 *
 * It does not validate JSON: it only finds where things are. The caller
 * parses the rest of the page (page_scan_skeleton) and every event it
 * writes, so nothing unvalidated reaches Postgres.
 */
#ifndef MQ_PAGE_SCAN_H
#define MQ_PAGE_SCAN_H

#include "core/common.h"

struct arena;

struct page_span {
    const char *text; /* borrowed: the event's bytes in the page */
    size_t len;
    const char *id; /* arena: the top-level "id" string, NULL if not a plain one */
};

struct page_scan {
    size_t open, close;       /* offsets of the events array's '[' and ']' */
    struct page_span *events; /* arena */
    size_t n;
    bool all_ids; /* every event is an object with exactly one plain, non-empty "id" */
};

/*
 * Finds the events of text[0..n): the elements of _embedded.events of a
 * search response, or of a bare array. false when there is no such array,
 * the text is cut short or unbalanced, or a key on the way is duplicated or
 * escaped (json-c decides those; the caller then parses the whole page).
 */
bool page_scan(struct arena *a, const char *text, size_t n, struct page_scan *out);

/* The page with an empty events array (arena, NUL-terminated, *len set):
 * parsing it checks everything but the events. */
char *page_scan_skeleton(struct arena *a, const char *text, size_t n, const struct page_scan *s,
                         size_t *len);

/*
 * MurmurHash3_x64_128 of data[0..n): what ingest stores as source_hash, the
 * key that lets a re-run skip an event whose bytes it already has. Not a
 * cryptographic hash: SHA-1 cost 70% of a re-run; this one
 * runs at memory speed. An accidental collision (odds about 2^-128 per
 * changed event) would keep the old copy of that one event until it changes
 * again; upstream event text is not chosen against us.
 */
void page_hash128(const void *data, size_t n, uint64_t out[2]);

#endif
