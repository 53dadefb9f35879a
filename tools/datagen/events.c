/*
 * events.c - plans one event (genre, venue, name and the many optional
 * fields real listings have or lack) and each of its sessions.
 *
 * Each event has its own random stream seeded from (seed, event index), so
 * the counting pass and the writing pass draw the same session counts.
 */
#include "config.h"
#include "core/common.h"
#include "tools/datagen/datagen_internal.h"

/* Sessions with the start time to be announced. */
#define TBA_PERMILLE 60

/* Id prefixes seen in real data; none is a prefix of another, so ids from
 * different families never collide. */
static const struct family families[] = {
    { "G5vYZ", 13, 30 }, { "G5vGZ", 13, 15 }, { "G5diZ", 13, 8 }, { "G5eVZ", 13, 5 },
    { "vvG1", 14, 10 },  { "vv1", 16, 6 },    { "1A", 15, 8 },    { "1k7", 15, 6 },
    { "17", 15, 5 },     { "Z7r9jZ", 13, 4 }, { "rZ7H", 14, 3 },
};
static const struct family za5_family = { "Za5ju3rKuqZ", 34, 0 };

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
void datagen_plan_event(const struct gen *g, int64_t i, struct datagen_rng *r, int *genre,
                        int *sessions)
{
    unsigned x;
    r->s = datagen_mix64(g->o->seed ^ datagen_mix64((uint64_t)i ^ 0x632be59bd9b4e019ULL));
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

/* Venue kinds a namer's events prefer, one letter per kind and weighted
 * by repetition: Club, Theatre, Hall, Arena, Stadium. */
static const char *kind_prefs(enum datagen_namer n)
{
    switch (n) {
    case DATAGEN_N_ORCHESTRA:
    case DATAGEN_N_OPERA:
    case DATAGEN_N_BALLET:
        return "HHTT";
    case DATAGEN_N_SHOW:
    case DATAGEN_N_MAGIC:
    case DATAGEN_N_VARIETY:
    case DATAGEN_N_KIDS:
    case DATAGEN_N_SPECTACLE:
    case DATAGEN_N_CIRCUS:
        return "TTTTTHHC";
    case DATAGEN_N_COMEDY:
        return "CCTTTH";
    case DATAGEN_N_FIGHT:
    case DATAGEN_N_WRESTLING:
    case DATAGEN_N_TENNIS:
    case DATAGEN_N_RODEO:
    case DATAGEN_N_ICE:
        return "A";
    case DATAGEN_N_MOTOR:
    case DATAGEN_N_MISC:
        return "AS";
    case DATAGEN_N_FILM:
    case DATAGEN_N_TALK:
        return "TTH";
    case DATAGEN_N_FESTIVAL:
        return "SHH";
    case DATAGEN_N_FOOD:
    case DATAGEN_N_EXPO:
        return "H";
    case DATAGEN_N_HOLIDAY:
        return "THA";
    default:
        return "CCCCCTTHHAAS";
    }
}

static enum datagen_kind kind_of(char c)
{
    switch (c) {
    case 'C':
        return DATAGEN_CLUB;
    case 'T':
        return DATAGEN_THEATRE;
    case 'H':
        return DATAGEN_HALL;
    case 'S':
        return DATAGEN_STADIUM;
    default:
        return DATAGEN_ARENA;
    }
}

static const struct venue *pick_venue(const struct gen *g, enum datagen_namer n,
                                      struct datagen_rng *r)
{
    const char *pref = kind_prefs(n);
    enum datagen_kind kind = kind_of(pref[datagen_rng_below(r, (uint32_t)strlen(pref))]);

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
        if (datagen_set_add(&g->names, datagen_fnv1a(e->name, vname)))
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
        uint64_t h = datagen_mix64((uint64_t)(e->genre - datagen_genres) + 0xa7);
        make_uuid(h, datagen_mix64(h), e->img_uuid);
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

/* Type and subType, and for some music a second, non-primary genre. */
static void decorate_genres(struct event *e, struct datagen_rng *r)
{
    enum datagen_namer n = e->genre->namer;

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
}

/* Promoter, the free-text fields and price ranges. */
static void decorate_texts(struct event *e, struct datagen_rng *r)
{
    static const char *const promoters[] = {
        "653|LIVE NATION MUSIC|LIVE NATION MUSIC / NTL / USA",
        "494|PROMOTED BY VENUE|PROMOTED BY VENUE / NTL / USA",
        "4140|AEG PRESENTS|AEG PRESENTS / NTL / USA",
    };
    const char *vname = e->za5 ? e->v->za5_name : e->v->name;

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
}

/* fam is a draw in [0, 100) over the family weights. */
static const struct family *pick_family(const struct event *e, size_t fam)
{
    if (e->za5)
        return &za5_family;
    for (size_t i = 0; i < MQ_ARRAY_LEN(families); i++) {
        if (fam < (size_t)families[i].weight)
            return &families[i];
        fam -= (size_t)families[i].weight;
    }
    return &za5_family;
}

/* End time shape, access, seat map, limits and sale dates. */
static void decorate_dates(struct event *e, struct datagen_rng *r)
{
    enum datagen_namer n = e->genre->namer;

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

/* Everything about an event beyond its name and venue; the draw order is
 * part of the output, so keep it. */
static void decorate(struct event *e, struct datagen_rng *r)
{
    size_t fam = datagen_rng_below(r, 100);

    decorate_genres(e, r);
    decorate_texts(e, r);
    e->family = pick_family(e, fam);
    decorate_images(e, r);
    decorate_dates(e, r);
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

void datagen_build_event(struct gen *g, int64_t i, struct event *e, struct datagen_rng *r)
{
    int genre, sessions;
    enum datagen_namer n;

    datagen_plan_event(g, i, r, &genre, &sessions);
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

void datagen_build_session(struct gen *g, const struct event *e, int j, struct datagen_rng *r,
                           struct session *s)
{
    int64_t idx = g->counter++;
    int64_t off = e->first_day + (int64_t)j * e->step;
    unsigned region = (unsigned)(e->v->city - datagen_cities) * 37u + 0x11u;

    datagen_make_id(s->id, e->family->prefix, e->family->len - (e->za5 && idx % 4 == 0),
                    (uint64_t)idx, g->key, r);
    snprintf(s->hex, sizeof(s->hex), "%02X00%012llX", region & 0xff,
             (unsigned long long)datagen_permute((uint64_t)idx, 48, g->key >> 7));
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
        s->utc = datagen_zone_to_utc(e->v->zone, s->day * DATAGEN_DAY + s->minute * 60);
        if (s->utc < g->start)
            s->day++;
        else if (s->utc >= g->end)
            s->day--;
        else
            break;
    }
    if (s->minute >= 0)
        s->utc = datagen_zone_to_utc(e->v->zone, s->day * DATAGEN_DAY + s->minute * 60);
    s->status = pick_status(r, e->za5);
}
