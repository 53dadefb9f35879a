/*
 * The event page /events/{id} through nginx (spec/WEB.md), on an event
 * made for the suite: a hostile name, one session of each status, a past
 * one, 50 in all (the most events_get lists). Venue-local times, statuses,
 * resale listings and Buy forms for each kind of reader, the favorite
 * toggle, schema.org JSON-LD, the 404 page, the page cache, similar events
 * and the size of a page with listings on every session.
 */
#include "config.h"
#include "core/common.h"
#include "tests/integration/itest_session.h"
#include "core/timeutil.h"
#include "infra/json.h"
#include "infra/pg.h"

#include <ctype.h>
#include <unistd.h>

#define NAME "Night </script><script>alert(1)</script> <!-- & \"friends\""
#define NAME_HTML                                                                                  \
    "Night &lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt; &lt;!-- &amp; &quot;friends&quot;"
#define SESSIONS    50 /* g = 0: three days ago; g = 1..49: in g days, 19:30 in New York */
#define CANCELLED   2
#define POSTPONED   3
#define RESCHEDULED 4
#define MAX_HTML    (60 * 1024)
#define LD_OPEN     "<script type=\"application/ld+json\">"

static struct arena A;
static struct pg DB;
static char EVENT[65], PATH[80], SID_PREFIX[48];
static char ISO1[40];  /* session 1's start as the page should write it */
static char ZONE1[40]; /* "UTC-05:00, America/New_York" */
static struct itest_user SELLER, BUYER;

struct page_answer {
    long status;
    char type[128], x_cache[16];
    const char *body;
};

/* GET path as u (session cookie), or anonymously when u is NULL. */
static struct page_answer fetch(const struct itest_user *u, const char *path)
{
    struct http_resp r;
    struct page_answer p;
    if (u)
        itest_as(u, AS_COOKIE, "GET", path, NULL, &r);
    else
        http_get(path, &r);
    p.status = r.status;
    snprintf(p.type, sizeof(p.type), "%s", r.content_type);
    snprintf(p.x_cache, sizeof(p.x_cache), "%s", r.x_cache);
    p.body = arena_strndup(&A, r.body.data ? r.body.data : "", r.body.len);
    http_resp_release(&r);
    return p;
}

static const char *event_page(const struct itest_user *u)
{
    struct page_answer p = fetch(u, PATH);
    CU_ASSERT_EQUAL(p.status, 200);
    CU_ASSERT_PTR_NOT_NULL(strstr(p.type, "text/html"));
    return p.body;
}

static bool str_ends(const char *s, const char *tail)
{
    size_t n = s ? strlen(s) : 0, t = strlen(tail);
    return n >= t && strcmp(s + n - t, tail) == 0;
}

static const char *sid(int g)
{
    return arena_printf(&A, "%s%d", SID_PREFIX, g);
}

/* Session g's <li> on the page ("" when missing). */
static const char *session_html(const char *body, int g)
{
    const char *start =
        strstr(body, arena_printf(&A, "<li class=\"session\" id=\"s-%s\">", sid(g)));
    if (!start)
        return "";
    const char *end = strstr(start + 1, "<li class=\"session\"");
    if (!end)
        end = strstr(start, "</section>");
    return end ? arena_strndup(&A, start, (size_t)(end - start)) : start;
}

static int count(const char *s, const char *what)
{
    int n = 0;
    for (const char *p = strstr(s, what); p; p = strstr(p + 1, what))
        n++;
    return n;
}

/* The page's JSON-LD blocks into out, each checked to be JSON without a raw
 * <, > or & (so nothing in it could close the script element). */
static int jsonld(const char *body, struct json_object **out, int max)
{
    int n = 0;
    for (const char *p = strstr(body, LD_OPEN); p && n < max; p = strstr(p, LD_OPEN)) {
        p += strlen(LD_OPEN);
        const char *end = strstr(p, "</script>");
        CU_ASSERT_PTR_NOT_NULL_FATAL(end);
        char *text = arena_strndup(&A, p, (size_t)(end - p)), err[128];
        CU_ASSERT_PTR_NULL(strpbrk(text, "<>&"));
        out[n] = json_parse(&A, text, strlen(text), err, sizeof(err));
        CU_ASSERT_PTR_NOT_NULL_FATAL(out[n]);
        n++;
        p = end;
    }
    return n;
}

