/*
 * The pieces of /api/search that need no database: words, typo budget and
 * distance, dictionary expansion, cursors.
 */
#include "config.h"
#include "core/common.h"
#include "app/search/search_cursor.h"
#include "app/search/search_dict.h"
#include "app/search/search_text.h"
#include "core/arena.h"
#include "core/base64.h"
#include "tests/unit/suites.h"
#include "tests/unit/testutil.h"

static void splits_like_marquee_words(void)
{
    struct arena a;
    struct search_word w[SEARCH_MAX_WORDS];
    arena_init(&a, 0);
    /* ASCII punctuation separates; UTF-8 stays inside words; ASCII folds */
    int n = search_split(&a, "  Toronto RAPTORS vs. Boston -- Beyoncé's_x", w, SEARCH_MAX_WORDS);
    CU_ASSERT_EQUAL_FATAL(n, 7);
    CU_ASSERT_STRING_EQUAL(w[0].text, "toronto");
    CU_ASSERT_STRING_EQUAL(w[1].text, "raptors");
    CU_ASSERT_STRING_EQUAL(w[2].text, "vs");
    CU_ASSERT_STRING_EQUAL(w[4].text, "beyoncé");
    CU_ASSERT_EQUAL(w[4].chars, 7);
    CU_ASSERT_STRING_EQUAL(w[5].text, "s");
    CU_ASSERT_STRING_EQUAL(w[6].text, "x");
    CU_ASSERT_FALSE(w[6].prefix); /* one letter: no prefix */
    CU_ASSERT_STRING_EQUAL(search_joined(&a, w, 3), "toronto raptors vs");
    CU_ASSERT_EQUAL(search_split(&a, "a b c d e f g h i j k", w, SEARCH_MAX_WORDS), -1);
    CU_ASSERT_EQUAL(search_split(&a, " !! -- ", w, SEARCH_MAX_WORDS), 0);
    n = search_split(&a, "taylor sw", w, SEARCH_MAX_WORDS);
    CU_ASSERT_TRUE(w[1].prefix && !w[0].prefix);
    arena_release(&a);
}

static void budget_follows_the_spec(void)
{
    static const int want[] = { 0, 0, 0, 1, 1, 1, 2, 2, 2, 2 };
    for (int len = 0; len < 10; len++)
        CU_ASSERT_EQUAL(search_edit_budget(len), want[len]);
}

static int osa(const char *x, const char *y, int max)
{
    uint32_t a[64], b[64];
    int na = search_decode(x, strlen(x), a, 64), nb = search_decode(y, strlen(y), b, 64);
    return search_osa(a, na, b, nb, max);
}

static void osa_counts_a_transposition_as_one_edit(void)
{
    CU_ASSERT_EQUAL(osa("swift", "swift", 2), 0);
    CU_ASSERT_EQUAL(osa("swfit", "swift", 2), 1);
    CU_ASSERT_EQUAL(osa("bac", "abc", 1), 1);
    CU_ASSERT_EQUAL(osa("sparows", "sparrows", 2), 1);
    CU_ASSERT_EQUAL(osa("tayler", "taylor", 2), 1);
    CU_ASSERT_EQUAL(osa("beyonce", "beyoncé", 2), 1); /* code points, not bytes */
    CU_ASSERT_EQUAL(osa("kitten", "sitting", 2), 3);  /* over the cap: max + 1 */
    CU_ASSERT_EQUAL(osa("abc", "abcdef", 2), 3);
    CU_ASSERT_EQUAL(osa("", "ab", 2), 2);
}

