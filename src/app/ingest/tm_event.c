#include "config.h"
#include "core/common.h"
#include "app/ingest/tm_event.h"
#include "app/ingest/entities.h"
#include "core/arena.h"
#include "core/log.h"
#include "core/str.h"
#include "core/timeutil.h"
#include "infra/json.h"

#include <math.h>

/* The event being mapped, for the debug lines about dropped fields. */
struct map_ctx {
    struct arena *a;
    const char *id;
};

static void dropped(const struct map_ctx *c, const char *field)
{
    char q[96];
    log_debug("tm_event_field", "id=%s field=%s reason=invalid", log_quote(q, sizeof(q), c->id),
              field);
}

/* Non-empty string at path; present-but-not-a-string is logged, not fatal. */
static const char *get_str(const struct map_ctx *c, struct json_object *o, const char *path)
{
    struct json_object *v = json_path(o, path);
    const char *s = json_str(v);
    if (v && !s)
        dropped(c, path);
    return s && *s ? s : NULL;
}

static bool is_space(char ch)
{
    return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r' || ch == '\f' || ch == '\v';
}

static bool blank(const char *s)
{
    while (s && is_space(*s))
        s++;
    return !s || !*s;
}

/* The year of a string that time_parse_iso accepted ("YYYY-..."). */
static int year_of(const char *iso)
{
    return (iso[0] - '0') * 1000 + (iso[1] - '0') * 100 + (iso[2] - '0') * 10 + (iso[3] - '0');
}

/* A timestamp with a time part, normalised to "YYYY-MM-DDTHH:MM:SSZ" (UTC);
 * NULL when it does not parse or falls outside what timestamptz takes
 * from us (years 1..9999). Years up to min_year are placeholders. */
static const char *get_timestamp(const struct map_ctx *c, struct json_object *o, const char *path,
                                 int min_year)
{
    static const int64_t lo = -62135596800LL; /* 0001-01-01T00:00:00Z */
    static const int64_t hi = 253402300799LL; /* 9999-12-31T23:59:59Z */
    const char *s = get_str(c, o, path);
    int64_t t;

    if (!s)
        return NULL;
    if (strlen(s) < 19 || s[10] != 'T' || time_parse_iso(s, &t) != ST_OK || t < lo || t > hi) {
        dropped(c, path);
        return NULL;
    }
    char *out = arena_alloc(c->a, TIME_ISO_LEN);
    time_format_iso(t, out);
    if (year_of(s) <= min_year || year_of(out) <= min_year)
        return NULL;
    return out;
}

/* "YYYY-MM-DD", a real calendar date. */
static const char *get_date(const struct map_ctx *c, struct json_object *o, const char *path)
{
    const char *s = get_str(c, o, path);
    int64_t t;
    if (s && (strlen(s) != 10 || time_parse_iso(s, &t) != ST_OK)) {
        dropped(c, path);
        return NULL;
    }
    return s;
}

static bool two_digits(const char *s, int max, int *out)
{
    if (s[0] < '0' || s[0] > '9' || s[1] < '0' || s[1] > '9')
        return false;
    *out = (s[0] - '0') * 10 + (s[1] - '0');
    return *out <= max;
}

/* "HH:MM" or "HH:MM:SS", normalised to "HH:MM:SS". */
static const char *get_time(const struct map_ctx *c, struct json_object *o, const char *path)
{
    const char *s = get_str(c, o, path);
    int h, m, sec = 0;
    if (!s)
        return NULL;
    size_t n = strlen(s);
    bool ok = (n == 5 || n == 8) && two_digits(s, 23, &h) && s[2] == ':' &&
              two_digits(s + 3, 59, &m) && (n == 5 || (s[5] == ':' && two_digits(s + 6, 59, &sec)));
    if (!ok) {
        dropped(c, path);
        return NULL;
    }
    return arena_printf(c->a, "%02d:%02d:%02d", h, m, sec);
}

/* Plain decimal text Postgres' numeric accepts: [+-]digits[.digits][e[+-]d{1,3}].
 * strtod alone would also take hex, "nan", "inf" and leading spaces. */
