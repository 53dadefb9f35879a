/*
 * The catalogue pages through nginx: /genres/{name} (filters in the URL,
 * "Page X of Y" agreeing with /api/events, 400/404 pages, the page cache
 * for anonymous readers only) and /search (escaping, no results, "load
 * more" as a plain link to the next batch, agreeing with /api/search).
 */
#include "config.h"
#include "core/common.h"
#include "tests/integration/itest_session.h"
#include "core/timeutil.h"
#include "infra/json.h"

#include <ctype.h>

#define PER_PAGE   20
#define MAX_WEIGHT (60 * 1024) /* the page weight budget, bytes of HTML */
#define ID_LEN     64

static struct arena A;

struct page_resp {
    long status;
    const char *type;
    const char *x_cache;
    const char *body; /* arena */
    size_t len;
};

static struct page_resp fetch(const char *path, const struct itest_user *as)
{
    struct http_resp r;
    if (as)
        itest_as(as, AS_COOKIE_NO_CSRF, "GET", path, NULL, &r);
    else
        http_get(path, &r);
    struct page_resp p = { .status = r.status,
                           .type = arena_strdup(&A, r.content_type),
                           .x_cache = arena_strdup(&A, r.x_cache),
                           .body = arena_strndup(&A, r.body.data ? r.body.data : "", r.body.len),
                           .len = r.body.len };
    http_resp_release(&r);
    return p;
}

static bool ends_with(const char *s, const char *tail)
{
    size_t n = strlen(s), m = strlen(tail);
    return n >= m && strcmp(s + n - m, tail) == 0;
}

static bool has(const struct page_resp *p, const char *needle)
{
    return strstr(p->body, needle) != NULL;
}

/* The "total" of an /api/events or the like. */
static int64_t api_total(const char *path)
{
    long st;
    int64_t total = -1;
    struct json_object *o = http_get_json(&A, path, &st);
    CU_ASSERT_EQUAL(st, 200);
    if (!o || !json_int64(json_path(o, "total"), &total))
        CU_FAIL("no total");
    return total;
}

static int64_t pages_of(int64_t total)
{
    return total > 0 ? (total + PER_PAGE - 1) / PER_PAGE : 1;
}

/* The event ids the page's cards link to, in order; returns how many. */
static int card_ids(const char *body, const char **ids, int max)
{
    int n = 0;
    for (const char *c = body; n < max && (c = strstr(c, "<a href=\"/events/")); c += 17)
        ids[n++] = arena_strndup(&A, c + 17, ID_LEN);
    return n;
}

/* "YYYY-MM-DD" days from today (UTC). */
static const char *day_from_today(int days)
{
    char iso[TIME_ISO_LEN];
    time_format_iso(time_now() + (int64_t)days * 86400, iso);
    return arena_strndup(&A, iso, 10);
}

/* The href of the first <a ...needle...>'s href attribute, &amp; undone. */
static const char *href_of(const char *body, const char *needle)
{
    const char *at = strstr(body, needle);
    if (!at)
        return NULL;
    const char *h = strstr(at, "href=\"");
    if (!h)
        return NULL;
    h += 6;
    struct buf *b = buf_new_arena(&A, 0);
    for (const char *c = h; *c && *c != '"'; c++) {
        if (strncmp(c, "&amp;", 5) == 0) {
            buf_putc(b, '&');
            c += 4;
        } else {
            buf_putc(b, *c);
        }
    }
    return b->data;
}

struct pages_agree {
    const char *page, *api;
    const char *want; /* last seen "Page X of Y" wanted */
};

/* The page's "Page X of Y" is the API's total in pages. Polled: a list
 * from "now" can lose an event when a minute turns between the two reads. */
static bool page_count_agrees(void *arg)
{
    struct pages_agree *w = arg;
    int64_t total = api_total(w->api);
    struct page_resp p = fetch(w->page, NULL);
    const char *at = strstr(w->page, "page=");
    long x = at ? strtol(at + 5, NULL, 10) : 1;
    w->want = arena_printf(&A, "Page %ld of %lld", x, (long long)pages_of(total));
    return p.status == 200 && has(&p, w->want);
}

