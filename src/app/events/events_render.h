/*
 * events_render.h - JSON for EventSummary, Event and Session
 * (spec/API.md, "Objects") from the result layouts of events_store.h.
 */
#ifndef MQ_EVENTS_RENDER_H
#define MQ_EVENTS_RENDER_H

#include "core/jsonw.h"

struct pg_result;

/* A Session from the EV_SESSION_COLS columns at col; null if its id is NULL. */
/* Key: an epoch-seconds column as an ISO 8601 UTC string, or null. */
void render_time(struct jsonw *w, const char *key, const struct pg_result *r, int row, int col);

/* The same without closing the object, for a caller that adds fields. */
void render_session_open(struct jsonw *w, const struct pg_result *r, int row, int col);

/* Key "resale": a session's marketplace offer {available, lowestPriceCents,
 * currency} from 3 columns at col (EV_GET_RESALE). */
void render_resale(struct jsonw *w, const struct pg_result *r, int row, int col);

void render_session(struct jsonw *w, const struct pg_result *r, int row, int col);

/* Opens an EventSummary object from the summary columns at col with the
 * session at next_col as nextSession; the caller may add members, then
 * closes it with jsonw_obj_close. */
void render_summary_open(struct jsonw *w, const struct pg_result *r, int row, int col,
                         int next_col);

#endif
