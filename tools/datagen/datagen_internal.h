/*
 * datagen_internal.h - what the generator's files share: the run state,
 * the venue pool, one planned event and its sessions, and the functions
 * each file offers the others. Only tools/datagen/ includes it.
 *
 *   datagen.c          options, the two passes, pages and files
 *   events.c           plans an event and its sessions
 *   venues.c           builds the venue pool
 *   event_json.c       writes one event object per session
 *   fragments.c        the JSON all sessions of an event share
 *   classifications.c  the classification tables and classifications.json
 *   names.c, texts.c   made-up names and text, from the lists in words.c
 *   places.c, tz.c     cities, venues and teams; zones and DST
 *   rng.c, slug.c      random streams, ids and hashes; URL slugs
 */
#ifndef MQ_DATAGEN_INTERNAL_H
#define MQ_DATAGEN_INTERNAL_H

#include "core/common.h"

#include "tools/datagen/datagen.h"
#include "tools/datagen/rng.h"
#include "tools/datagen/tables.h"
#include "core/buf.h"
#include "core/jsonw.h"

#define DATAGEN_DAY      86400
#define DATAGEN_PAGE_MAX ((size_t)256 << 20)

/* ---- the venue pool (venues.c) ---- */

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

/* Per-event JSON rendered once and copied into every session's object. */
enum frag { FRAG_IMAGES, FRAG_CLASSES, FRAG_EMBEDDED, NFRAGS };

/* One run: options, the venue pool, the page being written. venues,
 * teams, by_kind[0] (which by_kind[1..] point into) and names.slots are
 * owned and freed by datagen_run. */
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

/* ---- one event and its sessions (events.c) ---- */

enum end_shape { END_NONE, END_FULL, END_FLAGS, END_NO_DATE };

/* Event ids: prefix, total length, weight in per cent. */
struct family {
    const char *prefix;
    size_t len;
    int weight;
};

struct datagen_acts {
    char name[2][96]; /* performers, become _embedded.attractions */
    int n;
};

/* One Marquee event: what all its sessions share. */
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

/* One session: one Ticketmaster event object. */
struct session {
    char id[40], hex[17];
    int64_t day; /* local date, days since the epoch */
    int minute;  /* local start, -1 when the time is TBA */
    int64_t utc;
    bool no_specific;
    const char *status;
};

/* ---- functions, by the file that defines them ---- */

/* tz.c. A local time is the wall-clock time written as if it were UTC. */
const struct datagen_zone *datagen_find_zone(const char *name); /* NULL if unknown */
int64_t datagen_zone_to_utc(const struct datagen_zone *z, int64_t local);
int64_t datagen_zone_to_local(const struct datagen_zone *z, int64_t utc);

/* venues.c: fills g->venues, g->by_kind and g->teams; 0, or -1 logged. */
int datagen_build_pool(struct gen *g);

/* events.c. plan_event makes the first draws of event i's stream (both
 * passes call it); build_event reseeds r and plans the whole event;
 * build_session plans session j, drawing from the same r. */
void datagen_plan_event(const struct gen *g, int64_t i, struct datagen_rng *r, int *genre,
                        int *sessions);
void datagen_build_event(struct gen *g, int64_t i, struct event *e, struct datagen_rng *r);
void datagen_build_session(struct gen *g, const struct event *e, int j, struct datagen_rng *r,
                           struct session *s);

/* names.c and texts.c. Each writes a NUL-terminated string of at most n-1
 * bytes into out. */
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
const char *datagen_presale_name(struct datagen_rng *r); /* static string */

/* slug.c: appends the URL slug of s to the NUL-terminated out (size n). */
void datagen_slug(char *out, size_t n, const char *s);

/* fragments.c. render_fragments fills g->frag for e (a full buffer marks
 * g->page failed); attraction_id derives an act's id from its name. */
void datagen_render_fragments(struct gen *g, const struct event *e);
void datagen_attraction_id(const char *name, char out[16]);

/* event_json.c: appends session s of e to the page being written. */
void datagen_write_event(struct gen *g, const struct event *e, const struct session *s,
                         struct datagen_rng *r);

/* classifications.c: writes out_dir/classifications.json; 0, or -1. */
int datagen_write_classifications(const struct gen *g);

/* datagen.c: writes b to path through a temporary file; 0, or -1 logged. */
int datagen_write_file(const char *path, const struct buf *b);

#endif
