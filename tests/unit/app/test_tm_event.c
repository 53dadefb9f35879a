#include "config.h"
#include "core/common.h"
#include "app/ingest/entities.h"
#include "app/ingest/page_scan.h"
#include "app/ingest/tm_event.h"
#include "core/arena.h"
#include "infra/json.h"
#include "tests/unit/suites.h"
#include "tests/unit/testutil.h"

#include <dirent.h>

/* ---- hand-written events: one rule each ---- */

/* Parses text and maps it; the result lives on a. */
static enum status map_text(struct arena *a, const char *text, struct tm_event *ev)
{
    char err[128];
    struct json_object *o = json_parse(a, text, strlen(text), err, sizeof(err));
    CU_ASSERT_PTR_NOT_NULL_FATAL(o);
    return tm_event_map(a, o, ev, err, sizeof(err));
}

static void assert_str(const char *got, const char *want)
{
    if (!want) {
        CU_ASSERT_PTR_NULL(got);
        return;
    }
    CU_ASSERT_PTR_NOT_NULL_FATAL(got);
    CU_ASSERT_STRING_EQUAL(got, want);
}

static void rejects_non_objects_and_missing_ids(void)
{
    struct arena a;
    struct tm_event ev;
    const char *bad[] = {
        "[1]", "\"x\"", "{}", "{\"id\":42}", "{\"id\":\"\"}", "[{\"id\":\"x\"}]"
    };

    arena_init(&a, 0);
    for (size_t i = 0; i < MQ_ARRAY_LEN(bad); i++)
        CU_ASSERT_EQUAL(map_text(&a, bad[i], &ev), ST_INVALID);
    arena_release(&a);
}

static void a_bare_id_maps_to_nulls_and_defaults(void)
{
    struct arena a;
    struct tm_event ev;

    arena_init(&a, 0);
    CU_ASSERT_EQUAL_FATAL(map_text(&a, "{\"id\":\"mq1\"}", &ev), ST_OK);
    assert_str(ev.id, "mq1");
    assert_str(ev.venue_name, "Unknown venue");
    const char *nulls[] = {
        ev.name,       ev.url,           ev.description,    ev.status,          ev.start_utc,
        ev.local_date, ev.local_time,    ev.timezone,       ev.end_utc,         ev.sales_start,
        ev.sales_end,  ev.genre,         ev.sub_genre,      ev.segment_id,      ev.genre_id,
        ev.venue_id,   ev.venue_address, ev.venue_latitude, ev.venue_longitude, ev.venue_timezone,
        ev.image_url,  ev.price_min,     ev.price_max,      ev.price_currency
    };
    for (size_t i = 0; i < MQ_ARRAY_LEN(nulls); i++)
        CU_ASSERT_PTR_NULL(nulls[i]);
    CU_ASSERT_FALSE(ev.date_tbd);
    arena_release(&a);
}

static void wrong_types_map_to_null(void)
{
    struct arena a;
    struct tm_event ev;
    const char *doc = "{\"id\":\"mq2\",\"name\":42,\"url\":[\"u\"],\"info\":{\"x\":1},"
                      "\"dates\":{\"start\":{\"localDate\":20250101,\"localTime\":true,"
                      "\"dateTime\":null,\"dateTBA\":\"yes\"},\"timezone\":7,\"status\":"
                      "\"onsale\"},\"classifications\":\"music\",\"images\":{\"url\":\"x\"},"
                      "\"priceRanges\":[{\"min\":\"cheap\",\"max\":true,\"currency\":1}],"
                      "\"_embedded\":{\"venues\":[{\"name\":{\"n\":1},\"city\":\"Paris\","
                      "\"location\":{\"latitude\":[],\"longitude\":\"2.35\"}}]}}";

    arena_init(&a, 0);
    CU_ASSERT_EQUAL_FATAL(map_text(&a, doc, &ev), ST_OK);
    CU_ASSERT_PTR_NULL(ev.name);
    CU_ASSERT_PTR_NULL(ev.url);
    CU_ASSERT_PTR_NULL(ev.description);
    CU_ASSERT_PTR_NULL(ev.local_date);
    CU_ASSERT_PTR_NULL(ev.local_time);
    CU_ASSERT_PTR_NULL(ev.start_utc);
    CU_ASSERT_PTR_NULL(ev.timezone);
    CU_ASSERT_FALSE(ev.date_tbd);
    CU_ASSERT_PTR_NULL(ev.genre);
    CU_ASSERT_PTR_NULL(ev.image_url);
    CU_ASSERT_PTR_NULL(ev.price_min);
    CU_ASSERT_PTR_NULL(ev.price_max);
    CU_ASSERT_PTR_NULL(ev.price_currency);
    assert_str(ev.venue_name, "Unknown venue");
    CU_ASSERT_PTR_NULL(ev.venue_address);
    CU_ASSERT_PTR_NULL(ev.venue_latitude);
    assert_str(ev.venue_longitude, "2.35");
    CU_ASSERT_PTR_NULL(ev.status); /* dates.status is a string, not {code} */
    arena_release(&a);
}

