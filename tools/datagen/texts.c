/*
 * texts.c - the generator's other made-up text: venue names, street
 * addresses, the info and pleaseNote fields, descriptions and presale
 * names.
 */
#include "config.h"
#include "core/common.h"
#include "tools/datagen/datagen_internal.h"
#include "tools/datagen/words.h"

#define PICK(arr)  DATAGEN_PICK(r, arr)
#define WORD(list) DATAGEN_WORD(r, list)

void datagen_venue_name(struct datagen_rng *r, enum datagen_kind kind, const char *city,
                        const char *country, char *out, size_t n)
{
    static const char *const rooms[] = { "Room",   "Lounge", "Social", "Parlour",  "Saloon",
                                         "Tavern", "Cellar", "Loft",   "Ballroom", "Bar",
                                         "Club",   "House",  "Stage",  "Den",      "Hideaway" };
    static const char *const big[] = { "Arena",    "Amphitheatre", "Pavilion",   "Live",
                                       "Coliseum", "Dome",         "Field House" };
    static const char *const trade[] = { "Bank",         "Mobile", "Energy", "Insurance",
                                         "Credit Union", "Health", "Motors", "Airlines" };
    static const char *const theatres[] = { "Theatre", "Playhouse", "Opera House", "Auditorium" };
    static const char *const halls[] = { "Hall", "Convention Centre", "Exhibition Centre",
                                         "Events Centre" };
    const char *centre = strcmp(country, "US") == 0 ? "Center" : "Centre";
    unsigned k = datagen_rng_below(r, 4);

    switch (kind) {
    case DATAGEN_CLUB:
        if (k == 0)
            snprintf(out, n, "The %s %s", WORD(adjectives), PICK(rooms));
        else if (k == 1)
            snprintf(out, n, "%s %s", WORD(nouns), PICK(rooms));
        else if (k == 2)
            snprintf(out, n, "The %s %s", WORD(adjectives), WORD(nouns));
        else {
            const char *who = WORD(last_names);
            bool s_end = who[strlen(who) - 1] == 's';
            snprintf(out, n, "%s%s %s", who, s_end ? "'" : "'s", PICK(rooms));
        }
        break;
    case DATAGEN_THEATRE:
        if (k == 0)
            snprintf(out, n, "%s %s", WORD(last_names), PICK(theatres));
        else if (k == 1)
            snprintf(out, n, "%s %s Theatre", WORD(first_names), WORD(last_names));
        else if (k == 2)
            snprintf(out, n, "%s %s for the Performing Arts", WORD(last_names), centre);
        else
            snprintf(out, n, "%s %s Playhouse", WORD(adjectives), WORD(nouns));
        break;
    case DATAGEN_HALL:
        if (k == 0)
            snprintf(out, n, "%s Music Hall", WORD(last_names));
        else if (k == 1)
            snprintf(out, n, "%s %s Hall", WORD(first_names), WORD(last_names));
        else if (k == 2 && datagen_rng_chance(r, 200))
            snprintf(out, n, "%s Convention %s", city, centre);
        else
            snprintf(out, n, "%s %s", WORD(sponsors), PICK(halls));
        break;
    default:
        if (k == 0)
            snprintf(out, n, "%s %s", WORD(sponsors), PICK(big));
        else
            snprintf(out, n, "%s %s %s", WORD(sponsors), PICK(trade), PICK(big));
    }
}

void datagen_street(struct datagen_rng *r, const char *country, char *out, size_t n)
{
    static const char *const de[] = { "Linden", "Schiller",  "Goethe",  "Berg",
                                      "Hafen",  "Kirch",     "Bahnhof", "Markt",
                                      "Garten", "Friedrich", "Humboldt" };
    static const char *const cz[] = { "Vodičkova",   "Národní", "Husova",     "Karlova", "Dlouhá",
                                      "Vinohradská", "Korunní", "Sokolovská", "Plzeňská" };
    static const char *const nl[] = { "Keizers", "Heeren", "Prinsen", "Molen", "Kerk", "Haven" };
    static const char *const en[] = { "Street", "St", "Avenue", "Ave", "Road", "Blvd", "Way" };
    static const char *const uk[] = { "Road", "Street", "Lane", "Place", "Square", "Parade" };
    unsigned num = 1 + datagen_rng_below(r, 2400);

    if (strcmp(country, "DE") == 0)
        snprintf(out, n, "%sstraße %u", PICK(de), num % 120 + 1);
    else if (strcmp(country, "CZ") == 0)
        snprintf(out, n, "%s %u/%u", PICK(cz), num, num % 40 + 1);
    else if (strcmp(country, "NL") == 0)
        snprintf(out, n, "%sstraat %u", PICK(nl), num % 300 + 1);
    else if (strcmp(country, "GB") == 0 || strcmp(country, "IE") == 0)
        snprintf(out, n, "%u %s %s", num % 300 + 1, WORD(streets), PICK(uk));
    else
        snprintf(out, n, "%u %s %s", num, WORD(streets), PICK(en));
}

