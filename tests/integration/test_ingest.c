/*
 * marquee-ingest and marquee-genres against the real database: every
 * recorded page lands, re-ingesting changes nothing, changes are marked
 * pending, a bad row costs only itself. Rows created here have ids
 * "mqtest-*" and are deleted afterwards; the recorded fixture rows are
 * left in place (other suites read them).
 */
#include "config.h"
#include "core/common.h"
#include "tests/integration/itest.h"
#include "app/ingest/genres_import.h"
#include "app/ingest/ingest.h"
#include "app/job.h"
#include "core/jsonw.h"
#include "infra/json.h"
#include "infra/pg.h"

#include <sys/stat.h>
#include <unistd.h>

static struct pg DB;
static struct arena A;

/* Runs sql (one text parameter, may be NULL) and returns row 0 col 0. */
static const char *query1(const char *name, const char *sql, const char *param)
{
    /* One statement per distinct query text: the table lives as long as DB. */
    static struct pg_stmt stmts[32];
    static size_t nstmts;
    const struct pg_stmt *st = NULL;
    struct pg_result *r;

    for (size_t i = 0; i < nstmts && !st; i++) {
        if (strcmp(stmts[i].name, name) == 0)
            st = &stmts[i];
    }
    if (!st) {
        CU_ASSERT_FATAL(nstmts < MQ_ARRAY_LEN(stmts));
        stmts[nstmts] = (struct pg_stmt){ name, sql, 1, false };
        st = &stmts[nstmts++];
    }
    const char *params[] = { param };
    CU_ASSERT_EQUAL_FATAL(pg_exec(&DB, &A, st, params, &r), ST_OK);
    return pg_nrows(r) > 0 ? pg_get(r, 0, 0) : NULL;
}

static int64_t query_i64(const char *name, const char *sql, const char *param)
{
    const char *v = query1(name, sql, param);
    return v ? strtoll(v, NULL, 10) : -1;
}

/* The body of a recorded file: itself, or the response of a nock recording. */
static const char *fixture_page(const char *rel, size_t *len)
{
    const char *dir = getenv("MQ_FIXTURES");
    char err[128];
    const char *text;

    CU_ASSERT_PTR_NOT_NULL_FATAL(dir);
    text = ingest_read_file(&A, arena_printf(&A, "%s/ticketmaster/%s", dir, rel), 64 << 20, len);
    CU_ASSERT_PTR_NOT_NULL_FATAL(text);
    if (strncmp(rel, "nock-2016/", 10) != 0)
        return text;
    struct json_object *o = json_parse(&A, text, *len, err, sizeof(err));
    return json_text(json_path(json_arr_get(o, 0), "response"), len);
}

/* JSON array of the distinct event ids of a page, for "id IN (...)". */
static const char *page_ids(const char *text, size_t len, size_t *n)
{
    char err[128];
    struct json_object *root = json_parse(&A, text, len, err, sizeof(err));
    struct json_object *arr = json_path(root, "_embedded.events");
    struct buf *b = buf_new_arena(&A, 0);
    struct jsonw w;

    if (!arr)
        arr = json_path_str(root, "id") ? NULL : root;
    *n = arr ? json_arr_len(arr) : 1;
    jsonw_init(&w, b);
    jsonw_arr_open(&w);
    for (size_t i = 0; i < *n; i++)
        jsonw_str(&w, json_path_str(arr ? json_arr_get(arr, i) : root, "id"));
    jsonw_arr_close(&w);
    return b->data;
}

static const char *const fixture_pages[] = {
    "search/embedded-events-array_city-san-francisco_size100_2025-11.json",
    "search/events_city-brisbane-AU_page0_2023-09-10.json",
    "search/events_keyword-toronto-maple-leafs_size200_2025-01-07.json",
    "search/events_keyword-toronto-raptors_size200_2025-01-07.json",
    "nock-2016/event_all-200.json",
    "nock-2016/event_all-200-options.json",
    "nock-2016/event_find-200.json",
    "detail/event_detail_trimmed_G5vYZ_CrQn_ih_2026-09.json",
};