static void expansion_respects_the_budget(void)
{
    static const char *const words[] = { "jazz",    "jaz",     "jams", "raptors", "raptor",
                                         "rapters", "captors", "rap",  "reptiles" };
    static const int counts[] = { 50, 2, 7, 30, 4, 1, 3, 9, 5 };
    struct arena a;
    struct search_word w[2];
    struct search_term *t;
    struct search_dict *d = search_dict_new();
    CU_ASSERT_PTR_NOT_NULL_FATAL(d);
    arena_init(&a, 0);
    search_dict_set(d, words, counts, MQ_ARRAY_LEN(words));
    CU_ASSERT_EQUAL(search_dict_size(d), MQ_ARRAY_LEN(words));

    CU_ASSERT_EQUAL_FATAL(search_split(&a, "jazx", w, 2), 1); /* 4 letters: 1 edit */
    int n = search_dict_expand(d, &a, &w[0], &t);
    CU_ASSERT_EQUAL_FATAL(n, 3);
    CU_ASSERT_STRING_EQUAL(t[0].text, "jazx"); /* the word itself first */
    CU_ASSERT_STRING_EQUAL(t[1].text, "jazz"); /* then closest, most frequent */
    CU_ASSERT_STRING_EQUAL(t[2].text, "jaz");

    CU_ASSERT_EQUAL_FATAL(search_split(&a, "raptros", w, 2), 1); /* 7 letters: 2 edits */
    n = search_dict_expand(d, &a, &w[0], &t);
    CU_ASSERT_EQUAL_FATAL(n, 5);
    CU_ASSERT_STRING_EQUAL(t[1].text, "raptors"); /* transposition: 1 */
    CU_ASSERT_EQUAL(t[1].edits, 1);
    CU_ASSERT_STRING_EQUAL(t[2].text, "raptor"); /* 2 edits, the most frequent first */
    CU_ASSERT_STRING_EQUAL(t[3].text, "captors");
    CU_ASSERT_STRING_EQUAL(t[4].text, "rapters");
    for (int i = 0; i < n; i++)
        CU_ASSERT_STRING_NOT_EQUAL(t[i].text, "reptiles");

    CU_ASSERT_EQUAL_FATAL(search_split(&a, "ra", w, 2), 1); /* 2 letters: exact only */
    CU_ASSERT_EQUAL(search_dict_expand(d, &a, &w[0], &t), 1);
    CU_ASSERT_EQUAL_FATAL(search_split(&a, "jazz", w, 2), 1);
    n = search_dict_expand(d, &a, &w[0], &t);
    CU_ASSERT_EQUAL(t[0].events, 50); /* the word's own count when known */
    /* how many events may match: expansions, and words the last one starts */
    CU_ASSERT_EQUAL_FATAL(search_split(&a, "rap", w, 2), 1);
    n = search_dict_expand(d, &a, &w[0], &t);
    CU_ASSERT_EQUAL(search_dict_events(d, &w[0], t, n), 9 + (30 + 4 + 1 + 9));
    w[0].prefix = false;
    CU_ASSERT_EQUAL(search_dict_events(d, &w[0], t, n), 9);
    CU_ASSERT_EQUAL_FATAL(search_split(&a, "zz", w, 2), 1);
    n = search_dict_expand(d, &a, &w[0], &t);
    CU_ASSERT_EQUAL(search_dict_events(d, &w[0], t, n), 0);
    search_dict_free(d);
    arena_release(&a);
}

static void cursor_round_trips(void)
{
    struct arena a;
    struct search_cursor c = { .set = true, .backend = 'p', .query = 0xdeadbeef, .key = 3000041 },
                         d;
    arena_init(&a, 0);
    memset(c.id, 'a', 64);
    c.id[64] = '\0';
    const char *s = search_cursor_encode(&a, &c);
    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    CU_ASSERT_EQUAL(search_cursor_decode(s, &d), ST_OK);
    CU_ASSERT_TRUE(d.set && d.backend == 'p' && d.query == 0xdeadbeef && d.key == 3000041);
    CU_ASSERT_STRING_EQUAL(d.id, c.id);
    c.backend = 'e';
    c.score = 1.3862942;
    CU_ASSERT_EQUAL(search_cursor_decode(search_cursor_encode(&a, &c), &d), ST_OK);
    CU_ASSERT_TRUE(d.backend == 'e' && d.score == 1.3862942); /* exact, not close */
    arena_release(&a);
}

