/*
 * Tests for tools/datagen/, the sample Ticketmaster page writer.
 *
 * The suite generates a 2,000-event sample once (init) into a temporary
 * directory and reads it back with json-c; the other tests make small runs
 * of their own.
 */
#include "config.h"
#include "core/common.h"
#include "tools/datagen/datagen.h"
#include "core/timeutil.h"
#include "tests/unit/suites.h"
#include "tests/unit/testutil.h"

#include <CUnit/CUnit.h>
#include <dirent.h>
#include <json-c/json.h>
#include <time.h>
#include <unistd.h>

#define SAMPLE_START 1772323200 /* 2026-03-01T00:00:00Z */
#define SAMPLE_DAYS  90

static char sample_dir[64];
static struct datagen_stats sample;

/* ---- helpers ---- */

static void remove_tree(const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *de;
    char path[512];
    if (!d)
        return;
    while ((de = readdir(d)) != NULL) {
        if (de->d_name[0] == '.')
            continue;
        snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
        unlink(path);
    }
    closedir(d);
    rmdir(dir);
}

static bool make_temp_dir(char *out, size_t n)
{
    snprintf(out, n, "/tmp/mq-datagen-XXXXXX");
    return mkdtemp(out) != NULL;
}

static int run(const char *dir, uint64_t seed, int events, int page_size, struct datagen_stats *st)
{
    struct datagen_opts o;
    datagen_opts_init(&o);
    o.seed = seed;
    o.events = events;
    o.out_dir = dir;
    o.start = SAMPLE_START;
    o.days = SAMPLE_DAYS;
    o.page_size = page_size;
    return datagen_run(&o, st);
}

static json_object *load_page(const char *dir, int64_t n)
{
    char path[512];
    snprintf(path, sizeof(path), "%s/events-%05lld.json", dir, (long long)n);
    return json_object_from_file(path);
}

static json_object *get(json_object *o, const char *path)
{
    char key[64];
    while (o && *path) {
        size_t len = strcspn(path, ".");
        snprintf(key, sizeof(key), "%.*s", (int)len, path);
        if (!json_object_object_get_ex(o, key, &o))
            return NULL;
        path += len + (path[len] == '.');
    }
    return o;
}

static const char *get_str(json_object *o, const char *path)
{
    json_object *v = get(o, path);
    return v && json_object_is_type(v, json_type_string) ? json_object_get_string(v) : NULL;
}

static int64_t get_int(json_object *o, const char *path)
{
    json_object *v = get(o, path);
    return v ? json_object_get_int64(v) : -1;
}

static json_object *venue_of(json_object *ev)
{
    json_object *venues = get(ev, "_embedded.venues");
    return venues ? json_object_array_get_idx(venues, 0) : NULL;
}

/* Calls fn for every session in the sample, in file order; -1 if a page
 * is missing or malformed. Runs in the suite's init, so it cannot assert. */
static int each_session(void (*fn)(json_object *ev, void *ctx), void *ctx)
{
    for (int64_t p = 0; p < sample.pages; p++) {
        json_object *page = load_page(sample_dir, p), *events = get(page, "_embedded.events");
        if (!events || !json_object_is_type(events, json_type_array)) {
            json_object_put(page);
            return -1;
        }
        for (size_t i = 0; i < json_object_array_length(events); i++)
            fn(json_object_array_get_idx(events, i), ctx);
        json_object_put(page);
    }
    return 0;
}

static int compare_files(const char *a, const char *b)
{
    size_t na, nb;
    char *da = test_read_file(a, &na), *db = test_read_file(b, &nb);
    int rc = da && db && na == nb && memcmp(da, db, na) == 0 ? 0 : 1;
    free(da);
    free(db);
    return rc;
}