static void description_falls_back_and_decodes_entities(void)
{
    struct arena a;
    struct tm_event ev;

    arena_init(&a, 0);
    CU_ASSERT_EQUAL_FATAL(map_text(&a,
                                   "{\"id\":\"d1\",\"description\":\"R&amp;B night\\n"
                                   "Caf&#233; &#xE9;t&eacute; &lt;b&gt;\",\"info\":\"i\"}",
                                   &ev),
                          ST_OK);
    assert_str(ev.description, "R&B night\nCaf\xc3\xa9 \xc3\xa9t&eacute; <b>");
    CU_ASSERT_EQUAL_FATAL(map_text(&a,
                                   "{\"id\":\"d2\",\"description\":\" \",\"info\":\"Doors "
                                   "&quot;7&quot;\",\"pleaseNote\":\"p\"}",
                                   &ev),
                          ST_OK);
    assert_str(ev.description, "Doors \"7\"");
    CU_ASSERT_EQUAL_FATAL(
        map_text(&a, "{\"id\":\"d3\",\"info\":5,\"pleaseNote\":\"No bags\"}", &ev), ST_OK);
    assert_str(ev.description, "No bags");
    arena_release(&a);
}

static void entities_decode_keeps_what_it_does_not_know(void)
{
    struct arena a;
    static const char *const cases[][2] = {
        { "a&amp;b&apos;&nbsp;", "a&b'\xc2\xa0" },
        { "&#8364; &#x1F600;", "\xe2\x82\xac \xf0\x9f\x98\x80" },
        { "&unknown; &amp &#; &#x; &#0; &#xD800; &#x110000; &#99999999;",
          "&unknown; &amp &#; &#x; &#0; &#xD800; &#x110000; &#99999999;" },
        { "&&amp;amp;", "&&amp;" },
        { "no entities", "no entities" },
    };

    arena_init(&a, 0);
    for (size_t i = 0; i < MQ_ARRAY_LEN(cases); i++)
        assert_str(entities_decode(&a, cases[i][0]), cases[i][1]);
    CU_ASSERT_PTR_NULL(entities_decode(&a, NULL));
    arena_release(&a);
}

static void dates_are_validated_and_normalised(void)
{
    struct arena a;
    struct tm_event ev;
    const char *doc = "{\"id\":\"t1\",\"dates\":{\"start\":{\"localDate\":\"2025-01-07\","
                      "\"localTime\":\"19:30\",\"dateTime\":\"2025-01-07T19:30:00-05:00\"},"
                      "\"end\":{\"dateTime\":\"2025-01-08T02:00:00.000Z\"},"
                      "\"status\":{\"code\":\"rescheduled\"}},"
                      "\"_embedded\":{\"venues\":[{\"timezone\":\"America/Toronto\"}]}}";
    const char *bad = "{\"id\":\"t2\",\"dates\":{\"start\":{\"localDate\":\"2025-02-30\","
                      "\"localTime\":\"25:00:00\",\"dateTime\":\"2025-01-07 19:30:00\"},"
                      "\"end\":{\"approximate\":false},\"timezone\":\"Europe/Paris\"}}";

    arena_init(&a, 0);
    CU_ASSERT_EQUAL_FATAL(map_text(&a, doc, &ev), ST_OK);
    assert_str(ev.start_utc, "2025-01-08T00:30:00Z");
    assert_str(ev.end_utc, "2025-01-08T02:00:00Z");
    assert_str(ev.local_date, "2025-01-07");
    assert_str(ev.local_time, "19:30:00");
    assert_str(ev.status, "rescheduled");
    /* no dates.timezone: the venue's */
    assert_str(ev.timezone, "America/Toronto");
    assert_str(ev.venue_timezone, "America/Toronto");
    CU_ASSERT_EQUAL_FATAL(map_text(&a, bad, &ev), ST_OK);
    CU_ASSERT_PTR_NULL(ev.start_utc);
    CU_ASSERT_PTR_NULL(ev.end_utc);
    CU_ASSERT_PTR_NULL(ev.local_date);
    CU_ASSERT_PTR_NULL(ev.local_time);
    assert_str(ev.timezone, "Europe/Paris");
    arena_release(&a);
}

