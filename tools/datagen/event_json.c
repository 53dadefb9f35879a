/*
 * event_json.c - writes one Ticketmaster event object: one session of an
 * event, with its own id, url, sale and start dates, around the fragments
 * the event's sessions share (fragments.c).
 *
 * Which fields appear, and how they are spelled, follows what the real API
 * returns, quirks included (see tests/fixtures/ticketmaster-api-notes.md).
 */
#include "config.h"
#include "core/common.h"
#include "tools/datagen/datagen_internal.h"
#include "tools/datagen/jsonw_util.h"
#include "core/timeutil.h"

/* The public sale start some listings carry instead of a real one. */
#define PLACEHOLDER "1900-01-01T18:00:00Z"

static void format_date(int64_t days, char out[11])
{
    int64_t y;
    unsigned m, d;
    time_civil_from_days(days, &y, &m, &d);
    snprintf(out, 11, "%04d-%02u-%02u", (int)y, m, d);
}

static void format_clock(int64_t secs_of_day, char out[16])
{
    unsigned s = (unsigned)(secs_of_day % DATAGEN_DAY);
    snprintf(out, 16, "%02u:%02u:%02u", s / 3600, s / 60 % 60, s % 60);
}

/* Prices as the API prints them: 68.0, 4523.5, 88.34. */
static void format_price(int cents, char *out, size_t n)
{
    if (cents % 10 == 0)
        snprintf(out, n, "%d.%d", cents / 100, cents % 100 / 10);
    else
        snprintf(out, n, "%d.%02d", cents / 100, cents % 100);
}

static void write_url(const struct event *e, const struct session *s, struct jsonw *w)
{
    char path[400] = "", url[512];
    const struct datagen_city *c = e->v->city;
    int64_t y;
    unsigned m, d;

    if (strcmp(e->family->prefix, "Z7r9jZ") == 0) {
        snprintf(url, sizeof(url), "https://www.ticketmaster.com/event/%s", s->id);
    } else if (strcmp(e->family->prefix, "rZ7H") == 0) {
        datagen_slug(path, sizeof(path), e->name);
        datagen_slug(path, sizeof(path), e->v->name);
        snprintf(url, sizeof(url), "https://www.ticketweb.com/event/%s-tickets/%llu", path,
                 10000000ULL + (unsigned long long)(s->day * 7919 % 9000000));
    } else {
        time_civil_from_days(s->day, &y, &m, &d);
        datagen_slug(path, sizeof(path), e->name);
        datagen_slug(path, sizeof(path), c->name);
        if (c->state)
            datagen_slug(path, sizeof(path), c->state);
        snprintf(url, sizeof(url), "https://%s/%s-%02u-%02u-%04d/event/%s", e->v->country->domain,
                 path, m, d, (int)y, s->hex);
    }
    jsonw_kstr(w, "url", url);
}

/* End of the local day, for sessions without a start time. */
static int64_t day_end_utc(const struct event *e, const struct session *s)
{
    return datagen_zone_to_utc(e->v->zone, s->day * DATAGEN_DAY + DATAGEN_DAY - 60);
}

static void write_sales(struct jsonw *w, const struct event *e, const struct session *s,
                        struct datagen_rng *r)
{
    int64_t onsale = (s->day - e->onsale_days) * DATAGEN_DAY + e->onsale_hour * 3600;
    int64_t until = s->minute >= 0 ? s->utc : day_end_utc(e, s);
    bool bare = datagen_rng_chance(r, 10);

    kobj(w, "sales");
    kobj(w, "public");
    if (!bare) {
        if (datagen_rng_chance(r, 75))
            jsonw_kstr(w, "startDateTime", PLACEHOLDER);
        else
            kiso(w, "startDateTime", onsale);
    }
    kbool(w, "startTBD", false);
    kbool(w, "startTBA", false);
    if (!bare)
        kiso(w, "endDateTime", until);
    jsonw_obj_close(w);
    if (e->presales) {
        karr(w, "presales");
        for (int i = e->presales; i > 0; i--) {
            jsonw_obj_open(w);
            kiso(w, "startDateTime", onsale - i * 2 * DATAGEN_DAY);
            kiso(w, "endDateTime", onsale - (i * 2 - 1) * DATAGEN_DAY - 60);
            jsonw_kstr(w, "name", datagen_presale_name(r));
            jsonw_obj_close(w);
        }
        jsonw_arr_close(w);
    }
    jsonw_obj_close(w);
}