static void every_recorded_page_lands(void)
{
    static const size_t want[] = { 100, 20, 149, 160, 20, 5, 1, 1 };

    for (size_t i = 0; i < MQ_ARRAY_LEN(fixture_pages); i++) {
        struct ingest_stats s = { 0 };
        size_t len, n;
        const char *text = fixture_page(fixture_pages[i], &len);
        CU_ASSERT_EQUAL(ingest_page(&DB, &A, text, len, &s), ST_OK);
        CU_ASSERT_EQUAL(s.events, (int64_t)want[i]);
        CU_ASSERT_EQUAL(s.skipped, 0);
        CU_ASSERT_EQUAL(s.inserted + s.updated + s.unchanged, (int64_t)want[i]);
        const char *ids = page_ids(text, len, &n);
        CU_ASSERT_EQUAL(n, want[i]);
        CU_ASSERT_EQUAL(query_i64("it_ids_count",
                                  "SELECT count(*) FROM extracted_events WHERE id IN "
                                  "(SELECT jsonb_array_elements_text($1::jsonb))",
                                  ids),
                        (int64_t)n);
        arena_reset(&A);
    }
}

static void missing_fields_are_null(void)
{
    /* the Za5ju3 listings have no url, sales or classifications */
    CU_ASSERT(query_i64("it_za5", "SELECT count(*) FROM extracted_events WHERE id LIKE $1",
                        "Za5ju3%") >= 109);
    CU_ASSERT_EQUAL(
        query_i64("it_za5_url",
                  "SELECT count(*) FROM extracted_events WHERE id LIKE $1 AND "
                  "(url IS NOT NULL OR sales_start_at IS NOT NULL OR genre IS NOT NULL)",
                  "Za5ju3%"),
        0);
    /* year-1900 on-sale placeholders never reach the column */
    CU_ASSERT_EQUAL(query_i64("it_1900",
                              "SELECT count(*) FROM extracted_events WHERE sales_start_at < "
                              "$1::timestamptz",
                              "1901-01-01T00:00:00Z"),
                    0);
    CU_ASSERT_EQUAL(query_i64("it_undefined",
                              "SELECT count(*) FROM extracted_events WHERE genre = $1",
                              "Undefined"),
                    0);
}

/* Events without dates.start.dateTime get their start from the local
 * date and time in their zone, computed by Postgres. */
static void local_start_is_converted_by_postgres(void)
{
    int64_t local = query_i64("it_local_n",
                              "SELECT count(*) FROM extracted_events WHERE id NOT LIKE $1 AND "
                              "raw->'dates'->'start'->>'dateTime' IS NULL AND "
                              "local_date IS NOT NULL AND timezone IS NOT NULL",
                              "mqtest-%");
    int64_t wrong = query_i64("it_local_bad",
                              "SELECT count(*) FROM extracted_events WHERE id NOT LIKE $1 AND "
                              "raw->'dates'->'start'->>'dateTime' IS NULL AND "
                              "local_date IS NOT NULL AND timezone IS NOT NULL AND "
                              "start_at IS DISTINCT FROM (local_date + COALESCE(local_time, "
                              "'00:00')) AT TIME ZONE timezone",
                              "mqtest-%");
    CU_ASSERT(local >= 1);
    CU_ASSERT_EQUAL(wrong, 0);
}

static const char *event_json(const char *id, const char *name, const char *extra)
{
    return arena_printf(&A,
                        "{\"id\":\"%s\",\"name\":\"%s\",\"dates\":{\"start\":{\"localDate\":"
                        "\"2025-07-01\",\"localTime\":\"19:30:00\",\"dateTBD\":false,"
                        "\"dateTBA\":false},\"timezone\":\"America/New_York\"},"
                        "\"_embedded\":{\"venues\":[{\"name\":\"MQ Hall\"}]}%s}",
                        id, name, extra ? extra : "");
}

