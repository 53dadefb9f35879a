/*
 * The pure parts of the Ticketmaster client: the paging cap, window
 * splitting, backoff, error classification (over the recorded error
 * bodies), the query string, and the UTF-8 repair of a page.
 */
#include "config.h"
#include "core/common.h"
#include "app/ingest/ingest.h"
#include "app/ingest/tm_client.h"
#include "app/ingest/tm_fetch.h"
#include "app/ingest/tm_retry.h"
#include "app/ingest/tm_window.h"
#include "core/arena.h"
#include "core/buf.h"
#include "infra/json.h"
#include "tests/unit/suites.h"
#include "tests/unit/testutil.h"

static void page_cap_is_the_documented_rule(void)
{
    CU_ASSERT_TRUE(tm_page_allowed(0, 200));
    CU_ASSERT_TRUE(tm_page_allowed(4, 200));  /* items 800..999 */
    CU_ASSERT_FALSE(tm_page_allowed(5, 200)); /* (5+1)*200 = 1200 */
    CU_ASSERT_TRUE(tm_page_allowed(0, 1000));
    CU_ASSERT_TRUE(tm_page_allowed(1, 500));
    CU_ASSERT_FALSE(tm_page_allowed(2, 500));
    CU_ASSERT_TRUE(tm_page_allowed(49, 20));
    CU_ASSERT_FALSE(tm_page_allowed(50, 20));
    CU_ASSERT_FALSE(tm_page_allowed(-1, 200));
    CU_ASSERT_FALSE(tm_page_allowed(0, 0));
    CU_ASSERT_EQUAL(tm_pages_for(0, 200), 0);
    CU_ASSERT_EQUAL(tm_pages_for(1, 200), 1);
    CU_ASSERT_EQUAL(tm_pages_for(200, 200), 1);
    CU_ASSERT_EQUAL(tm_pages_for(201, 200), 2);
    CU_ASSERT_EQUAL(tm_pages_for(1000, 200), 5);
    CU_ASSERT_EQUAL(tm_pages_for(5000, 200), 5); /* never past the cap */
    CU_ASSERT_FALSE(tm_window_too_big(1000));
    CU_ASSERT_TRUE(tm_window_too_big(1001));
}

static void split_halves_overlap_and_shrink(void)
{
    struct tm_window w = { 1000, 2000 }, lo, hi;

    CU_ASSERT_TRUE_FATAL(tm_window_split(&w, &lo, &hi));
    CU_ASSERT_EQUAL(lo.from, 1000);
    CU_ASSERT_EQUAL(lo.to, 1500);
    CU_ASSERT_EQUAL(hi.from, 1500); /* one shared second: nothing lost */
    CU_ASSERT_EQUAL(hi.to, 2000);
    w = (struct tm_window){ 10, 12 };
    CU_ASSERT_TRUE(tm_window_split(&w, &lo, &hi));
    CU_ASSERT_TRUE(lo.to - lo.from < 2 && hi.to - hi.from < 2);
    w = (struct tm_window){ 10, 11 };
    CU_ASSERT_TRUE(tm_window_split(&w, &lo, &hi));
    CU_ASSERT_EQUAL(lo.from, 10);
    CU_ASSERT_EQUAL(lo.to, 10);
    CU_ASSERT_EQUAL(hi.from, 11);
    CU_ASSERT_EQUAL(hi.to, 11);
    w = (struct tm_window){ 10, 10 };
    CU_ASSERT_FALSE(tm_window_split(&w, &lo, &hi));
}

/* Events at pseudo-random seconds, bunched like real listings. */
#define NSIM 5000
static int64_t sim[NSIM];

static int64_t count_in(const struct tm_window *w)
{
    int64_t n = 0;
    for (size_t i = 0; i < NSIM; i++)
        n += sim[i] >= w->from && sim[i] <= w->to;
    return n;
}

/* Splits like tm_fetch does; every leaf must be pageable, and together the
 * leaves must hold every event. */