/* The system tz database's answer, to check the generator's own rules. */
static int64_t system_utc(const char *tz, int y, int mon, int d, int hh, int mm)
{
    struct tm tm = { 0 };
    setenv("TZ", tz, 1);
    tzset();
    tm.tm_year = y - 1900;
    tm.tm_mon = mon - 1;
    tm.tm_mday = d;
    tm.tm_hour = hh;
    tm.tm_min = mm;
    tm.tm_isdst = -1;
    return (int64_t)mktime(&tm);
}

/* ---- per-session checks, run once over the sample ---- */

struct ids {
    char (*id)[40];
    size_t n;
    int bad;
};

static void collect_id(json_object *ev, void *ctx)
{
    struct ids *c = ctx;
    const char *id = get_str(ev, "id");
    size_t len = id ? strlen(id) : 0;
    if (len < 13 || len > 34 ||
        strspn(id, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
                   "0123456789-_") != len) {
        c->bad++;
        return;
    }
    snprintf(c->id[c->n++], sizeof(c->id[0]), "%s", id);
}

static int cmp_id(const void *a, const void *b)
{
    return strcmp(a, b);
}

struct tz_check {
    int checked, bad, outside;
};

static void check_session_time(json_object *ev, void *ctx)
{
    struct tz_check *c = ctx;
    const char *date = get_str(ev, "dates.start.localDate");
    const char *time = get_str(ev, "dates.start.localTime");
    const char *iso = get_str(ev, "dates.start.dateTime");
    const char *tz = get_str(ev, "dates.timezone");
    int64_t want, got;

    if (!tz)
        tz = get_str(venue_of(ev), "timezone");
    if (!date || !time || !iso || !tz)
        return;
    c->checked++;
    want = system_utc(tz, (int)strtol(date, NULL, 10), (int)strtol(date + 5, NULL, 10),
                      (int)strtol(date + 8, NULL, 10), (int)strtol(time, NULL, 10),
                      (int)strtol(time + 3, NULL, 10));
    if (time_parse_iso(iso, &got) != ST_OK || got != want)
        c->bad++;
    if (got < SAMPLE_START || got >= SAMPLE_START + SAMPLE_DAYS * 86400)
        c->outside++;
}

struct rates {
    int n, no_url, za5_consistent, prices, info, note, desc, tba, no_tz, placeholder, no_loc;
    int can, noratio, fallback, no_venue_name, onsale, other_status, end_flags_only;
    int bad_location;
};

/* A venue location must be a decimal string close to its city's centre. */
static bool location_plausible(json_object *v)
{
    const char *lat = get_str(v, "location.latitude"), *lon = get_str(v, "location.longitude");
    const char *city = get_str(v, "city.name");
    char *end1, *end2;
    double la, lo;

    if (!lat || !lon || !city)
        return false;
    la = strtod(lat, &end1);
    lo = strtod(lon, &end2);
    if (*end1 || *end2)
        return false;
    city += strspn(city, " ");
    for (size_t i = 0; i < datagen_ncities; i++) {
        const struct datagen_city *c = &datagen_cities[i];
        if (strcmp(c->name, city) == 0)
            return la > c->lat - 0.5 && la < c->lat + 0.5 && lo > c->lon - 0.5 && lo < c->lon + 0.5;
    }
    return false;
}