static bool decimal_syntax(const char *s)
{
    size_t digits = 0;
    if (*s == '+' || *s == '-')
        s++;
    for (; *s >= '0' && *s <= '9'; s++)
        digits++;
    if (*s == '.') {
        for (s++; *s >= '0' && *s <= '9'; s++)
            digits++;
    }
    if (digits == 0)
        return false;
    if (*s == 'e' || *s == 'E') {
        s++;
        if (*s == '+' || *s == '-')
            s++;
        size_t e = 0;
        for (; *s >= '0' && *s <= '9'; s++)
            e++;
        if (e == 0 || e > 3)
            return false;
    }
    return *s == '\0';
}

/* A number (JSON number or numeric string) within [lo, hi], as decimal text. */
static const char *get_number(const struct map_ctx *c, struct json_object *o, const char *path,
                              double lo, double hi)
{
    struct json_object *v = json_path(o, path);
    const char *s = json_str(v);
    double d;

    bool ok;

    if (!v)
        return NULL;
    if (s)
        ok = decimal_syntax(s) && str_to_double(s, &d) == ST_OK;
    else
        ok = json_path_num(v, "", &d) && isfinite(d);
    if (ok && d >= lo && d <= hi)
        return s ? s : arena_printf(c->a, "%.15g", d);
    dropped(c, path);
    return NULL;
}

/* description, else info, else pleaseNote (the first that is not blank). */
static void map_text(const struct map_ctx *c, struct json_object *ev, struct tm_event *out)
{
    static const char *const fields[] = { "description", "info", "pleaseNote" };

    out->name = get_str(c, ev, "name");
    out->url = get_str(c, ev, "url");
    for (size_t i = 0; i < MQ_ARRAY_LEN(fields) && !out->description; i++) {
        const char *s = get_str(c, ev, fields[i]);
        if (!blank(s))
            out->description = entities_decode(c->a, s);
    }
}

static void map_dates(const struct map_ctx *c, struct json_object *ev, struct tm_event *out)
{
    out->status = get_str(c, ev, "dates.status.code");
    out->start_utc = get_timestamp(c, ev, "dates.start.dateTime", 0);
    out->local_date = get_date(c, ev, "dates.start.localDate");
    out->local_time = get_time(c, ev, "dates.start.localTime");
    out->timezone = get_str(c, ev, "dates.timezone");
    out->date_tbd = json_path_bool(ev, "dates.start.dateTBD", false) ||
                    json_path_bool(ev, "dates.start.dateTBA", false);
    out->end_utc = get_timestamp(c, ev, "dates.end.dateTime", 0);
    /* Ticketmaster writes 1900-01-01 when the on-sale date is unknown. */
    out->sales_start = get_timestamp(c, ev, "sales.public.startDateTime", 1900);
    out->sales_end = get_timestamp(c, ev, "sales.public.endDateTime", 1900);
}

/* The classification marked primary (it is not always first), else the first. */
static void map_classification(const struct map_ctx *c, struct json_object *ev,
                               struct tm_event *out)
{
    struct json_object *arr = json_path(ev, "classifications"), *pick = NULL;

    for (size_t i = 0; i < json_arr_len(arr); i++) {
        struct json_object *cl = json_arr_get(arr, i);
        if (!json_is_object(cl))
            continue;
        if (!pick)
            pick = cl;
        if (json_path_bool(cl, "primary", false)) {
            pick = cl;
            break;
        }
    }
    if (!pick)
        return;
    out->genre = get_str(c, pick, "segment.name");
    if (out->genre && strcmp(out->genre, "Undefined") == 0)
        out->genre = "Others";
    out->sub_genre = get_str(c, pick, "genre.name");
    out->segment_id = get_str(c, pick, "segment.id");
    out->genre_id = get_str(c, pick, "genre.id");
}

/* s without surrounding whitespace (real city names have a leading space). */
static const char *trim(const char *s, size_t *n)
{
    while (is_space(*s))
        s++;
    *n = strlen(s);
    while (*n > 0 && is_space(s[*n - 1]))
        (*n)--;
    return s;
}

