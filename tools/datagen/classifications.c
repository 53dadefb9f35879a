/*
 * classifications.c - Ticketmaster's segments, genres, subgenres and types
 * as the generator uses them, and classifications.json listing them.
 *
 * Classification ids and names are Ticketmaster's real ones (see
 * tests/fixtures/ticketmaster/classifications/) so that genre filters
 * and the genres job behave as they would against the live API.
 */
#include "config.h"
#include "core/common.h"
#include "tools/datagen/datagen_internal.h"
#include "tools/datagen/jsonw_util.h"
#include "core/buf.h"
#include "core/jsonw.h"

const struct datagen_segment datagen_segments[] = {
    { "KZFzniwnSyZfZ7v7nJ", "Music", "dataAdmin-segment-00000000000003ea" },
    { "KZFzniwnSyZfZ7v7nE", "Sports", "dataAdmin-segment-00000000000003eb" },
    { "KZFzniwnSyZfZ7v7na", "Arts & Theatre", "dataAdmin-segment-00000000000003e8" },
    { "KZFzniwnSyZfZ7v7nn", "Film", "dataAdmin-segment-00000000000003ee" },
    { "KZFzniwnSyZfZ7v7n1", "Miscellaneous", "dataAdmin-segment-00000000000003e9" },
    { "KZFzniwnSyZfZ7v7nl", "Undefined", "dataAdmin-segment-00000000000003ef" },
};
const size_t datagen_nsegments = MQ_ARRAY_LEN(datagen_segments);

#define G(seg, id, name, w, namer, ...)                                                            \
    {                                                                                              \
        seg, { id, name }, { __VA_ARGS__ }, w, DATAGEN_N_##namer                                   \
    }