static enum status ingest_text(const char *text, struct ingest_stats *s)
{
    memset(s, 0, sizeof(*s));
    return ingest_page(&DB, &A, text, strlen(text), s);
}

static const char *row_state(const char *id)
{
    return query1("it_state",
                  "SELECT name || '|' || sync_pending || '|' || changed_at || '|' || "
                  "COALESCE(start_at::text, 'null') FROM extracted_events WHERE id = $1",
                  id);
}

/* Postgres's clock has moved past the row's changed_at, so an edit
 * stamped now() shows a different one. */
static bool clock_passed_changed_at(void *id)
{
    const char *v = query1("it_clock",
                           "SELECT clock_timestamp() > changed_at FROM extracted_events"
                           " WHERE id = $1",
                           id);
    return v && strcmp(v, "t") == 0;
}

static void reingest_changes_nothing_and_edits_are_pending(void)
{
    struct ingest_stats s;
    const char *page = arena_printf(&A, "{\"_embedded\":{\"events\":[%s]}}",
                                    event_json("mqtest-1", "First", NULL));

    CU_ASSERT_EQUAL_FATAL(ingest_text(page, &s), ST_OK);
    CU_ASSERT_EQUAL(s.inserted, 1);
    /* 19:30 in New York on 1 July is 23:30 UTC */
    const char *st = row_state("mqtest-1");
    CU_ASSERT(strncmp(st, "First|true|", 11) == 0);
    CU_ASSERT(strstr(st, "|2025-07-01 23:30:00+00") != NULL);
    query1("it_clear",
           "UPDATE extracted_events SET sync_pending = false WHERE id = $1 "
           "RETURNING id",
           "mqtest-1");
    const char *before = arena_strdup(&A, row_state("mqtest-1"));
    CU_ASSERT_EQUAL(ingest_text(page, &s), ST_OK);
    CU_ASSERT_EQUAL(s.inserted, 0);
    CU_ASSERT_EQUAL(s.updated, 0);
    CU_ASSERT_EQUAL(s.unchanged, 1);
    CU_ASSERT_STRING_EQUAL(row_state("mqtest-1"), before);

    char id[] = "mqtest-1";
    CU_ASSERT_TRUE(itest_poll(clock_passed_changed_at, id, 1000, 1)); /* it must move */
    page = arena_printf(&A, "[%s]", event_json("mqtest-1", "First (edited)", NULL));
    CU_ASSERT_EQUAL(ingest_text(page, &s), ST_OK);
    CU_ASSERT_EQUAL(s.updated, 1);
    const char *after = row_state("mqtest-1");
    CU_ASSERT(strncmp(after, "First (edited)|true|", 20) == 0);
    CU_ASSERT_STRING_NOT_EQUAL(after + 20, before + 12);
}

/* The tuple version and flag of a row: a rewrite changes xmin. */
static const char *row_version(const char *id)
{
    return query1("it_version",
                  "SELECT xmin::text || '|' || sync_pending || '|' || COALESCE(source_hash, 'null')"
                  " FROM extracted_events WHERE id = $1",
                  id);
}

static void clear_pending(const char *like)
{
    query1("it_clear_like",
           "WITH u AS (UPDATE extracted_events SET sync_pending = false WHERE id LIKE $1"
           " RETURNING id) SELECT count(*) FROM u",
           like);
}

/* Unchanged events are dropped by source_hash before the upsert: nothing is
 * written for them, and exactly the changed one is updated and pending. */
