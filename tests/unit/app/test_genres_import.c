#include "config.h"
#include "core/common.h"
#include "app/ingest/genres_import.h"
#include "core/arena.h"
#include "infra/json.h"
#include "tests/unit/suites.h"
#include "tests/unit/testutil.h"

static enum status parse(struct arena *a, const char *text, struct genres_page *p)
{
    return genres_parse(a, text, strlen(text), p);
}

static const struct genre_row *find(const struct genre_row *rows, size_t n, const char *id)
{
    const struct genre_row *last = NULL;
    for (size_t i = 0; i < n; i++) {
        if (strcmp(rows[i].id, id) == 0)
            last = &rows[i];
    }
    return last;
}

static void full_envelope_keeps_segments_and_skips_type_items(void)
{
    struct arena a;
    struct genres_page p;
    const char *doc = "{\"_embedded\":{\"classifications\":["
                      "{\"segment\":{\"id\":\"S1\",\"name\":\"Music\",\"_embedded\":{\"genres\":["
                      "{\"id\":\"G1\",\"name\":\"Rock\"},{\"id\":\"G2\"},{\"id\":\"G3\","
                      "\"name\":\"Jazz\"}]}}},"
                      "{\"type\":{\"id\":\"T1\",\"name\":\"Group\"}},"
                      "{\"segment\":{\"id\":\"S2\",\"name\":\"Undefined\"}},"
                      "{\"segment\":null}]},\"page\":{\"totalElements\":4}}";

    arena_init(&a, 0);
    CU_ASSERT_EQUAL_FATAL(parse(&a, doc, &p), ST_OK);
    CU_ASSERT_EQUAL(p.ngenres, 2);
    CU_ASSERT_STRING_EQUAL(p.genres[0].name, "Music");
    CU_ASSERT_STRING_EQUAL(p.genres[1].name, "Others");
    CU_ASSERT_EQUAL(p.nsubgenres, 2);
    CU_ASSERT_STRING_EQUAL(p.subgenres[1].id, "G3");
    CU_ASSERT_STRING_EQUAL(p.subgenres[1].genre_id, "S1");
    CU_ASSERT_EQUAL(p.skipped, 3); /* the type item, the nameless genre, the null segment */
    arena_release(&a);
}

static void empty_error_and_malformed_pages(void)
{
    struct arena a;
    struct genres_page p;

    arena_init(&a, 0);
    CU_ASSERT_EQUAL(parse(&a, "{\"page\":{\"totalElements\":0}}", &p), ST_OK);
    CU_ASSERT_EQUAL(p.ngenres, 0);
    CU_ASSERT_EQUAL(parse(&a, "[]", &p), ST_OK);
    CU_ASSERT_EQUAL(p.ngenres, 0);
    CU_ASSERT_EQUAL(parse(&a, "{\"fault\":{\"faultstring\":\"Invalid ApiKey\"}}", &p), ST_INVALID);
    CU_ASSERT_EQUAL(parse(&a, "{\"errors\":[{\"code\":\"DIS1004\"}]}", &p), ST_INVALID);
    CU_ASSERT_EQUAL(parse(&a, "{\"_embedded\":", &p), ST_INVALID);
    CU_ASSERT_EQUAL(parse(&a, "42", &p), ST_INVALID);
    arena_release(&a);
}

/* Both recorded formats: 6 segments, "Undefined" stored as "Others". */
static void check_fixture(const char *path, bool nock, size_t subgenres)
{
    struct arena a;
    struct genres_page p;
    size_t len;
    char *text = test_read_file(path, &len);
    const char *body = text;

    CU_ASSERT_PTR_NOT_NULL_FATAL(text);
    arena_init(&a, 0);
    if (nock) {
        /* [{"scope":..., "response": <body>}]: re-serialise the body */
        char err[128];
        struct json_object *o = json_parse(&a, text, len, err, sizeof(err));
        body = json_text(json_path(json_arr_get(o, 0), "response"), &len);
        CU_ASSERT_PTR_NOT_NULL_FATAL(body);
    }
    CU_ASSERT_EQUAL_FATAL(genres_parse(&a, body, len, &p), ST_OK);
    CU_ASSERT_EQUAL(p.ngenres, 6);
    const struct genre_row *undef = find(p.genres, p.ngenres, "KZFzniwnSyZfZ7v7nl");
    CU_ASSERT_PTR_NOT_NULL_FATAL(undef);
    CU_ASSERT_STRING_EQUAL(undef->name, "Others");
    const struct genre_row *music = find(p.genres, p.ngenres, "KZFzniwnSyZfZ7v7nJ");
    CU_ASSERT_PTR_NOT_NULL_FATAL(music);
    CU_ASSERT_STRING_EQUAL(music->name, "Music");
    CU_ASSERT_EQUAL(p.nsubgenres, subgenres);
    for (size_t i = 0; i < p.nsubgenres; i++)
        CU_ASSERT_PTR_NOT_NULL(find(p.genres, p.ngenres, p.subgenres[i].genre_id));
    arena_release(&a);
    free(text);
}

static void recorded_classifications_give_six_genres(void)
{
    const char *dir = test_fixtures_dir("genres_import fixtures");
    struct arena a;

    if (!dir)
        return;
    arena_init(&a, 0);
    check_fixture(arena_printf(&a,
                               "%s/ticketmaster/classifications/"
                               "classifications_segments-only_2023-09.json",
                               dir),
                  false, 124);
    check_fixture(arena_printf(&a, "%s/ticketmaster/nock-2016/classification_all-200.json", dir),
                  true, 112);
    arena_release(&a);
}

int suite_genres_import(void)
{
    static const struct test_case cases[] = {
        { "full envelope keeps segments, skips type items",
          full_envelope_keeps_segments_and_skips_type_items },
        { "empty, error and malformed pages", empty_error_and_malformed_pages },
        { "recorded classifications give six genres (both formats)",
          recorded_classifications_give_six_genres },
        { NULL, NULL },
    };
    return test_register("app/genres_import", cases);
}
