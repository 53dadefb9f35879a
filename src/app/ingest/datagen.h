/*
 * datagen.h - deterministic sample data in the Ticketmaster Discovery format.
 *
 * Writes pages shaped like GET /discovery/v2/events.json?size=N&sort=date,asc
 * responses plus a classifications.json, so ingest, sync and the web app can
 * be exercised offline with realistic data, including the fields the real
 * API leaves out (see ../shared/fixtures/ticketmaster-api-notes.md §6).
 *
 * One Marquee event (a name at a venue) becomes 1..N Ticketmaster event
 * objects, one per session; they share name, venue and classification and
 * differ in id, dates and url. Same options give byte-identical files.
 */
#ifndef MQ_DATAGEN_H
#define MQ_DATAGEN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define DATAGEN_DEFAULT_DAYS      90
#define DATAGEN_DEFAULT_PAGE_SIZE 200
#define DATAGEN_MAX_EVENTS        10000000
#define DATAGEN_MAX_DAYS          3660
#define DATAGEN_MAX_PAGE_SIZE     1000

struct datagen_opts {
    uint64_t seed;
    int events;          /* number of distinct events (name+venue), >= 0 */
    const char *out_dir; /* created if missing (borrowed) */
    int64_t start;       /* epoch seconds; sessions start in [start, start + days) */
    int days;            /* 0 = DATAGEN_DEFAULT_DAYS */
    int page_size;       /* 0 = DATAGEN_DEFAULT_PAGE_SIZE */
};

struct datagen_stats {
    int64_t pages;
    int64_t sessions; /* Ticketmaster event objects written */
    int64_t events;   /* distinct (name, venue) events */
};

/* Defaults: seed 1, no events, start = today 00:00 UTC (the only
 * clock-dependent value; set it explicitly for reproducible output). */
void datagen_opts_init(struct datagen_opts *o);

/* Writes out_dir/events-00000.json, events-00001.json, ... and
 * out_dir/classifications.json, and removes stale events-*.json pages left
 * by a larger earlier run. Holds at most one page in memory. Returns 0, or
 * -1 with a logged error. stats may be NULL. */
int datagen_run(const struct datagen_opts *o, struct datagen_stats *stats);

/* Converts a wall-clock time in one of the generator's zones (IANA name)
 * to UTC epoch seconds; false for a zone the generator does not know.
 * Exposed so tests can check it against the system tz database. */
bool datagen_local_to_utc(const char *tz, int64_t y, unsigned mon, unsigned day, int minute_of_day,
                          int64_t *out);

/*
 * Internal: shared by datagen.c and datagen_names.c only.
 */

/* splitmix64: small, fast, and good enough for sample data. */
struct datagen_rng {
    uint64_t s;
};
uint64_t datagen_rng_next(struct datagen_rng *r);
/* Uniform in [0, n), n > 0. */
uint32_t datagen_rng_below(struct datagen_rng *r, uint32_t n);
/* true with probability permille / 1000. */
bool datagen_rng_chance(struct datagen_rng *r, unsigned permille);
#define DATAGEN_PICK(r, arr)                                                                       \
    ((arr)[datagen_rng_below((r), (uint32_t)(sizeof(arr) / sizeof((arr)[0])))])

enum datagen_rule {
    DATAGEN_RULE_NONE,
    DATAGEN_RULE_US,
    DATAGEN_RULE_EU,
    DATAGEN_RULE_AU,
    DATAGEN_RULE_NZ
};

struct datagen_zone {
    const char *name;
    int std_minutes; /* standard offset east of UTC */
    enum datagen_rule rule;
};

struct datagen_country {
    const char *code, *name, *currency, *domain;
};

struct datagen_city {
    const char *name, *state, *state_code, *country, *tz;
    const char *postal; /* pattern: '#' digit, '@' letter */
    double lat, lon;
    int weight;
    int market_id; /* 0 = no markets */
    const char *market;
};

enum datagen_kind {
    DATAGEN_ARENA,
    DATAGEN_STADIUM,
    DATAGEN_THEATRE,
    DATAGEN_HALL,
    DATAGEN_CLUB,
    DATAGEN_NKINDS
};

enum datagen_league {
    DATAGEN_LG_NONE,
    DATAGEN_LG_NBA,
    DATAGEN_LG_NHL,
    DATAGEN_LG_MLB,
    DATAGEN_LG_NFL,
    DATAGEN_LG_MLS,
    DATAGEN_LG_WNBA,
    DATAGEN_LG_EPL,
    DATAGEN_LG_BUNDESLIGA,
    DATAGEN_LG_DEL,
    DATAGEN_LG_AFL,
    DATAGEN_LG_NRL,
    DATAGEN_LG_NBL,
    DATAGEN_NLEAGUES
};

