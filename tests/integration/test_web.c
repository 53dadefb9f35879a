/*
 * The site's frame against the real stack: security headers, HTML error
 * pages, the page cache (anonymous readers only), static assets.
 */
#include "config.h"
#include "core/common.h"
#include "tests/integration/itest.h"
#include "tests/integration/itest_session.h"
#include "infra/json.h"

#include <signal.h>

static struct arena arena;

static void fetch(const char *path, const char *const *headers, struct http_resp *r)
{
    CU_ASSERT_EQUAL_FATAL(http_request_ex("GET", path, headers, NULL, NULL, 0, r), 0);
}

static void pages_carry_the_security_headers(void)
{
    struct http_resp r;
    fetch("/", NULL, &r);
    CU_ASSERT_EQUAL(r.status, 200);
    CU_ASSERT_STRING_EQUAL(r.content_type, "text/html; charset=utf-8");
    const char *csp = http_header(&arena, &r, "Content-Security-Policy");
    CU_ASSERT_PTR_NOT_NULL_FATAL(csp);
    CU_ASSERT_PTR_NOT_NULL(strstr(csp, "script-src 'self'"));
    CU_ASSERT_PTR_NOT_NULL(strstr(csp, "frame-ancestors 'none'"));
    CU_ASSERT_PTR_NULL(strstr(csp, "unsafe-inline"));
    CU_ASSERT_STRING_EQUAL(http_header(&arena, &r, "X-Content-Type-Options"), "nosniff");
    CU_ASSERT_PTR_NOT_NULL(http_header(&arena, &r, "Referrer-Policy"));
    /* COOKIE_SECURE=0 on the test stack: no HSTS over plain HTTP. */
    CU_ASSERT_PTR_NULL(http_header(&arena, &r, "Strict-Transport-Security"));
    /* No inline script: every <script> names a same-site file. */
    for (const char *s = strstr(r.body.data, "<script"); s; s = strstr(s + 1, "<script"))
        CU_ASSERT(strncmp(s, "<script src=\"/static/", 21) == 0 ||
                  strncmp(s, "<script type=\"application/ld+json\">", 35) == 0);
    http_resp_release(&r);
}

static void unknown_paths_get_the_html_404(void)
{
    struct http_resp r;
    fetch("/no/such/page?x=<b>", NULL, &r);
    CU_ASSERT_EQUAL(r.status, 404);
    CU_ASSERT_STRING_EQUAL(r.content_type, "text/html; charset=utf-8");
    CU_ASSERT_PTR_NOT_NULL(strstr(r.body.data, "<h1>Page not found</h1>"));
    CU_ASSERT_PTR_NOT_NULL(strstr(r.body.data, "<meta name=\"robots\" content=\"noindex\">"));
    CU_ASSERT_PTR_NOT_NULL(http_header(&arena, &r, "Content-Security-Policy"));
    http_resp_release(&r);
    /* The API keeps its JSON envelope. */
    fetch("/api/no-such-thing", NULL, &r);
    CU_ASSERT_EQUAL(r.status, 404);
    CU_ASSERT_STRING_EQUAL(r.content_type, "application/json");
    http_resp_release(&r);
}

static bool cached_home(void *arg)
{
    struct http_resp r;
    bool hit = http_get("/", &r) == 0 && strcmp(r.x_cache, "hit") == 0;
    if (hit)
        *(char **)arg = strdup(r.body.data);
    http_resp_release(&r);
    return hit;
}

/* Anonymous readers share one cached page; a signed-in reader's page is
 * rendered for them, names them, and is neither served from nor stored in
 * the cache. */
static void only_anonymous_pages_come_from_the_cache(void)
{
    struct itest_user u;
    struct http_resp r;
    char *anon = NULL;

    CU_ASSERT_FATAL(itest_poll(cached_home, &anon, 5000, 50));
    CU_ASSERT_PTR_NULL(strstr(anon, "Sign out"));
    CU_ASSERT_FATAL(itest_new_user("webcache", &u));
    for (int i = 0; i < 3; i++) {
        CU_ASSERT_EQUAL(itest_as(&u, AS_COOKIE, "GET", "/", NULL, &r), 0);
        CU_ASSERT_EQUAL(r.status, 200);
        CU_ASSERT_STRING_EQUAL(r.x_cache, "");
        CU_ASSERT_STRING_EQUAL(http_header(&arena, &r, "Cache-Control"), "private, no-store");
        CU_ASSERT_PTR_NOT_NULL(strstr(r.body.data, "Sign out"));
        CU_ASSERT_PTR_NOT_NULL(strstr(r.body.data, u.username));
        CU_ASSERT_STRING_EQUAL(r.content_type, "text/html; charset=utf-8");
        http_resp_release(&r);
    }
    /* And the anonymous entry did not pick up anything of theirs. */
    char *again = NULL;
    CU_ASSERT_FATAL(itest_poll(cached_home, &again, 5000, 50));
    CU_ASSERT_PTR_NULL(strstr(again, u.username));
    CU_ASSERT_PTR_NULL(strstr(again, "Sign out"));
    free(anon);
    free(again);
}

