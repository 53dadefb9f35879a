/*
 * event_jsonld.h - the event page's schema.org data for search engines
 * (https://schema.org/Event): one <script type="application/ld+json">
 * Event per upcoming session (search engines want one per date), from
 * the events_get result of app/events/events_store.h.
 */
#ifndef MQ_EVENT_JSONLD_H
#define MQ_EVENT_JSONLD_H

#include "core/common.h"
#include "core/buf.h"

struct arena;
struct pg_result;

#define EVENT_JSONLD_MAX 5 /* sessions described at most: each costs 1 KB */

/* Appends the <script> elements for the events_get result r: its upcoming
 * sessions (start >= now, at most EVENT_JSONLD_MAX), or when it has none
 * the first session it lists (or the event alone). url: the page's
 * absolute canonical URL; description: a short one (the meta
 * description: each Event repeats it) or NULL. */
void event_jsonld(struct buf *o, struct arena *a, const struct pg_result *r, const char *url,
                  const char *description, int64_t now);

/* Appends JSON text json with every <, > and & written as \u003c, \u003e,
 * \u0026: the same JSON (they only occur inside strings), and nothing in
 * it can close the <script> element or open an HTML comment. */
void event_jsonld_escape(struct buf *o, const char *json);

/* The session at col's start as ISO 8601 with the venue's UTC offset
 * ("2026-12-12T19:30:00-05:00"); the local date alone when it has no local
 * time; in UTC ("...Z") when the offset cannot be known; NULL without a
 * date. Arena string. */
const char *event_session_iso(struct arena *a, const struct pg_result *r, int row, int col);

#endif