/* A real venue; team/league name up to two home teams playing there. */
struct datagen_landmark {
    const char *city, *name, *line1, *postal;
    double lat, lon;
    enum datagen_kind kind;
    const char *team[2];
    enum datagen_league league[2];
};

struct datagen_league_info {
    const char *genre_id, *subgenre_id;
    const char *promoter; /* "id|NAME|DESCRIPTION" */
};

enum datagen_namer {
    DATAGEN_N_BAND,
    DATAGEN_N_SOLO,
    DATAGEN_N_RAPPER,
    DATAGEN_N_DJ,
    DATAGEN_N_JAZZ,
    DATAGEN_N_ORCHESTRA,
    DATAGEN_N_TRIBUTE,
    DATAGEN_N_TEAMS,
    DATAGEN_N_FIGHT,
    DATAGEN_N_WRESTLING,
    DATAGEN_N_MOTOR,
    DATAGEN_N_TENNIS,
    DATAGEN_N_RODEO,
    DATAGEN_N_SHOW,
    DATAGEN_N_COMEDY,
    DATAGEN_N_BALLET,
    DATAGEN_N_OPERA,
    DATAGEN_N_MAGIC,
    DATAGEN_N_CIRCUS,
    DATAGEN_N_VARIETY,
    DATAGEN_N_KIDS,
    DATAGEN_N_SPECTACLE,
    DATAGEN_N_FILM,
    DATAGEN_N_FESTIVAL,
    DATAGEN_N_FOOD,
    DATAGEN_N_EXPO,
    DATAGEN_N_TALK,
    DATAGEN_N_HOLIDAY,
    DATAGEN_N_ICE,
    DATAGEN_N_MISC
};

struct datagen_level {
    const char *id, *name;
};

struct datagen_segment {
    const char *id, *name, *primary_id;
};

/* Type/subType of a classification, by index into datagen_types. */
enum datagen_type_kind {
    DATAGEN_T_UNDEFINED,
    DATAGEN_T_TEAM,
    DATAGEN_T_TRIBUTE,
    DATAGEN_T_CONCERT
};

struct datagen_genre {
    int segment; /* index into datagen_segments */
    struct datagen_level genre;
    struct datagen_level sub[4]; /* first n non-NULL used */
    int weight;                  /* per mille of events */
    enum datagen_namer namer;
};

struct datagen_type {
    struct datagen_level type, sub;
};

extern const struct datagen_zone datagen_zones[];
extern const size_t datagen_nzones;
extern const struct datagen_country datagen_countries[];
extern const size_t datagen_ncountries;
extern const struct datagen_city datagen_cities[];
extern const size_t datagen_ncities;
extern const struct datagen_landmark datagen_landmarks[];
extern const size_t datagen_nlandmarks;
extern const struct datagen_league_info datagen_leagues[DATAGEN_NLEAGUES];
extern const struct datagen_segment datagen_segments[];
extern const size_t datagen_nsegments;
extern const struct datagen_genre datagen_genres[];
extern const size_t datagen_ngenres;
extern const struct datagen_type datagen_types[];
extern const size_t datagen_ntypes;

/* Name makers in datagen_names.c. Each writes a NUL-terminated string of at
 * most n-1 bytes into out. */
struct datagen_acts {
    char name[2][96]; /* performers, become _embedded.attractions */
    int n;
};
void datagen_event_name(struct datagen_rng *r, enum datagen_namer namer, const char *city,
                        const char *venue, char *out, size_t n, struct datagen_acts *acts);
void datagen_match_name(struct datagen_rng *r, enum datagen_league lg, const char *home,
                        const char *away, char *out, size_t n);
void datagen_venue_name(struct datagen_rng *r, enum datagen_kind kind, const char *city,
                        const char *country, char *out, size_t n);
void datagen_street(struct datagen_rng *r, const char *country, char *out, size_t n);
void datagen_info_text(struct datagen_rng *r, char *out, size_t n);
void datagen_note_text(struct datagen_rng *r, const char *venue, char *out, size_t n);
void datagen_description(struct datagen_rng *r, const char *name, const char *venue, char *out,
                         size_t n);
const char *datagen_presale_name(struct datagen_rng *r);

#endif
