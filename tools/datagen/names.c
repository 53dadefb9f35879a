/*
 * names.c - event names the way promoters write them: acts with tour
 * titles, shows, games with theme nights, festivals and expos.
 *
 * The draws follow a fixed order per namer, so the same stream always
 * gives the same name.
 */
#include "config.h"
#include "core/common.h"
#include "tools/datagen/datagen_internal.h"
#include "tools/datagen/words.h"

#define PICK(arr)  DATAGEN_PICK(r, arr)
#define WORD(list) DATAGEN_WORD(r, list)

static void person(struct datagen_rng *r, char *out, size_t n)
{
    snprintf(out, n, "%s %s", WORD(first_names), WORD(last_names));
}

static void tour_title(struct datagen_rng *r, char *out, size_t n)
{
    switch (datagen_rng_below(r, 5)) {
    case 0:
        snprintf(out, n, "%s %s", WORD(adjectives), WORD(nouns));
        break;
    case 1:
        snprintf(out, n, "%s of %s", WORD(nouns), WORD(plurals));
        break;
    case 2:
        snprintf(out, n, "The %s", WORD(nouns));
        break;
    case 3:
        snprintf(out, n, "%s %s", WORD(adjectives), WORD(plurals));
        break;
    default:
        snprintf(out, n, "%s & %s", WORD(nouns), WORD(nouns));
        break;
    }
}

static void band(struct datagen_rng *r, char *out, size_t n)
{
    char tail[32];
    switch (datagen_rng_below(r, 7)) {
    case 0:
        snprintf(out, n, "The %s %s", WORD(adjectives), WORD(plurals));
        break;
    case 1:
        snprintf(out, n, "%s %s", WORD(adjectives), WORD(plurals));
        break;
    case 2:
        snprintf(out, n, "%s %s", WORD(nouns), WORD(plurals));
        break;
    case 3:
        snprintf(out, n, "The %s", WORD(plurals));
        break;
    case 4:
        snprintf(out, n, "%s & The %s", WORD(first_names), WORD(plurals));
        break;
    case 5:
        snprintf(out, n, "%s Band", WORD(last_names));
        break;
    default:
        /* one word made of two ("Smallpools" style) */
        snprintf(tail, sizeof(tail), "%s", WORD(plurals));
        for (char *p = tail; *p; p++)
            *p = (char)(*p >= 'A' && *p <= 'Z' ? *p + 32 : *p);
        snprintf(out, n, "%s%s", WORD(nouns), tail);
    }
}

static void solo(struct datagen_rng *r, char *out, size_t n)
{
    unsigned k = datagen_rng_below(r, 10);
    if (k < 6)
        person(r, out, n);
    else if (k == 6)
        snprintf(out, n, "%s %c. %s", WORD(first_names), 'A' + (int)datagen_rng_below(r, 26),
                 WORD(last_names));
    else if (k == 7)
        snprintf(out, n, "%s %s & The %s", WORD(first_names), WORD(last_names), WORD(plurals));
    else if (k == 8)
        snprintf(out, n, "The %s %s", WORD(last_names),
                 datagen_rng_chance(r, 500) ? "Sisters" : "Brothers");
    else
        snprintf(out, n, "%s", WORD(nouns));
}

static void rapper(struct datagen_rng *r, char *out, size_t n)
{
    static const char *const pre[] = { "Lil", "Young", "MC", "Big", "Kid", "Baby", "King" };
    switch (datagen_rng_below(r, 4)) {
    case 0:
        snprintf(out, n, "%s %s", PICK(pre), WORD(nouns));
        break;
    case 1:
        snprintf(out, n, "%c.%c.%c", 'A' + (int)datagen_rng_below(r, 26),
                 'A' + (int)datagen_rng_below(r, 26), 'A' + (int)datagen_rng_below(r, 26));
        break;
    case 2:
        snprintf(out, n, "%s %s", WORD(nouns), WORD(last_names));
        break;
    default:
        snprintf(out, n, "%s%u", WORD(nouns), 10 + datagen_rng_below(r, 90));
        break;
    }
}

