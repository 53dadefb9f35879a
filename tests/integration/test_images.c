/*
 * The image step of marquee-sync against a local server replaying the
 * recorded imgBB answers (tests/fixtures/imgbb; skipped with a message
 * when absent), on a database of its own (mqimages): each distinct source
 * is uploaded once, events show the hosted copy, failures keep the source
 * and wait, a refused key stops the run without failing it or reaching the
 * log, timeouts are bounded.
 */
#include "config.h"
#include "core/common.h"
#include "tests/integration/itest.h"
#include "tests/integration/itest_db.h"
#include "tests/integration/fake_http.h"
#include "app/images/images_sync.h"
#include "app/sync/sync.h"
#include "core/conf.h"
#include "infra/pg.h"

#include <pthread.h>
#include <signal.h>
#include <unistd.h>

#define KEY       "good-key"
#define BAD_KEY   "mq-secret-key-4242"
#define HOSTED_23 "https://i.ibb.co/mRjDzX5/9f2daa10-6c1d-4766-9352-3ff788a8e3dd.png"
#define HOSTED_24 "https://i.ibb.co/gry2d5B/image.jpg"
#define SRC(x)    "https://img.test/" x

static struct arena A;
static struct pg DB;
static struct fake_http *Fake;
static const char *Url, *Log;
static char Fixtures[512];
static bool Skip;
static void (*Old_pipe)(int);

/* What the fake saw, and how it answers (shared with its thread). */
static pthread_mutex_t Lock = PTHREAD_MUTEX_INITIALIZER;
static char Seen[64][128];
static int NSeen;
static int Sleep_ms;
static bool All_ok;

/* The fixtures are missing (setup): the test is skipped, or failed under CI. */
static bool skipped(void)
{
    if (Skip)
        test_skip("images tests need tests/fixtures/imgbb (MQ_FIXTURES)");
    return Skip;
}

static char *read_fixture(const char *name)
{
    char path[700];
    snprintf(path, sizeof(path), "%s/imgbb/%s", Fixtures, name);
    FILE *f = fopen(path, "rb");
    char *s = calloc(1, 1 << 16);
    if (f && s && fread(s, 1, (1 << 16) - 1, f) == 0)
        s[0] = '\0';
    if (f)
        fclose(f);
    return s;
}

/* The value of form field name (percent-decoded) into out. */
static void form_field(const char *body, const char *name, char *out, size_t cap)
{
    size_t nl = strlen(name), n = 0;
    const char *p = body;
    out[0] = '\0';
    while (p && !(strncmp(p, name, nl) == 0 && p[nl] == '='))
        p = (p = strchr(p, '&')) ? p + 1 : NULL;
    if (!p)
        return;
    for (p += nl + 1; *p && *p != '&' && n + 1 < cap; p++) {
        unsigned x;
        if (*p == '%' && sscanf(p + 1, "%2x", &x) == 1) {
            out[n++] = (char)x;
            p += 2;
        } else {
            out[n++] = *p;
        }
    }
    out[n] = '\0';
}

static const char *answer_for(const char *image, int *status)
{
    if (All_ok || strstr(image, "real-2024"))
        return "upload_response_real_2024-08_pretty.json";
    if (strstr(image, "doc-example"))
        return "upload_response_official-doc-example_NOT-STRICT-JSON.txt";
    if (strstr(image, "server-error"))
        *status = 503;
    else if (strstr(image, "garbage"))
        *status = 299; /* 2xx, body below: not JSON */
    else if (strstr(image, "rate"))
        *status = 429;
    return *status == 200 ? "upload_response_real_2023-05_raw-minified.json" : NULL;
}