static void unchanged_events_are_skipped_by_source_hash(void)
{
    static const char *const ids[] = { "mqtest-h1", "mqtest-h2", "mqtest-h3" };
    const char *before[3];
    struct ingest_stats s;
    const char *page =
        arena_printf(&A, "{\"_embedded\":{\"events\":[%s,%s,%s]},\"page\":{\"number\":0}}",
                     event_json(ids[0], "One", NULL), event_json(ids[1], "Two", NULL),
                     event_json(ids[2], "Three", NULL));

    CU_ASSERT_EQUAL_FATAL(ingest_text(page, &s), ST_OK);
    CU_ASSERT_EQUAL(s.inserted, 3);
    clear_pending("mqtest-h%");
    for (int i = 0; i < 3; i++) {
        before[i] = arena_strdup(&A, row_version(ids[i]));
        CU_ASSERT(strstr(before[i], "|false|1:") != NULL);
    }

    /* Identical pages: nothing written, sync_pending untouched. */
    for (int run = 0; run < 2; run++) {
        CU_ASSERT_EQUAL(ingest_text(page, &s), ST_OK);
        CU_ASSERT_EQUAL(s.events, 3);
        CU_ASSERT_EQUAL(s.unchanged, 3);
        CU_ASSERT_EQUAL(s.inserted + s.updated + s.skipped, 0);
        for (int i = 0; i < 3; i++)
            CU_ASSERT_STRING_EQUAL(row_version(ids[i]), before[i]);
    }

    /* One event changed: exactly that one is updated and pending. */
    page = arena_printf(&A, "{\"_embedded\":{\"events\":[%s,%s,%s]},\"page\":{\"number\":0}}",
                        event_json(ids[0], "One", NULL), event_json(ids[1], "Two (moved)", NULL),
                        event_json(ids[2], "Three", NULL));
    CU_ASSERT_EQUAL(ingest_text(page, &s), ST_OK);
    CU_ASSERT_EQUAL(s.updated, 1);
    CU_ASSERT_EQUAL(s.unchanged, 2);
    CU_ASSERT_EQUAL(s.inserted, 0);
    CU_ASSERT_STRING_EQUAL(row_version(ids[0]), before[0]);
    CU_ASSERT_STRING_EQUAL(row_version(ids[2]), before[2]);
    CU_ASSERT(strstr(row_version(ids[1]), "|true|1:") != NULL);
    CU_ASSERT(strncmp(row_state(ids[1]), "Two (moved)|true|", 17) == 0);

    /* Same content in other bytes (spacing): counted unchanged, not pending;
     * only the new source_hash is stored, so the next run skips it. */
    clear_pending("mqtest-h%");
    page = arena_printf(&A, "{\"_embedded\":{\"events\":[ %s , %s,%s ]},\"page\":{\"number\":0}}",
                        event_json(ids[0], "One", ",\"x\": 1"),
                        event_json(ids[1], "Two (moved)", NULL), event_json(ids[2], "Three", NULL));
    CU_ASSERT_EQUAL(ingest_text(page, &s), ST_OK);
    CU_ASSERT_EQUAL(s.updated, 1); /* h1 gained a member: its content changed */
    CU_ASSERT_EQUAL(s.unchanged, 2);
    clear_pending("mqtest-h%");
    const char *h1 = arena_strdup(&A, row_version(ids[0]));
    page = arena_printf(&A, "{\"_embedded\":{\"events\":[ %s , %s,%s ]},\"page\":{\"number\":0}}",
                        event_json(ids[0], "One", ",\"x\":   1"),
                        event_json(ids[1], "Two (moved)", NULL), event_json(ids[2], "Three", NULL));
    CU_ASSERT_EQUAL(ingest_text(page, &s), ST_OK);
    CU_ASSERT_EQUAL(s.unchanged, 3);
    CU_ASSERT_EQUAL(s.updated + s.inserted, 0);
    const char *h1b = row_version(ids[0]);
    CU_ASSERT(strstr(h1b, "|false|1:") != NULL);
    CU_ASSERT_STRING_NOT_EQUAL(strchr(h1b, '|'), strchr(h1, '|')); /* new hash */

    /* A row from before 007 (no source_hash) is sent once, stays unpending. */
    query1("it_forget_hash",
           "WITH u AS (UPDATE extracted_events SET source_hash = NULL WHERE id = $1"
           " RETURNING id) SELECT count(*) FROM u",
           ids[2]);
    CU_ASSERT_EQUAL(ingest_text(page, &s), ST_OK);
    CU_ASSERT_EQUAL(s.unchanged, 3);
    CU_ASSERT(strstr(row_version(ids[2]), "|false|1:") != NULL);
}

