/*
 * ingest_utf8.h - what ingest does about text Postgres' jsonb would refuse.
 *
 * Internal to src/app/ingest. A page with invalid UTF-8 is repaired (each
 * bad byte -> U+FFFD) and parsed again by ingest_parse (ingest.h); the
 * events that held one are then skipped.
 */
#ifndef MQ_INGEST_UTF8_H
#define MQ_INGEST_UTF8_H

#include "core/common.h"

struct json_object;

/* true if text[0..n) holds a \u escape of a UTF-16 surrogate. json-c turns
 * a lone one into U+FFFD where Postgres' jsonb refuses it, so such an event
 * is sent as json-c serialises it, not as received. */
bool ingest_has_surrogate_escape(const char *text, size_t n);

/* true for an event holding a byte that ingest_parse had to replace. */
bool ingest_has_replacement(struct json_object *ev);

#endif