void datagen_info_text(struct datagen_rng *r, char *out, size_t n)
{
    static const char *const parts[] = {
        "Mobile entry only. Screenshots will not be accepted; have your tickets ready in your "
        "wallet before arriving.",
        "Clear bag policy in effect: bags larger than 12 x 6 x 12 inches will not be permitted.",
        "Program, cast and artists are subject to change.",
        "Accessible seating is available. Contact the box office at least 48 hours before the "
        "event.",
        "Parking opens two hours before start time. Public transport is strongly encouraged.",
        "All patrons must hold a valid ticket for entry.",
    };
    unsigned doors = 5 + datagen_rng_below(r, 3);
    int len = 0;
    switch (datagen_rng_below(r, 4)) {
    case 0:
        len = snprintf(out, n,
                       "Running Times: Doors: %u:00pm Start: %u:00pm Finish: %u:30pm "
                       "(approx.)",
                       doors, doors + 1, doors + 3);
        break;
    case 1:
        len = snprintf(out, n,
                       "There is a %s ticket limit per household. Orders that exceed the "
                       "limit may be cancelled without notice.",
                       WORD(number_words));
        break;
    case 2:
        len = snprintf(out, n,
                       "This is a %s+ event. Valid government-issued photo ID is required "
                       "for entry.",
                       datagen_rng_chance(r, 500) ? "21" : "18");
        break;
    default:
        len = snprintf(out, n,
                       "All ages. Patrons under %u must be accompanied by a parent or "
                       "guardian.",
                       12 + 2 * datagen_rng_below(r, 3));
    }
    if (len > 0 && (size_t)len < n && datagen_rng_chance(r, 600))
        snprintf(out + len, n - (size_t)len, " %s%s", PICK(parts),
                 datagen_rng_chance(r, 50) ? " ." : "");
}

void datagen_note_text(struct datagen_rng *r, const char *venue, char *out, size_t n)
{
    static const char *const notes[] = {
        "OVER 18 YEARS ONLY WITH PHOTO I.D. WILL BE ADMITTED. NO I.D. / NO ENTRY / NO REFUND.",
        "Please note: there is no re-entry to this event.",
        "Tickets are non-refundable except as required by law.",
        "Event start time is subject to change. Please check back closer to the event.",
        "No professional cameras or audio/video recording devices.",
        "Smoking and vaping are prohibited throughout the venue.",
        "This event is general admission standing; capacity is limited.",
    };
    if (datagen_rng_chance(r, 250))
        snprintf(out, n,
                 "Children's Policy: Persons under 12 years must be accompanied by a parent "
                 "or guardian at all times within %s.",
                 venue);
    else
        snprintf(out, n, "%s", PICK(notes));
}

/* The one real description seen is long, FAQ-like, with entities left
 * encoded and blank lines; mimic that. */
void datagen_description(struct datagen_rng *r, const char *name, const char *venue, char *out,
                         size_t n)
{
    snprintf(out, n,
             "%s+\n\nSing, dance, and experience R&amp;B, soul &amp; funk from past to present "
             "at %s.\n\n---\nQ: What is %s?\nA: A live music experience dedicated to the "
             "classics &amp; today's hits.\n\nQ: What's the ticketing policy?\nA: All sales are "
             "final.",
             datagen_rng_chance(r, 500) ? "21" : "18", venue, name);
}

const char *datagen_presale_name(struct datagen_rng *r)
{
    return WORD(presales);
}