/* Weights are per mille of events and add up to 1000. */
const struct datagen_genre datagen_genres[] = {
    G(0, "KnvZfZ7vAeA", "Rock", 70, BAND, { "KZazBEonSMnZfZ7v6dt", "Alternative Rock" },
      { "KZazBEonSMnZfZ7v6F1", "Pop" }, { "KZazBEonSMnZfZ7v67e", "Arena Rock" },
      { "KZazBEonSMnZfZ7v66v", "Hardcore Punk" }),
    G(0, "KnvZfZ7vAev", "Pop", 60, SOLO, { "KZazBEonSMnZfZ7vk1t", "Pop" },
      { "KZazBEonSMnZfZ7vaEl", "Electro Pop" }, { "KZazBEonSMnZfZ7vk1l", "Adult Contemporary" }),
    G(0, "KnvZfZ7vAvv", "Alternative", 50, BAND, { "KZazBEonSMnZfZ7vAvJ", "Alternative" },
      { "KZazBEonSMnZfZ7vAvn", "Alternative Rock" }, { "KZazBEonSMnZfZ7vAdv", "Indie Pop" },
      { "KZazBEonSMnZfZ7vAde", "Indie Rock" }),
    G(0, "KnvZfZ7vAv6", "Country", 40, SOLO, { "KZazBEonSMnZfZ7vAFa", "Country" },
      { "KZazBEonSMnZfZ7vAae", "Contemporary Country" }, { "KZazBEonSMnZfZ7vAFI", "Bluegrass" }),
    G(0, "KnvZfZ7vAv1", "Hip-Hop/Rap", 45, RAPPER, { "KZazBEonSMnZfZ7vkvl", "Hip-Hop/Rap" },
      { "KZazBEonSMnZfZ7vkeA", "East Coast Rap" }, { "KZazBEonSMnZfZ7vaa1", "French Rap" }),
    G(0, "KnvZfZ7vAee", "R&B", 25, SOLO, { "KZazBEonSMnZfZ7vkIt", "R&B" },
      { "KZazBEonSMnZfZ7vktA", "Contemporary R&B" }, { "KZazBEonSMnZfZ7vkt7", "Classic Soul" }),
    G(0, "KnvZfZ7vAvF", "Dance/Electronic", 35, DJ, { "KZazBEonSMnZfZ7vA1E", "Dance/Electronic" },
      { "KZazBEonSMnZfZ7vAJJ", "Dance Pop" }, { "KZazBEonSMnZfZ7va1k", "Witchstep" },
      { "KZazBEonSMnZfZ7vA1n", "Acid House" }),
    G(0, "KnvZfZ7vAvE", "Jazz", 20, JAZZ, { "KZazBEonSMnZfZ7vkAa", "Jazz Funk" },
      { "KZazBEonSMnZfZ7vk7v", "Big Band" }, { "KZazBEonSMnZfZ7vkdl", "Bebop" }),
    G(0, "KnvZfZ7vAvt", "Metal", 20, BAND, { "KZazBEonSMnZfZ7vk6E", "Metal" },
      { "KZazBEonSMnZfZ7vaJ6", "Nu-Metal" }, { "KZazBEonSMnZfZ7vkFd", "Heavy Metal" },
      { "KZazBEonSMnZfZ7vaJk", "Metalcore" }),
    G(0, "KnvZfZ7vAva", "Folk", 15, SOLO, { "KZazBEonSMnZfZ7vAn7", "Folk" },
      { "KZazBEonSMnZfZ7vAnF", "Alternative Folk" }, { "KZazBEonSMnZfZ7va1F", "Indie Folk" }),
    G(0, "KnvZfZ7vAvd", "Blues", 10, SOLO, { "KZazBEonSMnZfZ7vAAd", "Blues" },
      { "KZazBEonSMnZfZ7vAk6", "Jazz Blues" }, { "KZazBEonSMnZfZ7vAAF", "Chicago Blues" }),
    G(0, "KnvZfZ7vAJ6", "Latin", 20, SOLO, { "KZazBEonSMnZfZ7va1a", "Latin" },
      { "KZazBEonSMnZfZ7vaJd", "Latin Pop" }),
    G(0, "KnvZfZ7vAeJ", "Classical", 15, ORCHESTRA, { "KZazBEonSMnZfZ7vF1A", "Classical/Vocal" },
      { "KZazBEonSMnZfZ7vaad", "Church Music" }),
    G(0, "KnvZfZ7vAe7", "Religious", 5, SOLO, { "KZazBEonSMnZfZ7v6ea", "Gospel" }),
    G(0, "KnvZfZ7vAed", "Reggae", 8, BAND, { "KZazBEonSMnZfZ7vklF", "Contemporary Reggae" },
      { "KZazBEonSMnZfZ7vklJ", "Dub" }),
    G(0, "KnvZfZ7vAvl", "Other", 7, BAND, { "KZazBEonSMnZfZ7vk1I", "Other" }),
    G(0, "KnvZfZ7vAe6", "Undefined", 10, TRIBUTE, { "KZazBEonSMnZfZ7v6JI", "Undefined" }),
    G(1, "KnvZfZ7vAde", "Basketball", 50, TEAMS, { "KZazBEonSMnZfZ7vFJA", "NBA" },
      { "KZazBEonSMnZfZ7vFJF", "WNBA" }, { "KZazBEonSMnZfZ7vFJk", "NBL" }),
    G(1, "KnvZfZ7vAdI", "Hockey", 45, TEAMS, { "KZazBEonSMnZfZ7vFEE", "NHL" },
      { "KZazBEonSMnZfZ7vFEl", "Ice Hockey" }),
    G(1, "KnvZfZ7vAdv", "Baseball", 20, TEAMS, { "KZazBEonSMnZfZ7vF1n", "MLB" }),
    G(1, "KnvZfZ7vAdE", "Football", 15, TEAMS, { "KZazBEonSMnZfZ7vFE1", "NFL" },
      { "KZazBEonSMnZfZ7vFEk", "AFL" }),
    G(1, "KnvZfZ7vA7E", "Soccer", 15, TEAMS, { "KZazBEonSMnZfZ7vFtI", "MLS" },
      { "KZazBEonSMnZfZ7vFtt", "Soccer" }),
    G(1, "KnvZfZ7vA71", "Rugby", 5, TEAMS, { "KZazBEonSMnZfZ7vFt1", "Rugby League" }),
    G(1, "KnvZfZ7vAdA", "Boxing", 6, FIGHT, { "KZazBEonSMnZfZ7vFJJ", "Boxing" }),
    G(1, "KnvZfZ7vA7d", "Martial Arts", 6, FIGHT, { "KZazBEonSMnZfZ7vFIE", "Mixed Martial Arts" }),
    G(1, "KnvZfZ7vAAk", "Wrestling", 6, WRESTLING, { "KZazBEonSMnZfZ7vFna", "Wrestling" }),
    G(1, "KnvZfZ7vA7k", "Motorsports/Racing", 6, MOTOR,
      { "KZazBEonSMnZfZ7vFt7", "Motorsports/Racing" }),
    G(1, "KnvZfZ7vAAv", "Tennis", 3, TENNIS, { "KZazBEonSMnZfZ7vFnd", "Tennis" }),
    G(1, "KnvZfZ7vAea", "Rodeo", 3, RODEO, { "KZazBEonSMnZfZ7vF1d", "Rodeo" },
      { "KZazBEonSMnZfZ7vFtk", "Bullriding" }),
    G(2, "KnvZfZ7v7l1", "Theatre", 90, SHOW, { "KZazBEonSMnZfZ7vAve", "Musical" },
      { "KZazBEonSMnZfZ7v7lt", "Drama" }, { "KZazBEonSMnZfZ7v7lI", "Comedy" },
      { "KZazBEonSMnZfZ7vAvd", "Mystery" }),
    G(2, "KnvZfZ7vAe1", "Comedy", 55, COMEDY, { "KZazBEonSMnZfZ7vF17", "Comedy" }),
    G(2, "KnvZfZ7v7nI", "Dance", 15, BALLET, { "KZazBEonSMnZfZ7v7nn", "Ballet" },
      { "KZazBEonSMnZfZ7v7nl", "Dance" }),
    G(2, "KnvZfZ7v7nJ", "Classical", 15, ORCHESTRA, { "KZazBEonSMnZfZ7v7nI", "Symphonic" },
      { "KZazBEonSMnZfZ7v7nE", "Classical/Vocal" }),
    G(2, "KnvZfZ7v7lk", "Opera", 8, OPERA, { "KZazBEonSMnZfZ7v7la", "Opera" }),
    G(2, "KnvZfZ7v7lv", "Magic & Illusion", 8, MAGIC, { "KZazBEonSMnZfZ7v7l7", "Magic" }),
    G(2, "KnvZfZ7v7n1", "Circus & Specialty Acts", 8, CIRCUS, { "KZazBEonSMnZfZ7v7n1", "Circus" }),
    G(2, "KnvZfZ7v7lJ", "Variety", 12, VARIETY, { "KZazBEonSMnZfZ7vAv7", "Cabaret" },
      { "KZazBEonSMnZfZ7vaaE", "Burlesque" }, { "KZazBEonSMnZfZ7vAvA", "Variety" }),
    G(2, "KnvZfZ7v7na", "Children's Theatre", 10, KIDS,
      { "KZazBEonSMnZfZ7v7na", "Children's Theatre" }),
    G(2, "KnvZfZ7v7la", "Spectacular", 9, SPECTACLE, { "KZazBEonSMnZfZ7v7lE", "Spectacular" }),
    G(3, "KnvZfZ7vAkk", "Documentary", 8, FILM, { "KZazBEonSMnZfZ7vFlE", "Documentary" }),
    G(3, "KnvZfZ7vAk6", "Drama", 6, FILM, { "KZazBEonSMnZfZ7vFlI", "Drama" }),
    G(3, "KnvZfZ7vAJk", "Horror", 6, FILM, { "KZazBEonSMnZfZ7vaJn", "Horror" }),
    G(3, "KnvZfZ7vAkd", "Animation", 5, FILM, { "KZazBEonSMnZfZ7vFla", "Animation" }),
    G(3, "KnvZfZ7vAk7", "Arthouse", 5, FILM, { "KZazBEonSMnZfZ7vFl1", "Arthouse" }),
    G(3, "KnvZfZ7vAkJ", "Music", 6, FILM, { "KZazBEonSMnZfZ7vave", "Music" }),
    G(3, "KnvZfZ7vAk1", "Foreign", 4, FILM, { "KZazBEonSMnZfZ7vavv", "Foreign" }),
    G(4, "KnvZfZ7vAeE", "Fairs & Festivals", 20, FESTIVAL,
      { "KZazBEonSMnZfZ7vF1F", "Fairs & Festivals" }),
    G(4, "KnvZfZ7vAAI", "Food & Drink", 12, FOOD, { "KZazBEonSMnZfZ7vFle", "Food & Drink" }),
    G(4, "KnvZfZ7vAAJ", "Hobby/Special Interest Expos", 10, EXPO,
      { "KZazBEonSMnZfZ7vFnl", "Hobby/Special Interest Expos" }),
    G(4, "KnvZfZ7vAJe", "Lecture/Seminar", 10, TALK, { "KZazBEonSMnZfZ7vaat", "Lecture/Seminar" }),
    G(4, "KnvZfZ7vA1n", "Family", 8, KIDS, { "KZazBEonSMnZfZ7vaav", "Other" }),
    G(4, "KnvZfZ7vAAt", "Holiday", 8, HOLIDAY, { "KZazBEonSMnZfZ7vFl7", "Holiday" }),
    G(4, "KnvZfZ7v7lI", "Ice Shows", 6, ICE, { "KZazBEonSMnZfZ7vAv6", "Ice Shows" }),
    G(4, "KnvZfZ7vAA1", "Comedy", 6, COMEDY, { "KZazBEonSMnZfZ7vFnn", "Comedy" }),
    G(5, "KnvZfZ7vAkI", "Undefined", 15, MISC, { "KZazBEonSMnZfZ7vavk", "Undefined" }),
};
const size_t datagen_ngenres = MQ_ARRAY_LEN(datagen_genres);

#undef G

const struct datagen_type datagen_types[] = {
    [DATAGEN_T_UNDEFINED] = { { "KZAyXgnZfZ7v7nI", "Undefined" },
                              { "KZFzBErXgnZfZ7v7lJ", "Undefined" } },
    [DATAGEN_T_TEAM] = { { "KZAyXgnZfZ7v7l1", "Group" }, { "KZFzBErXgnZfZ7vA7d", "Team" } },
    [DATAGEN_T_TRIBUTE] = { { "KZAyXgnZfZ7v7l1", "Group" },
                            { "KZFzBErXgnZfZ7vAAI", "Tribute Band" } },
    [DATAGEN_T_CONCERT] = { { "KZAyXgnZfZ7v7lt", "Event Style" },
                            { "KZFzBErXgnZfZ7vA6J", "Concert" } },
};
const size_t datagen_ntypes = MQ_ARRAY_LEN(datagen_types);

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

int datagen_write_classifications(const struct gen *g)
{
    struct buf b;
    struct jsonw w;
    char path[4096];
    int n, rc;

    buf_init(&b, DATAGEN_PAGE_MAX);
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
    rc = b.failed ? -1 : datagen_write_file(path, &b);
    buf_release(&b);
    return rc;
}