static void write_local(struct jsonw *w, int64_t local, bool date)
{
    char ds[11], ts[16];
    format_date(local / DATAGEN_DAY, ds);
    format_clock(local % DATAGEN_DAY, ts);
    if (date)
        jsonw_kstr(w, "localDate", ds);
    jsonw_kstr(w, "localTime", ts);
}

static void write_end(struct jsonw *w, const struct event *e, const struct session *s)
{
    enum end_shape shape = s->minute < 0 && e->end != END_NONE ? END_FLAGS : e->end;
    int64_t end = s->utc + e->end_minutes * 60;

    if (shape == END_NONE)
        return;
    kobj(w, "end");
    if (shape == END_FULL) {
        write_local(w, datagen_zone_to_local(e->v->zone, end), true);
        kiso(w, "dateTime", end);
    } else if (shape == END_NO_DATE) {
        /* Real data: end localTime copied from the start, dateTime correct. */
        kiso(w, "dateTime", end);
        write_local(w, s->day * DATAGEN_DAY + s->minute * 60, false);
    }
    kbool(w, "approximate", false);
    kbool(w, "noSpecificTime", false);
    jsonw_obj_close(w);
}

static void write_dates(struct jsonw *w, const struct event *e, const struct session *s)
{
    char ds[11];
    bool timed = s->minute >= 0;

    kobj(w, "dates");
    kobj(w, "start");
    format_date(s->day, ds);
    jsonw_kstr(w, "localDate", ds);
    if (timed) {
        write_local(w, s->day * DATAGEN_DAY + s->minute * 60, false);
        kiso(w, "dateTime", s->utc);
    }
    kbool(w, "dateTBD", false);
    kbool(w, "dateTBA", false);
    kbool(w, "timeTBA", !timed && !s->no_specific);
    kbool(w, "noSpecificTime", s->no_specific);
    jsonw_obj_close(w);
    write_end(w, e, s);
    if (e->access && timed) {
        kobj(w, "access");
        kiso(w, "startDateTime", s->utc - 3600);
        kbool(w, "startApproximate", false);
        kbool(w, "endApproximate", false);
        jsonw_obj_close(w);
    }
    if (!e->no_tz)
        jsonw_kstr(w, "timezone", e->v->zone->name);
    kobj(w, "status");
    jsonw_kstr(w, "code", s->status);
    jsonw_obj_close(w);
    if (timed && strcmp(s->status, "rescheduled") == 0) {
        int64_t was = s->day * DATAGEN_DAY + s->minute * 60 - 14 * DATAGEN_DAY;
        kobj(w, "initialStartDate");
        write_local(w, was, true);
        kiso(w, "dateTime", datagen_zone_to_utc(e->v->zone, was));
        jsonw_obj_close(w);
    }
    kbool(w, "spanMultipleDays", e->span);
    jsonw_obj_close(w);
}

/* promoter is "id|NAME|DESCRIPTION". */
static void write_promoter_obj(struct jsonw *w, const char *p)
{
    const char *a = strchr(p, '|'), *b = a ? strchr(a + 1, '|') : NULL;
    if (!b)
        return;
    jsonw_obj_open(w);
    jsonw_key(w, "id");
    jsonw_strn(w, p, (size_t)(a - p));
    jsonw_key(w, "name");
    jsonw_strn(w, a + 1, (size_t)(b - a - 1));
    jsonw_kstr(w, "description", b + 1);
    jsonw_obj_close(w);
}

static void write_price(struct jsonw *w, const char *type, const char *currency, int min, int max)
{
    char s[32];
    jsonw_obj_open(w);
    jsonw_kstr(w, "type", type);
    jsonw_kstr(w, "currency", currency);
    format_price(min, s, sizeof(s));
    jsonw_key(w, "min");
    jsonw_raw(w, s, strlen(s));
    format_price(max, s, sizeof(s));
    jsonw_key(w, "max");
    jsonw_raw(w, s, strlen(s));
    jsonw_obj_close(w);
}