/* A new listing of session g by the seller, in currency; its id. */
static const char *list_priced(int g, int64_t price, const char *currency)
{
    struct http_resp r;
    const char *body = arena_printf(&A,
                                    "{\"sessionId\":\"%s\",\"priceCents\":%lld,\"currency\":\"%s\","
                                    "\"section\":\"B\",\"seat\":\"%d\"}",
                                    sid(g), (long long)price, currency, g);
    itest_as(&SELLER, AS_BEARER, "POST", "/api/tickets", body, &r);
    CU_ASSERT_EQUAL_FATAL(r.status, 201);
    const char *id = arena_strdup(&A, json_path_str(itest_json(&A, &r), "id"));
    http_resp_release(&r);
    return id;
}

static const char *list_ticket(int g, int64_t price)
{
    return list_priced(g, price, "EUR");
}

static void the_page_shows_the_event_escaped(void)
{
    const char *body = event_page(NULL);
    CU_ASSERT_PTR_NOT_NULL(strstr(body, "<h1>" NAME_HTML "</h1>"));
    CU_ASSERT_PTR_NULL(strstr(body, "<script>alert"));
    CU_ASSERT_PTR_NOT_NULL(
        strstr(body, "<title>" NAME_HTML " at Hall &lt;b&gt;Q&lt;/b&gt; | Marquee"));
    CU_ASSERT_PTR_NOT_NULL(strstr(body, "1 Main Street, New York, 10001, US"));
    CU_ASSERT_PTR_NOT_NULL(strstr(body, "A night of &lt;b&gt;tests&lt;/b&gt;."));
    CU_ASSERT_PTR_NOT_NULL(strstr(body, "<meta name=\"description\" content=\"A night of"));
    const char *canonical = strstr(body, "<link rel=\"canonical\" href=\"http");
    CU_ASSERT_PTR_NOT_NULL_FATAL(canonical);
    CU_ASSERT_PTR_NOT_NULL(strstr(canonical, arena_printf(&A, "%s\">", PATH)));
    CU_ASSERT_PTR_NOT_NULL(
        strstr(body, "<meta property=\"og:image\" content=\"https://s1.ticketm.net/dam/it.jpg\">"));
    CU_ASSERT_PTR_NOT_NULL(strstr(body, "alt=\"" NAME_HTML "\""));
    CU_ASSERT_PTR_NOT_NULL(strstr(body, "<a href=\"/genres/Music\">Music</a>"));
    CU_ASSERT_PTR_NULL(strstr(body, "name=\"robots\""));
}

static void sessions_show_local_time_status_and_ticket_links(void)
{
    const char *body = event_page(NULL);
    const char *s1 = session_html(body, 1);
    CU_ASSERT_PTR_NOT_NULL(strstr(s1, arena_printf(&A, "<time datetime=\"%s\">", ISO1)));
    CU_ASSERT_PTR_NOT_NULL(strstr(s1, arena_printf(&A, ", 19:30 (%s)</time>", ZONE1)));
    CU_ASSERT_PTR_NOT_NULL(strstr(s1, "href=\"https://www.ticketmaster.com/event/it1\""));
    CU_ASSERT_PTR_NULL(strstr(s1, "class=\"status"));

    const char *gone = session_html(body, CANCELLED);
    CU_ASSERT_PTR_NOT_NULL(strstr(gone, "<p class=\"status cancelled\">Cancelled</p>"));
    CU_ASSERT_PTR_NULL(strstr(gone, "ticketmaster.com")); /* nothing to buy */
    CU_ASSERT_PTR_NOT_NULL(
        strstr(session_html(body, POSTPONED), "<p class=\"status postponed\">Postponed</p>"));
    CU_ASSERT_PTR_NOT_NULL(
        strstr(session_html(body, RESCHEDULED), "<p class=\"status rescheduled\">Rescheduled</p>"));
    const char *past = session_html(body, 0);
    CU_ASSERT_PTR_NOT_NULL(strstr(past, "This date has passed"));
    CU_ASSERT_PTR_NULL(strstr(past, "ticketmaster.com"));
    /* upcoming first, soonest first; the past one last */
    const char *p1 = strstr(body, s1), *p2 = strstr(body, gone), *p0 = strstr(body, past);
    CU_ASSERT_TRUE(p1 && p2 && p0 && p1 < p2 && p2 < p0);
    CU_ASSERT_EQUAL(count(body, "<li class=\"session\""), SESSIONS);
}