/* The stylesheet the pages name: hashed, immutable, compressed. */
static void static_assets_are_immutable_and_compressed(void)
{
    struct http_resp r;
    char path[256];
    fetch("/", NULL, &r);
    const char *css = strstr(r.body.data, "href=\"/static/app.");
    CU_ASSERT_PTR_NOT_NULL_FATAL(css);
    CU_ASSERT_EQUAL_FATAL(sscanf(css, "href=\"%255[^\"]\"", path), 1);
    http_resp_release(&r);
    CU_ASSERT(strlen(path) == strlen("/static/app.0123456789ab.css"));

    static const char *const gzip[] = { "Accept-Encoding: gzip", NULL };
    fetch(path, gzip, &r);
    CU_ASSERT_EQUAL(r.status, 200);
    CU_ASSERT_STRING_EQUAL(r.content_type, "text/css");
    const char *cc = http_header(&arena, &r, "Cache-Control");
    CU_ASSERT(cc && strstr(cc, "immutable") && strstr(cc, "max-age=31536000"));
    const char *enc = http_header(&arena, &r, "Content-Encoding");
    CU_ASSERT(enc && strcmp(enc, "gzip") == 0);
    http_resp_release(&r);

    fetch("/static/app.000000000000.css", NULL, &r);
    CU_ASSERT_EQUAL(r.status, 404);
    http_resp_release(&r);
    fetch("/.git/config", NULL, &r);
    CU_ASSERT_EQUAL(r.status, 403);
    http_resp_release(&r);
}

static void assert_json_error(const char *method, const char *path, const char *const *headers,
                              long status)
{
    struct http_resp r;
    CU_ASSERT_EQUAL_FATAL(http_request_ex(method, path, headers, NULL, NULL, 0, &r), 0);
    if (r.status != status || strcmp(r.content_type, "application/json") != 0)
        fprintf(stderr, "\n  %s %.60s: %ld %s %.80s\n", method, path, r.status, r.content_type,
                r.body.data);
    CU_ASSERT_EQUAL(r.status, status);
    CU_ASSERT_STRING_EQUAL(r.content_type, "application/json");
    CU_ASSERT_PTR_NOT_NULL(strstr(r.body.data, "{\"errors\":[{\"code\":"));
    http_resp_release(&r);
}

/* What nginx refuses before the app sees it still gets the error envelope. */
static void nginx_errors_are_json_too(void)
{
    static char long_uri[9100], big[9100];
    snprintf(long_uri, sizeof(long_uri), "/api/events?x=%09000d", 1);
    snprintf(big, sizeof(big), "X-Big: %09000d", 1);
    const char *big_header[] = { big, NULL };
    const char *bad_length[] = { "Content-Length: abc", NULL };
    const char *bad_encoding[] = { "Transfer-Encoding: foo", NULL };
    assert_json_error("TRACE", "/api/events", NULL, 405);
    assert_json_error("GET", long_uri, NULL, 414);
    assert_json_error("GET", "/api/events", big_header, 400);
    assert_json_error("GET", "/api/ev%00ents", NULL, 400);
    assert_json_error("POST", "/api/auth/login", bad_length, 400);
    assert_json_error("POST", "/api/auth/login", bad_encoding, 501);
}

/* nosniff on every answer of the app, API included; a signed-in caller's
 * answers are never stored by a browser or a shared cache. */
static void api_answers_are_nosniff_and_personal_ones_no_store(void)
{
    struct itest_user u;
    struct http_resp r;
    fetch("/api/genres", NULL, &r);
    CU_ASSERT_STRING_EQUAL(http_header(&arena, &r, "X-Content-Type-Options"), "nosniff");
    const char *cc = http_header(&arena, &r, "Cache-Control");
    CU_ASSERT(cc && strncmp(cc, "public, max-age=", 16) == 0); /* the same for everyone */
    http_resp_release(&r);
    CU_ASSERT_FATAL(itest_new_user("nosniff", &u));
    CU_ASSERT_EQUAL(itest_as(&u, AS_BEARER, "GET", "/api/auth/me", NULL, &r), 0);
    CU_ASSERT_EQUAL(r.status, 200);
    CU_ASSERT_STRING_EQUAL(http_header(&arena, &r, "Cache-Control"), "private, no-store");
    CU_ASSERT_STRING_EQUAL(http_header(&arena, &r, "X-Content-Type-Options"), "nosniff");
    http_resp_release(&r);
}