static void recursive_split_reaches_every_event_within_the_cap(void)
{
    static bool seen[NSIM];
    struct tm_window stack[256], lo, hi;
    size_t n = 0;
    uint64_t x = 42;
    int64_t leaves = 0, over = 0;

    for (size_t i = 0; i < NSIM; i++) {
        x = x * 6364136223846793005ULL + 1442695040888963407ULL;
        /* half the events on 20 busy evenings */
        sim[i] = (x >> 33) % 2 ? 1000000 + (int64_t)((x >> 20) % 20) * 86400 + 72000
                               : 1000000 + (int64_t)((x >> 11) % (30 * 86400));
        seen[i] = false;
    }
    stack[n++] = (struct tm_window){ 1000000, 1000000 + 30 * 86400 };
    while (n > 0) {
        struct tm_window w = stack[--n];
        if (tm_window_too_big(count_in(&w)) && tm_window_split(&w, &lo, &hi)) {
            CU_ASSERT_FATAL(n + 2 <= MQ_ARRAY_LEN(stack));
            stack[n++] = hi;
            stack[n++] = lo;
            continue;
        }
        leaves++;
        if (tm_window_too_big(count_in(&w)))
            over++; /* a single second with > 1000 events: only then */
        for (size_t i = 0; i < NSIM; i++)
            seen[i] |= sim[i] >= w.from && sim[i] <= w.to;
    }
    for (size_t i = 0; i < NSIM; i++)
        CU_ASSERT_FATAL(seen[i]);
    CU_ASSERT(leaves >= NSIM / TM_MAX_DEPTH);
    /* 20 evenings hold ~125 events each: no leaf has to exceed the cap */
    CU_ASSERT_EQUAL(over, 0);
}

static void backoff_doubles_with_jitter_and_a_cap(void)
{
    int64_t lo = INT64_MAX, hi = 0;

    for (uint64_t r = 0; r < 1000; r++) {
        int64_t d = tm_backoff_ms(1, 500, 30000, r * 2654435761u);
        CU_ASSERT(d >= 250 && d <= 500);
        lo = d < lo ? d : lo;
        hi = d > hi ? d : hi;
    }
    CU_ASSERT(hi - lo > 100); /* jitter: not one fixed value */
    CU_ASSERT(tm_backoff_ms(2, 500, 30000, 0) >= 500);
    CU_ASSERT(tm_backoff_ms(2, 500, 30000, UINT64_MAX) <= 1000);
    CU_ASSERT(tm_backoff_ms(4, 500, 30000, 0) >= 2000);
    CU_ASSERT(tm_backoff_ms(4, 500, 30000, UINT64_MAX) <= 4000);
    for (int attempt = 1; attempt < 80; attempt++) {
        int64_t d = tm_backoff_ms(attempt, 500, 30000, (uint64_t)attempt * 7919);
        CU_ASSERT(d >= 1 && d <= 30000);
    }
    CU_ASSERT(tm_backoff_ms(60, 500, 30000, 0) >= 15000);
}

/* The gateway counts arrivals: rps+1 requests, each sent as early as the
 * pacing allows and one delayed on its way by 60 ms, never land within one
 * second; and at the rates Ticketmaster grants (5/s by default) the margin
 * costs less than 30 % of the rate. */
static void pacing_keeps_the_rate_with_a_margin(void)
{
    for (int rps = 1; rps <= 10; rps++) {
        int64_t gap = tm_pace_gap_us(rps);
        CU_ASSERT(rps * gap >= 1000000 + 60000);
        CU_ASSERT(gap * 10 < 1000000 * 13 / rps);
        /* rps+1 sends, the first late by 60 ms, the others on time */
        int64_t start = 0, first_arrival = 60000, last_arrival = 0;
        for (int i = 0; i < rps; i++)
            start = tm_pace_next_us(start, i == 0 ? 0 : 5000, rps);
        last_arrival = start + 5000;
        CU_ASSERT(last_arrival - first_arrival >= 1000000);
    }
    /* measured from the send: a slow connect pushes the next start back */
    CU_ASSERT_EQUAL(tm_pace_next_us(1000000, 250000, 3), 1000000 + 250000 + tm_pace_gap_us(3));
    CU_ASSERT_EQUAL(tm_pace_next_us(1000000, 0, 0), 0); /* no limit */
}

static enum tm_error classify_file(struct arena *a, const char *dir, const char *name, long status,
                                   const char **code)
{
    char path[4096];
    size_t len;

    snprintf(path, sizeof(path), "%s/ticketmaster/errors/%s", dir, name);
    char *text = test_read_file(path, &len);
    CU_ASSERT_PTR_NOT_NULL_FATAL(text);
    const char *body = arena_strndup(a, text, len);
    free(text);
    return tm_classify(a, status, body, len, code);
}