static void json_ld_is_valid_safe_and_complete(void)
{
    struct json_object *ld[16];
    const char *body = event_page(NULL);
    int n = jsonld(body, ld, 16);
    CU_ASSERT_EQUAL_FATAL(n, 5); /* the first 5 upcoming sessions */
    CU_ASSERT_STRING_EQUAL(json_path_str(ld[0], "@context"), "https://schema.org");
    CU_ASSERT_STRING_EQUAL(json_path_str(ld[0], "@type"), "Event");
    CU_ASSERT_STRING_EQUAL(json_path_str(ld[0], "name"), NAME);
    CU_ASSERT_STRING_EQUAL(json_path_str(ld[0], "startDate"), ISO1);
    CU_ASSERT_STRING_EQUAL(json_path_str(ld[0], "eventStatus"),
                           "https://schema.org/EventScheduled");
    CU_ASSERT_STRING_EQUAL(json_path_str(ld[0], "location.@type"), "Place");
    CU_ASSERT_STRING_EQUAL(json_path_str(ld[0], "location.name"), "Hall <b>Q</b>");
    CU_ASSERT_STRING_EQUAL(json_path_str(ld[0], "location.address.@type"), "PostalAddress");
    CU_ASSERT_STRING_EQUAL(json_path_str(ld[0], "location.address.streetAddress"),
                           "1 Main Street, New York, 10001, US");
    CU_ASSERT_STRING_EQUAL(json_path_str(ld[0], "location.address.addressCountry"), "US");
    CU_ASSERT_STRING_EQUAL(json_str(json_arr_get(json_path(ld[0], "image"), 0)),
                           "https://s1.ticketm.net/dam/it.jpg");
    CU_ASSERT_TRUE(str_ends(json_path_str(ld[0], "url"), PATH));
    CU_ASSERT_TRUE(strncmp(json_path_str(ld[0], "description"), "A night of <b>tests</b>.", 24) ==
                   0);
    CU_ASSERT_PTR_NULL(json_path(ld[0], "offers")); /* nothing listed yet */
    CU_ASSERT_STRING_EQUAL(json_path_str(ld[CANCELLED - 1], "eventStatus"),
                           "https://schema.org/EventCancelled");
    CU_ASSERT_STRING_EQUAL(json_path_str(ld[POSTPONED - 1], "eventStatus"),
                           "https://schema.org/EventPostponed");
    CU_ASSERT_STRING_EQUAL(json_path_str(ld[RESCHEDULED - 1], "eventStatus"),
                           "https://schema.org/EventRescheduled");
}