static void genre_page_counts_pages_like_the_api(void)
{
    struct pages_agree w = { "/genres/music", "/api/events?genre=music&limit=1", NULL };
    CU_ASSERT_TRUE(itest_poll(page_count_agrees, &w, 3000, 100));
    struct page_resp p = fetch("/genres/music?page=2", NULL);
    CU_ASSERT_EQUAL(p.status, 200);
    CU_ASSERT_STRING_EQUAL(p.type, "text/html; charset=utf-8");
    CU_ASSERT_TRUE(p.len <= MAX_WEIGHT);
    /* The tree's spelling of the genre, whatever the URL's case. */
    CU_ASSERT_TRUE(has(&p, "<h1>Music events</h1>"));
    CU_ASSERT_TRUE(has(&p, "<title>Music events, page 2 · Marquee</title>"));
    CU_ASSERT_TRUE(has(&p, "/genres/Music?page=2\">"));
    CU_ASSERT_TRUE(has(&p, "href=\"/genres/Music?page=2\" aria-current=\"page\""));
    CU_ASSERT_TRUE(has(&p, "href=\"/genres/Music\" rel=\"prev\""));
    CU_ASSERT_TRUE(has(&p, "href=\"/genres/Music?page=3\" rel=\"next\""));
    CU_ASSERT_TRUE(has(&p, "<nav aria-label=\"Pagination\">"));
    const char *ids[PER_PAGE + 1];
    CU_ASSERT_EQUAL(card_ids(p.body, ids, PER_PAGE + 1), PER_PAGE);
}

static void genre_filters_are_kept_in_the_links(void)
{
    const char *from = day_from_today(2), *to = day_from_today(60);
    const char *q = arena_printf(&A, "subGenre=rock&from=%s&to=%s&sort=name", from, to);
    const char *api =
        arena_printf(&A, "/api/events?genre=Music&subGenre=rock&from=%s&to=%s&sort=name&limit=1",
                     from, day_from_today(61));
    struct pages_agree w = { arena_printf(&A, "/genres/Music?%s", q), api, NULL };
    CU_ASSERT_TRUE(itest_poll(page_count_agrees, &w, 3000, 100));
    struct page_resp p = fetch(w.page, NULL);
    CU_ASSERT_EQUAL(p.status, 200);
    const char *kept =
        arena_printf(&A, "/genres/Music?subGenre=Rock&from=%s&to=%s&sort=name", from, to);
    const char *canonical = href_of(p.body, "rel=\"canonical\"");
    CU_ASSERT_PTR_NOT_NULL_FATAL(canonical);
    CU_ASSERT_TRUE(ends_with(canonical, kept));
    CU_ASSERT_TRUE(has(&p, "<option value=\"Rock\" selected>Rock</option>"));
    CU_ASSERT_TRUE(has(&p, "<option value=\"name\" selected>Name</option>"));
    CU_ASSERT_TRUE(has(&p, arena_printf(&A, "name=\"from\" type=\"date\" value=\"%s\"", from)));
    CU_ASSERT_TRUE(has(&p, arena_printf(&A, "name=\"to\" type=\"date\" value=\"%s\"", to)));
    if (api_total(api) > PER_PAGE)
        CU_ASSERT_TRUE(has(&p, arena_printf(&A,
                                            "<a href=\"/genres/Music?subGenre=Rock&amp;from=%s&amp;"
                                            "to=%s&amp;sort=name&amp;page=2\" rel=\"next\">",
                                            from, to)));
    /* Every card is a Rock event. */
    const char *ids[PER_PAGE];
    int n = card_ids(p.body, ids, PER_PAGE);
    for (int i = 0; i < n; i++) {
        long st;
        struct json_object *e = http_get_json(&A, arena_printf(&A, "/api/events/%s", ids[i]), &st);
        CU_ASSERT_STRING_EQUAL(json_path_str(e, "subGenre"), "Rock");
    }
}

static void a_page_past_the_last_says_so(void)
{
    struct page_resp p = fetch("/genres/Music?page=500", NULL);
    CU_ASSERT_EQUAL(p.status, 200);
    CU_ASSERT_TRUE(has(&p, "Page 500 of "));
    CU_ASSERT_TRUE(has(&p, "<a href=\"/genres/Music\">Go to page 1</a>"));
    const char *ids[1];
    CU_ASSERT_EQUAL(card_ids(p.body, ids, 1), 0);
}

static void no_events_is_said_plainly(void)
{
    struct page_resp p = fetch("/genres/Music?from=2099-01-01&to=2099-01-02", NULL);
    CU_ASSERT_EQUAL(p.status, 200);
    CU_ASSERT_TRUE(has(&p, "No Music events match these filters."));
    CU_ASSERT_FALSE(has(&p, "aria-label=\"Pagination\""));
}

static void an_unknown_genre_is_a_404_page(void)
{
    struct page_resp p = fetch("/genres/No%20Such%20Genre", NULL);
    CU_ASSERT_EQUAL(p.status, 404);
    CU_ASSERT_STRING_EQUAL(p.type, "text/html; charset=utf-8");
    CU_ASSERT_TRUE(has(&p, "There is no genre called “No Such Genre”"));
    p = fetch("/genres/%3Cb%3E", NULL);
    CU_ASSERT_EQUAL(p.status, 404);
    CU_ASSERT_TRUE(has(&p, "“&lt;b&gt;”"));
}