static void count_rates(json_object *ev, void *ctx)
{
    struct rates *c = ctx;
    json_object *v = venue_of(ev), *images = get(ev, "images");
    const char *id = get_str(ev, "id"), *sale = get_str(ev, "sales.public.startDateTime");
    const char *code = get_str(ev, "dates.status.code");
    bool no_url = !get(ev, "url");

    c->n++;
    c->no_url += no_url;
    c->za5_consistent += no_url == !get(ev, "sales") && no_url == !get(ev, "classifications") &&
                         no_url == (strncmp(id, "Za5ju3", 6) == 0);
    c->prices += get(ev, "priceRanges") != NULL;
    c->info += get(ev, "info") != NULL;
    c->note += get(ev, "pleaseNote") != NULL;
    c->desc += get(ev, "description") != NULL;
    c->tba += !get(ev, "dates.start.localTime") && !get(ev, "dates.start.dateTime");
    c->no_tz += !get(ev, "dates.timezone");
    c->placeholder += sale && strncmp(sale, "1900-", 5) == 0;
    c->no_loc += !get(v, "location");
    c->bad_location += get(v, "location") && !location_plausible(v);
    c->can +=
        get_str(v, "country.countryCode") && !strcmp(get_str(v, "country.countryCode"), "CAN");
    c->no_venue_name += !get(v, "name");
    c->onsale += code && strcmp(code, "onsale") == 0;
    c->other_status += code && strcmp(code, "onsale") != 0 && strcmp(code, "offsale") != 0;
    c->end_flags_only += get(ev, "dates.end") && !get(ev, "dates.end.dateTime");
    for (size_t i = 0; images && i < json_object_array_length(images); i++) {
        json_object *img = json_object_array_get_idx(images, i);
        c->noratio += !get(img, "ratio");
        c->fallback += json_object_get_boolean(get(img, "fallback"));
    }
}

#define RATE_IN(count, lo, hi) CU_ASSERT((count) >= (lo)*c.n && (count) <= (hi)*c.n)

struct grouping {
    char name[256], venue[128], venue_id[48], genre[32];
    int groups, mixed;
    char (*keys)[400];
};

static void group_sessions(json_object *ev, void *ctx)
{
    struct grouping *g = ctx;
    json_object *v = venue_of(ev), *cls = get(ev, "classifications");
    const char *name = get_str(ev, "name"), *vname = get_str(v, "name");
    const char *vid = get_str(v, "id"), *genre = "";

    for (size_t i = 0; cls && i < json_object_array_length(cls); i++) {
        json_object *c = json_object_array_get_idx(cls, i);
        if (json_object_get_boolean(get(c, "primary")))
            genre = get_str(c, "genre.id");
    }
    if (!vname)
        vname = "";
    if (g->groups > 0 && strcmp(g->name, name) == 0 && strcmp(g->venue, vname) == 0) {
        /* another session of the same event: same venue record and genre */
        g->mixed += strcmp(g->venue_id, vid) != 0 || strcmp(g->genre, genre) != 0;
        return;
    }
    snprintf(g->name, sizeof(g->name), "%s", name);
    snprintf(g->venue, sizeof(g->venue), "%s", vname);
    snprintf(g->venue_id, sizeof(g->venue_id), "%s", vid);
    snprintf(g->genre, sizeof(g->genre), "%s", genre);
    snprintf(g->keys[g->groups++], sizeof(g->keys[0]), "%s\x1f%s", name, vname);
}

static int cmp_key(const void *a, const void *b)
{
    return strcmp(a, b);
}

/* One pass over the sample feeds the per-session tests (parsing it once per
 * test would dominate the suite's run time). */
static struct {
    struct ids ids;
    struct tz_check tz;
    struct rates rates;
    struct grouping grouping;
} scan;

static void scan_session(json_object *ev, void *ctx)
{
    MQ_UNUSED(ctx);
    collect_id(ev, &scan.ids);
    check_session_time(ev, &scan.tz);
    count_rates(ev, &scan.rates);
    group_sessions(ev, &scan.grouping);
}

static int sample_init(void)
{
    const char *old = getenv("TZ");
    char *saved = old ? strdup(old) : NULL;
    int rc = -1;

    if (!make_temp_dir(sample_dir, sizeof(sample_dir)) ||
        run(sample_dir, 2026, 2000, 200, &sample) != 0)
        goto out;
    scan.ids.id = calloc((size_t)sample.sessions, sizeof(*scan.ids.id));
    scan.grouping.keys = calloc((size_t)sample.sessions, sizeof(*scan.grouping.keys));
    if (!scan.ids.id || !scan.grouping.keys)
        goto out;
    rc = each_session(scan_session, NULL);
out:
    if (saved)
        setenv("TZ", saved, 1);
    else
        unsetenv("TZ");
    tzset();
    free(saved);
    return rc;
}