static char *replay(const char *line, const char *body, int *status)
{
    char key[64], image[128];
    form_field(body, "key", key, sizeof(key));
    form_field(body, "image", image, sizeof(image));
    pthread_mutex_lock(&Lock);
    if (NSeen < (int)MQ_ARRAY_LEN(Seen))
        snprintf(Seen[NSeen++], sizeof(Seen[0]), "%s", image);
    int sleep_ms = Sleep_ms;
    pthread_mutex_unlock(&Lock);
    if (sleep_ms) /* the behaviour under test: a slow imgBB */
        usleep((useconds_t)sleep_ms * 1000);
    *status = 200;
    if (strcmp(line, "POST /1/upload") != 0) {
        *status = 404;
        return strdup("{}");
    }
    if (strcmp(key, KEY) != 0) {
        *status = 400;
        return read_fixture("error_400_invalid_api_key.json");
    }
    const char *file = answer_for(image, status);
    if (*status == 299)
        *status = 200;
    return file ? read_fixture(file) : strdup(*status == 200 ? "<html>oops</html>" : "{}");
}

static int seen_count(const char *image)
{
    int n = 0;
    pthread_mutex_lock(&Lock);
    for (int i = 0; i < NSeen; i++)
        n += strcmp(Seen[i], image) == 0;
    pthread_mutex_unlock(&Lock);
    return n;
}

static const struct pg_stmt put_row = {
    "itimg_put",
    "INSERT INTO extracted_events (id, raw, name, venue_name, status, image_url, content_hash, "
    "sync_pending, changed_at) VALUES ($1, '{}', $2::text, 'Image Hall', $4::text, $3::text, "
    "md5(row($2::text, $3::text, $4::text)::text), true, clock_timestamp()) ON CONFLICT (id) DO "
    "UPDATE SET name = EXCLUDED.name, image_url = EXCLUDED.image_url, status = EXCLUDED.status, "
    "content_hash = EXCLUDED.content_hash, "
    "sync_pending = true, changed_at = clock_timestamp()",
    4, 0
};

static const struct pg_stmt image_of = {
    "itimg_image_of",
    "SELECT e.image_url, e.image_source_url FROM events e JOIN event_sessions s "
    "ON s.event_id = e.id WHERE s.id = $1",
    1, PG_READONLY
};

static void put(const char *id, const char *name, const char *image, const char *status)
{
    struct pg_result *r;
    const char *p[] = { id, name, image, status };
    CU_ASSERT_EQUAL_FATAL(pg_exec(&DB, &A, &put_row, p, &r), ST_OK);
}

static const char *shown(const char *id, int col)
{
    struct pg_result *r;
    const char *p[] = { id };
    CU_ASSERT_EQUAL_FATAL(pg_exec(&DB, &A, &image_of, p, &r), ST_OK);
    CU_ASSERT_EQUAL_FATAL(pg_nrows(r), 1);
    return pg_get(r, 0, col) ? arena_strdup(&A, pg_get(r, 0, col)) : "(null)";
}

/* Row 0, column 0 of a statement without parameters. pg.c knows its
 * prepared statements by address: one table entry per name. */
static int64_t scalar(const char *name, const char *sql)
{
    static struct pg_stmt stmts[16];
    static size_t n;
    const struct pg_stmt *st = NULL;
    struct pg_result *r;
    for (size_t i = 0; i < n && !st; i++) {
        if (strcmp(stmts[i].name, name) == 0)
            st = &stmts[i];
    }
    if (!st) {
        CU_ASSERT_FATAL(n < MQ_ARRAY_LEN(stmts));
        stmts[n] = (struct pg_stmt){ name, sql, 0, true };
        st = &stmts[n++];
    }
    CU_ASSERT_EQUAL_FATAL(pg_exec(&DB, &A, st, NULL, &r), ST_OK);
    return pg_nrows(r) > 0 ? pg_get_i64(r, 0, 0) : -1;
}

static void sync_rows(void)
{
    struct sync_stats st;
    CU_ASSERT_EQUAL_FATAL(sync_run(&DB, 100, &st, NULL, NULL), ST_OK);
}

static struct images_sync_stats run_images(const char *key, int timeout_ms)
{
    struct config cfg;
    struct images_sync_stats st;
    memset(&cfg, 0, sizeof(cfg));
    cfg.imgbb_api_key = key;
    cfg.imgbb_url = fake_http_url(Fake);
    cfg.imgbb_timeout_ms = timeout_ms;
    CU_ASSERT_EQUAL(images_sync_run(&DB, &cfg, &st), ST_OK);
    return st;
}