static void listings_have_buy_forms_for_other_readers_only(void)
{
    const char *dear = list_ticket(1, 5500), *cheap = list_ticket(1, 4200);
    struct json_object *ld[16];

    /* anonymous: prices, sign-in links, no form, no token */
    const char *body = event_page(NULL);
    const char *s1 = session_html(body, 1);
    const char *p42 = strstr(s1, "\xe2\x82\xac"
                                 "42.00"),
               *p55 = strstr(s1, "\xe2\x82\xac"
                                 "55.00");
    CU_ASSERT_TRUE(p42 && p55 && p42 < p55); /* cheapest first */
    CU_ASSERT_PTR_NOT_NULL(strstr(s1, "Section B, seat 1"));
    const char *next = arena_printf(&A, "/login?next=%%2Fevents%%2F%s\"", EVENT);
    CU_ASSERT_PTR_NOT_NULL(strstr(s1, arena_printf(&A, "%s>Sign in to buy</a>", next)));
    CU_ASSERT_PTR_NOT_NULL(
        strstr(body, arena_printf(&A, "%s>Sign in to save this event</a>", next)));
    CU_ASSERT_PTR_NULL(strstr(body, "action=\"/orders\""));
    CU_ASSERT_PTR_NULL(strstr(body, "csrf_token"));
    CU_ASSERT_PTR_NOT_NULL(strstr(session_html(body, 5), "No resale tickets for this date yet."));
    CU_ASSERT_TRUE_FATAL(jsonld(body, ld, 16) > 0);
    double low = 0;
    CU_ASSERT_TRUE(json_path_num(ld[0], "offers.lowPrice", &low));
    CU_ASSERT_DOUBLE_EQUAL(low, 42.0, 0.001);
    CU_ASSERT_STRING_EQUAL(json_path_str(ld[0], "offers.priceCurrency"), "EUR");
    CU_ASSERT_STRING_EQUAL(json_path_str(ld[0], "offers.availability"),
                           "https://schema.org/InStock");
    CU_ASSERT_TRUE(str_ends(json_path_str(ld[0], "offers.url"), PATH));

    /* another reader: a Buy form per listing with their token */
    s1 = session_html(event_page(&BUYER), 1);
    CU_ASSERT_EQUAL(count(s1, "<form class=\"buy\" method=\"post\" action=\"/orders\">"), 2);
    CU_ASSERT_PTR_NOT_NULL(strstr(s1, arena_printf(&A, "name=\"ticket_id\" value=\"%s\"", cheap)));
    CU_ASSERT_PTR_NOT_NULL(strstr(s1, arena_printf(&A, "name=\"ticket_id\" value=\"%s\"", dear)));
    CU_ASSERT_PTR_NOT_NULL(
        strstr(s1, arena_printf(&A, "name=\"csrf_token\" value=\"%s\"", BUYER.csrf)));
    CU_ASSERT_PTR_NOT_NULL(strstr(s1, "Buy for \xe2\x82\xac"
                                      "42.00<span class=\"vh\"> (Section B, seat 1)</span>"));
    CU_ASSERT_PTR_NULL(strstr(s1, "Sign in to buy"));

    /* the seller: their own listings, nothing to buy */
    s1 = session_html(event_page(&SELLER), 1);
    CU_ASSERT_EQUAL(count(s1, "Your listing"), 2);
    CU_ASSERT_PTR_NULL(strstr(s1, "action=\"/orders\""));
}

static void a_session_shows_its_five_cheapest_and_how_many_more(void)
{
    for (int i = 0; i < 5; i++)
        list_ticket(1, 6000 + i); /* 7 in all with the two above */
    const char *s1 = session_html(event_page(NULL), 1);
    CU_ASSERT_EQUAL(count(s1, "<li class=\"listing\">"), 5);
    CU_ASSERT_PTR_NOT_NULL(strstr(s1, "<p class=\"more\">and 2 more: <a href=\"/events/"));
    CU_ASSERT_PTR_NOT_NULL(strstr(s1, "/tickets?session="));
    CU_ASSERT_PTR_NOT_NULL(strstr(s1, "\">see all 7 tickets<span class=\"vh\"> for "));
    CU_ASSERT_PTR_NULL(strstr(s1, "\xe2\x82\xac"
                                  "60.04")); /* the dearest is left out */
    s1 = session_html(event_page(&BUYER), 1);
    CU_ASSERT_EQUAL(count(s1, "action=\"/orders\""), 5);
}

static void the_favorite_toggle_shows_the_readers_state(void)
{
    const char *body = event_page(&BUYER);
    CU_ASSERT_PTR_NOT_NULL(
        strstr(body, "<form class=\"fav-toggle\" method=\"post\" action=\"/favorites\">"));
    CU_ASSERT_PTR_NOT_NULL(strstr(body, arena_printf(&A, "name=\"event_id\" value=\"%s\"", EVENT)));
    CU_ASSERT_PTR_NOT_NULL(strstr(body, "name=\"action\" value=\"add\""));
    CU_ASSERT_PTR_NOT_NULL(strstr(body, arena_printf(&A, "name=\"next\" value=\"%s\"", PATH)));
    CU_ASSERT_PTR_NOT_NULL(
        strstr(body, "aria-pressed=\"false\"><span class=\"fav-label\">Save to favorites</span>"));

    struct http_resp r;
    itest_as(&BUYER, AS_BEARER, "PUT",
             arena_printf(&A, "/api/users/%s/favorites/%s", BUYER.id, EVENT), NULL, &r);
    CU_ASSERT_EQUAL(r.status, 204);
    http_resp_release(&r);
    body = event_page(&BUYER);
    CU_ASSERT_PTR_NOT_NULL(strstr(body, "name=\"action\" value=\"remove\""));
    CU_ASSERT_PTR_NOT_NULL(
        strstr(body, "aria-pressed=\"true\"><span class=\"fav-label\">Saved \xe2\x80\x94 remove "
                     "from favorites</span>"));
    CU_ASSERT_PTR_NULL(strstr(event_page(&SELLER), "aria-pressed=\"true\"")); /* theirs only */
}