static int sample_cleanup(void)
{
    free(scan.ids.id);
    free(scan.grouping.keys);
    remove_tree(sample_dir);
    return 0;
}

/* ---- tests ---- */

static void same_seed_gives_identical_bytes(void)
{
    char a[64], b[64], pa[512], pb[512];
    struct datagen_stats sa, sb;
    CU_ASSERT_FATAL(make_temp_dir(a, sizeof(a)) && make_temp_dir(b, sizeof(b)));
    CU_ASSERT_EQUAL_FATAL(run(a, 77, 300, 50, &sa), 0);
    CU_ASSERT_EQUAL_FATAL(run(b, 77, 300, 50, &sb), 0);
    CU_ASSERT_EQUAL(sa.pages, sb.pages);
    CU_ASSERT(sa.pages > 1);
    for (int64_t p = 0; p < sa.pages; p++) {
        snprintf(pa, sizeof(pa), "%s/events-%05lld.json", a, (long long)p);
        snprintf(pb, sizeof(pb), "%s/events-%05lld.json", b, (long long)p);
        CU_ASSERT_EQUAL(compare_files(pa, pb), 0);
    }
    snprintf(pa, sizeof(pa), "%s/classifications.json", a);
    snprintf(pb, sizeof(pb), "%s/classifications.json", b);
    CU_ASSERT_EQUAL(compare_files(pa, pb), 0);
    remove_tree(a);
    remove_tree(b);
}

static void different_seeds_differ(void)
{
    char a[64], b[64], pa[512], pb[512];
    CU_ASSERT_FATAL(make_temp_dir(a, sizeof(a)) && make_temp_dir(b, sizeof(b)));
    CU_ASSERT_EQUAL_FATAL(run(a, 1, 100, 200, NULL), 0);
    CU_ASSERT_EQUAL_FATAL(run(b, 2, 100, 200, NULL), 0);
    snprintf(pa, sizeof(pa), "%s/events-00000.json", a);
    snprintf(pb, sizeof(pb), "%s/events-00000.json", b);
    CU_ASSERT_NOT_EQUAL(compare_files(pa, pb), 0);
    remove_tree(a);
    remove_tree(b);
}

static void pages_and_totals_agree(void)
{
    int64_t seen = 0;
    CU_ASSERT_EQUAL(sample.events, 2000);
    CU_ASSERT(sample.sessions >= 5000 && sample.sessions <= 7500); /* about 3 per event */
    CU_ASSERT_EQUAL(sample.pages, (sample.sessions + 199) / 200);
    for (int64_t p = 0; p < sample.pages; p++) {
        json_object *page = load_page(sample_dir, p);
        CU_ASSERT_PTR_NOT_NULL_FATAL(page);
        size_t n = json_object_array_length(get(page, "_embedded.events"));
        CU_ASSERT_EQUAL(get_int(page, "page.number"), p);
        CU_ASSERT_EQUAL(get_int(page, "page.size"), 200);
        CU_ASSERT_EQUAL(get_int(page, "page.totalElements"), sample.sessions);
        CU_ASSERT_EQUAL(get_int(page, "page.totalPages"), sample.pages);
        CU_ASSERT(n == 200 || p == sample.pages - 1);
        CU_ASSERT_EQUAL(get(page, "_links.next") != NULL, p < sample.pages - 1);
        CU_ASSERT_PTR_NOT_NULL(get_str(page, "_links.self.href"));
        seen += (int64_t)n;
        json_object_put(page);
    }
    CU_ASSERT_EQUAL(seen, sample.sessions);
    CU_ASSERT_PTR_NULL(load_page(sample_dir, sample.pages)); /* nothing past the last page */
}