static void date_tba_or_tbd_marks_the_start_unknown(void)
{
    struct arena a;
    struct tm_event ev;

    arena_init(&a, 0);
    CU_ASSERT_EQUAL_FATAL(map_text(&a,
                                   "{\"id\":\"b1\",\"dates\":{\"start\":{\"localDate\":"
                                   "\"2025-03-01\",\"dateTBD\":false,\"dateTBA\":true}}}",
                                   &ev),
                          ST_OK);
    CU_ASSERT_TRUE(ev.date_tbd);
    assert_str(ev.local_date, "2025-03-01");
    CU_ASSERT_EQUAL_FATAL(
        map_text(&a, "{\"id\":\"b2\",\"dates\":{\"start\":{\"dateTBD\":true}}}", &ev), ST_OK);
    CU_ASSERT_TRUE(ev.date_tbd);
    CU_ASSERT_EQUAL_FATAL(
        map_text(&a, "{\"id\":\"b3\",\"dates\":{\"start\":{\"dateTBD\":false}}}", &ev), ST_OK);
    CU_ASSERT_FALSE(ev.date_tbd);
    arena_release(&a);
}

static void year_1900_sales_placeholders_map_to_null(void)
{
    struct arena a;
    struct tm_event ev;

    arena_init(&a, 0);
    CU_ASSERT_EQUAL_FATAL(map_text(&a,
                                   "{\"id\":\"s1\",\"sales\":{\"public\":{\"startDateTime\":"
                                   "\"1900-01-01T06:00:00Z\",\"endDateTime\":"
                                   "\"2025-01-08T04:00:00Z\"}}}",
                                   &ev),
                          ST_OK);
    CU_ASSERT_PTR_NULL(ev.sales_start);
    assert_str(ev.sales_end, "2025-01-08T04:00:00Z");
    CU_ASSERT_EQUAL_FATAL(map_text(&a,
                                   "{\"id\":\"s2\",\"sales\":{\"public\":{\"startDateTime\":"
                                   "\"2024-11-01T15:00:00Z\",\"endDateTime\":"
                                   "\"1900-01-01T00:00:00Z\"}}}",
                                   &ev),
                          ST_OK);
    assert_str(ev.sales_start, "2024-11-01T15:00:00Z");
    CU_ASSERT_PTR_NULL(ev.sales_end);
    arena_release(&a);
}

static void the_primary_classification_wins_and_undefined_is_others(void)
{
    struct arena a;
    struct tm_event ev;
    const char *doc = "{\"id\":\"c1\",\"classifications\":[{\"primary\":false,\"segment\":"
                      "{\"id\":\"KZFzniwnSyZfZ7v7nJ\",\"name\":\"Music\"},\"genre\":{\"id\":"
                      "\"g1\",\"name\":\"Rock\"}},{\"primary\":true,\"segment\":{\"id\":"
                      "\"KZFzniwnSyZfZ7v7nl\",\"name\":\"Undefined\"},\"genre\":{\"id\":"
                      "\"g2\",\"name\":\"Undefined\"}}]}";

    arena_init(&a, 0);
    CU_ASSERT_EQUAL_FATAL(map_text(&a, doc, &ev), ST_OK);
    assert_str(ev.genre, "Others");
    assert_str(ev.sub_genre, "Undefined");
    assert_str(ev.segment_id, "KZFzniwnSyZfZ7v7nl");
    assert_str(ev.genre_id, "g2");
    /* no primary: the first */
    CU_ASSERT_EQUAL_FATAL(map_text(&a,
                                   "{\"id\":\"c2\",\"classifications\":[{\"segment\":{\"name\":"
                                   "\"Sports\"}},{\"segment\":{\"name\":\"Music\"}}]}",
                                   &ev),
                          ST_OK);
    assert_str(ev.genre, "Sports");
    CU_ASSERT_PTR_NULL(ev.sub_genre);
    CU_ASSERT_PTR_NULL(ev.segment_id);
    arena_release(&a);
}