/* Events are sent as received, except one with a lone surrogate escape:
 * jsonb refuses it, json-c reads U+FFFD, and that is what was always stored. */
static void a_lone_surrogate_is_stored_as_json_c_reads_it(void)
{
    struct ingest_stats s;
    const char *page =
        arena_printf(&A, "{\"_embedded\":{\"events\":[%s,%s]}}",
                     event_json("mqtest-s1", "Sur", ",\"info\":\"lone \\ud800 x\""),
                     event_json("mqtest-s2", "Pair", ",\"info\":\"\\ud83d\\ude00\""));

    for (int run = 0; run < 2; run++) {
        CU_ASSERT_EQUAL(ingest_text(page, &s), ST_OK);
        CU_ASSERT_EQUAL(s.inserted, run == 0 ? 2 : 0);
        CU_ASSERT_EQUAL(s.unchanged, run == 0 ? 0 : 2);
        CU_ASSERT_EQUAL(s.rejected, 0);
    }
    CU_ASSERT_STRING_EQUAL(query1("it_raw_info",
                                  "SELECT raw->>'info' FROM extracted_events"
                                  " WHERE id = $1",
                                  "mqtest-s1"),
                           "lone \xEF\xBF\xBD x");
    CU_ASSERT_STRING_EQUAL(query1("it_raw_info",
                                  "SELECT raw->>'info' FROM extracted_events"
                                  " WHERE id = $1",
                                  "mqtest-s2"),
                           "\xF0\x9F\x98\x80");
}

/* The scanner finds the events of these pages, but one does not parse: the
 * page then goes the old way, failing whole, or repaired (bad UTF-8). */
static void a_page_the_scanner_reads_but_json_c_refuses(void)
{
    struct ingest_stats s;
    const char *page = arena_printf(&A, "{\"_embedded\":{\"events\":[%s,%s]}}",
                                    event_json("mqtest-x1", "Fine", NULL),
                                    event_json("mqtest-x2", "Broken", ",\"v\":tru"));

    CU_ASSERT_EQUAL(ingest_text(page, &s), ST_INVALID);
    CU_ASSERT_EQUAL(s.pages, 1);
    CU_ASSERT_EQUAL(s.pages_failed, 1);
    CU_ASSERT_EQUAL(s.events, 0);
    CU_ASSERT_PTR_NULL(row_state("mqtest-x1"));

    page = arena_printf(&A, "{\"_embedded\":{\"events\":[%s,%s]}}",
                        event_json("mqtest-x1", "Fine", NULL),
                        event_json("mqtest-x2", "Bad \xC3 byte", NULL));
    CU_ASSERT_EQUAL(ingest_text(page, &s), ST_OK);
    CU_ASSERT_EQUAL(s.pages, 1);
    CU_ASSERT_EQUAL(s.events, 2);
    CU_ASSERT_EQUAL(s.inserted, 1);
    CU_ASSERT_EQUAL(s.skipped, 1);
    CU_ASSERT_PTR_NOT_NULL(row_state("mqtest-x1"));
    CU_ASSERT_PTR_NULL(row_state("mqtest-x2"));
}