static void each_distinct_source_is_uploaded_once(void)
{
    if (skipped())
        return;
    put("mqimg-1", "Img One", SRC("a/real-2023.png"), "onsale");
    put("mqimg-2", "Img Two", SRC("a/real-2023.png"), "onsale");
    put("mqimg-3", "Img Three", SRC("b/real-2024.jpg"), "onsale");
    put("mqimg-4", "Img Four", SRC("c/doc-example.gif"), "onsale");
    put("mqimg-5", "Img Five", SRC("d/garbage.jpg"), "onsale");
    put("mqimg-6", "Img Six", SRC("e/server-error.jpg"), "onsale");
    put("mqimg-7", "Img Seven", "not a url", "onsale");
    sync_rows();
    CU_ASSERT_STRING_EQUAL(shown("mqimg-1", 0), SRC("a/real-2023.png")); /* not uploaded yet */
    struct images_sync_stats st = run_images(KEY, 2000);
    CU_ASSERT(st.enabled);
    CU_ASSERT_EQUAL(st.uploaded, 2);
    CU_ASSERT_EQUAL(st.failed, 3);
    CU_ASSERT_EQUAL(st.events_updated, 3);
    CU_ASSERT(st.stopped); /* three failures in a row without a usable answer */
    CU_ASSERT_EQUAL(fake_http_requests(Fake), 5);
    CU_ASSERT_EQUAL(seen_count(SRC("a/real-2023.png")), 1);
    CU_ASSERT_EQUAL(seen_count("not a url"), 0);
    CU_ASSERT_STRING_EQUAL(shown("mqimg-1", 0), HOSTED_23);
    CU_ASSERT_STRING_EQUAL(shown("mqimg-2", 0), HOSTED_23);
    CU_ASSERT_STRING_EQUAL(shown("mqimg-1", 1), SRC("a/real-2023.png"));
    CU_ASSERT_STRING_EQUAL(shown("mqimg-3", 0), HOSTED_24);
    CU_ASSERT_STRING_EQUAL(shown("mqimg-4", 0), SRC("c/doc-example.gif"));
    CU_ASSERT_STRING_EQUAL(shown("mqimg-5", 0), SRC("d/garbage.jpg"));
    CU_ASSERT_STRING_EQUAL(shown("mqimg-6", 0), SRC("e/server-error.jpg"));
    CU_ASSERT_STRING_EQUAL(shown("mqimg-7", 0), "not a url");
    /* the key travels in the form body, never in the URL */
    char *body = NULL, *line = fake_http_last_request(Fake, &body);
    CU_ASSERT_STRING_EQUAL(line, "POST /1/upload");
    CU_ASSERT(body && strncmp(body, "key=" KEY "&image=https%3A%2F%2Fimg.test%2F", 37) == 0);
    free(line);
    free(body);
}

static void failures_keep_the_source_and_wait(void)
{
    if (skipped())
        return;
    CU_ASSERT_EQUAL(scalar("itimg_waiting",
                           "SELECT count(*) FROM images WHERE attempts = 1 AND hosted_url IS NULL "
                           "AND last_error IS NOT NULL AND next_attempt_at BETWEEN now() + "
                           "interval '4 minutes' AND now() + interval '6 minutes'"),
                    3);
    CU_ASSERT_EQUAL(scalar("itimg_hosted", "SELECT count(*) FROM images WHERE hosted_url IS NOT "
                                           "NULL AND attempts = 1 AND last_error IS NULL"),
                    2);
    /* the next run: nothing is due, nothing is sent */
    int before = fake_http_requests(Fake);
    struct images_sync_stats st = run_images(KEY, 2000);
    CU_ASSERT_EQUAL(st.uploaded + st.failed, 0);
    CU_ASSERT_EQUAL(fake_http_requests(Fake), before);
    /* once due, they are tried again; imgBB is fine now */
    CU_ASSERT_EQUAL_FATAL(pg_exec_sql(&DB, "UPDATE images SET next_attempt_at = now() "
                                           "WHERE hosted_url IS NULL"),
                          ST_OK);
    All_ok = true;
    st = run_images(KEY, 2000);
    All_ok = false;
    CU_ASSERT_EQUAL(st.uploaded, 3);
    CU_ASSERT_EQUAL(st.failed, 0);
    CU_ASSERT_EQUAL(fake_http_requests(Fake), before + 3);
    CU_ASSERT_STRING_EQUAL(shown("mqimg-4", 0), HOSTED_24);
    CU_ASSERT_STRING_EQUAL(shown("mqimg-6", 0), HOSTED_24);
}