static void venue_address_joins_trimmed_parts_and_skips_missing_ones(void)
{
    struct arena a;
    struct tm_event ev;
    const char *doc = "{\"id\":\"v1\",\"_embedded\":{\"venues\":[{\"name\":\"Scotiabank Arena\","
                      "\"id\":\"KovZpZAEkn6A\",\"address\":{\"line1\":\"40 Bay St.\","
                      "\"line2\":\"  \"},\"city\":{\"name\":\" Toronto\"},\"postalCode\":"
                      "\"M5J 2X2\",\"country\":{\"countryCode\":\"CAN\"},\"location\":{"
                      "\"latitude\":\"43.643466\",\"longitude\":\"-79.379099\"}},"
                      "{\"name\":\"second venue ignored\"}]}}";

    arena_init(&a, 0);
    CU_ASSERT_EQUAL_FATAL(map_text(&a, doc, &ev), ST_OK);
    assert_str(ev.venue_name, "Scotiabank Arena");
    assert_str(ev.venue_id, "KovZpZAEkn6A");
    assert_str(ev.venue_address, "40 Bay St., Toronto, M5J 2X2, CAN");
    assert_str(ev.venue_latitude, "43.643466");
    assert_str(ev.venue_longitude, "-79.379099");
    CU_ASSERT_EQUAL_FATAL(map_text(&a,
                                   "{\"id\":\"v2\",\"_embedded\":{\"venues\":[{\"name\":\"\","
                                   "\"city\":{\"name\":\"Whitehall \"},\"country\":{"
                                   "\"countryCode\":\"US\"}}]}}",
                                   &ev),
                          ST_OK);
    assert_str(ev.venue_name, "Unknown venue");
    assert_str(ev.venue_address, "Whitehall, US");
    arena_release(&a);
}

static void coordinates_must_be_numbers_in_range(void)
{
    struct arena a;
    struct tm_event ev;
    static const char *const bad[] = { "\"n/a\"", "\"\"",       "\" 43.6\"", "\"0x1A\"", "\"nan\"",
                                       "\"inf\"", "\"1e5000\"", "\"95\"",    "\"43.6N\"" };

    arena_init(&a, 0);
    for (size_t i = 0; i < MQ_ARRAY_LEN(bad); i++) {
        const char *doc = arena_printf(&a,
                                       "{\"id\":\"l%zu\",\"_embedded\":{\"venues\":[{\"location\":"
                                       "{\"latitude\":%s,\"longitude\":-79.5}}]}}",
                                       i, bad[i]);
        CU_ASSERT_EQUAL_FATAL(map_text(&a, doc, &ev), ST_OK);
        CU_ASSERT_PTR_NULL(ev.venue_latitude);
        assert_str(ev.venue_longitude, "-79.5"); /* a JSON number is fine */
    }
    arena_release(&a);
}

static void image_prefers_3_2_near_640x427_and_fallbacks_last(void)
{
    struct arena a;
    struct tm_event ev;
    const char *doc =
        "{\"id\":\"i1\",\"images\":["
        "{\"ratio\":\"3_2\",\"url\":\"fallback32\",\"width\":640,\"height\":427,\"fallback\":true},"
        "{\"ratio\":\"16_9\",\"url\":\"wide\",\"width\":640,\"height\":360,\"fallback\":false},"
        "{\"ratio\":\"3_2\",\"url\":\"big32\",\"width\":1024,\"height\":683,\"fallback\":false},"
        "{\"ratio\":\"3_2\",\"width\":640,\"height\":427,\"fallback\":false},"
        "{\"ratio\":\"3_2\",\"url\":\"small32\",\"width\":305,\"height\":203,\"fallback\":false},"
        "{\"url\":\"noratio\",\"width\":640,\"height\":427}]}";

    arena_init(&a, 0);
    CU_ASSERT_EQUAL_FATAL(map_text(&a, doc, &ev), ST_OK);
    /* the exact 3_2 is fallback art or has no url; 16_9 640x360 loses to any
     * 3_2; 305x203 is 559 away from 640x427, 1024x683 is 640 away */
    assert_str(ev.image_url, "small32");
    arena_release(&a);
}