static void act_for(struct datagen_rng *r, enum datagen_namer namer, char *out, size_t n)
{
    static const char *const groups[] = { "Quartet", "Trio", "Quintet", "Big Band", "Ensemble" };
    switch (namer) {
    case DATAGEN_N_SOLO:
        solo(r, out, n);
        break;
    case DATAGEN_N_RAPPER:
        rapper(r, out, n);
        break;
    case DATAGEN_N_DJ:
        if (datagen_rng_chance(r, 400))
            snprintf(out, n, "DJ %s", WORD(nouns));
        else
            band(r, out, n);
        break;
    case DATAGEN_N_JAZZ:
        snprintf(out, n, "%s %s %s", WORD(first_names), WORD(last_names), PICK(groups));
        break;
    default:
        band(r, out, n);
        break;
    }
}

/* Acts with an optional tour title, the way promoters name concerts. */
static void concert(struct datagen_rng *r, enum datagen_namer namer, char *out, size_t n,
                    struct datagen_acts *acts)
{
    char *a = acts->name[0], *b = acts->name[1], tour[96];
    size_t an = sizeof(acts->name[0]);
    unsigned k = datagen_rng_below(r, 100);

    act_for(r, namer, a, an);
    acts->n = 1;
    tour_title(r, tour, sizeof(tour));
    if (k < 28) {
        snprintf(out, n, "%s", a);
    } else if (k < 52) {
        snprintf(out, n, "%s - %s Tour", a, tour);
    } else if (k < 62) {
        snprintf(out, n, "%s: The %s %s Tour", a, WORD(adjectives), WORD(nouns));
    } else if (k < 70) {
        snprintf(out, n, "%s - %s World Tour", a, tour);
    } else if (k < 82) {
        act_for(r, namer, b, an);
        acts->n = 2;
        snprintf(out, n, "%s with %s", a, b);
    } else if (k < 88) {
        snprintf(out, n, "An Evening with %s", a);
    } else if (k < 93 && namer == DATAGEN_N_DJ) {
        snprintf(out, n, "%s: [%s] Album Tour", a, WORD(nouns));
    } else if (k < 93) {
        act_for(r, namer, b, an);
        acts->n = 2;
        snprintf(out, n, "%s & %s: %s Tour", a, b, tour);
    } else if (k < 97) {
        snprintf(out, n, "%s - Live in Concert", a);
    } else {
        snprintf(out, n, "%s (%s+)", a, datagen_rng_chance(r, 500) ? "21" : "18");
    }
}

/* Orchestras, opera and ballet companies are named after their city. */
static void classical(struct datagen_rng *r, enum datagen_namer namer, const char *city,
                      const char *p, const char *t, char *out, size_t n)
{
    switch (namer) {
    case DATAGEN_N_BALLET:
        if (datagen_rng_chance(r, 500))
            snprintf(out, n, "%s Ballet: %s", city, WORD(ballets));
        else
            snprintf(out, n, "%s Dance Company: %s", WORD(last_names), t);
        break;
    case DATAGEN_N_OPERA:
        snprintf(out, n, "%s Opera: %s", city, WORD(operas));
        break;
    default: /* DATAGEN_N_ORCHESTRA */
        if (datagen_rng_chance(r, 500))
            snprintf(out, n, "%s Symphony Orchestra: %s's %s", city, WORD(composers), WORD(works));
        else
            snprintf(out, n, "%s Plays %s & %s", p, WORD(composers), WORD(composers));
        break;
    }
}