static void unknown_and_malformed_ids_get_the_404_page(void)
{
    char upper[65];
    for (int i = 0; i < 64; i++)
        upper[i] = (char)toupper((unsigned char)EVENT[i]);
    upper[64] = '\0';
    const char *paths[] = {
        "/events/0000000000000000000000000000000000000000000000000000000000000000",
        "/events/abc",
        "/events/%3Cscript%3E",
        arena_printf(&A, "/events/%s", upper),
        arena_printf(&A, "/events/%s0", EVENT),
    };
    for (size_t i = 0; i < MQ_ARRAY_LEN(paths); i++) {
        struct page_answer p = fetch(NULL, paths[i]);
        CU_ASSERT_EQUAL(p.status, 404);
        CU_ASSERT_PTR_NOT_NULL(strstr(p.type, "text/html"));
        CU_ASSERT_PTR_NOT_NULL(strstr(p.body, "<h1>Page not found</h1>"));
        CU_ASSERT_PTR_NOT_NULL(strstr(p.body, "<meta name=\"robots\" content=\"noindex\">"));
    }
}

static bool shows_one_euro(void *arg)
{
    (void)arg;
    return strstr(fetch(NULL, PATH).body, "\xe2\x82\xac"
                                          "1.00<") != NULL;
}

static void anonymous_readers_share_a_cached_copy_signed_in_ones_never(void)
{
    fetch(NULL, PATH);
    struct page_answer p = fetch(NULL, PATH);
    CU_ASSERT_STRING_EQUAL(p.x_cache, "hit");
    p = fetch(&BUYER, PATH);
    CU_ASSERT_STRING_NOT_EQUAL(p.x_cache, "hit");
    CU_ASSERT_PTR_NOT_NULL(strstr(p.body, BUYER.username));
    p = fetch(&BUYER, PATH);
    CU_ASSERT_STRING_NOT_EQUAL(p.x_cache, "hit");

    /* signed in by a Bearer token (no cookie): not stored for others */
    struct http_resp r;
    itest_as(&BUYER, AS_BEARER, "GET", arena_printf(&A, "/events/%s?bearer=1", EVENT), NULL, &r);
    CU_ASSERT_EQUAL(r.status, 200);
    http_resp_release(&r);
    p = fetch(NULL, arena_printf(&A, "/events/%s?bearer=1", EVENT));
    CU_ASSERT_PTR_NULL(strstr(p.body, BUYER.username));
    CU_ASSERT_PTR_NOT_NULL(strstr(p.body, "Sign in to buy"));

    /* a new listing makes the cached copy stale at once */
    list_ticket(1, 100);
    CU_ASSERT_TRUE(itest_poll(shows_one_euro, NULL, 2000, 50));
}

static void similar_events_link_to_other_event_pages(void)
{
    static const struct pg_stmt with_vectors = {
        "it_web_event_similar",
        "SELECT e.id FROM events e JOIN event_vectors v ON v.event_id = e.id "
        "WHERE e.genre IS NOT NULL AND e.session_count > 0 ORDER BY md5(e.id) LIMIT 1",
        0, PG_READONLY
    };
    struct pg_result *r;
    CU_ASSERT_EQUAL_FATAL(pg_exec(&DB, &A, &with_vectors, NULL, &r), ST_OK);
    CU_ASSERT_EQUAL_FATAL(pg_nrows(r), 1);
    const char *id = pg_get(r, 0, 0);
    struct page_answer p = fetch(NULL, arena_printf(&A, "/events/%s", id));
    CU_ASSERT_EQUAL(p.status, 200);
    const char *similar = strstr(p.body, "<h2 id=\"similar-h\">You might also like</h2>");
    CU_ASSERT_PTR_NOT_NULL_FATAL(similar);
    int links = 0;
    for (const char *a = strstr(similar, "<a href=\"/events/"); a;
         a = strstr(a + 1, "<a href=\"/events/")) {
        const char *other = a + strlen("<a href=\"/events/");
        CU_ASSERT_NOT_EQUAL(strncmp(other, id, 64), 0);
        CU_ASSERT_EQUAL(other[64], '"');
        links++;
    }
    CU_ASSERT_TRUE(links >= 1 && links <= 4);
}