static void a_bad_row_costs_only_itself(void)
{
    struct ingest_stats s;
    /* \u0000 parses as JSON but Postgres' jsonb refuses it: the batch fails */
    const char *page =
        arena_printf(&A, "{\"_embedded\":{\"events\":[%s,%s,{\"name\":\"no id\"},%s]}}",
                     event_json("mqtest-p1", "One", NULL),
                     event_json("mqtest-p2", "Two", ",\"info\":\"nul \\u0000 byte\""),
                     event_json("mqtest-p3", "Three", NULL));

    CU_ASSERT_EQUAL(ingest_text(page, &s), ST_OK);
    CU_ASSERT_EQUAL(s.events, 4);
    CU_ASSERT_EQUAL(s.inserted, 2);
    CU_ASSERT_EQUAL(s.rejected, 1);
    CU_ASSERT_EQUAL(s.skipped, 2);
    CU_ASSERT_EQUAL(query_i64("it_like_count",
                              "SELECT count(*) FROM extracted_events WHERE id LIKE $1",
                              "mqtest-p%"),
                    2);
    CU_ASSERT_PTR_NULL(row_state("mqtest-p2"));
}

static void duplicates_empty_pages_and_error_bodies(void)
{
    struct ingest_stats s;
    const char *page =
        arena_printf(&A, "[%s,%s,%s]", event_json("mqtest-d1", "Old", NULL),
                     event_json("mqtest-d2", "Other", NULL), event_json("mqtest-d1", "New", NULL));

    CU_ASSERT_EQUAL(ingest_text(page, &s), ST_OK);
    CU_ASSERT_EQUAL(s.inserted, 2);
    CU_ASSERT_EQUAL(s.skipped, 1);
    CU_ASSERT(strncmp(row_state("mqtest-d1"), "New|", 4) == 0);
    CU_ASSERT_EQUAL(ingest_text("{\"_links\":{},\"page\":{\"size\":200,\"totalElements\":0,"
                                "\"totalPages\":0,\"number\":0}}",
                                &s),
                    ST_OK);
    CU_ASSERT_EQUAL(s.events, 0);
    CU_ASSERT_EQUAL(s.pages, 1);
    CU_ASSERT_EQUAL(ingest_text("{\"fault\":{\"faultstring\":\"Invalid ApiKey\"}}", &s),
                    ST_INVALID);
    CU_ASSERT_EQUAL(s.pages_failed, 1);
    CU_ASSERT_EQUAL(ingest_text("{\"_embedded\":{\"events\":[", &s), ST_INVALID);
}

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    fputs(text, f);
    fclose(f);
}

static void a_directory_is_ingested_in_name_order(void)
{
    struct ingest_stats s = { 0 };
    char tmpl[] = "/tmp/mqtest-ingest-XXXXXX";
    const char *dir = mkdtemp(tmpl);
    static const char *const names[] = { "b.json", "a.json", "c.json", "notes.txt",
                                         "classifications_x.json" };

    CU_ASSERT_PTR_NOT_NULL_FATAL(dir);
    write_file(arena_printf(&A, "%s/a.json", dir),
               arena_printf(&A, "[%s]", event_json("mqtest-f1", "From a", NULL)));
    write_file(arena_printf(&A, "%s/b.json", dir),
               arena_printf(&A, "[%s]", event_json("mqtest-f1", "From b", NULL)));
    write_file(arena_printf(&A, "%s/c.json", dir), "not json");
    write_file(arena_printf(&A, "%s/notes.txt", dir), "ignored");
    write_file(arena_printf(&A, "%s/classifications_x.json", dir), "ignored too");
    CU_ASSERT_EQUAL(ingest_dir(&DB, dir, &s), ST_INVALID);
    CU_ASSERT_EQUAL(s.pages, 3);
    CU_ASSERT_EQUAL(s.pages_failed, 1);
    CU_ASSERT_EQUAL(s.inserted, 1);
    CU_ASSERT_EQUAL(s.updated, 1);
    CU_ASSERT(strncmp(row_state("mqtest-f1"), "From b|", 7) == 0);
    for (size_t i = 0; i < MQ_ARRAY_LEN(names); i++)
        unlink(arena_printf(&A, "%s/%s", dir, names[i]));
    rmdir(dir);
    CU_ASSERT_EQUAL(ingest_dir(&DB, "/nonexistent/mqtest", &s), ST_NOT_FOUND);
}

