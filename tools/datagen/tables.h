/*
 * tables.h - the generator's fact tables: time zones, countries, cities,
 * real venues with their home teams, and Ticketmaster's classification ids.
 *
 * Defined in tz.c, places.c and classifications.c; reached through
 * datagen.h by the unit tests, which check the tables themselves.
 */
#ifndef MQ_DATAGEN_TABLES_H
#define MQ_DATAGEN_TABLES_H

#include <stddef.h>

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

#endif