static void write_extras(struct jsonw *w, const struct event *e, const struct session *s)
{
    if (e->promoter) {
        jsonw_key(w, "promoter");
        write_promoter_obj(w, e->promoter);
        karr(w, "promoters");
        write_promoter_obj(w, e->promoter);
        jsonw_arr_close(w);
    }
    if (e->has_desc)
        jsonw_kstr(w, "description", e->desc);
    if (e->has_info)
        jsonw_kstr(w, "info", e->info);
    if (e->has_note)
        jsonw_kstr(w, "pleaseNote", e->note);
    if (e->prices) {
        const char *cur = e->v->country->currency;
        karr(w, "priceRanges");
        write_price(w, "standard", cur, e->price_min, e->price_max);
        if (e->prices == 2)
            write_price(w, "standard including fees", cur, e->price_min * 112 / 100,
                        e->price_max * 112 / 100);
        jsonw_arr_close(w);
    }
    if (e->seatmap) {
        char url[160];
        snprintf(url, sizeof(url),
                 "https://mapsapi.tmol.io/maps/geometry/3/event/%s/staticImage"
                 "?type=png&systemId=HOST",
                 s->hex);
        kobj(w, "seatmap");
        jsonw_kstr(w, "staticUrl", url);
        jsonw_kstr(w, "id", "seatmap");
        jsonw_obj_close(w);
    }
    if (e->ticket_limit) {
        kobj(w, "ticketLimit");
        jsonw_kstr(w, "info", "There is an eight (8) ticket limit per household.");
        jsonw_kstr(w, "id", "ticketLimit");
        jsonw_obj_close(w);
    }
    if (e->age) {
        kobj(w, "ageRestrictions");
        kbool(w, "legalAgeEnforced", false);
        jsonw_kstr(w, "id", "ageRestrictions");
        jsonw_obj_close(w);
    }
    kobj(w, "ticketing");
    kobj(w, "safeTix");
    kbool(w, "enabled", e->safetix);
    jsonw_obj_close(w);
    jsonw_kstr(w, "id", "ticketing");
    jsonw_obj_close(w);
}

static void write_links(struct jsonw *w, const struct event *e, const struct session *s)
{
    char id[16];
    bool acts = e->acts.n > 0 && !e->za5;

    kobj(w, "_links");
    href(w, "self", "/discovery/v2/events/%s?locale=en-us", s->id);
    if (acts) {
        karr(w, "attractions");
        for (int i = 0; i < e->acts.n; i++) {
            datagen_attraction_id(e->acts.name[i], id);
            href(w, NULL, "/discovery/v2/attractions/%s?locale=en-us", id);
        }
        jsonw_arr_close(w);
    }
    karr(w, "venues");
    href(w, NULL, "/discovery/v2/venues/%s?locale=en-us", e->za5 ? e->v->za5_id : e->v->id);
    jsonw_arr_close(w);
    jsonw_obj_close(w);
}

static void kfrag(struct gen *g, const char *key, enum frag f)
{
    jsonw_key(&g->w, key);
    jsonw_raw(&g->w, g->frag[f].data, g->frag[f].len);
}

void datagen_write_event(struct gen *g, const struct event *e, const struct session *s,
                         struct datagen_rng *r)
{
    struct jsonw *w = &g->w;

    jsonw_obj_open(w);
    jsonw_kstr(w, "name", e->name);
    jsonw_kstr(w, "type", "event");
    jsonw_kstr(w, "id", s->id);
    kbool(w, "test", false);
    /* The suite/resale ("Za5ju3...") listings have no url, sales or
     * classifications at all. */
    if (!e->za5)
        write_url(e, s, w);
    jsonw_kstr(w, "locale", "en-us");
    kfrag(g, "images", FRAG_IMAGES);
    if (!e->za5)
        write_sales(w, e, s, r);
    write_dates(w, e, s);
    if (!e->za5)
        kfrag(g, "classifications", FRAG_CLASSES);
    write_extras(w, e, s);
    write_links(w, e, s);
    kfrag(g, "_embedded", FRAG_EMBEDDED);
    jsonw_obj_close(w);
}