static void image_choice_without_3_2_or_without_real_art(void)
{
    struct arena a;
    struct tm_event ev;

    arena_init(&a, 0);
    /* no 3_2: the closest size among rated images, before unrated ones */
    CU_ASSERT_EQUAL_FATAL(map_text(&a,
                                   "{\"id\":\"i2\",\"images\":["
                                   "{\"url\":\"noratio\",\"width\":640,\"height\":427},"
                                   "{\"ratio\":\"16_9\",\"url\":\"huge\",\"width\":2048,"
                                   "\"height\":1152},"
                                   "{\"ratio\":\"4_3\",\"url\":\"near\",\"width\":600,"
                                   "\"height\":450}]}",
                                   &ev),
                          ST_OK);
    assert_str(ev.image_url, "near");
    /* only fallbacks and unrated images: unrated real art first */
    CU_ASSERT_EQUAL_FATAL(map_text(&a,
                                   "{\"id\":\"i3\",\"images\":["
                                   "{\"ratio\":\"3_2\",\"url\":\"fb\",\"width\":640,"
                                   "\"height\":427,\"fallback\":true},"
                                   "{\"url\":\"plain\"}]}",
                                   &ev),
                          ST_OK);
    assert_str(ev.image_url, "plain");
    CU_ASSERT_EQUAL_FATAL(map_text(&a,
                                   "{\"id\":\"i4\",\"images\":[{\"ratio\":\"16_9\",\"url\":"
                                   "\"fb1\",\"fallback\":true},{\"ratio\":\"3_2\",\"url\":"
                                   "\"fb2\",\"fallback\":true}]}",
                                   &ev),
                          ST_OK);
    assert_str(ev.image_url, "fb2");
    arena_release(&a);
}

static void price_range_comes_from_the_first_entry(void)
{
    struct arena a;
    struct tm_event ev;

    arena_init(&a, 0);
    CU_ASSERT_EQUAL_FATAL(map_text(&a,
                                   "{\"id\":\"p1\",\"priceRanges\":[{\"type\":\"standard\","
                                   "\"currency\":\"USD\",\"min\":68.0,\"max\":1250.5},"
                                   "{\"currency\":\"CAD\",\"min\":1,\"max\":2}]}",
                                   &ev),
                          ST_OK);
    assert_str(ev.price_min, "68");
    assert_str(ev.price_max, "1250.5");
    assert_str(ev.price_currency, "USD");
    arena_release(&a);
}

/* ---- every event of the recorded responses ---- */

struct fixture_totals {
    size_t events, null_urls, null_sales_start, with_price, with_description;
};

/* Source-vs-mapped checks that hold for any event. */
static void check_event(struct json_object *src, const struct tm_event *ev,
                        struct fixture_totals *t)
{
    struct json_object *venue = json_arr_get(json_path(src, "_embedded.venues"), 0);
    const char *sales = json_path_str(src, "sales.public.startDateTime");