static void a_resync_keeps_the_hosted_copy(void)
{
    if (skipped())
        return;
    int before = fake_http_requests(Fake);
    put("mqimg-1", "Img One", SRC("a/real-2023.png"), "cancelled");
    put("mqimg-3", "Img Three", SRC("f/real-2023.png"), "onsale");
    sync_rows();
    CU_ASSERT_STRING_EQUAL(shown("mqimg-1", 0), HOSTED_23);
    CU_ASSERT_STRING_EQUAL(shown("mqimg-3", 0), SRC("f/real-2023.png"));
    struct images_sync_stats st = run_images(KEY, 2000);
    CU_ASSERT_EQUAL(st.uploaded, 1);
    CU_ASSERT_EQUAL(fake_http_requests(Fake), before + 1);
    CU_ASSERT_EQUAL(seen_count(SRC("f/real-2023.png")), 1);
    CU_ASSERT_STRING_EQUAL(shown("mqimg-3", 0), HOSTED_23);
}

static bool log_holds(const char *needle)
{
    size_t n = 0;
    char *text = calloc(1, 1 << 20);
    FILE *f = fopen(Log, "rb");
    if (f) {
        n = fread(text, 1, (1 << 20) - 1, f);
        fclose(f);
    }
    text[n] = '\0';
    bool found = strstr(text, needle) != NULL;
    free(text);
    return found;
}

/* Through marquee-sync itself: the 400 answer ends the uploads after one
 * request, the run succeeds, and the key is nowhere in its output. */
static void a_refused_key_stops_uploads_but_not_the_sync(void)
{
    if (skipped())
        return;
    put("mqimg-g", "Img G", SRC("g/real-2023.png"), "onsale");
    put("mqimg-h", "Img H", SRC("h/real-2023.png"), "onsale");
    put("mqimg-i", "Img I", SRC("i/real-2023.png"), "onsale");
    int before = fake_http_requests(Fake);
    const char *argv[] = { "marquee-sync", NULL };
    const char *env[] = { arena_printf(&A, "DATABASE_URL=%s", Url), "IMGBB_API_KEY=" BAD_KEY,
                          arena_printf(&A, "IMGBB_URL=%s", fake_http_url(Fake)), NULL };
    FILE *f = fopen(Log, "w"); /* this run's output only */
    if (f)
        fclose(f);
    CU_ASSERT_EQUAL(itest_spawn(argv, env, Log, NULL, NULL), 0);
    CU_ASSERT_EQUAL(fake_http_requests(Fake), before + 1);
    CU_ASSERT(log_holds("event=imgbb_stopped reason=key_refused status=400 code=100"));
    CU_ASSERT(log_holds("Invalid API v1 key."));
    CU_ASSERT(log_holds("images_uploaded=0 images_failed=1"));
    CU_ASSERT_FALSE(log_holds(BAD_KEY));
    /* not the images' fault: they keep their schedule */
    CU_ASSERT_EQUAL(scalar("itimg_untried",
                           "SELECT count(*) FROM images WHERE attempts = 0 AND hosted_url IS NULL"),
                    3);
    CU_ASSERT_STRING_EQUAL(shown("mqimg-g", 0), SRC("g/real-2023.png"));
}

/* imgBB too slow: each call gives up at the timeout; three in a row end
 * the run's uploads, and the images wait for a later run. */
static bool fake_served(void *n)
{
    return fake_http_requests(Fake) >= *(int *)n; /* waits for the call it serves */
}