/* The id of the first event /api/search finds for q, or NULL. */
static const char *found_event(const char *q)
{
    long status;
    struct json_object *o = http_get_json(
        &arena, arena_printf(&arena, "/api/search?q=%s", itest_url_encode(&arena, q)), &status);
    return json_path_str(json_arr_get(json_path(o, "items"), 0), "id");
}

/* What the hostile events (tests/fixtures/web/hostile, ingested by the test stack
 * through marquee-ingest and marquee-sync) must never put into a page raw. */
static void assert_nothing_raw(const char *path)
{
    static const char *const raw[] = {
        "<script>alert",    "<img src=x", "</textarea><style>", "href=\"javascript:",
        "</title><script>", "</h1><a ",   "<b>not bold</b>",    "<!-- comment -->",
    };
    struct http_resp r;
    fetch(path, NULL, &r);
    CU_ASSERT_EQUAL(r.status, 200);
    for (size_t i = 0; i < MQ_ARRAY_LEN(raw); i++) {
        if (strstr(r.body.data, raw[i])) {
            fprintf(stderr, "\n  %s holds %s raw\n", path, raw[i]);
            CU_FAIL("hostile text rendered raw");
        }
    }
    http_resp_release(&r);
}

/* Events whose names, venues and descriptions are markup come out escaped on
 * every page that shows them, and the event page's title and JSON-LD hold. */
static void hostile_events_render_escaped(void)
{
    const char *a = found_event("Supercalifragilisticexpialidocious");
    const char *b = found_event("Hostile Fest");
    if (!a || !b) {
        CU_FAIL("the hostile events are not loaded (scripts/dev test loads them: load_hostile)");
        return;
    }
    assert_nothing_raw(arena_printf(&arena, "/events/%s", a));
    assert_nothing_raw(arena_printf(&arena, "/events/%s", b));
    assert_nothing_raw("/search?q=Hostile+Fest");
    assert_nothing_raw("/search?q=Supercalifragilisticexpialidocious");
    struct http_resp r;
    fetch(arena_printf(&arena, "/events/%s", a), NULL, &r);
    CU_ASSERT_PTR_NOT_NULL(strstr(r.body.data, "<title>&lt;/title&gt;&lt;script&gt;alert("));
    const char *ld = strstr(r.body.data, "<script type=\"application/ld+json\">");
    CU_ASSERT_PTR_NOT_NULL_FATAL(ld);
    ld += strlen("<script type=\"application/ld+json\">");
    const char *end = strstr(ld, "</script>");
    CU_ASSERT_PTR_NOT_NULL_FATAL(end);
    CU_ASSERT_PTR_NULL(memchr(ld, '<', (size_t)(end - ld)));
    http_resp_release(&r);
}

static char genres_path[] = "/api/genres", home_path[] = "/";

/* A request as a browser makes it (no "Cache-Control: no-cache", see
 * itest.h), with extra headers; the answer's X-Edge-Cache. */
static const char *edge_get(const char *path, const char *extra, struct http_resp *r)
{
    const char *headers[] = { "Cache-Control: max-age=0", extra, NULL };
    CU_ASSERT_EQUAL_FATAL(http_request_ex("GET", path, headers, NULL, NULL, 0, r), 0);
    const char *v = http_header(&arena, r, "X-Edge-Cache");
    return v ? v : "";
}

static bool edge_hit(void *path)
{
    struct http_resp r;
    bool hit = strcmp(edge_get(path, NULL, &r), "HIT") == 0 && r.status == 200;
    http_resp_release(&r);
    return hit;
}

/* nginx keeps anonymous public answers for EDGE_CACHE_SECONDS; a request that
 * names someone, asks for a fresh answer or asks for health never uses it. */