    CU_ASSERT_PTR_NOT_NULL(ev->id);
    CU_ASSERT_PTR_NOT_NULL(ev->venue_name);
    CU_ASSERT_EQUAL(ev->url == NULL, json_path_str(src, "url") == NULL);
    CU_ASSERT_EQUAL(ev->start_utc == NULL, json_path_str(src, "dates.start.dateTime") == NULL);
    CU_ASSERT_EQUAL(ev->local_date == NULL, json_path_str(src, "dates.start.localDate") == NULL);
    CU_ASSERT_EQUAL(ev->local_time == NULL, json_path_str(src, "dates.start.localTime") == NULL);
    CU_ASSERT_EQUAL(ev->end_utc == NULL, json_path_str(src, "dates.end.dateTime") == NULL);
    CU_ASSERT_EQUAL(ev->sales_start == NULL, !sales || strncmp(sales, "1900-", 5) == 0);
    CU_ASSERT_EQUAL(ev->venue_latitude == NULL, json_path_str(venue, "location.latitude") == NULL);
    CU_ASSERT_EQUAL(ev->image_url == NULL, json_arr_len(json_path(src, "images")) == 0);
    CU_ASSERT_EQUAL(ev->price_currency == NULL, json_arr_len(json_path(src, "priceRanges")) == 0);
    CU_ASSERT(ev->genre == NULL || strcmp(ev->genre, "Undefined") != 0);
    CU_ASSERT(ev->description == NULL || strstr(ev->description, "&amp;") == NULL);
    t->events++;
    t->null_urls += ev->url == NULL;
    t->null_sales_start += ev->sales_start == NULL;
    t->with_price += ev->price_currency != NULL;
    t->with_description += ev->description != NULL;
}

/* The events of a recorded response: a search envelope, a bare array, a
 * bare event, or a nock recording ([{..., "response": <body>}]). */
static size_t map_file(struct arena *a, const char *path, struct fixture_totals *t)
{
    char err[128];
    size_t len, n, count = 0;
    char *text = test_read_file(path, &len);
    CU_ASSERT_PTR_NOT_NULL_FATAL(text);
    struct json_object *root = json_parse(a, text, len, err, sizeof(err));
    free(text);
    CU_ASSERT_PTR_NOT_NULL_FATAL(root);
    if (json_is_object(json_path(json_arr_get(root, 0), "response")))
        root = json_path(json_arr_get(root, 0), "response");
    struct json_object *arr = json_path(root, "_embedded.events");
    bool single = !arr && json_path_str(root, "id") != NULL;
    if (!arr && !single)
        arr = root;
    n = single ? 1 : json_arr_len(arr);
    for (size_t i = 0; i < n; i++) {
        struct json_object *src = arr ? json_arr_get(arr, i) : root;
        struct tm_event ev;
        CU_ASSERT_EQUAL_FATAL(tm_event_map(a, src, &ev, err, sizeof(err)), ST_OK);
        check_event(src, &ev, t);
        count++;
    }
    return count;
}

static void every_recorded_event_maps(void)
{
    static const struct {
        const char *file;
        size_t events;
    } files[] = {
        { "search/embedded-events-array_city-san-francisco_size100_2025-11.json", 100 },
        { "search/events_city-brisbane-AU_page0_2023-09-10.json", 20 },
        { "search/events_keyword-toronto-maple-leafs_size200_2025-01-07.json", 149 },
        { "search/events_keyword-toronto-raptors_size200_2025-01-07.json", 160 },
        { "nock-2016/event_all-200.json", 20 },
        { "nock-2016/event_all-200-options.json", 5 },
        { "nock-2016/event_find-200.json", 1 },
        { "detail/event_detail_trimmed_G5vYZ_CrQn_ih_2026-09.json", 1 },
    };
    const char *dir = test_fixtures_dir("tm_event fixtures");
    struct fixture_totals t = { 0 };
    struct arena a;

    if (!dir)
        return;
    arena_init(&a, 0);
    for (size_t i = 0; i < MQ_ARRAY_LEN(files); i++) {
        char *path = arena_printf(&a, "%s/ticketmaster/%s", dir, files[i].file);
        CU_ASSERT_EQUAL(map_file(&a, path, &t), files[i].events);
        arena_reset(&a);
    }
    arena_release(&a);
    /* counted independently from the JSON (ticketmaster-api-notes.md §6) */
    CU_ASSERT_EQUAL(t.events, 456);
    CU_ASSERT_EQUAL(t.null_urls, 215);
    CU_ASSERT_EQUAL(t.with_price, 140);
    CU_ASSERT_EQUAL(t.with_description, 154);
}

