/*
 * tm_event.h - mapping one Ticketmaster Discovery event object to the
 * columns of extracted_events (spec/INTEGRATION.md, "Column mapping").
 *
 * Every source field may be missing or of the wrong type: such a field maps
 * to NULL (logged at debug level with the event id), never to a crash.
 * Typed values (timestamps, dates, times, numbers) are validated here so the
 * SQL casts in the upsert cannot fail on upstream data.
 */
#ifndef MQ_TM_EVENT_H
#define MQ_TM_EVENT_H

#include "core/common.h"
#include "core/status.h"

struct arena;
struct json_object;

/* All strings are arena-owned or borrowed from the parsed tree; NULL = SQL NULL. */
struct tm_event {
    const char *id; /* Ticketmaster id; required */
    const char *name;
    const char *url;
    const char *description; /* description, else info, else pleaseNote; entities decoded */
    const char *status;      /* dates.status.code */
    const char *start_utc;   /* dates.start.dateTime, "YYYY-MM-DDTHH:MM:SSZ" */
    const char *local_date;  /* "YYYY-MM-DD" */
    const char *local_time;  /* "HH:MM:SS" */
    const char *timezone;    /* dates.timezone, else the venue's */
    bool date_tbd;           /* dateTBD or dateTBA: no start at all */
    const char *end_utc;
    const char *sales_start; /* NULL for the year-1900 placeholders */
    const char *sales_end;
    const char *genre; /* segment name, "Undefined" -> "Others" */
    const char *sub_genre;
    const char *segment_id;
    const char *genre_id;
    const char *venue_id;
    const char *venue_name; /* default "Unknown venue" */
    const char *venue_address;
    const char *venue_latitude; /* validated decimal text */
    const char *venue_longitude;
    const char *venue_timezone;
    const char *image_url;
    const char *price_min; /* validated decimal text */
    const char *price_max;
    const char *price_currency;
};

/* Maps ev into out. ST_INVALID (with a reason in err) only when ev is not an
 * object or has no string id; every other defect becomes NULL fields. */
enum status tm_event_map(struct arena *a, struct json_object *ev, struct tm_event *out, char *err,
                         size_t errlen);

#endif