static void bad_filters_are_a_400_page_naming_the_field(void)
{
    static const char *const cases[][2] = {
        { "page=0", "(page)" },
        { "page=two", "(page)" },
        { "page=99999", "(page)" },
        { "from=2026-02-30", "(from)" },
        { "to=tomorrow", "(to)" },
        { "from=2030-01-02&to=2030-01-01", "(from)" },
        { "to=2020-01-01", "(to)" },
        { "sort=price", "(sort)" },
        { "subGenre=Opera", "(subGenre)" },
    };
    for (size_t i = 0; i < MQ_ARRAY_LEN(cases); i++) {
        struct page_resp p = fetch(arena_printf(&A, "/genres/Music?%s", cases[i][0]), NULL);
        CU_ASSERT_EQUAL(p.status, 400);
        CU_ASSERT_TRUE(has(&p, cases[i][1]));
        CU_ASSERT_TRUE(has(&p, "<meta name=\"robots\" content=\"noindex\">"));
    }
    /* An untouched form control sends "name=": that is no filter. */
    CU_ASSERT_EQUAL(fetch("/genres/Music?subGenre=&from=&to=&sort=", NULL).status, 200);
}

static void genre_pages_are_cached_for_anonymous_readers_only(void)
{
    struct itest_user u;
    const char *path = "/genres/Sports?sort=popularity";
    fetch(path, NULL); /* stores it, if it was not */
    struct page_resp p = fetch(path, NULL);
    CU_ASSERT_EQUAL(p.status, 200);
    CU_ASSERT_STRING_EQUAL(p.x_cache, "hit");
    CU_ASSERT_TRUE_FATAL(itest_new_user("it_webcat", &u));
    for (int i = 0; i < 2; i++) {
        p = fetch(path, &u);
        CU_ASSERT_EQUAL(p.status, 200);
        CU_ASSERT_STRING_NOT_EQUAL(p.x_cache, "hit");
        CU_ASSERT_TRUE(has(&p, u.username));
    }
    /* ...and what a signed-in reader saw never reaches anyone else. */
    p = fetch(path, NULL);
    CU_ASSERT_STRING_EQUAL(p.x_cache, "hit");
    CU_ASSERT_FALSE(has(&p, u.username));
}

static void search_echoes_the_query_escaped(void)
{
    struct page_resp p = fetch("/search?q=%3Cqqzxv%3Ewvkjq%3C%2Fqqzxv%3E", NULL);
    CU_ASSERT_EQUAL(p.status, 200);
    CU_ASSERT_STRING_EQUAL(p.type, "text/html; charset=utf-8");
    CU_ASSERT_STRING_EQUAL(p.x_cache, "");
    CU_ASSERT_FALSE(has(&p, "<qqzxv>"));
    CU_ASSERT_TRUE(has(&p, "No results for “&lt;qqzxv&gt;wvkjq&lt;/qqzxv&gt;”"));
    /* The header's search box keeps the query too. */
    CU_ASSERT_TRUE(has(&p, "value=\"&lt;qqzxv&gt;wvkjq&lt;/qqzxv&gt;\""));
}

static void no_results_suggests_what_to_try(void)
{
    struct page_resp p = fetch("/search?q=qqqxzzzv", NULL);
    CU_ASSERT_EQUAL(p.status, 200);
    CU_ASSERT_TRUE(has(&p, "<h1>No results for “qqqxzzzv”</h1>"));
    CU_ASSERT_TRUE(has(&p, "Check the spelling"));
    CU_ASSERT_TRUE(has(&p, "href=\"/genres/Music\""));
    CU_ASSERT_FALSE(has(&p, "data-load-more"));
}

static void search_without_a_query_is_the_form(void)
{
    struct page_resp p = fetch("/search", NULL);
    CU_ASSERT_EQUAL(p.status, 200);
    CU_ASSERT_TRUE(has(&p, "<label for=\"search-q\">"));
    CU_ASSERT_FALSE(has(&p, "id=\"search-results\""));
    CU_ASSERT_EQUAL(fetch("/search?q=", NULL).status, 200);
    CU_ASSERT_EQUAL(fetch("/search?q=%21%3F", NULL).status, 400);
    struct buf *longq = buf_new_arena(&A, 0);
    for (int i = 0; i < 201; i++)
        buf_putc(longq, 'a');
    p = fetch(arena_printf(&A, "/search?q=%s", longq->data), NULL);
    CU_ASSERT_EQUAL(p.status, 400);
    CU_ASSERT_TRUE(has(&p, "at most 200 characters"));
    CU_ASSERT_EQUAL(fetch("/search?q=the&cursor=bogus", NULL).status, 400);
}