static const char *b64(const char *text)
{
    static char out[512];
    base64url_encode(out, (const unsigned char *)text, strlen(text));
    return out;
}

static void garbage_cursors_are_refused(void)
{
    struct search_cursor d;
    char id[65], line[256];
    memset(id, 'b', 64);
    id[64] = '\0';
    static const char *const bad[] = { "", "x", "!!!!", "YQ==", "1|p|deadbeef|12" };
    for (size_t i = 0; i < MQ_ARRAY_LEN(bad); i++)
        CU_ASSERT_EQUAL(search_cursor_decode(bad[i], &d), ST_INVALID);
    static const struct {
        const char *head;
        int idlen;
        const char *tail;
    } bad2[] = {
        { "2|p|deadbeef|12|", 64, "" },  { "1|x|deadbeef|12|", 64, "" },
        { "1|p|DEADBEEF|12|", 64, "" },  { "1|p|deadbee|12|", 64, "" },
        { "1|p|deadbeef|-1|", 64, "" },  { "1|p|deadbeef|1x|", 64, "" },
        { "1|e|deadbeef|nan|", 64, "" }, { "1|e|deadbeef|inf|", 64, "" },
        { "1|p|deadbeef|12|", 64, "|" }, { "1|p|deadbeef|12|", 63, "" },
        { "1|pp|deadbeef|12|", 64, "" },
    };
    for (size_t i = 0; i < MQ_ARRAY_LEN(bad2); i++) {
        snprintf(line, sizeof(line), "%s%.*s%s", bad2[i].head, bad2[i].idlen, id, bad2[i].tail);
        CU_ASSERT_EQUAL(search_cursor_decode(b64(line), &d), ST_INVALID);
    }
    snprintf(line, sizeof(line), "1|p|deadbeef|12|%s", id);
    CU_ASSERT_EQUAL(search_cursor_decode(b64(line), &d), ST_OK);
    char nul[] = "1|p|deadbeef|12|\0bbb";
    char enc[64];
    base64url_encode(enc, (const unsigned char *)nul, sizeof(nul) - 1);
    CU_ASSERT_EQUAL(search_cursor_decode(enc, &d), ST_INVALID);
    char long_cursor[SEARCH_CURSOR_MAX + 2];
    memset(long_cursor, 'A', sizeof(long_cursor) - 1);
    long_cursor[sizeof(long_cursor) - 1] = '\0';
    CU_ASSERT_EQUAL(search_cursor_decode(long_cursor, &d), ST_INVALID);
}

static void fingerprint_tells_queries_apart(void)
{
    uint32_t f = search_fingerprint("jazz night", "Music", 0, 100);
    CU_ASSERT_EQUAL(f, search_fingerprint("jazz night", "MUSIC", 0, 100));
    CU_ASSERT_NOT_EQUAL(f, search_fingerprint("jazz nights", "Music", 0, 100));
    CU_ASSERT_NOT_EQUAL(f, search_fingerprint("jazz night", NULL, 0, 100));
    CU_ASSERT_NOT_EQUAL(f, search_fingerprint("jazz night", "Music", 0, 101));
}

int suite_search(void)
{
    static const struct test_case cases[] = {
        { "splits words like marquee_words()", splits_like_marquee_words },
        { "edit budget: 0 up to 2 letters, 1 up to 5, then 2", budget_follows_the_spec },
        { "OSA distance counts a transposition as one edit",
          osa_counts_a_transposition_as_one_edit },
        { "expansion respects the budget, closest first", expansion_respects_the_budget },
        { "cursors round-trip exactly", cursor_round_trips },
        { "garbage cursors are refused", garbage_cursors_are_refused },
        { "the fingerprint tells queries apart", fingerprint_tells_queries_apart },
        { NULL, NULL },
    };
    return test_register("app/search", cases);
}