/* p is a made-up person, t a made-up title. */
static void stage(struct datagen_rng *r, enum datagen_namer namer, const char *p, const char *t,
                  char *out, size_t n, struct datagen_acts *acts)
{
    switch (namer) {
    case DATAGEN_N_COMEDY: {
        static const char *const sep[] = { ": ", " - " };
        static const char *const tail[] = { " Tour", "" };
        unsigned k = datagen_rng_below(r, 4);
        snprintf(acts->name[0], sizeof(acts->name[0]), "%s", p);
        acts->n = 1;
        if (k < 2)
            snprintf(out, n, "%s%s%s%s", p, sep[k], t, tail[k]);
        else
            snprintf(out, n, "%s%s", p, k == 2 ? " Live" : "");
        break;
    }
    case DATAGEN_N_SHOW: {
        static const char *const tail[] = {
            "", "", " - The Musical", ": A New Musical", " (Touring)", " - A New Play"
        };
        snprintf(out, n, "%s%s", t, PICK(tail));
        break;
    }
    case DATAGEN_N_MAGIC:
        snprintf(out, n, "%s: %s", p, t);
        break;
    case DATAGEN_N_CIRCUS:
        snprintf(out, n, "Cirque %s: %s", WORD(nouns), t);
        break;
    case DATAGEN_N_VARIETY: {
        static const char *const head[] = { "", "Drag Brunch: ", "", "The " };
        static const char *const tail[] = { " Burlesque Revue", "", " Cabaret", " Variety Hour" };
        unsigned k = datagen_rng_below(r, 4);
        snprintf(out, n, "%s%s%s", head[k], t, tail[k]);
        break;
    }
    case DATAGEN_N_KIDS:
        if (datagen_rng_chance(r, 500))
            snprintf(out, n, "%s the %s %s Live!", WORD(first_names), WORD(adjectives),
                     WORD(animals));
        else
            snprintf(out, n, "The %s %s: Live on Stage", WORD(adjectives), WORD(animals));
        break;
    case DATAGEN_N_SPECTACLE:
        snprintf(out, n, "%s: An Immersive Experience", t);
        break;
    case DATAGEN_N_TRIBUTE:
        snprintf(acts->name[0], sizeof(acts->name[0]), "The %s %s", WORD(adjectives),
                 WORD(plurals));
        acts->n = 1;
        snprintf(out, n, "%s - A Tribute to %s", acts->name[0], WORD(tribute_acts));
        break;
    default:
        snprintf(out, n, "%s", t);
        break;
    }
}

static void arts(struct datagen_rng *r, enum datagen_namer namer, const char *city, char *out,
                 size_t n, struct datagen_acts *acts)
{
    char p[96], t[96];
    person(r, p, sizeof(p));
    tour_title(r, t, sizeof(t));
    if (namer == DATAGEN_N_BALLET || namer == DATAGEN_N_OPERA || namer == DATAGEN_N_ORCHESTRA)
        classical(r, namer, city, p, t, out, n);
    else
        stage(r, namer, p, t, out, n, acts);
}

static void sports(struct datagen_rng *r, enum datagen_namer namer, const char *city, char *out,
                   size_t n, struct datagen_acts *acts)
{
    char t[96];
    tour_title(r, t, sizeof(t));
    switch (namer) {
    case DATAGEN_N_FIGHT:
        person(r, acts->name[0], sizeof(acts->name[0]));
        person(r, acts->name[1], sizeof(acts->name[1]));
        acts->n = 2;
        snprintf(out, n, "%s: %s vs. %s", WORD(fight_brands), strchr(acts->name[0], ' ') + 1,
                 strchr(acts->name[1], ' ') + 1);
        break;
    case DATAGEN_N_WRESTLING:
        snprintf(out, n, "%s - %s", WORD(wrestling_shows), t);
        break;
    case DATAGEN_N_MOTOR:
        snprintf(out, n, "%s: %s Tour", WORD(motor_shows), t);
        break;
    case DATAGEN_N_TENNIS:
        snprintf(out, n, "%s %s Open - Session %u", city, WORD(adjectives),
                 1 + datagen_rng_below(r, 12));
        break;
    default:
        snprintf(out, n, "PBR: %s Invitational", t);
        break;
    }
}