/* web_price: the currency's minor units, a symbol readers know or the code. */
static void prices_show_in_each_currencys_format(void)
{
    static const struct {
        int64_t cents;
        const char *currency, *shown;
    } prices[] = {
        { 4500, "JPY",
          "\xc2\xa5"
          "4,500<" },
        { 125000, "USD", "US$1,250.00<" },
        { 4500, "CHF", ">45.00 CHF<" },
        { 1500, "KWD", ">1.500 KWD<" },
        { 990, "GBP",
          "\xc2\xa3"
          "9.90<" },
    };
    for (size_t i = 0; i < MQ_ARRAY_LEN(prices); i++)
        list_priced(6, prices[i].cents, prices[i].currency);
    const char *s6 = session_html(event_page(NULL), 6);
    for (size_t i = 0; i < MQ_ARRAY_LEN(prices); i++)
        CU_ASSERT_PTR_NOT_NULL(strstr(s6, prices[i].shown));
}

static void a_page_with_listings_on_every_session_stays_small(void)
{
    int open = 0;
    for (int g = 2; g < SESSIONS; g++) {
        if (g != CANCELLED) {
            list_ticket(g, 2000 + g);
            open++;
        }
    }
    const char *body = event_page(&BUYER);
    size_t n = strlen(body);
    fprintf(stderr, "  event page with %d sessions on offer: %zu bytes\n", open + 1, n);
    CU_ASSERT_TRUE(n <= MAX_HTML);
    CU_ASSERT_TRUE(count(body, "action=\"/orders\"") >= open + 1); /* one at least on each */
    for (int g = 2; g < SESSIONS; g++)
        if (g != CANCELLED)
            CU_ASSERT_PTR_NOT_NULL(strstr(session_html(body, g), "action=\"/orders\""));
}

/* The expected start of session 1: its date, 19:30 and New York's offset
 * on that day, asked of Postgres's time zone data. */
static int expected_start(void)
{
    static const struct pg_stmt start = {
        "it_web_event_start",
        "SELECT (current_date + 1)::text, extract(epoch FROM ((current_date + 1) + time '19:30') - "
        "  (((current_date + 1) + time '19:30') AT TIME ZONE 'America/New_York' "
        "   AT TIME ZONE 'UTC'))::int8",
        0, PG_READONLY
    };
    struct pg_result *r;
    if (pg_exec(&DB, &A, &start, NULL, &r) != ST_OK)
        return -1;
    int64_t off = pg_get_i64(r, 0, 1), ao = off < 0 ? -off : off;
    char zone[16];
    snprintf(zone, sizeof(zone), "%c%02d:%02d", off < 0 ? '-' : '+', (int)(ao / 3600),
             (int)(ao / 60 % 60));
    snprintf(ISO1, sizeof(ISO1), "%sT19:30:00%s", pg_get(r, 0, 0), zone);
    snprintf(ZONE1, sizeof(ZONE1), "UTC%s, America/New_York", zone);
    return 0;
}

