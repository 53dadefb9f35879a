#include "config.h"
#include "core/common.h"
#include "web/event_jsonld.h"
#include "app/events/events_store.h"
#include "core/arena.h"
#include "core/jsonw.h"
#include "core/timeutil.h"
#include "infra/pg.h"
#include "web/web_events.h"

#include <ctype.h>

/* Session columns (events_store.h). */
enum { S_START = 2, S_LOCAL_DATE = 4, S_LOCAL_TIME = 5, S_STATUS = 10 };

const char *event_session_iso(struct arena *a, const struct pg_result *r, int row, int col)
{
    const char *date = pg_get(r, row, col + S_LOCAL_DATE);
    const char *clock = pg_get(r, row, col + S_LOCAL_TIME);
    int off;
    if (date && clock && web_session_offset(r, row, col, &off)) {
        int ao = off < 0 ? -off : off;
        return arena_printf(a, "%sT%.8s%c%02d:%02d", date, clock, off < 0 ? '-' : '+', ao / 3600,
                            ao / 60 % 60);
    }
    /* A day whose time is to be announced: its UTC start is a placeholder. */
    if (date && !clock)
        return date;
    if (!pg_is_null(r, row, col + S_START)) {
        char iso[TIME_ISO_LEN];
        time_format_iso(pg_get_i64(r, row, col + S_START), iso);
        return arena_strdup(a, iso);
    }
    return date;
}

static const char *event_status(const char *status)
{
    if (!status)
        return "https://schema.org/EventScheduled";
    if (strcmp(status, "cancelled") == 0 || strcmp(status, "canceled") == 0)
        return "https://schema.org/EventCancelled";
    if (strcmp(status, "postponed") == 0)
        return "https://schema.org/EventPostponed";
    if (strcmp(status, "rescheduled") == 0)
        return "https://schema.org/EventRescheduled";
    return "https://schema.org/EventScheduled";
}

/* Ticketmaster's addresses are one line ("193 Church Street, Perth, 6085,
 * AU"); the country is the last part when it is a two-letter code. */
static void location(struct jsonw *w, const struct pg_result *r)
{
    const char *address = pg_get(r, 0, EV_GET_SUMMARY + 5);
    jsonw_key(w, "location");
    jsonw_obj_open(w);
    jsonw_kstr(w, "@type", "Place");
    jsonw_kstr(w, "name", pg_get(r, 0, EV_GET_SUMMARY + 4));
    if (address) {
        const char *last = strrchr(address, ',');
        jsonw_key(w, "address");
        jsonw_obj_open(w);
        jsonw_kstr(w, "@type", "PostalAddress");
        jsonw_kstr(w, "streetAddress", address);
        if (last && strlen(last) == 4 && last[1] == ' ' && isupper((unsigned char)last[2]) &&
            isupper((unsigned char)last[3]))
            jsonw_kstr(w, "addressCountry", last + 2);
        jsonw_obj_close(w);
    }
    jsonw_obj_close(w);
}

/* The session's cheapest resale ticket, when there is one to buy. */
static void offers(struct jsonw *w, struct arena *a, const struct pg_result *r, int row,
                   const char *url)
{
    int64_t available = pg_get_i64(r, row, EV_GET_RESALE);
    const char *currency = pg_get(r, row, EV_GET_RESALE + 2);
    if (available <= 0 || pg_is_null(r, row, EV_GET_RESALE + 1) || !currency)
        return;
    const char *low = web_amount(a, pg_get_i64(r, row, EV_GET_RESALE + 1), currency);
    jsonw_key(w, "offers");
    jsonw_obj_open(w);
    jsonw_kstr(w, "@type", "AggregateOffer");
    jsonw_key(w, "lowPrice");
    jsonw_raw(w, low, strlen(low));
    jsonw_key(w, "price");
    jsonw_raw(w, low, strlen(low));
    jsonw_kstr(w, "priceCurrency", currency);
    jsonw_kint(w, "offerCount", available);
    jsonw_kstr(w, "availability", "https://schema.org/InStock");
    jsonw_kstr(w, "url", url);
    jsonw_obj_close(w);
}

/* One Event: the event at the session of row (none when its columns are
 * NULL). */
static void event_object(struct jsonw *w, struct arena *a, const struct pg_result *r, int row,
                         const char *url, const char *description)
{
    bool has_session = !pg_is_null(r, row, EV_GET_SESSION);
    const char *status = pg_get(r, row, EV_GET_SESSION + S_STATUS);
    jsonw_obj_open(w);
    jsonw_kstr(w, "@context", "https://schema.org");
    jsonw_kstr(w, "@type", "Event");
    jsonw_kstr(w, "name", pg_get(r, 0, EV_GET_SUMMARY + 1));
    jsonw_kstr(w, "url", url);
    if (has_session) {
        const char *start = event_session_iso(a, r, row, EV_GET_SESSION);
        if (start)
            jsonw_kstr(w, "startDate", start);
    }
    jsonw_kstr(w, "eventStatus", event_status(status));
    jsonw_kstr(w, "eventAttendanceMode", "https://schema.org/OfflineEventAttendanceMode");
    location(w, r);
    if (!pg_is_null(r, 0, EV_GET_SUMMARY + 6)) {
        jsonw_key(w, "image");
        jsonw_arr_open(w);
        jsonw_str(w, pg_get(r, 0, EV_GET_SUMMARY + 6));
        jsonw_arr_close(w);
    }
    if (description)
        jsonw_kstr(w, "description", description);
    if (has_session && (!status || strcmp(status, "cancelled") != 0))
        offers(w, a, r, row, url);
    jsonw_obj_close(w);
}

void event_jsonld_escape(struct buf *o, const char *json)
{
    for (const char *s = json; *s; s++) {
        switch (*s) {
        case '<':
            buf_puts(o, "\\u003c");
            break;
        case '>':
            buf_puts(o, "\\u003e");
            break;
        case '&':
            buf_puts(o, "\\u0026");
            break;
        default:
            buf_putc(o, *s);
        }
    }
}

static void script(struct buf *o, struct arena *a, const struct pg_result *r, int row,
                   const char *url, const char *description)
{
    struct buf *json = buf_new_arena(a, 0);
    struct jsonw w;
    jsonw_init(&w, json);
    event_object(&w, a, r, row, url, description);
    buf_puts(o, "<script type=\"application/ld+json\">");
    event_jsonld_escape(o, json->data);
    buf_puts(o, "</script>\n");
}

void event_jsonld(struct buf *o, struct arena *a, const struct pg_result *r, const char *url,
                  const char *description, int64_t now)
{
    int n = 0;
    for (int i = 0; i < pg_nrows(r) && n < EVENT_JSONLD_MAX; i++) {
        int col = EV_GET_SESSION + S_START;
        if (!pg_is_null(r, i, col) && pg_get_i64(r, i, col) >= now) {
            script(o, a, r, i, url, description);
            n++;
        }
    }
    if (n == 0)
        script(o, a, r, 0, url, description);
}
