/*
 * fragments.c - the parts of an event object that all its sessions share:
 * images, classifications and _embedded (the venue and the attractions).
 * They are rendered once per event and copied into each session's object.
 */
#include "config.h"
#include "core/common.h"
#include "tools/datagen/datagen_internal.h"
#include "tools/datagen/jsonw_util.h"

struct rendition {
    const char *ratio, *suffix;
    int width, height;
};

static const struct rendition renditions[] = {
    { "16_9", "RETINA_LANDSCAPE_16_9.jpg", 1136, 639 },
    { "16_9", "RETINA_PORTRAIT_16_9.jpg", 640, 360 },
    { "16_9", "TABLET_LANDSCAPE_16_9.jpg", 1024, 576 },
    { "16_9", "TABLET_LANDSCAPE_LARGE_16_9.jpg", 2048, 1152 },
    { "16_9", "EVENT_DETAIL_PAGE_16_9.jpg", 205, 115 },
    { "16_9", "RECOMENDATION_16_9.jpg", 100, 56 },
    { "3_2", "RETINA_PORTRAIT_3_2.jpg", 640, 427 },
    { "3_2", "TABLET_LANDSCAPE_3_2.jpg", 1024, 683 },
    { "3_2", "ARTIST_PAGE_3_2.jpg", 305, 203 },
    { "4_3", "CUSTOM.jpg", 305, 225 },
    { "16_9", "SOURCE", 2426, 1365 }, /* no file extension, as in the real data */
};

static void images_json(struct jsonw *w, const struct event *e)
{
    const char *dir = e->img_uuid + strlen(e->img_uuid) - 3;
    char url[256];

    jsonw_arr_open(w);
    for (unsigned i = 0; i < e->nimg; i++) {
        const struct rendition *rd = &renditions[e->img_order[i]];
        bool odd = rd == &renditions[10] && e->source_noratio;
        if (e->fallback || e->numbered)
            snprintf(url, sizeof(url), "https://s1.ticketm.net/dam/%c/%s/%s_%u_%s",
                     e->fallback ? 'c' : 'a', dir, e->img_uuid, e->img_num, rd->suffix);
        else
            snprintf(url, sizeof(url), "https://s1.ticketm.net/dam/a/%s/%s_%s", dir, e->img_uuid,
                     rd->suffix);
        jsonw_obj_open(w);
        if (!odd)
            jsonw_kstr(w, "ratio", rd->ratio);
        jsonw_kstr(w, "url", url);
        jsonw_kint(w, "width", rd->width);
        jsonw_kint(w, "height", odd ? 1665 : rd->height);
        kbool(w, "fallback", e->fallback);
        jsonw_obj_close(w);
    }
    jsonw_arr_close(w);
}

static void write_class(struct jsonw *w, const struct datagen_genre *ge, int sub, bool primary,
                        enum datagen_type_kind type, bool no_type)
{
    jsonw_obj_open(w);
    kbool(w, "primary", primary);
    kobj(w, "segment");
    jsonw_kstr(w, "id", datagen_segments[ge->segment].id);
    jsonw_kstr(w, "name", datagen_segments[ge->segment].name);
    jsonw_obj_close(w);
    klevel(w, "genre", &ge->genre);
    klevel(w, "subGenre", &ge->sub[sub]);
    if (!no_type) {
        klevel(w, "type", &datagen_types[type].type);
        klevel(w, "subType", &datagen_types[type].sub);
    }
    kbool(w, "family", false);
    jsonw_obj_close(w);
}

static void classifications_json(struct jsonw *w, const struct event *e)
{
    const struct datagen_genre *second = e->second >= 0 ? &datagen_genres[e->second] : NULL;

    jsonw_arr_open(w);
    if (second && e->second_first)
        write_class(w, second, 0, false, DATAGEN_T_UNDEFINED, false);
    write_class(w, e->genre, e->sub, true, e->type, e->no_type);
    if (second && !e->second_first)
        write_class(w, second, 0, false, DATAGEN_T_UNDEFINED, false);
    jsonw_arr_close(w);
}

static void write_upcoming(struct jsonw *w, const char *source, unsigned n)
{
    kobj(w, "upcomingEvents");
    jsonw_kint(w, source, n);
    jsonw_kint(w, "_total", n);
    jsonw_kint(w, "_filtered", 0);
    jsonw_obj_close(w);
}

static void write_city_state(struct jsonw *w, const struct venue *v, bool za5)
{
    char city[80];
    snprintf(city, sizeof(city), "%s%s", v->city_space ? " " : "", v->city->name);
    kobj(w, "city");
    jsonw_kstr(w, "name", city);
    jsonw_obj_close(w);
    if (v->city->state) {
        kobj(w, "state");
        if (!za5 || strcmp(v->country->code, "CA") != 0)
            jsonw_kstr(w, "name", v->city->state);
        jsonw_kstr(w, "stateCode", v->city->state_code);
        jsonw_obj_close(w);
    }
    kobj(w, "country");
    if (za5 && strcmp(v->country->code, "CA") == 0) {
        /* The suite/resale listings spell Canada this way. */
        jsonw_kstr(w, "name", "Can");
        jsonw_kstr(w, "countryCode", "CAN");
    } else {
        jsonw_kstr(w, "name", v->country->name);
        jsonw_kstr(w, "countryCode", v->country->code);
    }
    jsonw_obj_close(w);
}