static int make_event(void)
{
    static const struct pg_stmt event = {
        "it_web_event_insert",
        "INSERT INTO events (id, name, venue_name, genre, sub_genre, venue_address, image_url, "
        "  description, search_pending, vector_pending) "
        "VALUES ($1, $2, 'Hall <b>Q</b>', 'Music', 'Rock', '1 Main Street, New York, 10001, US', "
        "  'https://s1.ticketm.net/dam/it.jpg', 'A night of <b>tests</b>.\nSecond line.', "
        "  false, false)",
        2, 0
    };
    static const struct pg_stmt sessions = {
        "it_web_event_sessions",
        "INSERT INTO event_sessions (id, event_id, start_at, local_date, local_time, timezone, "
        "url, "
        "  status, content_hash) "
        "SELECT $2::text || g, $1, (d + time '19:30') AT TIME ZONE 'America/New_York', d, "
        "  time '19:30', 'America/New_York', 'https://www.ticketmaster.com/event/it' || g, "
        "  CASE g WHEN 2 THEN 'cancelled' WHEN 3 THEN 'postponed' WHEN 4 THEN 'rescheduled' "
        "         ELSE 'onsale' END, 'itest' "
        "FROM generate_series(0, 49) g, "
        "  LATERAL (SELECT current_date + CASE WHEN g = 0 THEN -3 ELSE g END AS d) x",
        2, 0
    };
    struct pg_result *r;
    const char *p1[] = { EVENT, NAME };
    const char *p2[] = { EVENT, SID_PREFIX };
    if (pg_exec(&DB, &A, &event, p1, &r) != ST_OK || pg_exec(&DB, &A, &sessions, p2, &r) != ST_OK)
        return -1;
    return 0;
}

static int setup(void)
{
    arena_init(&A, 0);
    pg_init(&DB, itest_database_url(), 5, 30000, "itest-web-event");
    /* ids of this run: the event's is 64 hex digits, like a real one */
    unsigned long long run = (unsigned long long)time_now() << 20 | (unsigned)getpid() % 1000000;
    snprintf(EVENT, sizeof(EVENT), "%016llx%016llx%016llx%016llx", 0xe7e7e7e7ULL, run, run, run);
    snprintf(PATH, sizeof(PATH), "/events/%s", EVENT);
    snprintf(SID_PREFIX, sizeof(SID_PREFIX), "itweb%llx_", run);
    if (make_event() || expected_start())
        return -1;
    if (!itest_new_user("it_wseller", &SELLER) || !itest_new_user("it_wbuyer", &BUYER))
        return -1;
    return 0;
}

/* Leaves the catalogue as it was (listings, favorites, sessions, event). */
static int teardown(void)
{
    const char *sql = arena_printf(&A,
                                   "DELETE FROM tickets WHERE event_id = '%s';"
                                   "DELETE FROM favorites WHERE event_id = '%s';"
                                   "DELETE FROM event_sessions WHERE event_id = '%s';"
                                   "DELETE FROM events WHERE id = '%s';",
                                   EVENT, EVENT, EVENT, EVENT);
    enum status st = pg_exec_sql(&DB, sql);
    pg_release(&DB);
    arena_release(&A);
    return st == ST_OK ? 0 : -1;
}

int suite_web_event(void)
{
    static const struct itest_case cases[] = {
        { "the page shows the event, every text escaped", the_page_shows_the_event_escaped },
        { "sessions: venue-local time with offset and zone, status, ticket links, order",
          sessions_show_local_time_status_and_ticket_links },
        { "JSON-LD: one Event per upcoming session, valid, no raw <, complete",
          json_ld_is_valid_safe_and_complete },
        { "listings: cheapest first; Buy forms for other readers, none for the seller or anonymous",
          listings_have_buy_forms_for_other_readers_only },
        { "listings: the five cheapest of a session and \"and N more\"",
          a_session_shows_its_five_cheapest_and_how_many_more },
        { "favorite toggle: the reader's own state, the account pages' markup",
          the_favorite_toggle_shows_the_readers_state },
        { "unknown, malformed or upper-case ids: the HTML 404 page",
          unknown_and_malformed_ids_get_the_404_page },
        { "cache: anonymous hit, never for a session or a Bearer token, stale after a listing",
          anonymous_readers_share_a_cached_copy_signed_in_ones_never },
        { "similar events link to other event pages", similar_events_link_to_other_event_pages },
        { "prices: minor units, symbol or code, thousands separators",
          prices_show_in_each_currencys_format },
        { "listings on all 48 open sessions: the signed-in page stays within 60 KB",
          a_page_with_listings_on_every_session_stays_small },
        { NULL, NULL },
    };
    return itest_register("integration/web_event", cases, setup, teardown);
}
