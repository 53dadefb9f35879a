/*
 * tm_window.h - the Discovery API's paging limit, and how a time window is
 * split so that no query has to page past it.
 *
 * The API serves at most 1,000 items per query: page p of size s is only
 * allowed when (p+1)*s <= 1000 (notes §3; deeper pages answer 400 DIS1035).
 * A window holding more is cut in two and each half is queried on its own,
 * recursively, so every event in range is reached with allowed pages only.
 *
 * Windows are inclusive on both ends, in whole seconds (the API's date
 * format has no fractions). Halves overlap by one second: whether the API
 * treats endDateTime as inclusive or not, no event is lost; an event exactly
 * on the cut may be fetched twice, which the upsert absorbs.
 */
#ifndef MQ_TM_WINDOW_H
#define MQ_TM_WINDOW_H

#include "core/common.h"

#define TM_PAGE_SIZE 200  /* the largest size the API accepts */
#define TM_MAX_DEPTH 1000 /* items reachable by paging one query */

struct tm_window {
    int64_t from, to; /* epoch seconds, inclusive */
};

/* true if page (zero-based) of size items stays within TM_MAX_DEPTH. */
bool tm_page_allowed(int64_t page, int64_t size);

/* How many pages of size to fetch for total items: ceil(total/size), at
 * most the pages tm_page_allowed permits. 0 for total <= 0. */
int64_t tm_pages_for(int64_t total, int64_t size);

/* true if a query reporting total items cannot be paged to the end. */
bool tm_window_too_big(int64_t total);

/* Cuts w in two (see above). false when w is a single second and cannot
 * be cut. Both halves are strictly shorter than w. */
bool tm_window_split(const struct tm_window *w, struct tm_window *lo, struct tm_window *hi);

#endif