static void only_one_run_holds_the_lock(void)
{
    struct pg other;
    pg_init(&other, itest_database_url(), 5, 10000, "itest-ingest-lock");
    CU_ASSERT_EQUAL(job_lock(&DB, &A, "mqtest-lock"), ST_OK);
    CU_ASSERT_EQUAL(job_lock(&other, &A, "mqtest-lock"), ST_CONFLICT);
    pg_release(&other);
    query1("it_unlock", "SELECT pg_advisory_unlock(hashtext($1))", "mqtest-lock");
}

static void classifications_give_six_genres_with_others(void)
{
    struct genres_stats s = { 0 };
    size_t len;
    /* 2016 first, so the newer 2023 names are the ones left in place */
    const char *text = fixture_page("nock-2016/classification_all-200.json", &len);
    CU_ASSERT_EQUAL(genres_import_page(&DB, &A, text, len, &s), ST_OK);
    text = fixture_page("classifications/classifications_segments-only_2023-09.json", &len);
    CU_ASSERT_EQUAL(genres_import_page(&DB, &A, text, len, &s), ST_OK);
    CU_ASSERT_EQUAL(s.genres, 12);
    CU_ASSERT_EQUAL(s.subgenres, 112 + 124);
    CU_ASSERT_EQUAL(s.skipped, 11); /* the nulls of the segments-only format */
    CU_ASSERT_STRING_EQUAL(
        query1("it_genre_name", "SELECT name FROM genres WHERE id = $1", "KZFzniwnSyZfZ7v7nl"),
        "Others");
    CU_ASSERT_EQUAL(query_i64("it_genre_count",
                              "SELECT count(*) FROM genres WHERE id LIKE $1 AND name <> "
                              "'Undefined'",
                              "KZFzniwnSyZfZ7v7n%"),
                    6);
    /* again: nothing to do */
    memset(&s, 0, sizeof(s));
    CU_ASSERT_EQUAL(genres_import_page(&DB, &A, text, len, &s), ST_OK);
    CU_ASSERT_EQUAL(s.inserted + s.updated, 0);
    CU_ASSERT_EQUAL(s.unchanged, 6 + 124);
}

static int cleanup(void)
{
    return pg_exec_sql(&DB, "DELETE FROM extracted_events WHERE id LIKE 'mqtest-%'") == ST_OK ? 0
                                                                                              : -1;
}

static int setup(void)
{
    arena_init(&A, 0);
    pg_init(&DB, itest_database_url(), 5, 60000, "itest-ingest");
    return cleanup();
}

static int teardown(void)
{
    int rc = cleanup();
    pg_release(&DB);
    arena_release(&A);
    return rc;
}

int suite_ingest_db(void)
{
    static const struct itest_case cases[] = {
        { "every recorded page lands", every_recorded_page_lands },
        { "missing fields are NULL", missing_fields_are_null },
        { "local start is converted by Postgres", local_start_is_converted_by_postgres },
        { "re-ingest changes nothing; edits are pending",
          reingest_changes_nothing_and_edits_are_pending },
        { "unchanged events are skipped by source_hash",
          unchanged_events_are_skipped_by_source_hash },
        { "a lone surrogate is stored as json-c reads it",
          a_lone_surrogate_is_stored_as_json_c_reads_it },
        { "a page the scanner reads but json-c refuses",
          a_page_the_scanner_reads_but_json_c_refuses },
        { "a bad row costs only itself", a_bad_row_costs_only_itself },
        { "duplicates, empty pages and error bodies", duplicates_empty_pages_and_error_bodies },
        { "a directory is ingested in name order", a_directory_is_ingested_in_name_order },
        { "only one run holds the lock", only_one_run_holds_the_lock },
        { "classifications give six genres with Others",
          classifications_give_six_genres_with_others },
        { NULL, NULL },
    };
    return itest_register("ingest (db)", cases, setup, teardown);
}