static void ids_are_opaque_and_unique(void)
{
    struct ids c = scan.ids;
    CU_ASSERT_PTR_NOT_NULL_FATAL(c.id);
    CU_ASSERT_EQUAL(c.bad, 0);
    CU_ASSERT_EQUAL(c.n, (size_t)sample.sessions);
    qsort(c.id, c.n, sizeof(*c.id), cmp_id);
    for (size_t i = 1; i < c.n; i++)
        CU_ASSERT_NOT_EQUAL(strcmp(c.id[i - 1], c.id[i]), 0);
}

static void generator_zones_match_system_tz(void)
{
    static const struct {
        const char *tz, *local, *utc;
    } known[] = {
        { "America/New_York", "2026-03-08T19:30", "2026-03-08T23:30:00Z" }, /* DST day */
        { "America/New_York", "2026-03-07T19:30", "2026-03-08T00:30:00Z" },
        { "Europe/London", "2026-03-29T20:00", "2026-03-29T19:00:00Z" },
        { "Europe/London", "2026-03-28T20:00", "2026-03-28T20:00:00Z" },
        { "Australia/Sydney", "2026-04-05T19:00", "2026-04-05T09:00:00Z" },
        { "Australia/Sydney", "2026-04-04T19:00", "2026-04-04T08:00:00Z" },
        { "Europe/Prague", "2026-10-25T19:00", "2026-10-25T18:00:00Z" },
        { "Europe/Prague", "2026-10-24T19:00", "2026-10-24T17:00:00Z" },
        { "America/Phoenix", "2026-07-01T19:00", "2026-07-02T02:00:00Z" },
        { "Pacific/Auckland", "2026-09-27T19:00", "2026-09-27T06:00:00Z" },
        { "America/Denver", "2026-10-31T19:00", "2026-11-01T01:00:00Z" },
        { "Australia/Brisbane", "2026-01-15T20:00", "2026-01-15T10:00:00Z" },
    };
    const char *old = getenv("TZ");
    char *saved = old ? strdup(old) : NULL;
    int64_t got, want;

    for (size_t i = 0; i < MQ_ARRAY_LEN(known); i++) {
        const char *l = known[i].local;
        int y = (int)strtol(l, NULL, 10), mo = (int)strtol(l + 5, NULL, 10);
        int d = (int)strtol(l + 8, NULL, 10), hh = (int)strtol(l + 11, NULL, 10);
        int mm = (int)strtol(l + 14, NULL, 10);
        CU_ASSERT_FATAL(
            datagen_local_to_utc(known[i].tz, y, (unsigned)mo, (unsigned)d, hh * 60 + mm, &got));
        CU_ASSERT_EQUAL(time_parse_iso(known[i].utc, &want), ST_OK);
        CU_ASSERT_EQUAL(got, want);
    }
    /* Every zone, every day of 2025-2027, at the times the generator uses. */
    for (size_t z = 0; z < datagen_nzones; z++) {
        int64_t d0 = time_days_from_civil(2025, 1, 1), d1 = time_days_from_civil(2028, 1, 1);
        int bad = 0;
        for (int64_t day = d0; day < d1; day++) {
            int64_t y;
            unsigned m, d;
            time_civil_from_days(day, &y, &m, &d);
            for (int minute = 600; minute < 1440; minute += 270) {
                datagen_local_to_utc(datagen_zones[z].name, y, m, d, minute, &got);
                want = system_utc(datagen_zones[z].name, (int)y, (int)m, (int)d, minute / 60,
                                  minute % 60);
                bad += got != want;
            }
        }
        if (bad)
            fprintf(stderr, "zone %s: %d mismatches\n", datagen_zones[z].name, bad);
        CU_ASSERT_EQUAL(bad, 0);
    }
    CU_ASSERT_FALSE(datagen_local_to_utc("Mars/Olympus_Mons", 2026, 1, 1, 0, &got));
    if (saved)
        setenv("TZ", saved, 1);
    else
        unsetenv("TZ");
    tzset();
    free(saved);
}

