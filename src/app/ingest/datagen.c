/*
 * datagen.c - writes sample Ticketmaster Discovery pages (see datagen.h).
 *
 * Two passes over the events: the first only draws each event's session
 * count so every page can carry the final totalElements/totalPages; the
 * second generates and streams. Each event has its own random stream seeded
 * from (seed, event index), so both passes agree and memory stays flat: one
 * page buffer, the venue pool, and 16 bytes per event for the set that keeps
 * (name, venue) pairs distinct.
 */
#include "config.h"
#include "core/common.h"
#include "app/ingest/datagen.h"
#include "core/buf.h"
#include "core/jsonw.h"
#include "core/log.h"
#include "core/timeutil.h"

#include <errno.h>
#include <stdarg.h>
#include <sys/stat.h>
#include <unistd.h>

#define PAGE_MAX     ((size_t)256 << 20)
#define DAY          86400
#define TBA_PERMILLE 60
#define PLACEHOLDER  "1900-01-01T18:00:00Z"

/* ---- random numbers and ids ---- */

uint64_t datagen_rng_next(struct datagen_rng *r)
{
    uint64_t z = (r->s += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

uint32_t datagen_rng_below(struct datagen_rng *r, uint32_t n)
{
    return (uint32_t)(((datagen_rng_next(r) >> 32) * (uint64_t)n) >> 32);
}

bool datagen_rng_chance(struct datagen_rng *r, unsigned permille)
{
    return datagen_rng_below(r, 1000) < permille;
}

static uint64_t mix64(uint64_t x)
{
    struct datagen_rng r = { x };
    return datagen_rng_next(&r);
}

/* A bijection on [0, 2^bits): xorshift and odd multipliers are both
 * invertible modulo 2^bits, so distinct counters give distinct ids. */
static uint64_t permute(uint64_t x, unsigned bits, uint64_t key)
{
    uint64_t mask = (1ULL << bits) - 1;
    x = (x ^ key) & mask;
    for (int i = 0; i < 3; i++) {
        x ^= x >> (bits / 2 + 1);
        x = (x * 0x9e3779b97f4a7c15ULL) & mask;
    }
    return x;
}

static const char id_chars[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/* prefix + (len - strlen(prefix)) chars; the first 60 bits of the suffix
 * encode permute(counter), the rest is noise. */
static void make_id(char *out, const char *prefix, size_t len, uint64_t counter, uint64_t key,
                    struct datagen_rng *r)
{
    size_t p = strlen(prefix), nchars = len - p;
    unsigned bits = nchars * 6 > 60 ? 60 : (unsigned)nchars * 6;
    uint64_t v = permute(counter, bits, key);

    memcpy(out, prefix, p);
    for (size_t i = 0; i < nchars; i++) {
        unsigned c = i * 6 < bits ? (unsigned)(v >> (i * 6)) & 63 : datagen_rng_below(r, 64);
        out[p + i] = id_chars[c];
    }
    out[len] = '\0';
}

static uint64_t fnv1a(const char *a, const char *b)
{
    uint64_t h = 0xcbf29ce484222325ULL;
    for (const char *p = a; *p; p++)
        h = (h ^ (unsigned char)*p) * 0x100000001b3ULL;
    h = (h ^ 0x1f) * 0x100000001b3ULL;
    for (const char *p = b; *p; p++)
        h = (h ^ (unsigned char)*p) * 0x100000001b3ULL;
    return h ? h : 1;
}

/* ---- time zones ---- */

/* Day number of the nth (1..4, 5 = last) Sunday of y-m. */
static int64_t nth_sunday(int64_t y, unsigned m, int nth)
{
    if (nth == 5) {
        int64_t next =
            m == 12 ? time_days_from_civil(y + 1, 1, 1) : time_days_from_civil(y, m + 1, 1);
        return next - 1 - (next - 1 + 4) % 7;
    }
    int64_t d1 = time_days_from_civil(y, m, 1);
    return d1 + (7 - (d1 + 4) % 7) % 7 + 7 * (nth - 1);
}

/* UTC instants DST starts (on) and ends (off) in year y. */
static void dst_bounds(const struct datagen_zone *z, int64_t y, int64_t *on, int64_t *off)
{
    int64_t std = z->std_minutes * 60;
    switch (z->rule) {
    case DATAGEN_RULE_US:
        *on = nth_sunday(y, 3, 2) * DAY + 7200 - std;
        *off = nth_sunday(y, 11, 1) * DAY + 3600 - std;
        break;
    case DATAGEN_RULE_EU:
        *on = nth_sunday(y, 3, 5) * DAY + 3600;
        *off = nth_sunday(y, 10, 5) * DAY + 3600;
        break;
    case DATAGEN_RULE_AU:
        *on = nth_sunday(y, 10, 1) * DAY + 7200 - std;
        *off = nth_sunday(y, 4, 1) * DAY + 7200 - std;
        break;
    case DATAGEN_RULE_NZ:
        *on = nth_sunday(y, 9, 5) * DAY + 7200 - std;
        *off = nth_sunday(y, 4, 1) * DAY + 7200 - std;
        break;
    default:
        *on = *off = 0;
    }
}

static bool is_dst(const struct datagen_zone *z, int64_t t)
{
    int64_t y, on, off;
    unsigned m, d;
    if (z->rule == DATAGEN_RULE_NONE)
        return false;
    time_civil_from_days(t / DAY, &y, &m, &d);
    dst_bounds(z, y, &on, &off);
    return on < off ? t >= on && t < off : t >= on || t < off;
}

/* local is the wall-clock time written as if it were UTC. Times in the
 * spring gap or the autumn overlap are never generated. */
static int64_t zone_to_utc(const struct datagen_zone *z, int64_t local)
{
    int64_t summer = local - z->std_minutes * 60 - 3600;
    return is_dst(z, summer) ? summer : local - z->std_minutes * 60;
}

static int64_t zone_to_local(const struct datagen_zone *z, int64_t utc)
{
    return utc + z->std_minutes * 60 + (is_dst(z, utc) ? 3600 : 0);
}

static const struct datagen_zone *find_zone(const char *name)
{
    for (size_t i = 0; i < datagen_nzones; i++) {
        if (strcmp(datagen_zones[i].name, name) == 0)
            return &datagen_zones[i];
    }
    return NULL;
}

bool datagen_local_to_utc(const char *tz, int64_t y, unsigned mon, unsigned day, int minute_of_day,
                          int64_t *out)
{
    const struct datagen_zone *z = find_zone(tz);
    if (!z)
        return false;
    *out = zone_to_utc(z, time_days_from_civil(y, mon, day) * DAY + minute_of_day * 60);
    return true;
}

/* ---- text helpers ---- */

/* ASCII letter for U+00C0..U+017F, so "Köln" slugs as "koln". */
static const char latin1[] = "AAAAAAACEEEEIIIIDNOOOOO-OUUUUYTsaaaaaaaceeeeiiiidnooooo-ouuuuyty";
static const char latin_ext[] = "AaAaAaCcCcCcCcDdDdEeEeEeEeEeGgGgGgGgHhHhIiIiIiIiIiIiJjKkkLlLlLlLl"
                                "LlNnNnNnnNnOoOoOoOoRrRrRrSsSsSsSsTtTtTtUuUuUuUuUuUuWwYyYZzZzZzs";
_Static_assert(sizeof(latin1) == 65 && sizeof(latin_ext) == 129, "transliteration tables");

static char translit(const unsigned char *p, size_t *used)
{
    *used = 1;
    if (p[0] < 0x80)
        return (char)p[0];
    if ((p[0] & 0xe0) == 0xc0 && (p[1] & 0xc0) == 0x80) {
        unsigned cp = ((p[0] & 0x1fu) << 6) | (p[1] & 0x3fu);
        *used = 2;
        if (cp >= 0xc0 && cp < 0x100)
            return latin1[cp - 0xc0];
        if (cp >= 0x100 && cp < 0x180)
            return latin_ext[cp - 0x100];
    }
    return '-';
}

/* Appends the URL slug of s ("Philadelphia 76ers" -> "philadelphia-76ers"). */
static void slug(char *out, size_t n, const char *s)
{
    size_t len = strlen(out);
    bool dash = len > 0;
    for (const unsigned char *p = (const unsigned char *)s; *p && len + 2 < n;) {
        size_t used;
        char c = translit(p, &used);
        p += used;
        if (c >= 'A' && c <= 'Z')
            c = (char)(c + 32);
        if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
            if (dash && len > 0)
                out[len++] = '-';
            out[len++] = c;
            dash = false;
        } else {
            dash = true;
        }
    }
    out[len] = '\0';
}

static void fill_pattern(struct datagen_rng *r, const char *pat, char *out, size_t n)
{
    static const char letters[] = "ABCEGHJKLMNPRSTVWXYZ";
    size_t i = 0;
    for (; pat[i] && i + 1 < n; i++) {
        if (pat[i] == '#')
            out[i] = (char)('0' + datagen_rng_below(r, 10));
        else if (pat[i] == '@')
            out[i] = letters[datagen_rng_below(r, sizeof(letters) - 1)];
        else
            out[i] = pat[i];
    }
    out[i] = '\0';
}

static void format_date(int64_t days, char out[11])
{
    int64_t y;
    unsigned m, d;
    time_civil_from_days(days, &y, &m, &d);
    snprintf(out, 11, "%04d-%02u-%02u", (int)y, m, d);
}

static void format_clock(int64_t secs_of_day, char out[16])
{
    unsigned s = (unsigned)(secs_of_day % DAY);
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

/* ---- venue pool ---- */

struct venue {
    char name[96], za5_name[120];
    char id[16], za5_id[40];
    char line1[96], postal[16];
    char lat[32], lon[32], za5_lat[32], za5_lon[32];
    const struct datagen_city *city;
    const struct datagen_country *country;
    const struct datagen_zone *zone;
    const struct datagen_landmark *lm; /* NULL for generated venues */
    enum datagen_kind kind;
    unsigned url_num, upcoming, image;
    bool no_location, za5_no_location, city_space, za5_no_postal;
};

struct team {
    size_t venue;
    const char *name;
    enum datagen_league lg;
    int genre, sub;
};

enum frag { FRAG_IMAGES, FRAG_CLASSES, FRAG_EMBEDDED, NFRAGS };

/* Open-addressing set of 64-bit hashes; sized for at most half full. */
struct hash_set {
    uint64_t *slots;
    size_t mask;
};

struct gen {
    const struct datagen_opts *o;
    uint64_t key;
    int64_t day0, start, end;
    int days, page_size;
    struct venue *venues;
    size_t nvenues;
    size_t *by_kind[DATAGEN_NKINDS];
    size_t nby_kind[DATAGEN_NKINDS];
    struct team *teams;
    size_t nteams;
    struct hash_set names;
    int64_t total, pages, counter, page_no;
    int in_page;
    struct buf page, frag[NFRAGS];
    struct jsonw w;
};

static int set_init(struct hash_set *s, size_t n)
{
    size_t cap = 1024;
    while (cap < 2 * n)
        cap *= 2;
    s->slots = calloc(cap, sizeof(*s->slots));
    s->mask = cap - 1;
    return s->slots ? 0 : -1;
}

static bool set_add(struct hash_set *s, uint64_t h)
{
    size_t i = (size_t)h & s->mask;
    for (; s->slots[i]; i = (i + 1) & s->mask) {
        if (s->slots[i] == h)
            return false;
    }
    s->slots[i] = h;
    return true;
}

static const struct datagen_city *find_city(const char *name)
{
    for (size_t i = 0; i < datagen_ncities; i++) {
        if (strcmp(datagen_cities[i].name, name) == 0)
            return &datagen_cities[i];
    }
    return NULL;
}

static const struct datagen_country *find_country(const char *code)
{
    for (size_t i = 0; i < datagen_ncountries; i++) {
        if (strcmp(datagen_countries[i].code, code) == 0)
            return &datagen_countries[i];
    }
    return NULL;
}

static const struct datagen_city *pick_city(struct datagen_rng *r)
{
    unsigned total = 0, x;
    for (size_t i = 0; i < datagen_ncities; i++)
        total += (unsigned)datagen_cities[i].weight;
    x = datagen_rng_below(r, total);
    for (size_t i = 0; i < datagen_ncities; i++) {
        if (x < (unsigned)datagen_cities[i].weight)
            return &datagen_cities[i];
        x -= (unsigned)datagen_cities[i].weight;
    }
    return &datagen_cities[0];
}

static int place_venue(struct venue *v, const struct datagen_city *c, struct datagen_rng *r)
{
    v->city = c;
    v->country = find_country(c->country);
    v->zone = find_zone(c->tz);
    if (!v->country || !v->zone) {
        log_error("datagen_table", "msg=\"city without country or zone\" city=\"%s\"", c->name);
        return -1;
    }
    v->url_num = 100000 + datagen_rng_below(r, 400000);
    v->upcoming = 5 + datagen_rng_below(r, 700);
    v->image = datagen_rng_chance(r, 300) ? 10000 + datagen_rng_below(r, 90000) : 0;
    v->no_location = datagen_rng_chance(r, 40);
    v->za5_no_location = datagen_rng_chance(r, 250);
    v->city_space = datagen_rng_chance(r, 10);
    v->za5_no_postal = datagen_rng_chance(r, 100);
    return 0;
}

/* Real primary venues print 6 or 8 decimals; the "Za5" listing copies
 * print the raw double ("40.7497061999999881"). */
static void format_location(struct venue *v, double lat, double lon, struct datagen_rng *r)
{
    int prec = datagen_rng_chance(r, 500) ? 8 : 6;
    snprintf(v->lat, sizeof(v->lat), "%.*f", prec, lat);
    snprintf(v->lon, sizeof(v->lon), "%.*f", prec, lon);
    snprintf(v->za5_lat, sizeof(v->za5_lat), "%.18g", lat);
    snprintf(v->za5_lon, sizeof(v->za5_lon), "%.18g", lon);
}

static void finish_venue(struct gen *g, struct venue *v, struct datagen_rng *r)
{
    static const char *const sfx[] = { " Suites", " - Premium Seating", " Premium Spaces",
                                       " Club Level" };
    size_t idx = g->nvenues++;

    if (idx % 2)
        make_id(v->id, "KovZ917A", 11, idx / 2, g->key ^ 0x11, r);
    else
        make_id(v->id, "KovZpZA", 12, idx / 2, g->key ^ 0x22, r);
    make_id(v->za5_id, "Za5ju3rKuqZ", 34, idx, g->key ^ 0x33, r);
    bool big = v->kind == DATAGEN_ARENA || v->kind == DATAGEN_STADIUM;
    snprintf(v->za5_name, sizeof(v->za5_name), "%s%s", v->name,
             big && datagen_rng_chance(r, 500) ? DATAGEN_PICK(r, sfx) : "");
    g->by_kind[v->kind][g->nby_kind[v->kind]++] = idx;
}

static int add_landmark(struct gen *g, const struct datagen_landmark *lm, struct hash_set *seen,
                        struct datagen_rng *r)
{
    struct venue *v = &g->venues[g->nvenues];
    const struct datagen_city *c = find_city(lm->city);

    if (!c || place_venue(v, c, r) != 0) {
        log_error("datagen_table", "msg=\"landmark in unknown city\" venue=\"%s\"", lm->name);
        return -1;
    }
    v->lm = lm;
    v->kind = lm->kind;
    snprintf(v->name, sizeof(v->name), "%s", lm->name);
    snprintf(v->line1, sizeof(v->line1), "%s", lm->line1);
    snprintf(v->postal, sizeof(v->postal), "%s", lm->postal);
    format_location(v, lm->lat, lm->lon, r);
    set_add(seen, fnv1a(v->name, ""));
    finish_venue(g, v, r);
    return 0;
}

static int add_generated(struct gen *g, struct hash_set *seen, struct datagen_rng *r)
{
    static const enum datagen_kind kinds[] = { DATAGEN_CLUB,    DATAGEN_CLUB,    DATAGEN_CLUB,
                                               DATAGEN_THEATRE, DATAGEN_THEATRE, DATAGEN_HALL,
                                               DATAGEN_ARENA };
    struct venue *v = &g->venues[g->nvenues];
    const struct datagen_city *c = pick_city(r);

    if (place_venue(v, c, r) != 0)
        return -1;
    v->kind = DATAGEN_PICK(r, kinds);
    /* Venue names must be unique: an event is identified by name + venue name. */
    for (int tries = 0;; tries++) {
        datagen_venue_name(r, v->kind, c->name, c->country, v->name, sizeof(v->name));
        size_t len = strlen(v->name);
        if (tries >= 10)
            snprintf(v->name + len, sizeof(v->name) - len, " - %s %d", c->name, tries - 8);
        else if (tries >= 8)
            snprintf(v->name + len, sizeof(v->name) - len, " - %s", c->name);
        if (set_add(seen, fnv1a(v->name, "")))
            break;
    }
    datagen_street(r, c->country, v->line1, sizeof(v->line1));
    fill_pattern(r, c->postal, v->postal, sizeof(v->postal));
    format_location(v, c->lat + ((int)datagen_rng_below(r, 1000) - 500) / 8000.0,
                    c->lon + ((int)datagen_rng_below(r, 1000) - 500) / 6000.0, r);
    finish_venue(g, v, r);
    return 0;
}

static int resolve_league(enum datagen_league lg, int *genre, int *sub)
{
    const struct datagen_league_info *li = &datagen_leagues[lg];
    for (size_t i = 0; i < datagen_ngenres; i++) {
        const struct datagen_genre *ge = &datagen_genres[i];
        if (strcmp(ge->genre.id, li->genre_id) != 0)
            continue;
        for (int k = 0; k < 4 && ge->sub[k].id; k++) {
            if (strcmp(ge->sub[k].id, li->subgenre_id) == 0) {
                *genre = (int)i;
                *sub = k;
                return 0;
            }
        }
    }
    log_error("datagen_table", "msg=\"league without genre\" league=%d", (int)lg);
    return -1;
}

static int add_teams(struct gen *g)
{
    for (size_t i = 0; i < g->nvenues; i++) {
        const struct datagen_landmark *lm = g->venues[i].lm;
        for (int k = 0; lm && k < 2 && lm->team[k]; k++) {
            struct team *t = &g->teams[g->nteams++];
            t->venue = i;
            t->name = lm->team[k];
            t->lg = lm->league[k];
            if (resolve_league(t->lg, &t->genre, &t->sub) != 0)
                return -1;
        }
    }
    return 0;
}

static int build_pool(struct gen *g)
{
    size_t ngen = (size_t)g->o->events / 25;
    struct datagen_rng r = { mix64(g->o->seed ^ 0x7e57ab1eULL) };
    struct hash_set seen = { 0 };
    int rc = -1;

    ngen = ngen < 100 ? 100 : ngen > 4000 ? 4000 : ngen;
    g->venues = calloc(datagen_nlandmarks + ngen, sizeof(*g->venues));
    g->teams = calloc(2 * datagen_nlandmarks, sizeof(*g->teams));
    g->by_kind[0] = calloc(DATAGEN_NKINDS * (datagen_nlandmarks + ngen), sizeof(size_t));
    if (!g->venues || !g->teams || !g->by_kind[0] ||
        set_init(&seen, datagen_nlandmarks + ngen) != 0) {
        log_error("datagen_alloc", "msg=\"out of memory\"");
        goto out;
    }
    for (int k = 1; k < DATAGEN_NKINDS; k++)
        g->by_kind[k] = g->by_kind[0] + (size_t)k * (datagen_nlandmarks + ngen);
    for (size_t i = 0; i < datagen_nlandmarks; i++) {
        if (add_landmark(g, &datagen_landmarks[i], &seen, &r) != 0)
            goto out;
    }
    for (size_t i = 0; i < ngen; i++) {
        if (add_generated(g, &seen, &r) != 0)
            goto out;
    }
    rc = add_teams(g);
out:
    free(seen.slots);
    return rc;
}

/* ---- events and sessions ---- */

enum end_shape { END_NONE, END_FULL, END_FLAGS, END_NO_DATE };

struct family {
    const char *prefix;
    size_t len;
    int weight;
};

/* Id prefixes seen in real data; none is a prefix of another, so ids from
 * different families never collide. */
static const struct family families[] = {
    { "G5vYZ", 13, 30 }, { "G5vGZ", 13, 15 }, { "G5diZ", 13, 8 }, { "G5eVZ", 13, 5 },
    { "vvG1", 14, 10 },  { "vv1", 16, 6 },    { "1A", 15, 8 },    { "1k7", 15, 6 },
    { "17", 15, 5 },     { "Z7r9jZ", 13, 4 }, { "rZ7H", 14, 3 },
};
static const struct family za5_family = { "Za5ju3rKuqZ", 34, 0 };

struct event {
    char name[224];
    char info[512], note[320], desc[768];
    char img_uuid[40];
    struct datagen_acts acts;
    const struct venue *v;
    const struct datagen_genre *genre;
    const struct family *family;
    const char *promoter;
    enum datagen_type_kind type;
    enum end_shape end;
    int sub, second, nsessions, first_day, step, minute, end_minutes;
    int price_min, price_max, prices, presales, onsale_days, onsale_hour;
    unsigned img_num, nimg, img_order[11];
    bool za5, run, no_tz, no_venue_name, has_info, has_note, has_desc, no_type, second_first;
    bool access, seatmap, ticket_limit, age, safetix, fallback, source_noratio, numbered, span;
};

struct session {
    char id[40], hex[17];
    int64_t day; /* local date, days since the epoch */
    int minute;  /* local start, -1 when the time is TBA */
    int64_t utc;
    bool no_specific;
    const char *status;
};

static bool is_run(enum datagen_namer n)
{
    return n == DATAGEN_N_SHOW || n == DATAGEN_N_BALLET || n == DATAGEN_N_OPERA ||
           n == DATAGEN_N_MAGIC || n == DATAGEN_N_CIRCUS || n == DATAGEN_N_KIDS ||
           n == DATAGEN_N_SPECTACLE || n == DATAGEN_N_FILM || n == DATAGEN_N_ICE;
}

/* Averages about 3 sessions per event over the genre mix. */
static int session_count(struct datagen_rng *r, enum datagen_namer n)
{
    static const int generic[] = { 1, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 3, 3, 3, 4, 4, 5, 6, 8 };
    static const int games[] = { 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2, 3, 3, 3, 4 };
    if (n == DATAGEN_N_TEAMS)
        return DATAGEN_PICK(r, games);
    if (is_run(n))
        return 2 + (int)datagen_rng_below(r, 10);
    return DATAGEN_PICK(r, generic);
}

/* The first draws of an event's stream: both passes call this. */
static void plan_event(const struct gen *g, int64_t i, struct datagen_rng *r, int *genre,
                       int *sessions)
{
    unsigned x;
    r->s = mix64(g->o->seed ^ mix64((uint64_t)i ^ 0x632be59bd9b4e019ULL));
    x = datagen_rng_below(r, 1000);
    *genre = 0;
    for (size_t k = 0; k < datagen_ngenres; k++) {
        if (x < (unsigned)datagen_genres[k].weight) {
            *genre = (int)k;
            break;
        }
        x -= (unsigned)datagen_genres[k].weight;
    }
    *sessions = session_count(r, datagen_genres[*genre].namer);
}

/* A team of genre (when >= 0) or else of league lg, other than except. */
static bool team_fits(const struct team *t, int genre, enum datagen_league lg,
                      const struct team *except)
{
    return t != except && (genre >= 0 ? t->genre == genre : t->lg == lg);
}

static const struct team *pick_team(const struct gen *g, int genre, enum datagen_league lg,
                                    const struct team *except, struct datagen_rng *r)
{
    size_t n = 0, k;
    for (size_t i = 0; i < g->nteams; i++)
        n += team_fits(&g->teams[i], genre, lg, except);
    if (n == 0)
        return except;
    k = datagen_rng_below(r, (uint32_t)n);
    for (size_t i = 0; i < g->nteams; i++) {
        if (team_fits(&g->teams[i], genre, lg, except) && k-- == 0)
            return &g->teams[i];
    }
    return except;
}

static const struct venue *pick_venue(const struct gen *g, enum datagen_namer n,
                                      struct datagen_rng *r)
{
    const char *pref;
    enum datagen_kind kind;
    switch (n) {
    case DATAGEN_N_ORCHESTRA:
    case DATAGEN_N_OPERA:
    case DATAGEN_N_BALLET:
        pref = "HHTT";
        break;
    case DATAGEN_N_SHOW:
    case DATAGEN_N_MAGIC:
    case DATAGEN_N_VARIETY:
    case DATAGEN_N_KIDS:
    case DATAGEN_N_SPECTACLE:
    case DATAGEN_N_CIRCUS:
        pref = "TTTTTHHC";
        break;
    case DATAGEN_N_COMEDY:
        pref = "CCTTTH";
        break;
    case DATAGEN_N_FIGHT:
    case DATAGEN_N_WRESTLING:
    case DATAGEN_N_TENNIS:
    case DATAGEN_N_RODEO:
    case DATAGEN_N_ICE:
        pref = "A";
        break;
    case DATAGEN_N_MOTOR:
    case DATAGEN_N_MISC:
        pref = "AS";
        break;
    case DATAGEN_N_FILM:
    case DATAGEN_N_TALK:
        pref = "TTH";
        break;
    case DATAGEN_N_FESTIVAL:
        pref = "SHH";
        break;
    case DATAGEN_N_FOOD:
    case DATAGEN_N_EXPO:
        pref = "H";
        break;
    case DATAGEN_N_HOLIDAY:
        pref = "THA";
        break;
    default:
        pref = "CCCCCTTHHAAS";
    }
    switch (pref[datagen_rng_below(r, (uint32_t)strlen(pref))]) {
    case 'C':
        kind = DATAGEN_CLUB;
        break;
    case 'T':
        kind = DATAGEN_THEATRE;
        break;
    case 'H':
        kind = DATAGEN_HALL;
        break;
    case 'S':
        kind = DATAGEN_STADIUM;
        break;
    default:
        kind = DATAGEN_ARENA;
    }
    if (g->nby_kind[kind] == 0)
        kind = DATAGEN_CLUB;
    return &g->venues[g->by_kind[kind][datagen_rng_below(r, (uint32_t)g->nby_kind[kind])]];
}

/* Suite and resale listings ("Za5ju3..." ids) are mostly games and arena
 * shows; about a quarter of all events overall, as in the real data. */
static unsigned za5_permille(enum datagen_namer n, enum datagen_kind kind)
{
    if (n == DATAGEN_N_TEAMS)
        return 600;
    return kind == DATAGEN_ARENA || kind == DATAGEN_STADIUM ? 450 : 180;
}

/* Picks venue and name; re-draws the name until (name, venue) is new so
 * that separately generated events never merge into one Marquee event. */
static void name_event(struct gen *g, struct event *e, struct datagen_rng *r)
{
    enum datagen_namer n = e->genre->namer;
    const struct team *home = NULL;
    const char *vname;
    int nsub = 0;

    if (n == DATAGEN_N_TEAMS) {
        home = pick_team(g, (int)(e->genre - datagen_genres), DATAGEN_LG_NONE, NULL, r);
        e->v = &g->venues[home->venue];
        e->sub = home->sub;
        e->promoter = datagen_leagues[home->lg].promoter;
    } else {
        e->v = pick_venue(g, n, r);
        while (nsub < 4 && e->genre->sub[nsub].id)
            nsub++;
        e->sub = (int)datagen_rng_below(r, (uint32_t)nsub);
    }
    e->za5 = datagen_rng_chance(r, za5_permille(n, e->v->kind));
    vname = e->no_venue_name ? "" : e->za5 ? e->v->za5_name : e->v->name;
    for (int tries = 0;; tries++) {
        if (home) {
            const struct team *away = pick_team(g, -1, home->lg, home, r);
            datagen_match_name(r, home->lg, home->name, away->name, e->name, sizeof(e->name));
            snprintf(e->acts.name[0], sizeof(e->acts.name[0]), "%s", home->name);
            snprintf(e->acts.name[1], sizeof(e->acts.name[1]), "%s", away->name);
            e->acts.n = 2;
        } else {
            datagen_event_name(r, n, e->v->city->name, e->v->name, e->name, sizeof(e->name),
                               &e->acts);
        }
        size_t len = strlen(e->name);
        if (tries >= 12)
            snprintf(e->name + len, sizeof(e->name) - len, " (Night %d)", tries - 10);
        if (set_add(&g->names, fnv1a(e->name, vname)))
            return;
    }
}

static void make_uuid(uint64_t a, uint64_t b, char out[40])
{
    snprintf(out, 40, "%08x-%04x-4%03x-%04x-%012llx", (unsigned)(a >> 32),
             (unsigned)(a >> 16) & 0xffff, (unsigned)a & 0xfff,
             (unsigned)(0x8000 | ((b >> 48) & 0x3fff)),
             (unsigned long long)(b & 0xffffffffffffULL));
}

static void decorate_images(struct event *e, struct datagen_rng *r)
{
    e->fallback = e->za5 || datagen_rng_chance(r, 30);
    if (e->fallback) {
        /* Generic category art is shared by every event of a genre. */
        uint64_t h = mix64((uint64_t)(e->genre - datagen_genres) + 0xa7);
        make_uuid(h, mix64(h), e->img_uuid);
        e->img_num = 100000 + (unsigned)(h % 900000);
    } else {
        make_uuid(datagen_rng_next(r), datagen_rng_next(r), e->img_uuid);
        e->numbered = datagen_rng_chance(r, 300);
        e->img_num = 1000000 + datagen_rng_below(r, 400000);
    }
    e->nimg = !e->fallback && datagen_rng_chance(r, 800) ? 11 : 10;
    e->source_noratio = e->nimg == 11 && datagen_rng_chance(r, 60);
    for (unsigned i = 0; i < e->nimg; i++)
        e->img_order[i] = i;
    for (unsigned i = e->nimg - 1; i > 0; i--) {
        unsigned j = datagen_rng_below(r, i + 1), t = e->img_order[i];
        e->img_order[i] = e->img_order[j];
        e->img_order[j] = t;
    }
}

static void decorate(struct event *e, struct datagen_rng *r)
{
    static const char *const promoters[] = {
        "653|LIVE NATION MUSIC|LIVE NATION MUSIC / NTL / USA",
        "494|PROMOTED BY VENUE|PROMOTED BY VENUE / NTL / USA",
        "4140|AEG PRESENTS|AEG PRESENTS / NTL / USA",
    };
    enum datagen_namer n = e->genre->namer;
    const char *vname = e->za5 ? e->v->za5_name : e->v->name;
    size_t fam = datagen_rng_below(r, 100);

    e->type = n == DATAGEN_N_TEAMS                                  ? DATAGEN_T_TEAM
              : n == DATAGEN_N_TRIBUTE                              ? DATAGEN_T_TRIBUTE
              : e->genre->segment == 0 && datagen_rng_chance(r, 60) ? DATAGEN_T_CONCERT
                                                                    : DATAGEN_T_UNDEFINED;
    e->no_type = datagen_rng_chance(r, 100);
    e->second = -1;
    if (e->genre->segment == 0 && datagen_rng_chance(r, 60)) {
        size_t nmusic = 0; /* the table lists the music genres first */
        while (nmusic < datagen_ngenres && datagen_genres[nmusic].segment == 0)
            nmusic++;
        e->second = (int)datagen_rng_below(r, (uint32_t)nmusic);
        if (&datagen_genres[e->second] == e->genre)
            e->second = (e->second + 1) % (int)nmusic;
        e->second_first = datagen_rng_chance(r, 500);
    }
    if (!e->promoter && datagen_rng_chance(r, 400))
        e->promoter = DATAGEN_PICK(r, promoters);
    if ((e->has_info = datagen_rng_chance(r, 870)))
        datagen_info_text(r, e->info, sizeof(e->info));
    if ((e->has_note = datagen_rng_chance(r, 750)))
        datagen_note_text(r, vname, e->note, sizeof(e->note));
    if ((e->has_desc = datagen_rng_chance(r, 4)))
        datagen_description(r, e->name, vname, e->desc, sizeof(e->desc));
    if (!e->za5 && datagen_rng_chance(r, 350)) {
        e->prices = datagen_rng_chance(r, 300) ? 2 : 1;
        e->price_min = 1500 + (int)datagen_rng_below(r, 240) * 50 +
                       (datagen_rng_chance(r, 200) ? (int)datagen_rng_below(r, 50) : 0);
        e->price_max = e->price_min + (int)datagen_rng_below(r, 120) * 1250;
    }
    for (size_t i = 0; i < MQ_ARRAY_LEN(families); i++) {
        if (fam < (size_t)families[i].weight) {
            e->family = &families[i];
            break;
        }
        fam -= (size_t)families[i].weight;
    }
    if (e->za5 || !e->family)
        e->family = &za5_family;
    decorate_images(e, r);
    e->no_tz = datagen_rng_chance(r, 70);
    e->span = n == DATAGEN_N_FESTIVAL && datagen_rng_chance(r, 500);
    e->end = e->za5 || e->span           ? END_FULL
             : datagen_rng_chance(r, 80) ? END_FLAGS
             : datagen_rng_chance(r, 25) ? END_NO_DATE
                                         : END_NONE;
    e->end_minutes = (e->span ? 2 * 1440 : 0) + (n == DATAGEN_N_TEAMS ? 180 : 240);
    e->access = !e->za5 && datagen_rng_chance(r, 40);
    e->seatmap = !e->za5 && datagen_rng_chance(r, 500);
    e->ticket_limit = !e->za5 && datagen_rng_chance(r, 300);
    e->age = !e->za5 && datagen_rng_chance(r, 400);
    e->safetix = datagen_rng_chance(r, 900);
    e->presales = !e->za5 && datagen_rng_chance(r, 250) ? 1 + (int)datagen_rng_below(r, 3) : 0;
    e->onsale_days = 14 + (int)datagen_rng_below(r, 120);
    e->onsale_hour = 14 + (int)datagen_rng_below(r, 4);
}

static int base_minute(struct datagen_rng *r, enum datagen_namer n)
{
    static const int evening[] = { 1080, 1110, 1140, 1170, 1200, 1230, 1260, 1320 };
    static const int games[] = { 1140, 1170, 1150, 785, 960, 1080, 1215 };
    static const int daytime[] = { 600, 660, 720, 780, 840 };
    switch (n) {
    case DATAGEN_N_TEAMS:
        return DATAGEN_PICK(r, games);
    case DATAGEN_N_FESTIVAL:
    case DATAGEN_N_FOOD:
    case DATAGEN_N_EXPO:
    case DATAGEN_N_KIDS:
    case DATAGEN_N_MISC:
        return DATAGEN_PICK(r, daytime);
    default:
        return DATAGEN_PICK(r, evening);
    }
}

static void build_event(struct gen *g, int64_t i, struct event *e, struct datagen_rng *r)
{
    int genre, sessions;
    enum datagen_namer n;

    plan_event(g, i, r, &genre, &sessions);
    memset(e, 0, sizeof(*e));
    e->genre = &datagen_genres[genre];
    e->nsessions = sessions;
    n = e->genre->namer;
    e->run = is_run(n);
    e->no_venue_name = datagen_rng_chance(r, 3);
    name_event(g, e, r);
    decorate(e, r);
    e->first_day = (int)datagen_rng_below(r, (uint32_t)g->days);
    e->step = e->run                 ? 1
              : n == DATAGEN_N_TEAMS ? 3 + (int)datagen_rng_below(r, 20)
                                     : 1 + (int)datagen_rng_below(r, 7);
    if ((int64_t)(e->nsessions - 1) * e->step >= g->days)
        e->step = 1;
    e->minute = base_minute(r, n);
}

static const char *pick_status(struct datagen_rng *r, bool za5)
{
    unsigned x = datagen_rng_below(r, 1000);
    if (za5)
        return x < 900 ? "offsale" : "onsale";
    return x < 885   ? "onsale"
           : x < 935 ? "offsale"
           : x < 965 ? "rescheduled"
           : x < 990 ? "cancelled"
                     : "postponed";
}

static void build_session(struct gen *g, const struct event *e, int j, struct datagen_rng *r,
                          struct session *s)
{
    int64_t idx = g->counter++;
    int64_t off = e->first_day + (int64_t)j * e->step;
    unsigned region = (unsigned)(e->v->city - datagen_cities) * 37u + 0x11u;

    make_id(s->id, e->family->prefix, e->family->len - (e->za5 && idx % 4 == 0), (uint64_t)idx,
            g->key, r);
    snprintf(s->hex, sizeof(s->hex), "%02X00%012llX", region & 0xff,
             (unsigned long long)permute((uint64_t)idx, 48, g->key >> 7));
    s->day = g->day0 + off % g->days;
    s->minute = off >= g->days || (e->run && datagen_rng_chance(r, 250)) ? 840 : e->minute;
    s->no_specific = false;
    if (datagen_rng_chance(r, TBA_PERMILLE)) {
        s->no_specific = datagen_rng_chance(r, 333);
        s->minute = -1;
    }
    /* Keep the UTC start inside [start, end): a local date near the edge
     * of the window can fall outside once the zone offset is applied. */
    for (int k = 0; s->minute >= 0 && k < 3; k++) {
        s->utc = zone_to_utc(e->v->zone, s->day * DAY + s->minute * 60);
        if (s->utc < g->start)
            s->day++;
        else if (s->utc >= g->end)
            s->day--;
        else
            break;
    }
    if (s->minute >= 0)
        s->utc = zone_to_utc(e->v->zone, s->day * DAY + s->minute * 60);
    s->status = pick_status(r, e->za5);
}

/* ---- JSON for one Ticketmaster event object ---- */

static void kbool(struct jsonw *w, const char *key, bool v)
{
    jsonw_key(w, key);
    jsonw_bool(w, v);
}

static void kobj(struct jsonw *w, const char *key)
{
    jsonw_key(w, key);
    jsonw_obj_open(w);
}

static void karr(struct jsonw *w, const char *key)
{
    jsonw_key(w, key);
    jsonw_arr_open(w);
}

/* {"key":{"href":"..."}}, or a bare {"href":"..."} when key is NULL. */
static void MQ_PRINTF(3, 4) href(struct jsonw *w, const char *key, const char *fmt, ...)
{
    char s[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(s, sizeof(s), fmt, ap);
    va_end(ap);
    if (key)
        jsonw_key(w, key);
    jsonw_obj_open(w);
    jsonw_kstr(w, "href", s);
    jsonw_obj_close(w);
}

static void kiso(struct jsonw *w, const char *key, int64_t t)
{
    char s[TIME_ISO_LEN];
    time_format_iso(t, s);
    jsonw_kstr(w, key, s);
}

static void klevel(struct jsonw *w, const char *key, const struct datagen_level *l)
{
    kobj(w, key);
    jsonw_kstr(w, "id", l->id);
    jsonw_kstr(w, "name", l->name);
    jsonw_obj_close(w);
}

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

static void write_url(const struct event *e, const struct session *s, struct jsonw *w)
{
    char path[400] = "", url[512];
    const struct datagen_city *c = e->v->city;
    int64_t y;
    unsigned m, d;

    if (strcmp(e->family->prefix, "Z7r9jZ") == 0) {
        snprintf(url, sizeof(url), "https://www.ticketmaster.com/event/%s", s->id);
    } else if (strcmp(e->family->prefix, "rZ7H") == 0) {
        slug(path, sizeof(path), e->name);
        slug(path, sizeof(path), e->v->name);
        snprintf(url, sizeof(url), "https://www.ticketweb.com/event/%s-tickets/%llu", path,
                 10000000ULL + (unsigned long long)(s->day * 7919 % 9000000));
    } else {
        time_civil_from_days(s->day, &y, &m, &d);
        slug(path, sizeof(path), e->name);
        slug(path, sizeof(path), c->name);
        if (c->state)
            slug(path, sizeof(path), c->state);
        snprintf(url, sizeof(url), "https://%s/%s-%02u-%02u-%04d/event/%s", e->v->country->domain,
                 path, m, d, (int)y, s->hex);
    }
    jsonw_kstr(w, "url", url);
}

/* End of the local day, for sessions without a start time. */
static int64_t day_end_utc(const struct event *e, const struct session *s)
{
    return zone_to_utc(e->v->zone, s->day * DAY + DAY - 60);
}

static void write_sales(struct jsonw *w, const struct event *e, const struct session *s,
                        struct datagen_rng *r)
{
    int64_t onsale = (s->day - e->onsale_days) * DAY + e->onsale_hour * 3600;
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
            kiso(w, "startDateTime", onsale - i * 2 * DAY);
            kiso(w, "endDateTime", onsale - (i * 2 - 1) * DAY - 60);
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
    format_date(local / DAY, ds);
    format_clock(local % DAY, ts);
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
        write_local(w, zone_to_local(e->v->zone, end), true);
        kiso(w, "dateTime", end);
    } else if (shape == END_NO_DATE) {
        /* Real data: end localTime copied from the start, dateTime correct. */
        kiso(w, "dateTime", end);
        write_local(w, s->day * DAY + s->minute * 60, false);
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
        write_local(w, s->day * DAY + s->minute * 60, false);
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
        int64_t was = s->day * DAY + s->minute * 60 - 14 * DAY;
        kobj(w, "initialStartDate");
        write_local(w, was, true);
        kiso(w, "dateTime", zone_to_utc(e->v->zone, was));
        jsonw_obj_close(w);
    }
    kbool(w, "spanMultipleDays", e->span);
    jsonw_obj_close(w);
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
        slug(url, sizeof(url), v->name);
        slug(url, sizeof(url), "tickets");
        slug(url, sizeof(url), v->city->name);
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
static void attraction_id(const char *name, char out[16])
{
    struct datagen_rng r = { fnv1a(name, "attraction") };
    make_id(out, "K8vZ91", 13, datagen_rng_next(&r) & ((1ULL << 42) - 1), 0, &r);
}

static void write_attractions(struct jsonw *w, const struct event *e)
{
    char id[16], url[320];
    karr(w, "attractions");
    for (int i = 0; i < e->acts.n; i++) {
        const char *name = e->acts.name[i];
        uint64_t h = fnv1a(name, "");
        attraction_id(name, id);
        url[0] = '\0';
        slug(url, sizeof(url), name);
        slug(url, sizeof(url), "tickets");
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

static void write_links(struct jsonw *w, const struct event *e, const struct session *s)
{
    char id[16];
    bool acts = e->acts.n > 0 && !e->za5;

    kobj(w, "_links");
    href(w, "self", "/discovery/v2/events/%s?locale=en-us", s->id);
    if (acts) {
        karr(w, "attractions");
        for (int i = 0; i < e->acts.n; i++) {
            attraction_id(e->acts.name[i], id);
            href(w, NULL, "/discovery/v2/attractions/%s?locale=en-us", id);
        }
        jsonw_arr_close(w);
    }
    karr(w, "venues");
    href(w, NULL, "/discovery/v2/venues/%s?locale=en-us", e->za5 ? e->v->za5_id : e->v->id);
    jsonw_arr_close(w);
    jsonw_obj_close(w);
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
static void render_fragments(struct gen *g, const struct event *e)
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

static void kfrag(struct gen *g, const char *key, enum frag f)
{
    jsonw_key(&g->w, key);
    jsonw_raw(&g->w, g->frag[f].data, g->frag[f].len);
}

static void write_event(struct gen *g, const struct event *e, const struct session *s,
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

/* ---- files ---- */

static int write_file(const char *path, const struct buf *b)
{
    char tmp[4096], q[512];
    FILE *f;
    size_t n;

    snprintf(tmp, sizeof(tmp), "%s.tmp", path);
    f = fopen(tmp, "wb");
    if (!f) {
        log_error("datagen_write", "path=%s error=\"%s\"", log_quote(q, sizeof(q), tmp),
                  strerror(errno));
        return -1;
    }
    n = fwrite(b->data, 1, b->len, f);
    if (fclose(f) != 0 || n != b->len || rename(tmp, path) != 0) {
        log_error("datagen_write", "path=%s error=\"%s\"", log_quote(q, sizeof(q), path),
                  strerror(errno));
        unlink(tmp);
        return -1;
    }
    return 0;
}

static int make_dirs(const char *dir)
{
    char p[4096], q[512];
    struct stat st;
    size_t n = (size_t)snprintf(p, sizeof(p), "%s", dir);

    for (size_t i = 1; i <= n && i < sizeof(p); i++) {
        if (p[i] != '/' && p[i] != '\0')
            continue;
        char c = p[i];
        p[i] = '\0';
        if (mkdir(p, 0755) != 0 && errno != EEXIST) {
            log_error("datagen_mkdir", "path=%s error=\"%s\"", log_quote(q, sizeof(q), p),
                      strerror(errno));
            return -1;
        }
        p[i] = c;
    }
    if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
        log_error("datagen_mkdir", "path=%s error=\"not a directory\"",
                  log_quote(q, sizeof(q), dir));
        return -1;
    }
    return 0;
}

static void page_path(const struct gen *g, int64_t n, char *out, size_t len)
{
    snprintf(out, len, "%s/events-%05lld.json", g->o->out_dir, (long long)n);
}

static void page_open(struct gen *g)
{
    buf_reset(&g->page);
    jsonw_init(&g->w, &g->page);
    jsonw_obj_open(&g->w);
    if (g->total == 0)
        return;
    kobj(&g->w, "_embedded");
    karr(&g->w, "events");
}

static int page_close(struct gen *g)
{
    static const char q[] = "/discovery/v2/events.json?page=%lld&size=%d&sort=date,asc";
    struct jsonw *w = &g->w;
    long long n = (long long)g->page_no, last = (long long)(g->pages ? g->pages - 1 : 0);
    char path[4096];

    if (g->total > 0) {
        jsonw_arr_close(w);
        jsonw_obj_close(w);
    }
    kobj(w, "_links");
    if (g->pages > 1)
        href(w, "first", q, 0LL, g->page_size);
    if (n > 0)
        href(w, "prev", q, n - 1, g->page_size);
    href(w, "self", q, n, g->page_size);
    if (n < last)
        href(w, "next", q, n + 1, g->page_size);
    if (g->pages > 1)
        href(w, "last", q, last, g->page_size);
    jsonw_obj_close(w);
    kobj(w, "page");
    jsonw_kint(w, "size", g->page_size);
    jsonw_kint(w, "totalElements", g->total);
    jsonw_kint(w, "totalPages", g->pages);
    jsonw_kint(w, "number", n);
    jsonw_obj_close(w);
    jsonw_obj_close(w);
    if (g->page.failed) {
        log_error("datagen_page", "msg=\"page too large\" page=%lld", n);
        return -1;
    }
    page_path(g, g->page_no, path, sizeof(path));
    g->page_no++;
    g->in_page = 0;
    return write_file(path, &g->page);
}

static int write_events(struct gen *g)
{
    struct event *e = malloc(sizeof(*e));
    struct datagen_rng r;
    struct session s;

    if (!e)
        return -1;
    for (int64_t i = 0; i < g->o->events; i++) {
        build_event(g, i, e, &r);
        render_fragments(g, e);
        for (int j = 0; j < e->nsessions; j++) {
            build_session(g, e, j, &r, &s);
            if (g->in_page == 0)
                page_open(g);
            write_event(g, e, &s, &r);
            if (++g->in_page == g->page_size && page_close(g) != 0)
                goto fail;
        }
    }
    free(e);
    if (g->in_page > 0 || g->total == 0) {
        if (g->total == 0)
            page_open(g);
        return page_close(g);
    }
    return 0;
fail:
    free(e);
    return -1;
}

/* ---- classifications.json ---- */

static void write_level(struct jsonw *w, const char *kind, const struct datagen_level *l)
{
    jsonw_kstr(w, "id", l->id);
    jsonw_kstr(w, "name", l->name);
    jsonw_kstr(w, "locale", "en-us");
    kobj(w, "_links");
    href(w, "self", "/discovery/v2/classifications/%s/%s?locale=en-us", kind, l->id);
    jsonw_obj_close(w);
}

static void write_segment_item(struct jsonw *w, size_t seg)
{
    const struct datagen_segment *s = &datagen_segments[seg];
    jsonw_obj_open(w);
    kobj(w, "_links");
    href(w, "self", "/discovery/v2/classifications/%s?locale=en-us", s->id);
    jsonw_obj_close(w);
    kobj(w, "segment");
    jsonw_kstr(w, "id", s->id);
    jsonw_kstr(w, "name", s->name);
    jsonw_kstr(w, "locale", "en-us");
    jsonw_kstr(w, "primaryId", s->primary_id);
    kobj(w, "_links");
    href(w, "self", "/discovery/v2/classifications/segments/%s?locale=en-us", s->id);
    jsonw_obj_close(w);
    kobj(w, "_embedded");
    karr(w, "genres");
    for (size_t i = 0; i < datagen_ngenres; i++) {
        const struct datagen_genre *ge = &datagen_genres[i];
        if ((size_t)ge->segment != seg)
            continue;
        jsonw_obj_open(w);
        write_level(w, "genres", &ge->genre);
        kobj(w, "_embedded");
        karr(w, "subgenres");
        for (int k = 0; k < 4 && ge->sub[k].id; k++) {
            jsonw_obj_open(w);
            write_level(w, "subgenres", &ge->sub[k]);
            jsonw_obj_close(w);
        }
        jsonw_arr_close(w);
        jsonw_obj_close(w);
        jsonw_obj_close(w);
    }
    jsonw_arr_close(w);
    jsonw_obj_close(w);
    jsonw_obj_close(w);
    kbool(w, "family", false);
    jsonw_obj_close(w);
}

/* Items without a segment, one per type with its subtypes; consumers
 * must skip them. */
static int write_type_items(struct jsonw *w)
{
    int n = 0;
    for (size_t i = 0; i < datagen_ntypes; i++) {
        const struct datagen_level *t = &datagen_types[i].type;
        bool seen = false;
        for (size_t j = 0; j < i; j++)
            seen = seen || strcmp(datagen_types[j].type.id, t->id) == 0;
        if (seen)
            continue;
        jsonw_obj_open(w);
        kobj(w, "_links");
        href(w, "self", "/discovery/v2/classifications/%s?locale=en-us", t->id);
        jsonw_obj_close(w);
        kobj(w, "type");
        write_level(w, "types", t);
        kobj(w, "_embedded");
        karr(w, "subtypes");
        for (size_t j = i; j < datagen_ntypes; j++) {
            if (strcmp(datagen_types[j].type.id, t->id) != 0)
                continue;
            jsonw_obj_open(w);
            write_level(w, "subtypes", &datagen_types[j].sub);
            jsonw_obj_close(w);
        }
        jsonw_arr_close(w);
        jsonw_obj_close(w);
        jsonw_obj_close(w);
        kbool(w, "family", false);
        jsonw_obj_close(w);
        n++;
    }
    return n;
}

static int write_classifications_file(const struct gen *g)
{
    struct buf b;
    struct jsonw w;
    char path[4096];
    int n, rc;

    buf_init(&b, PAGE_MAX);
    jsonw_init(&w, &b);
    jsonw_obj_open(&w);
    kobj(&w, "_embedded");
    karr(&w, "classifications");
    for (size_t i = 0; i < datagen_nsegments; i++)
        write_segment_item(&w, i);
    n = (int)datagen_nsegments + write_type_items(&w);
    jsonw_arr_close(&w);
    jsonw_obj_close(&w);
    kobj(&w, "_links");
    href(&w, "self", "/discovery/v2/classifications.json?page=0&size=%d", n > 20 ? n : 20);
    jsonw_obj_close(&w);
    kobj(&w, "page");
    jsonw_kint(&w, "size", n > 20 ? n : 20);
    jsonw_kint(&w, "totalElements", n);
    jsonw_kint(&w, "totalPages", 1);
    jsonw_kint(&w, "number", 0);
    jsonw_obj_close(&w);
    jsonw_obj_close(&w);
    snprintf(path, sizeof(path), "%s/classifications.json", g->o->out_dir);
    rc = b.failed ? -1 : write_file(path, &b);
    buf_release(&b);
    return rc;
}

/* ---- driver ---- */

void datagen_opts_init(struct datagen_opts *o)
{
    memset(o, 0, sizeof(*o));
    o->seed = 1;
    o->start = time_now() / DAY * DAY;
    o->days = DATAGEN_DEFAULT_DAYS;
    o->page_size = DATAGEN_DEFAULT_PAGE_SIZE;
}

static int validate(const struct datagen_opts *o)
{
    const char *bad = NULL;
    if (!o->out_dir || !*o->out_dir)
        bad = "out_dir is required";
    else if (o->events < 0 || o->events > DATAGEN_MAX_EVENTS)
        bad = "events out of range";
    else if (o->days < 0 || o->days > DATAGEN_MAX_DAYS)
        bad = "days out of range";
    else if (o->page_size < 0 || o->page_size > DATAGEN_MAX_PAGE_SIZE)
        bad = "page_size out of range";
    else if (o->start < 0 || o->start > 253402300799LL - (int64_t)DATAGEN_MAX_DAYS * DAY)
        bad = "start out of range";
    if (bad)
        log_error("datagen_opts", "msg=\"%s\" events=%d days=%d page_size=%d", bad, o->events,
                  o->days, o->page_size);
    return bad ? -1 : 0;
}

/* First pass: only the session counts, so every page knows the totals. */
static void count_sessions(struct gen *g)
{
    struct datagen_rng r;
    int genre, sessions;
    for (int64_t i = 0; i < g->o->events; i++) {
        plan_event(g, i, &r, &genre, &sessions);
        g->total += sessions;
    }
    g->pages = (g->total + g->page_size - 1) / g->page_size;
}

/* Pages beyond this run's last would otherwise be ingested as if current. */
static void remove_stale(const struct gen *g)
{
    char path[4096];
    for (int64_t n = g->total ? g->pages : 1;; n++) {
        page_path(g, n, path, sizeof(path));
        if (unlink(path) != 0)
            break;
    }
}

int datagen_run(const struct datagen_opts *o, struct datagen_stats *stats)
{
    struct gen g;
    int rc = -1;

    if (validate(o) != 0)
        return -1;
    memset(&g, 0, sizeof(g));
    g.o = o;
    g.key = mix64(o->seed ^ 0x1d5ULL);
    g.days = o->days ? o->days : DATAGEN_DEFAULT_DAYS;
    g.page_size = o->page_size ? o->page_size : DATAGEN_DEFAULT_PAGE_SIZE;
    g.start = o->start;
    g.end = o->start + (int64_t)g.days * DAY;
    g.day0 = o->start / DAY;
    buf_init(&g.page, PAGE_MAX);
    for (int i = 0; i < NFRAGS; i++)
        buf_init(&g.frag[i], PAGE_MAX);
    count_sessions(&g);
    /* Five-digit names keep the pages in order for readers that sort names. */
    if (g.pages > 99999) {
        log_error("datagen_opts", "msg=\"more than 99999 pages, raise page_size\" pages=%lld",
                  (long long)g.pages);
        goto out;
    }
    if (make_dirs(o->out_dir) != 0 || build_pool(&g) != 0 ||
        set_init(&g.names, (size_t)o->events) != 0)
        goto out;
    if (write_events(&g) != 0 || write_classifications_file(&g) != 0)
        goto out;
    remove_stale(&g);
    if (stats) {
        stats->pages = g.page_no;
        stats->sessions = g.total;
        stats->events = o->events;
    }
    rc = 0;
out:
    buf_release(&g.page);
    for (int i = 0; i < NFRAGS; i++)
        buf_release(&g.frag[i]);
    free(g.venues);
    free(g.teams);
    free(g.by_kind[0]);
    free(g.names.slots);
    return rc;
}