static void nginx_keeps_hot_anonymous_answers(void)
{
    struct itest_user u;
    struct http_resp r;
    CU_ASSERT_TRUE(itest_poll(edge_hit, genres_path, 5000, 50));
    CU_ASSERT_TRUE(itest_poll(edge_hit, home_path, 5000, 50));
    edge_get("/api/genres", NULL, &r);
    const char *cc = http_header(&arena, &r, "Cache-Control");
    CU_ASSERT(cc && strstr(cc, "public, max-age=") && strstr(cc, "stale-if-error="));
    http_resp_release(&r);

    CU_ASSERT_FATAL(itest_new_user("edge", &u));
    const char *cookie = arena_printf(&arena, "Cookie: session=%s", u.token);
    const char *bearer = arena_printf(&arena, "Authorization: Bearer %s", u.token);
    CU_ASSERT_STRING_EQUAL(edge_get("/", cookie, &r), "BYPASS");
    CU_ASSERT_PTR_NOT_NULL(strstr(r.body.data, u.username));
    http_resp_release(&r);
    CU_ASSERT_STRING_EQUAL(edge_get("/api/genres", bearer, &r), "BYPASS");
    http_resp_release(&r);
    CU_ASSERT_STRING_EQUAL(edge_get("/api/auth/me", bearer, &r), "BYPASS");
    CU_ASSERT_STRING_EQUAL(http_header(&arena, &r, "Cache-Control"), "private, no-store");
    http_resp_release(&r);
    http_get("/api/genres", &r); /* says no-cache (itest.h): a fresh answer */
    CU_ASSERT_STRING_EQUAL(http_header(&arena, &r, "X-Edge-Cache"), "BYPASS");
    http_resp_release(&r);
    CU_ASSERT_STRING_EQUAL(edge_get("/api/health", NULL, &r), "");
    http_resp_release(&r);
}

static bool edge_stale(void *path)
{
    struct http_resp r;
    bool stale = strcmp(edge_get(path, NULL, &r), "STALE") == 0 && r.status == 200;
    http_resp_release(&r);
    return stale;
}

static bool health_200(void *arg)
{
    MQ_UNUSED(arg);
    struct http_resp r;
    bool ok = http_get("/api/health", &r) == 0 && r.status == 200;
    http_resp_release(&r);
    return ok;
}

static bool app_gone(void *arg)
{
    MQ_UNUSED(arg);
    struct http_resp r;
    bool gone = http_get("/api/genres", &r) == 0 && r.status >= 500;
    http_resp_release(&r);
    return gone;
}

/* With the app down, anonymous hot answers keep being served, stale. */
static void nginx_serves_stale_answers_while_the_app_is_down(void)
{
    char line[64] = "";
    CU_ASSERT_TRUE_FATAL(itest_poll(edge_hit, genres_path, 5000, 50));
    CU_ASSERT_TRUE_FATAL(itest_poll(edge_hit, home_path, 5000, 50));
    const char *cmd = arena_printf(&arena, "'%s' api-pid 2>/dev/null", getenv("MQ_DEV"));
    FILE *p = popen(cmd, "r");
    if (p && !fgets(line, sizeof(line), p))
        line[0] = '\0';
    if (p)
        pclose(p);
    pid_t master = (pid_t)strtol(line, NULL, 10);
    CU_ASSERT_TRUE_FATAL(master > 0);
    kill(master, SIGKILL); /* its workers follow (PR_SET_PDEATHSIG) */
    CU_ASSERT_TRUE(itest_poll(app_gone, NULL, 5000, 20));
    /* Once their EDGE_CACHE_SECONDS are over, the entries are served stale. */
    CU_ASSERT_TRUE(itest_poll(edge_stale, genres_path, 5000, 50));
    CU_ASSERT_TRUE(itest_poll(edge_stale, home_path, 5000, 50));
    CU_ASSERT_EQUAL(itest_dev("api-start"), 0);
    CU_ASSERT_TRUE(itest_poll(health_200, NULL, 10000, 50));
}

static int setup(void)
{
    arena_init(&arena, 0);
    return 0;
}

static int teardown(void)
{
    arena_release(&arena);
    return 0;
}

int suite_web(void)
{
    static const struct itest_case cases[] = {
        { "pages carry the security headers", pages_carry_the_security_headers },
        { "unknown paths get the HTML 404", unknown_paths_get_the_html_404 },
        { "only anonymous pages come from the cache", only_anonymous_pages_come_from_the_cache },
        { "static assets are immutable and compressed",
          static_assets_are_immutable_and_compressed },
        { "nginx's own errors are JSON too", nginx_errors_are_json_too },
        { "API answers are nosniff, personal ones no-store",
          api_answers_are_nosniff_and_personal_ones_no_store },
        { "hostile events render escaped", hostile_events_render_escaped },
        { "nginx keeps hot anonymous answers", nginx_keeps_hot_anonymous_answers },
        { "nginx serves stale answers while the app is down",
          nginx_serves_stale_answers_while_the_app_is_down },
        { NULL, NULL },
    };
    return itest_register("web", cases, setup, teardown);
}