/* The first batch is /api/search's, and "load more" leads to the next one:
 * other events, the same ones the API's cursor gives. */
static void load_more_leads_to_the_next_batch(void)
{
    const char *first[PER_PAGE + 1], *next[PER_PAGE + 1];
    struct page_resp p = fetch("/search?q=the", NULL);
    CU_ASSERT_EQUAL_FATAL(p.status, 200);
    CU_ASSERT_TRUE(p.len <= MAX_WEIGHT);
    int n = card_ids(p.body, first, PER_PAGE + 1);
    CU_ASSERT_EQUAL(n, PER_PAGE);
    long st;
    struct json_object *o = http_get_json(&A, "/api/search?q=the&limit=20", &st);
    struct json_object *items = json_path(o, "items");
    CU_ASSERT_EQUAL_FATAL(json_arr_len(items), (size_t)n);
    for (int i = 0; i < n; i++)
        CU_ASSERT_STRING_EQUAL(json_path_str(json_arr_get(items, (size_t)i), "id"), first[i]);

    const char *more = href_of(p.body, "<p class=\"more\">");
    CU_ASSERT_PTR_NOT_NULL_FATAL(more);
    CU_ASSERT_STRING_EQUAL(
        more, arena_printf(&A, "/search?q=the&cursor=%s", json_path_str(o, "nextCursor")));
    p = fetch(more, NULL);
    CU_ASSERT_EQUAL(p.status, 200);
    CU_ASSERT_TRUE(has(&p, "Showing more results for “the”"));
    CU_ASSERT_TRUE(has(&p, "<a href=\"/search?q=the\">Back to the first results</a>"));
    int m = card_ids(p.body, next, PER_PAGE + 1);
    CU_ASSERT_TRUE(m > 0);
    for (int i = 0; i < m; i++)
        for (int j = 0; j < n; j++)
            CU_ASSERT_STRING_NOT_EQUAL(next[i], first[j]);
}

/* A letter dropped from a real event's name still finds it. */
static void search_forgives_a_typo(void)
{
    long st;
    struct json_object *o = http_get_json(&A, "/api/events?sort=popularity&limit=20", &st);
    const char *id = NULL, *name = NULL;
    /* A plain name (not one of the hostile fixture's, which are markup and
     * longer than a query may be). */
    for (int i = 0; i < 20 && !name; i++) {
        struct json_object *e = json_arr_get(json_path(o, "items"), i);
        const char *n = json_path_str(e, "name");
        if (n && strlen(n) < 80 && !strpbrk(n, "<>\"")) {
            name = n;
            id = json_path_str(e, "id");
        }
    }
    CU_ASSERT_PTR_NOT_NULL_FATAL(name);
    /* Drop the second letter of its longest word. */
    size_t best = 0, best_len = 0, len = 0;
    for (size_t i = 0; name[i]; i++) {
        len = isalpha((unsigned char)name[i]) ? len + 1 : 0;
        if (len > best_len) {
            best_len = len;
            best = i + 1 - len;
        }
    }
    CU_ASSERT_TRUE_FATAL(best_len >= 4);
    char *typo = arena_strdup(&A, name);
    memmove(typo + best + 1, typo + best + 2, strlen(typo + best + 2) + 1);
    struct page_resp p = fetch(arena_printf(&A, "/search?q=%s", itest_url_encode(&A, typo)), NULL);
    CU_ASSERT_EQUAL(p.status, 200);
    CU_ASSERT_TRUE(has(&p, arena_printf(&A, "/events/%s\"", id)));
}

static int setup(void)
{
    arena_init(&A, 0);
    return 0;
}

static int teardown(void)
{
    arena_release(&A);
    return 0;
}

int suite_web_catalogue(void)
{
    static const struct itest_case cases[] = {
        { "genre page counts pages like the API", genre_page_counts_pages_like_the_api },
        { "genre filters are kept in the links", genre_filters_are_kept_in_the_links },
        { "a page past the last says so", a_page_past_the_last_says_so },
        { "no events is said plainly", no_events_is_said_plainly },
        { "an unknown genre is a 404 page", an_unknown_genre_is_a_404_page },
        { "bad filters are a 400 page naming the field",
          bad_filters_are_a_400_page_naming_the_field },
        { "genre pages are cached for anonymous readers only",
          genre_pages_are_cached_for_anonymous_readers_only },
        { "search echoes the query escaped", search_echoes_the_query_escaped },
        { "no results suggests what to try", no_results_suggests_what_to_try },
        { "search without a query is the form", search_without_a_query_is_the_form },
        { "load more leads to the next batch", load_more_leads_to_the_next_batch },
        { "search forgives a typo", search_forgives_a_typo },
        { NULL, NULL },
    };
    return itest_register("integration/web-catalogue", cases, setup, teardown);
}