static void write_venue_extras(struct jsonw *w, const struct venue *v)
{
    if (v->city->market_id) {
        karr(w, "markets");
        jsonw_obj_open(w);
        jsonw_kstr(w, "name", v->city->market);
        char id[16];
        snprintf(id, sizeof(id), "%d", v->city->market_id);
        jsonw_kstr(w, "id", id);
        jsonw_obj_close(w);
        jsonw_arr_close(w);
    }
    if (v->lm) {
        kobj(w, "boxOfficeInfo");
        jsonw_kstr(w, "openHoursDetail",
                   "Monday - Friday: 10:00am to 6:00pm. Open 90 minutes before show time on "
                   "event days.");
        jsonw_kstr(w, "acceptedPaymentDetail", "Visa, MasterCard, American Express, Discover.");
        jsonw_obj_close(w);
        jsonw_kstr(w, "parkingDetail",
                   "Parking is available in nearby garages and surface lots. Rates vary by "
                   "event.");
    }
}

static void write_venue(struct jsonw *w, const struct event *e)
{
    const struct venue *v = e->v;
    bool za5 = e->za5;
    const char *id = za5 ? v->za5_id : v->id;
    char url[256] = "";

    jsonw_obj_open(w);
    if (!e->no_venue_name)
        jsonw_kstr(w, "name", za5 ? v->za5_name : v->name);
    jsonw_kstr(w, "type", "venue");
    jsonw_kstr(w, "id", id);
    kbool(w, "test", false);
    if (!za5) {
        datagen_slug(url, sizeof(url), v->name);
        datagen_slug(url, sizeof(url), "tickets");
        datagen_slug(url, sizeof(url), v->city->name);
        char full[320];
        snprintf(full, sizeof(full), "https://%s/%s/venue/%u", v->country->domain, url, v->url_num);
        jsonw_kstr(w, "url", full);
    }
    jsonw_kstr(w, "locale", "en-us");
    if (!za5 && v->image) {
        karr(w, "images");
        jsonw_obj_open(w);
        jsonw_kstr(w, "ratio", "16_9");
        snprintf(url, sizeof(url), "https://s1.ticketm.net/dbimages/%uv.jpg", v->image);
        jsonw_kstr(w, "url", url);
        jsonw_kint(w, "width", 640);
        jsonw_kint(w, "height", 360);
        kbool(w, "fallback", false);
        jsonw_obj_close(w);
        jsonw_arr_close(w);
    }
    if (!(za5 && v->za5_no_postal))
        jsonw_kstr(w, "postalCode", v->postal);
    jsonw_kstr(w, "timezone", v->zone->name);
    write_city_state(w, v, za5);
    kobj(w, "address");
    jsonw_kstr(w, "line1", v->line1);
    jsonw_obj_close(w);
    if (!(za5 ? v->za5_no_location : v->no_location)) {
        kobj(w, "location");
        jsonw_kstr(w, "longitude", za5 ? v->za5_lon : v->lon);
        jsonw_kstr(w, "latitude", za5 ? v->za5_lat : v->lat);
        jsonw_obj_close(w);
    }
    if (!za5)
        write_venue_extras(w, v);
    write_upcoming(w, za5 ? "archtics" : "ticketmaster", v->upcoming);
    kobj(w, "_links");
    href(w, "self", "/discovery/v2/venues/%s?locale=en-us", id);
    jsonw_obj_close(w);
    jsonw_obj_close(w);
}

/* Attraction ids derive from the name so one act keeps one id everywhere. */
void datagen_attraction_id(const char *name, char out[16])
{
    struct datagen_rng r = { datagen_fnv1a(name, "attraction") };
    datagen_make_id(out, "K8vZ91", 13, datagen_rng_next(&r) & ((1ULL << 42) - 1), 0, &r);
}

static void write_attractions(struct jsonw *w, const struct event *e)
{
    char id[16], url[320];
    karr(w, "attractions");
    for (int i = 0; i < e->acts.n; i++) {
        const char *name = e->acts.name[i];
        uint64_t h = datagen_fnv1a(name, "");
        datagen_attraction_id(name, id);
        url[0] = '\0';
        datagen_slug(url, sizeof(url), name);
        datagen_slug(url, sizeof(url), "tickets");
        jsonw_obj_open(w);
        jsonw_kstr(w, "name", name);
        jsonw_kstr(w, "type", "attraction");
        jsonw_kstr(w, "id", id);
        kbool(w, "test", false);
        char full[400];
        snprintf(full, sizeof(full), "https://www.ticketmaster.com/%s/artist/%u", url,
                 (unsigned)(h % 2900000) + 100000);
        jsonw_kstr(w, "url", full);
        jsonw_kstr(w, "locale", "en-us");
        karr(w, "classifications");
        write_class(w, e->genre, e->sub, true, e->type, e->no_type);
        jsonw_arr_close(w);
        write_upcoming(w, "ticketmaster", (unsigned)(h >> 40) % 90 + 1);
        kobj(w, "_links");
        href(w, "self", "/discovery/v2/attractions/%s?locale=en-us", id);
        jsonw_obj_close(w);
        jsonw_obj_close(w);
    }
    jsonw_arr_close(w);
}

static void embedded_json(struct jsonw *w, const struct event *e)
{
    jsonw_obj_open(w);
    karr(w, "venues");
    write_venue(w, e);
    jsonw_arr_close(w);
    if (e->acts.n > 0 && !e->za5)
        write_attractions(w, e);
    jsonw_obj_close(w);
}

/* What all sessions of an event share is serialised once per event. */
void datagen_render_fragments(struct gen *g, const struct event *e)
{
    static void (*const fn[NFRAGS])(struct jsonw *, const struct event *) = {
        [FRAG_IMAGES] = images_json,
        [FRAG_CLASSES] = classifications_json,
        [FRAG_EMBEDDED] = embedded_json,
    };
    struct jsonw w;
    for (int i = 0; i < NFRAGS; i++) {
        buf_reset(&g->frag[i]);
        jsonw_init(&w, &g->frag[i]);
        fn[i](&w, e);
        if (g->frag[i].failed)
            g->page.failed = true;
    }
}