static void community(struct datagen_rng *r, enum datagen_namer namer, const char *city,
                      const char *venue, char *out, size_t n)
{
    char t[96], p[96];
    tour_title(r, t, sizeof(t));
    person(r, p, sizeof(p));
    switch (namer) {
    case DATAGEN_N_FILM: {
        static const char *const head[] = { "", "", "Shorts Program: ", "Movie Night: " };
        static const char *const tail[] = { " (Screening)", " in Concert", "", "" };
        unsigned k = datagen_rng_below(r, 4);
        if (datagen_rng_chance(r, 250))
            snprintf(out, n, "%s %s Film Festival", city, WORD(adjectives));
        else
            snprintf(out, n, "%s%s%s", head[k], t, tail[k]);
        break;
    }
    case DATAGEN_N_FESTIVAL:
        snprintf(out, n, "%s %s Festival", t, WORD(nouns));
        break;
    case DATAGEN_N_FOOD:
        snprintf(out, n, "%s %s & %s Fest", city, WORD(foods), WORD(foods));
        break;
    case DATAGEN_N_EXPO:
        snprintf(out, n, "%s %s %s Expo", city, WORD(adjectives), WORD(hobbies));
        break;
    case DATAGEN_N_TALK:
        if (datagen_rng_chance(r, 500))
            snprintf(out, n, "An Evening with %s", p);
        else
            snprintf(out, n, "%s - Live Podcast", t);
        break;
    case DATAGEN_N_HOLIDAY:
        snprintf(out, n, "%s %s at %s", WORD(adjectives),
                 datagen_rng_chance(r, 700) ? "Christmas" : "New Year's Eve", venue);
        break;
    case DATAGEN_N_ICE:
        snprintf(out, n, "%s on Ice", t);
        break;
    default: {
        static const char *const head[] = { "Parking: ", "", "VIP Club Pass - ",
                                            "Premium Seating Deposit - " };
        static const char *const tail[] = { " - Lot", " Stadium Tour - Gate", "", "" };
        unsigned k = datagen_rng_below(r, 4);
        snprintf(out, n, "%s%s%s %c", head[k], venue, tail[k], 'A' + (int)datagen_rng_below(r, 26));
    }
    }
}

void datagen_event_name(struct datagen_rng *r, enum datagen_namer namer, const char *city,
                        const char *venue, char *out, size_t n, struct datagen_acts *acts)
{
    acts->n = 0;
    if (namer <= DATAGEN_N_JAZZ)
        concert(r, namer, out, n, acts);
    else if (namer >= DATAGEN_N_FIGHT && namer <= DATAGEN_N_RODEO)
        sports(r, namer, city, out, n, acts);
    else if (namer >= DATAGEN_N_FILM)
        community(r, namer, city, venue, out, n);
    else
        arts(r, namer, city, out, n, acts);
}

void datagen_match_name(struct datagen_rng *r, enum datagen_league lg, const char *home,
                        const char *away, char *out, size_t n)
{
    const char *sep = " vs. ";
    unsigned k = datagen_rng_below(r, 10);
    if (lg == DATAGEN_LG_BUNDESLIGA || lg == DATAGEN_LG_DEL)
        sep = " - ";
    else if (lg == DATAGEN_LG_EPL || lg == DATAGEN_LG_AFL || lg == DATAGEN_LG_NRL)
        sep = " v ";
    else if (k >= 6)
        sep = k >= 9 ? " v " : " vs ";
    snprintf(out, n, "%s%s%s%s%s", datagen_rng_chance(r, 350) ? WORD(theme_nights) : "", home, sep,
             away, datagen_rng_chance(r, 60) ? WORD(listing_suffixes) : "");
}