/* Every file of search/ is covered above, so a new recording gets mapped. */
static void every_search_file_is_mapped(void)
{
    const char *dir = test_fixtures_dir("tm_event fixtures");
    struct fixture_totals t = { 0 };
    struct arena a;

    if (!dir)
        return;
    arena_init(&a, 0);
    char *sdir = arena_printf(&a, "%s/ticketmaster/search", dir);
    DIR *d = opendir(sdir);
    CU_ASSERT_PTR_NOT_NULL_FATAL(d);
    for (struct dirent *e; (e = readdir(d));) {
        size_t n = strlen(e->d_name);
        if (n > 5 && strcmp(e->d_name + n - 5, ".json") == 0)
            CU_ASSERT(map_file(&a, arena_printf(&a, "%s/%s", sdir, e->d_name), &t) > 0);
    }
    closedir(d);
    arena_release(&a);
    CU_ASSERT(t.events >= 429);
}

/* ---- page_scan: the events of a page without parsing them ---- */

static bool scan(struct arena *a, const char *text, struct page_scan *s)
{
    return page_scan(a, text, strlen(text), s);
}

static void page_scan_finds_each_event_and_its_id(void)
{
    struct arena a;
    struct page_scan s;
    size_t len;
    const char *page = " {\"page\":{\"n\":[1,{\"id\":\"no\"}]},\"_embedded\":{\"x\":\"]}\","
                       "\"events\":[ {\"id\":\"e1\",\"name\":\"a \\\"}]\\\\\"} ,"
                       "{\"sub\":{\"id\":\"deep\"},\"id\":\"e2\"}\n]},\"_links\":{}} ";

    arena_init(&a, 0);
    CU_ASSERT_FATAL(scan(&a, page, &s));
    CU_ASSERT_EQUAL_FATAL(s.n, 2);
    CU_ASSERT(s.all_ids);
    CU_ASSERT_STRING_EQUAL(s.events[0].id, "e1");
    CU_ASSERT_EQUAL(s.events[0].len, strlen("{\"id\":\"e1\",\"name\":\"a \\\"}]\\\\\"}"));
    CU_ASSERT(strncmp(s.events[0].text, "{\"id\":\"e1\"", 10) == 0);
    CU_ASSERT_STRING_EQUAL(s.events[1].id, "e2");
    CU_ASSERT(strncmp(s.events[1].text, "{\"sub\"", 6) == 0);
    CU_ASSERT_EQUAL(s.events[1].text[s.events[1].len - 1], '}');
    CU_ASSERT_STRING_EQUAL(page_scan_skeleton(&a, page, strlen(page), &s, &len),
                           " {\"page\":{\"n\":[1,{\"id\":\"no\"}]},\"_embedded\":{\"x\":\"]}\","
                           "\"events\":[]},\"_links\":{}} ");

    CU_ASSERT(scan(&a, "[{\"id\":\"b1\"},{\"id\":\"b2\",\"v\":[{},[]]}]", &s));
    CU_ASSERT_EQUAL(s.n, 2);
    CU_ASSERT(s.all_ids);
    CU_ASSERT(scan(&a, "{\"_embedded\":{\"events\":[]}}", &s));
    CU_ASSERT_EQUAL(s.n, 0);
    CU_ASSERT(scan(&a, "[ ]", &s));
    CU_ASSERT_EQUAL(s.n, 0);
    arena_release(&a);
}