static void recorded_error_bodies_are_classified(void)
{
    const char *dir = test_fixtures_dir("tm_client error fixtures");
    const char *code;
    struct arena a;

    if (!dir)
        return;
    arena_init(&a, 0);
    CU_ASSERT_EQUAL(classify_file(&a, dir, "401_invalid_apikey_official-docs.json", 401, &code),
                    TM_INVALID_KEY);
    CU_ASSERT_STRING_EQUAL(code, "oauth.v2.InvalidApiKey");
    CU_ASSERT_EQUAL(classify_file(&a, dir, "401_invalid_apikey_observed-minified.json", 401, NULL),
                    TM_INVALID_KEY);
    CU_ASSERT_EQUAL(classify_file(&a, dir, "429_quota_violation_official-docs.json", 429, &code),
                    TM_QUOTA);
    CU_ASSERT_STRING_EQUAL(code, "policies.ratelimit.QuotaViolation");
    CU_ASSERT_EQUAL(
        classify_file(&a, dir, "400_DIS1035_max_paging_depth_observed.json", 400, &code),
        TM_BAD_REQUEST);
    CU_ASSERT_STRING_EQUAL(code, "DIS1035");
    CU_ASSERT_EQUAL(classify_file(&a, dir, "400_DIS1036_size_too_large_observed.json", 400, &code),
                    TM_BAD_REQUEST);
    CU_ASSERT_STRING_EQUAL(code, "DIS1036");
    CU_ASSERT_EQUAL(classify_file(&a, dir, "400_DIS1015_bad_date_format_observed.json", 400, NULL),
                    TM_BAD_REQUEST);
    CU_ASSERT_EQUAL(classify_file(&a, dir, "event_404_DIS1004_legacy-id_2026-09.json", 404, &code),
                    TM_NOT_FOUND);
    CU_ASSERT_STRING_EQUAL(code, "DIS1004");
    arena_release(&a);
}

static void statuses_and_gateway_codes_decide_retries(void)
{
    const char *spike = "{\"fault\":{\"faultstring\":\"Spike arrest violation\",\"detail\":{"
                        "\"errorcode\":\"policies.ratelimit.SpikeArrestViolation\"}}}";
    const char *quota = "{\"fault\":{\"detail\":{\"errorcode\":"
                        "\"policies.ratelimit.QuotaViolation\"}}}";
    struct arena a;

    arena_init(&a, 0);
    CU_ASSERT_EQUAL(tm_classify(&a, 429, spike, strlen(spike), NULL), TM_SPIKE);
    CU_ASSERT_EQUAL(tm_classify(&a, 429, quota, strlen(quota), NULL), TM_QUOTA);
    CU_ASSERT_EQUAL(tm_classify(&a, 429, "<html>", 6, NULL), TM_SPIKE); /* unknown 429: wait */
    CU_ASSERT_EQUAL(tm_classify(&a, 503, "", 0, NULL), TM_SERVER);
    CU_ASSERT_EQUAL(tm_classify(&a, 0, NULL, 0, NULL), TM_TRANSPORT);
    CU_ASSERT_EQUAL(tm_classify(&a, 200, "{}", 2, NULL), TM_OK);
    CU_ASSERT_EQUAL(tm_classify(&a, 403, "{}", 2, NULL), TM_OTHER);
    CU_ASSERT_TRUE(tm_retryable(TM_SPIKE));
    CU_ASSERT_TRUE(tm_retryable(TM_SERVER));
    CU_ASSERT_TRUE(tm_retryable(TM_TRANSPORT));
    CU_ASSERT_FALSE(tm_retryable(TM_QUOTA));
    CU_ASSERT_FALSE(tm_retryable(TM_INVALID_KEY));
    CU_ASSERT_FALSE(tm_retryable(TM_BAD_REQUEST));
    arena_release(&a);
}

static void reset_header_and_text(void)
{
    int64_t ms = 0;
    struct arena a;

    arena_init(&a, 0);
    CU_ASSERT_TRUE(tm_parse_reset("1453180594367", &ms));
    CU_ASSERT_EQUAL(ms, 1453180594367LL);
    CU_ASSERT_FALSE(tm_parse_reset("soon", &ms));
    CU_ASSERT_FALSE(tm_parse_reset(NULL, &ms));
    CU_ASSERT_PTR_NOT_NULL(strstr(tm_reset_text(&a, 1453180594367LL), "2016-01-19T05:16:34Z"));
    CU_ASSERT_PTR_NOT_NULL(strstr(tm_reset_text(&a, 0), "unknown"));
    arena_release(&a);
}