static void start_datetime_is_local_time_in_zone(void)
{
    CU_ASSERT(scan.tz.checked > sample.sessions * 8 / 10);
    CU_ASSERT_EQUAL(scan.tz.bad, 0);
    CU_ASSERT_EQUAL(scan.tz.outside, 0);
}

static void missing_fields_come_at_realistic_rates(void)
{
    struct rates c = scan.rates;
    CU_ASSERT_EQUAL_FATAL(c.n, sample.sessions);
    RATE_IN(c.no_url, 0.18, 0.40);
    CU_ASSERT_EQUAL(c.za5_consistent, c.n); /* url, sales, classifications go together */
    RATE_IN(c.prices, 0.15, 0.35);
    RATE_IN(c.info, 0.78, 0.92);
    RATE_IN(c.note, 0.65, 0.85);
    RATE_IN(c.desc, 0.0001, 0.02);
    RATE_IN(c.tba, 0.03, 0.10);
    RATE_IN(c.no_tz, 0.03, 0.12);
    RATE_IN(c.placeholder, 0.02, 0.10);
    RATE_IN(c.no_loc, 0.03, 0.16);
    RATE_IN(c.no_venue_name, 0.0, 0.02);
    RATE_IN(c.onsale, 0.55, 0.90);
    CU_ASSERT(c.can > 0);
    CU_ASSERT(c.noratio > 0);
    CU_ASSERT(c.fallback > 0);
    CU_ASSERT(c.other_status > 0);
    CU_ASSERT(c.end_flags_only > 0);
    CU_ASSERT_EQUAL(c.bad_location, 0);
}

static void sessions_of_an_event_share_name_venue_and_genre(void)
{
    struct grouping g = scan.grouping;
    int dups = 0;
    CU_ASSERT_PTR_NOT_NULL_FATAL(g.keys);
    CU_ASSERT_EQUAL(g.groups, 2000); /* consecutive sessions form exactly the events */
    CU_ASSERT_EQUAL(g.mixed, 0);
    qsort(g.keys, (size_t)g.groups, sizeof(g.keys[0]), cmp_key);
    for (int i = 1; i < g.groups; i++)
        dups += strcmp(g.keys[i - 1], g.keys[i]) == 0;
    CU_ASSERT_EQUAL(dups, 0); /* no two events merge into one */
}

/* Every genre the events use is listed under its segment in classifications.json. */

static void classifications_cover_every_genre_used(void)
{
    char path[512];
    json_object *root, *items;
    size_t segments = 0, genres = 0, typed = 0;

    snprintf(path, sizeof(path), "%s/classifications.json", sample_dir);
    root = json_object_from_file(path);
    CU_ASSERT_PTR_NOT_NULL_FATAL(root);
    items = get(root, "_embedded.classifications");
    CU_ASSERT_PTR_NOT_NULL_FATAL(items);
    CU_ASSERT_EQUAL(get_int(root, "page.totalElements"), (int64_t)json_object_array_length(items));
    for (size_t i = 0; i < json_object_array_length(items); i++) {
        json_object *it = json_object_array_get_idx(items, i), *gs;
        if (!get(it, "segment")) {
            typed += get(it, "type") != NULL;
            continue;
        }
        segments++;
        CU_ASSERT_PTR_NOT_NULL(get_str(it, "segment.primaryId"));
        gs = get(it, "segment._embedded.genres");
        for (size_t k = 0; gs && k < json_object_array_length(gs); k++) {
            json_object *ge = json_object_array_get_idx(gs, k);
            CU_ASSERT(json_object_array_length(get(ge, "_embedded.subgenres")) > 0);
            genres++;
        }
    }
    json_object_put(root);
    CU_ASSERT_EQUAL(segments, datagen_nsegments);
    CU_ASSERT_EQUAL(genres, datagen_ngenres);
    CU_ASSERT(typed >= 2);
}