/* What only json-c can decide sends the page down the parsing path. */
static void page_scan_gives_up_on_what_json_c_decides(void)
{
    struct arena a;
    struct page_scan s;
    static const char *const refused[] = {
        "",
        "{}",
        "42",
        "{\"id\":\"x\"}",
        "{\"_embedded\":{\"venues\":[]}}",
        "{\"_embedded\":{\"events\":{}}}",
        "{\"_embedded\":[]}",
        "{\"_embedded\":{\"events\":[{\"id\":\"a\"}]",                    /* cut short */
        "{\"_embedded\":{\"events\":[{\"id\":\"a\"},",                    /* cut short */
        "{\"_embedded\":{\"events\":[{\"id\":\"a\"}]},\"_embedded\":{}}", /* twice */
        "{\"_embedded\":{\"events\":[],\"events\":[]}}",
        "{\"_embedde\\u0064\":{\"events\":[]}}", /* escaped key */
        "[{\"id\":\"a\"},]",
        "[{\"id\":\"a\"} {\"id\":\"b\"}]",
        "[{\"id\":\"a\"}",
        "[{\"id\":\"a\"\"x\":1}]",
        "[{\"id\" \"a\"}]",
        "[\"abc]",
    };
    static const char *const no_ids[] = {
        "[{\"id\":\"a\"},{\"name\":\"x\"}]",
        "[{\"id\":\"a\",\"id\":\"b\"}]",
        "[{\"id\":\"a\\u0062\"}]",
        "[{\"id\":42}]",
        "[{\"id\":\"\"}]",
        "[1]",
        "[[]]",
        "[{\"i\\u0064\":\"a\",\"id\":\"b\"}]",
    };

    arena_init(&a, 0);
    for (size_t i = 0; i < MQ_ARRAY_LEN(refused); i++) {
        if (scan(&a, refused[i], &s))
            CU_FAIL(refused[i]);
    }
    for (size_t i = 0; i < MQ_ARRAY_LEN(no_ids); i++) {
        CU_ASSERT(scan(&a, no_ids[i], &s));
        if (s.all_ids)
            CU_FAIL(no_ids[i]);
    }
    arena_release(&a);
}

static void page_hash128_is_murmur3(void)
{
    static const char fox[] = "The quick brown fox jumps over the lazy dog";
    uint64_t h[2], g[2];

    page_hash128("", 0, h);
    CU_ASSERT(h[0] == 0 && h[1] == 0);
    /* the published MurmurHash3_x64_128 vector (seed 0) */
    page_hash128(fox, strlen(fox), h);
    CU_ASSERT(h[0] == 0xe34bbc7bbc071b6cULL);
    CU_ASSERT(h[1] == 0x7a433ca9c49a9347ULL);
    /* every tail length, and one changed byte */
    for (size_t n = 1; n < sizeof(fox); n++) {
        page_hash128(fox, n, h);
        page_hash128(fox, n - 1, g);
        CU_ASSERT(h[0] != g[0] || h[1] != g[1]);
    }
    char copy[sizeof(fox)];
    memcpy(copy, fox, sizeof(fox));
    copy[20] ^= 1;
    page_hash128(copy, strlen(copy), g);
    page_hash128(fox, strlen(fox), h);
    CU_ASSERT(h[0] != g[0] && h[1] != g[1]);
}

int suite_tm_event(void)
{
    static const struct test_case cases[] = {
        { "rejects non-objects and missing ids", rejects_non_objects_and_missing_ids },
        { "a bare id maps to NULLs and defaults", a_bare_id_maps_to_nulls_and_defaults },
        { "wrong types map to NULL", wrong_types_map_to_null },
        { "description falls back to info, pleaseNote; entities decoded",
          description_falls_back_and_decodes_entities },
        { "entities_decode keeps what it does not know",
          entities_decode_keeps_what_it_does_not_know },
        { "dates are validated and normalised", dates_are_validated_and_normalised },
        { "dateTBA or dateTBD marks the start unknown", date_tba_or_tbd_marks_the_start_unknown },
        { "year-1900 sales placeholders map to NULL", year_1900_sales_placeholders_map_to_null },
        { "the primary classification wins; Undefined is Others",
          the_primary_classification_wins_and_undefined_is_others },
        { "venue address joins trimmed parts and skips missing ones",
          venue_address_joins_trimmed_parts_and_skips_missing_ones },
        { "coordinates must be numbers in range", coordinates_must_be_numbers_in_range },
        { "image prefers 3_2 near 640x427, fallbacks last",
          image_prefers_3_2_near_640x427_and_fallbacks_last },
        { "image choice without 3_2 or without real art",
          image_choice_without_3_2_or_without_real_art },
        { "price range comes from the first entry", price_range_comes_from_the_first_entry },
        { "every recorded event maps (456 events, 8 files)", every_recorded_event_maps },
        { "every file of search/ is mapped", every_search_file_is_mapped },
        { "page_scan finds each event and its id", page_scan_finds_each_event_and_its_id },
        { "page_scan gives up on what json-c decides", page_scan_gives_up_on_what_json_c_decides },
        { "page_hash128 is MurmurHash3_x64_128", page_hash128_is_murmur3 },
        { NULL, NULL },
    };
    return test_register("app/tm_event", cases);
}