static void query_string_is_encoded_and_keyless(void)
{
    static const char *const segs[] = { "KZFzniwnSyZfZ7v7nJ", "Arts & Theatre" };
    struct tm_events_query q = { .from = 1924992000,
                                 .to = 1925078399,
                                 .city = "São Paulo",
                                 .country = "BR",
                                 .segments = segs,
                                 .nsegments = 2 };
    struct arena a;
    struct buf *b;

    arena_init(&a, 0);
    const char *s = tm_events_query_string(&a, &q, q.from, q.to, 3);
    CU_ASSERT_PTR_NOT_NULL(strstr(s, "startDateTime=2031-01-01T00%3A00%3A00Z"));
    CU_ASSERT_PTR_NOT_NULL(strstr(s, "endDateTime=2031-01-01T23%3A59%3A59Z"));
    CU_ASSERT_PTR_NOT_NULL(strstr(s, "size=200&page=3&sort=date%2Casc"));
    CU_ASSERT_PTR_NOT_NULL(strstr(s, "city=S%C3%A3o%20Paulo"));
    CU_ASSERT_PTR_NOT_NULL(strstr(s, "countryCode=BR"));
    CU_ASSERT_PTR_NOT_NULL(strstr(s, "segmentId=KZFzniwnSyZfZ7v7nJ"));
    CU_ASSERT_PTR_NOT_NULL(strstr(s, "segmentName=Arts%20%26%20Theatre"));
    CU_ASSERT_PTR_NULL(strstr(s, "apikey"));
    b = buf_new_arena(&a, 0);
    tm_query_add(b, "apikey", "a&b=c");
    CU_ASSERT_STRING_EQUAL(b->data, "apikey=a%26b%3Dc");
    arena_release(&a);
}

static void invalid_utf8_is_repaired_and_truncation_is_not(void)
{
    struct arena a;
    char err[128];
    bool repaired;
    const char good[] = "{\"_embedded\":{\"events\":[{\"id\":\"a\",\"name\":\"ok\"},"
                        "{\"id\":\"b\",\"name\":\"x\xff\xfey\"}]}}";
    const char *text = good;
    size_t n = sizeof(good) - 1;

    arena_init(&a, 0);
    struct json_object *root = ingest_parse(&a, &text, &n, &repaired, err, sizeof(err));
    CU_ASSERT_PTR_NOT_NULL_FATAL(root);
    CU_ASSERT_TRUE(repaired);
    CU_ASSERT_EQUAL(json_arr_len(json_path(root, "_embedded.events")), 2);
    CU_ASSERT_STRING_EQUAL(
        json_path_str(json_arr_get(json_path(root, "_embedded.events"), 1), "name"),
        "x\xEF\xBF\xBD\xEF\xBF\xBDy");
    text = "{\"_embedded\":{\"events\":[{\"id\":\"a\"";
    n = strlen(text);
    CU_ASSERT_PTR_NULL(ingest_parse(&a, &text, &n, &repaired, err, sizeof(err)));
    CU_ASSERT_FALSE(repaired);
    text = "{\"page\":{\"totalElements\":0}}";
    n = strlen(text);
    CU_ASSERT_PTR_NOT_NULL(ingest_parse(&a, &text, &n, &repaired, err, sizeof(err)));
    CU_ASSERT_FALSE(repaired);
    arena_release(&a);
}

/* The same undefined conversion as fuzz_es found, on the counts the API
 * client pages by. */
static void page_counts_stay_in_range(void)
{
    static const struct {
        const char *json;
        int64_t want;
    } cases[] = {
        { "{\"page\":{\"totalElements\":1234}}", 1234 },
        { "{\"page\":{\"totalElements\":1e300}}", TM_MAX_COUNT },
        { "{\"page\":{\"totalElements\":-5}}", 0 },
        { "{\"page\":{\"totalElements\":\"12\"}}", 12 },
        { "{\"page\":{\"totalElements\":\"nan\"}}", 0 },
        { "{\"page\":{}}", 0 },
    };
    struct arena a;
    char err[128];
    arena_init(&a, 0);
    for (size_t i = 0; i < MQ_ARRAY_LEN(cases); i++) {
        struct json_object *o =
            json_parse(&a, cases[i].json, strlen(cases[i].json), err, sizeof(err));
        CU_ASSERT_EQUAL(tm_page_count(o, "page.totalElements"), cases[i].want);
    }
    CU_ASSERT_EQUAL(tm_page_count(NULL, "page.totalPages"), 0);
    arena_release(&a);
}

int suite_tm_client(void)
{
    static const struct test_case cases[] = {
        { "page cap is the documented rule", page_cap_is_the_documented_rule },
        { "page counts stay in range", page_counts_stay_in_range },
        { "split halves overlap and shrink", split_halves_overlap_and_shrink },
        { "recursive split reaches every event within the cap",
          recursive_split_reaches_every_event_within_the_cap },
        { "backoff doubles with jitter and a cap", backoff_doubles_with_jitter_and_a_cap },
        { "pacing keeps the rate with a margin", pacing_keeps_the_rate_with_a_margin },
        { "recorded error bodies are classified", recorded_error_bodies_are_classified },
        { "statuses and gateway codes decide retries", statuses_and_gateway_codes_decide_retries },
        { "reset header and text", reset_header_and_text },
        { "query string is encoded and keyless", query_string_is_encoded_and_keyless },
        { "invalid UTF-8 is repaired, truncation is not",
          invalid_utf8_is_repaired_and_truncation_is_not },
        { NULL, NULL },
    };
    return test_register("tm_client", cases);
}