static void genre_weights_add_up_to_one_thousand(void)
{
    int sum = 0;
    for (size_t i = 0; i < datagen_ngenres; i++)
        sum += datagen_genres[i].weight;
    CU_ASSERT_EQUAL(sum, 1000);
}

static void zero_events_write_an_empty_result_page(void)
{
    char dir[64];
    struct datagen_stats st;
    json_object *page;
    CU_ASSERT_FATAL(make_temp_dir(dir, sizeof(dir)));
    CU_ASSERT_EQUAL_FATAL(run(dir, 1, 0, 200, &st), 0);
    CU_ASSERT_EQUAL(st.pages, 1);
    page = load_page(dir, 0);
    CU_ASSERT_PTR_NOT_NULL_FATAL(page);
    CU_ASSERT_PTR_NULL(get(page, "_embedded")); /* as the real API answers */
    CU_ASSERT_EQUAL(get_int(page, "page.totalPages"), 0);
    CU_ASSERT_EQUAL(get_int(page, "page.totalElements"), 0);
    json_object_put(page);
    remove_tree(dir);
}

static void a_smaller_rerun_removes_stale_pages(void)
{
    char dir[64], path[512];
    struct datagen_stats big, small;
    CU_ASSERT_FATAL(make_temp_dir(dir, sizeof(dir)));
    CU_ASSERT_EQUAL_FATAL(run(dir, 3, 200, 50, &big), 0);
    CU_ASSERT_EQUAL_FATAL(run(dir, 3, 10, 50, &small), 0);
    CU_ASSERT(big.pages > small.pages);
    snprintf(path, sizeof(path), "%s/events-%05lld.json", dir, (long long)small.pages);
    CU_ASSERT_NOT_EQUAL(access(path, F_OK), 0);
    remove_tree(dir);
}

static void rejects_bad_options(void)
{
    struct datagen_opts o;
    datagen_opts_init(&o);
    o.events = 1;
    CU_ASSERT_EQUAL(datagen_run(&o, NULL), -1); /* no out_dir */
    o.out_dir = "/tmp/mq-datagen-never";
    o.page_size = -1;
    CU_ASSERT_EQUAL(datagen_run(&o, NULL), -1);
    o.page_size = 0;
    o.events = -5;
    CU_ASSERT_EQUAL(datagen_run(&o, NULL), -1);
    CU_ASSERT_NOT_EQUAL(access(o.out_dir, F_OK), 0); /* validated before touching disk */
}

int suite_datagen(void)
{
    static const struct test_case cases[] = {
        { "same seed gives identical bytes", same_seed_gives_identical_bytes },
        { "different seeds differ", different_seeds_differ },
        { "pages and totals agree", pages_and_totals_agree },
        { "ids are opaque and unique", ids_are_opaque_and_unique },
        { "generator zones match system tz", generator_zones_match_system_tz },
        { "start dateTime is local time in zone", start_datetime_is_local_time_in_zone },
        { "missing fields come at realistic rates", missing_fields_come_at_realistic_rates },
        { "sessions of an event share name, venue and genre",
          sessions_of_an_event_share_name_venue_and_genre },
        { "classifications cover every genre used", classifications_cover_every_genre_used },
        { "genre weights add up to 1000", genre_weights_add_up_to_one_thousand },
        { "zero events write an empty result page", zero_events_write_an_empty_result_page },
        { "a smaller rerun removes stale pages", a_smaller_rerun_removes_stale_pages },
        { "rejects bad options", rejects_bad_options },
        { NULL, NULL },
    };
    CU_pSuite s = CU_add_suite("app/datagen", sample_init, sample_cleanup);
    if (!s)
        return -1;
    for (const struct test_case *c = cases; c->name; c++) {
        if (!CU_add_test(s, c->name, c->fn))
            return -1;
    }
    return 0;
}