/* The non-blank parts, trimmed and joined by ", "; NULL if there are none. */
static const char *venue_address(const struct map_ctx *c, struct json_object *venue)
{
    static const char *const paths[] = { "address.line1", "address.line2", "city.name",
                                         "postalCode", "country.countryCode" };
    const char *parts[MQ_ARRAY_LEN(paths)];
    size_t total = 0, o = 0;

    for (size_t i = 0; i < MQ_ARRAY_LEN(paths); i++) {
        parts[i] = get_str(c, venue, paths[i]);
        total += parts[i] ? strlen(parts[i]) + 2 : 0;
    }
    char *out = arena_alloc(c->a, total + 1);
    for (size_t i = 0; i < MQ_ARRAY_LEN(paths); i++) {
        size_t n;
        const char *p = parts[i] ? trim(parts[i], &n) : NULL;
        if (!p || n == 0)
            continue;
        if (o > 0) {
            memcpy(out + o, ", ", 2);
            o += 2;
        }
        memcpy(out + o, p, n);
        o += n;
    }
    out[o] = '\0';
    return o > 0 ? out : NULL;
}

static void map_venue(const struct map_ctx *c, struct json_object *ev, struct tm_event *out)
{
    struct json_object *venue = json_arr_get(json_path(ev, "_embedded.venues"), 0);
    const char *name = get_str(c, venue, "name");

    out->venue_name = blank(name) ? "Unknown venue" : name;
    if (!json_is_object(venue))
        return;
    out->venue_id = get_str(c, venue, "id");
    out->venue_address = venue_address(c, venue);
    out->venue_latitude = get_number(c, venue, "location.latitude", -90, 90);
    out->venue_longitude = get_number(c, venue, "location.longitude", -180, 180);
    out->venue_timezone = get_str(c, venue, "timezone");
    if (!out->timezone)
        out->timezone = out->venue_timezone;
}

/* Lower is better: fallback art last, then 3_2 before other ratios before
 * none, then the distance from 640x427 (our card size). */
static double image_rank(struct json_object *img)
{
    double w, h;
    const char *ratio = json_path_str(img, "ratio");
    double rank = json_path_bool(img, "fallback", false) ? 4e9 : 0;

    rank += !ratio ? 2e9 : strcmp(ratio, "3_2") == 0 ? 0 : 1e9;
    if (json_path_num(img, "width", &w) && json_path_num(img, "height", &h) && isfinite(w) &&
        isfinite(h))
        rank += fmin(fabs(w - 640) + fabs(h - 427), 9e8);
    else
        rank += 9e8;
    return rank;
}

static void map_image(const struct map_ctx *c, struct json_object *ev, struct tm_event *out)
{
    struct json_object *arr = json_path(ev, "images");
    double best = 0;

    for (size_t i = 0; i < json_arr_len(arr); i++) {
        struct json_object *img = json_arr_get(arr, i);
        const char *url = get_str(c, img, "url");
        if (!url)
            continue;
        double rank = image_rank(img);
        if (!out->image_url || rank < best) {
            out->image_url = url;
            best = rank;
        }
    }
}

static void map_price(const struct map_ctx *c, struct json_object *ev, struct tm_event *out)
{
    struct json_object *pr = json_arr_get(json_path(ev, "priceRanges"), 0);
    if (!json_is_object(pr))
        return;
    out->price_min = get_number(c, pr, "min", -1e15, 1e15);
    out->price_max = get_number(c, pr, "max", -1e15, 1e15);
    out->price_currency = get_str(c, pr, "currency");
}

enum status tm_event_map(struct arena *a, struct json_object *ev, struct tm_event *out, char *err,
                         size_t errlen)
{
    memset(out, 0, sizeof(*out));
    if (!json_is_object(ev)) {
        snprintf(err, errlen, "event is not an object");
        return ST_INVALID;
    }
    const char *id = json_path_str(ev, "id");
    if (!id || !*id) {
        snprintf(err, errlen, "event has no string id");
        return ST_INVALID;
    }
    struct map_ctx c = { .a = a, .id = id };
    out->id = id;
    map_text(&c, ev, out);
    map_dates(&c, ev, out);
    map_classification(&c, ev, out);
    map_venue(&c, ev, out);
    map_image(&c, ev, out);
    map_price(&c, ev, out);
    return ST_OK;
}
