/*
 * venues.c - the venue pool every event draws from: the real venues of
 * places.c with their home teams, plus generated clubs, theatres, halls
 * and arenas spread over the cities by weight.
 *
 * The pool has its own random stream, so it depends only on the seed and
 * the event count, never on the events drawn from it.
 */
#include "config.h"
#include "core/common.h"
#include "tools/datagen/datagen_internal.h"
#include "core/log.h"

/* A postal code from pat: '#' a digit, '@' a letter. */
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
    v->zone = datagen_find_zone(c->tz);
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
        datagen_make_id(v->id, "KovZ917A", 11, idx / 2, g->key ^ 0x11, r);
    else
        datagen_make_id(v->id, "KovZpZA", 12, idx / 2, g->key ^ 0x22, r);
    datagen_make_id(v->za5_id, "Za5ju3rKuqZ", 34, idx, g->key ^ 0x33, r);
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
    datagen_set_add(seen, datagen_fnv1a(v->name, ""));
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
        if (datagen_set_add(seen, datagen_fnv1a(v->name, "")))
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

int datagen_build_pool(struct gen *g)
{
    size_t ngen = (size_t)g->o->events / 25;
    struct datagen_rng r = { datagen_mix64(g->o->seed ^ 0x7e57ab1eULL) };
    struct hash_set seen = { 0 };
    int rc = -1;

    ngen = ngen < 100 ? 100 : ngen > 4000 ? 4000 : ngen;
    g->venues = calloc(datagen_nlandmarks + ngen, sizeof(*g->venues));
    g->teams = calloc(2 * datagen_nlandmarks, sizeof(*g->teams));
    g->by_kind[0] = calloc(DATAGEN_NKINDS * (datagen_nlandmarks + ngen), sizeof(size_t));
    if (!g->venues || !g->teams || !g->by_kind[0] ||
        datagen_set_init(&seen, datagen_nlandmarks + ngen) != 0) {
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