static void timeouts_are_bounded_and_counted(void)
{
    if (skipped())
        return;
    int served = fake_http_requests(Fake) + 3;
    int64_t t0 = itest_now_ms();
    pthread_mutex_lock(&Lock);
    Sleep_ms = 1500;
    pthread_mutex_unlock(&Lock);
    struct images_sync_stats st = run_images(KEY, 300);
    int64_t took = itest_now_ms() - t0;
    pthread_mutex_lock(&Lock);
    Sleep_ms = 0;
    pthread_mutex_unlock(&Lock);
    CU_ASSERT_EQUAL(st.failed, 3);
    CU_ASSERT_EQUAL(st.uploaded, 0);
    CU_ASSERT(st.stopped);
    CU_ASSERT(took >= 900 && took < 2500);
    CU_ASSERT_EQUAL(scalar("itimg_timeouts", "SELECT count(*) FROM images WHERE attempts = 1 AND "
                                             "last_error ILIKE '%timeout%'"),
                    3);
    /* the fake serves the calls the client gave up on, one at a time */
    CU_ASSERT_TRUE(itest_poll(fake_served, &served, 3 * 1500 + 1000, 20));
}

/* A rate limit ends the run's uploads after one request. */
static void a_rate_limit_stops_the_run(void)
{
    if (skipped())
        return;
    put("mqimg-r", "Img R", SRC("0/rate.png"), "onsale");
    put("mqimg-s", "Img S", SRC("1/real-2023.png"), "onsale");
    sync_rows();
    int before = fake_http_requests(Fake);
    struct images_sync_stats st = run_images(KEY, 2000);
    CU_ASSERT_EQUAL(fake_http_requests(Fake), before + 1);
    CU_ASSERT_EQUAL(st.failed, 1);
    CU_ASSERT(st.stopped);
    CU_ASSERT_STRING_EQUAL(shown("mqimg-s", 0), SRC("1/real-2023.png"));
    CU_ASSERT_EQUAL(scalar("itimg_rate", "SELECT attempts FROM images WHERE source_url = "
                                         "'https://img.test/0/rate.png'"),
                    0);
}

static int setup(void)
{
    const char *fx = getenv("MQ_FIXTURES");
    const char *var = getenv("MARQUEE_VAR");
    arena_init(&A, 0);
    snprintf(Fixtures, sizeof(Fixtures), "%s", fx ? fx : "");
    if (!fx || access(arena_printf(&A, "%s/imgbb/error_400_invalid_api_key.json", fx), R_OK)) {
        Skip = true; /* each test reports it (skipped) */
        return 0;
    }
    Log = arena_printf(&A, "%s/log/itest-images.log", var ? var : "/tmp");
    /* a client that times out closes before the fake answers */
    Old_pipe = signal(SIGPIPE, SIG_IGN);
    if (!(Url = itest_fresh_db(&A, "mqimages")) || !(Fake = fake_http_start(200, "{}")))
        return -1;
    fake_http_handler(Fake, replay);
    pg_init(&DB, Url, 5, 60000, "itest-images");
    return 0;
}

static int teardown(void)
{
    if (!Skip) {
        fake_http_stop(Fake);
        pg_release(&DB);
        itest_drop_db("mqimages");
        signal(SIGPIPE, Old_pipe);
    }
    arena_release(&A);
    return 0;
}

int suite_images(void)
{
    static const struct itest_case cases[] = {
        { "each distinct source is uploaded once", each_distinct_source_is_uploaded_once },
        { "failures keep the source and wait", failures_keep_the_source_and_wait },
        { "a resync keeps the hosted copy", a_resync_keeps_the_hosted_copy },
        { "a refused key stops uploads but not the sync",
          a_refused_key_stops_uploads_but_not_the_sync },
        { "timeouts are bounded and counted", timeouts_are_bounded_and_counted },
        { "a rate limit stops the run", a_rate_limit_stops_the_run },
        { NULL, NULL },
    };
    return itest_register("images (imgBB replay)", cases, setup, teardown);
}
