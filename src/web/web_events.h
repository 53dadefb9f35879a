/*
 * web_events.h - catalogue pieces several pages show: event cards and
 * venue-local session times, from the result layouts of
 * app/events/events_store.h.
 */
#ifndef MQ_WEB_EVENTS_H
#define MQ_WEB_EVENTS_H

#include "core/common.h"
#include "core/buf.h"

struct arena;
struct pg_result;

/* One card (templates/cards.html) from the EV_SUMMARY_COLS columns at col
 * and the session at next_col (EV_SESSION_COLS, may be NULL). */
void web_card(struct buf *o, struct arena *a, const struct pg_result *r, int row, int col,
              int next_col);
/* The same with extra, HTML made by escaping code (a form), at the end of
 * the card; NULL adds nothing. */
void web_card_with(struct buf *o, struct arena *a, const struct pg_result *r, int row, int col,
                   int next_col, const char *extra);

/* The session at col in the venue's local time, e.g. "Sat 12 Dec 2026,
 * 19:30 (UTC-05:00, America/New_York)"; "Date to be announced" without a
 * local date. Arena string. */
const char *web_session_when(struct arena *a, const struct pg_result *r, int row, int col);

/* The venue's UTC offset in seconds at the session at col: its local wall
 * time minus its UTC start (Ticketmaster gives both); false when either is
 * missing. */
bool web_session_offset(const struct pg_result *r, int row, int col, int *offset);

/* A price for people: amount in the currency's minor units (ISO 4217:
 * JPY has none, KWD three, most two), e.g. "€45.00", "US$1,250.00",
 * "45.00 CHF", "¥4,500". Arena string. */
const char *web_price(struct arena *a, int64_t cents, const char *currency);

/* The same amount as a plain decimal number, e.g. "45.00", "4500",
 * "1250.000" (schema.org prices, form values). Arena string. */
const char *web_amount(struct arena *a, int64_t cents, const char *currency);

/* "/events/<id>". */
const char *web_event_href(struct arena *a, const char *id);

#endif
