/*
 * The Ticketmaster client for real: marquee-ingest and marquee-genres
 * against tests/fakeupstream/marquee-fake-tm on loopback, which serves
 * generated events (and the recorded pages and error bodies of
 * tests/fixtures) and injects faults. The generated events start in
 * 2031, far from every other suite's data, and are deleted afterwards.
 */
#include "config.h"
#include "core/common.h"
#include "tests/integration/itest.h"
#include "infra/pg.h"

#include <inttypes.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

/* Distinctive, so it can be searched for in every output. */
#define KEY   "mqKEY-7f3c9e1d5b-SECRET"
#define RANGE "--from 2031-01-01T00:00:00Z --to 2031-03-01T00:00:00Z"

static struct pg DB;
static struct arena A;
static char OUT[256], LOG[256];

struct fake_proc {
    FILE *pipe;
    int pid, port;
    int64_t events;
    char url[64];
};

struct req_line {
    int64_t n, t_us, page, size;
    int status;
    char fault[16];
};

static const char *fake_path(void)
{
    const char *build = getenv("MARQUEE_BUILD");
    return arena_printf(&A, "%s/tests/fakeupstream/marquee-fake-tm", build ? build : ".");
}

/* Starts the fake with args; false (and asserts) if it did not come up. */
static bool fake_start(struct fake_proc *fp, const char *args)
{
    char line[256];

    memset(fp, 0, sizeof(*fp));
    unlink(LOG);
    const char *cmd = arena_printf(&A, "exec '%s' --port 0 --log '%s' --max-seconds 300 %s",
                                   fake_path(), LOG, args);
    fp->pipe = popen(cmd, "r");
    CU_ASSERT_PTR_NOT_NULL_FATAL(fp->pipe);
    if (!fgets(line, sizeof(line), fp->pipe) ||
        sscanf(line, "port=%d events=%" SCNd64, &fp->port, &fp->events) != 2) {
        CU_FAIL("marquee-fake-tm did not start");
        pclose(fp->pipe);
        return false;
    }
    const char *pid = strstr(line, "pid=");
    fp->pid = pid ? (int)strtol(pid + 4, NULL, 10) : 0;
    snprintf(fp->url, sizeof(fp->url), "http://127.0.0.1:%d", fp->port);
    CU_ASSERT(fp->pid > 0);
    return fp->pid > 0;
}

static void fake_stop(struct fake_proc *fp)
{
    if (fp->pid > 0)
        kill(fp->pid, SIGTERM);
    if (fp->pipe)
        pclose(fp->pipe);
}

static char *read_all(const char *path)
{
    FILE *f = fopen(path, "rb");
    struct buf *b = buf_new_arena(&A, 0);
    char chunk[4096];
    size_t n;

    while (f && (n = fread(chunk, 1, sizeof(chunk), f)) > 0)
        buf_append(b, chunk, n);
    if (f)
        fclose(f);
    return b->data;
}

/*
 * Runs a job against the fake with env (extra "NAME=value" words); its
 * exit status, with stdout+stderr in *out. Whatever happens, the key must
 * not appear in the output nor in the fake's request log.
 */
static int run_job(const struct fake_proc *fp, const char *env, const char *job, char **out)
{
    const char *cmd = arena_printf(&A,
                                   "env TICKETMASTER_URL=%s TICKETMASTER_API_KEY=%s "
                                   "TICKETMASTER_RETRY_BASE_MS=20 LOG_LEVEL=debug %s %s >'%s' 2>&1",
                                   fp->url, KEY, env, job, OUT);
    int rc = system(cmd);

    *out = read_all(OUT);
    CU_ASSERT_PTR_NULL(strstr(*out, KEY));
    CU_ASSERT_PTR_NULL(strstr(read_all(LOG), KEY));
    return WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
}

/* The fake's request log; the number of lines. */
static size_t read_log(struct req_line *lines, size_t max)
{
    FILE *f = fopen(LOG, "r");
    char line[512];
    size_t n = 0;

    while (f && n < max && fgets(line, sizeof(line), f)) {
        struct req_line *r = &lines[n];
        const char *fault = strstr(line, " fault=");
        if (sscanf(line, "n=%" SCNd64 " t_us=%" SCNd64, &r->n, &r->t_us) != 2)
            continue;
        r->page = strtoll(strstr(line, " page=") + 6, NULL, 10);
        r->size = strtoll(strstr(line, " size=") + 6, NULL, 10);
        r->status = (int)strtol(strstr(line, " status=") + 8, NULL, 10);
        snprintf(r->fault, sizeof(r->fault), "%.*s", (int)strcspn(fault + 7, " \n"), fault + 7);
        n++;
    }
    if (f)
        fclose(f);
    return n;
}

/* Runs sql (a literal; one text parameter, may be NULL) and returns row 0
 * col 0 as a number, or -1. One prepared statement per distinct text. */
static int64_t count_sql(const char *sql, const char *param)
{
    static struct pg_stmt stmts[16];
    static char names[16][16];
    static size_t n;
    const struct pg_stmt *st = NULL;
    struct pg_result *r;

    for (size_t i = 0; i < n && !st; i++) {
        if (strcmp(stmts[i].sql, sql) == 0)
            st = &stmts[i];
    }
    if (!st) {
        if (n == MQ_ARRAY_LEN(stmts))
            return -1; /* also called from setup, outside any test */
        snprintf(names[n], sizeof(names[n]), "ittm_%zu", n);
        stmts[n] = (struct pg_stmt){ names[n], sql, param ? 1 : 0, false };
        st = &stmts[n++];
    }
    const char *params[] = { param };
    if (pg_exec(&DB, &A, st, params, &r) != ST_OK || pg_nrows(r) != 1)
        return -1;
    return strtoll(pg_get(r, 0, 0), NULL, 10);
}

/* Rows of the generated events (they all start in 2031). */
static int64_t rows_2031(void)
{
    return count_sql("SELECT count(*) FROM extracted_events"
                     " WHERE raw->'dates'->'start'->>'dateTime' LIKE '2031-%'",
                     NULL);
}

static int cleanup(void)
{
    return count_sql("WITH d AS (DELETE FROM extracted_events WHERE"
                     " raw->'dates'->'start'->>'dateTime' LIKE '2031-%' RETURNING 1)"
                     " SELECT count(*) FROM d",
                     NULL) < 0;
}

/* A window holding 5,000 events is fetched whole, and no request ever
 * pages past the cap: the fake refuses (page+1)*size > 1000 with DIS1035
 * and counts it, and the log shows every request. */
static void window_of_5000_events_is_fetched_within_the_page_cap(void)
{
    struct fake_proc fp;
    static struct req_line lines[4096];
    char *out;
    int64_t splits = 0;

    cleanup();
    if (!fake_start(&fp, "--events 2000 --max-events 5000 --seed 77 --days 20"))
        return;
    CU_ASSERT_EQUAL(fp.events, 5000);
    int rc = run_job(&fp, "TICKETMASTER_RPS=0", "marquee-ingest " RANGE, &out);
    fake_stop(&fp);
    CU_ASSERT_EQUAL(rc, 0);
    CU_ASSERT_EQUAL(rows_2031(), 5000);
    size_t n = read_log(lines, MQ_ARRAY_LEN(lines));
    CU_ASSERT(n >= 25); /* 5000 / 200, plus the windows that were split */
    for (size_t i = 0; i < n; i++) {
        CU_ASSERT((lines[i].page + 1) * lines[i].size <= 1000);
        CU_ASSERT_EQUAL(lines[i].status, 200);
        splits += lines[i].page == 0;
    }
    CU_ASSERT(splits >= 5); /* at least 5 windows were paged */
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "event=ingest_summary"));
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "inserted=5000"));
}

/* --rps 3 makes the fake answer 429 SpikeArrest above 3 requests in any
 * second; the client, at TICKETMASTER_RPS=3, must never trigger it. */
static void rate_limit_is_respected(void)
{
    struct fake_proc fp;
    static struct req_line lines[256];
    char *out;

    cleanup();
    if (!fake_start(&fp, "--events 400 --seed 5 --rps 3"))
        return;
    int rc = run_job(&fp, "TICKETMASTER_RPS=3", "marquee-ingest " RANGE, &out);
    fake_stop(&fp);
    CU_ASSERT_EQUAL(rc, 0);
    size_t n = read_log(lines, MQ_ARRAY_LEN(lines));
    CU_ASSERT_FATAL(n >= 7);
    for (size_t i = 0; i < n; i++)
        CU_ASSERT_STRING_EQUAL(lines[i].fault, "none");
    for (size_t i = 0; i + 3 < n; i++)
        CU_ASSERT(lines[i + 3].t_us - lines[i].t_us >= 1000000);
    CU_ASSERT_EQUAL(rows_2031(), fp.events);
}

/* 500, SpikeArrest 429, a dropped connection, a body cut short, a reply
 * slower than the timeout and a truncated JSON body: every one is retried
 * and the run completes. */
static void retries_recover_from_every_transient_fault(void)
{
    struct fake_proc fp;
    static struct req_line lines[256];
    static const char *const want[] = { "500", "spike", "drop", "truncate", "slow", "badjson" };
    char *out;

    cleanup();
    if (!fake_start(&fp, "--events 400 --seed 5 --fault 500%5 --fault spike@2 --fault drop@3"
                         " --fault truncate@7 --fault slow@9 --fault badjson@12 --slow-ms 3000"))
        return;
    int rc = run_job(&fp, "TICKETMASTER_RPS=0 TICKETMASTER_TIMEOUT_MS=1000",
                     "marquee-ingest " RANGE, &out);
    fake_stop(&fp);
    CU_ASSERT_EQUAL(rc, 0);
    CU_ASSERT_EQUAL(rows_2031(), fp.events);
    size_t n = read_log(lines, MQ_ARRAY_LEN(lines));
    for (size_t k = 0; k < MQ_ARRAY_LEN(want); k++) {
        bool hit = false;
        for (size_t i = 0; i < n; i++)
            hit |= strcmp(lines[i].fault, want[k]) == 0;
        CU_ASSERT(hit);
    }
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "event=tm_retry"));
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "event=tm_page_unreadable"));
    CU_ASSERT_PTR_NULL(strstr(out, "tm_gave_up"));
}

/* QuotaViolation: no retry, exit 4, the reset time in the message. The
 * quota body names the key (as the real one does): it must not leak. */
static void quota_violation_stops_with_the_reset_time(void)
{
    struct fake_proc fp;
    static struct req_line lines[64];
    char *out;

    cleanup();
    if (!fake_start(&fp, "--events 400 --seed 5 --quota 3"))
        return;
    int rc = run_job(&fp, "TICKETMASTER_RPS=0", "marquee-ingest " RANGE, &out);
    fake_stop(&fp);
    CU_ASSERT_EQUAL(rc, 4);
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "quota exhausted; it resets at 20"));
    CU_ASSERT_EQUAL(read_log(lines, MQ_ARRAY_LEN(lines)), 4); /* stopped at the first 429 */
    CU_ASSERT_STRING_EQUAL(lines[3].fault, "quota");
}

/* A wrong key: 401, "invalid API key", non-zero exit, for both jobs. */
static void invalid_key_is_reported_and_fails(void)
{
    struct fake_proc fp;
    char *out;

    if (!fake_start(&fp, "--events 10 --api-key the-right-key"))
        return;
    CU_ASSERT_EQUAL(run_job(&fp, "", "marquee-ingest " RANGE, &out), 1);
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "invalid API key"));
    CU_ASSERT_EQUAL(run_job(&fp, "", "marquee-genres", &out), 1);
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "invalid API key"));
    fake_stop(&fp);
}

/* An event with invalid UTF-8 is skipped and logged with its id; the
 * rest of its page is written. */
static void invalid_utf8_costs_only_its_event(void)
{
    struct fake_proc fp;
    char *out, id[64] = "";

    cleanup();
    if (!fake_start(&fp, "--events 100 --seed 9 --fault badutf8@1"))
        return;
    int rc = run_job(&fp, "TICKETMASTER_RPS=0", "marquee-ingest " RANGE, &out);
    fake_stop(&fp);
    CU_ASSERT_EQUAL(rc, 0);
    const char *bad = strstr(read_all(LOG), "bad_id=");
    CU_ASSERT_PTR_NOT_NULL_FATAL(bad);
    snprintf(id, sizeof(id), "%.*s", (int)strcspn(bad + 7, " \n"), bad + 7);
    CU_ASSERT_PTR_NOT_NULL(strstr(out, arena_printf(&A, "id=%s reason=\"invalid UTF-8\"", id)));
    CU_ASSERT_EQUAL(rows_2031(), fp.events - 1);
    CU_ASSERT_EQUAL(count_sql("SELECT count(*) FROM extracted_events WHERE id = $1", id), 0);
}

/* marquee-genres over the network. */
static void genres_are_imported_from_the_api(void)
{
    struct fake_proc fp;
    char *out;

    if (!fake_start(&fp, "--events 10 --fault 500@1"))
        return;
    int rc = run_job(&fp, "TICKETMASTER_RPS=0", "marquee-genres", &out);
    fake_stop(&fp);
    CU_ASSERT_EQUAL(rc, 0);
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "event=genres_summary requests=2 retries=1 pages=1"));
    CU_ASSERT(count_sql("SELECT count(*) FROM genres WHERE id = $1", "KZFzniwnSyZfZ7v7nJ") == 1);
}

/* The recorded real pages, served through the network path, with the
 * recorded error bodies. */
static void recorded_pages_go_through_the_network_path(void)
{
    const char *dir = getenv("MQ_FIXTURES");
    struct fake_proc fp;
    char *out;

    if (!dir || access(dir, R_OK) != 0) {
        test_skip("the recorded pages need tests/fixtures (MQ_FIXTURES)");
        return;
    }
    const char *args = arena_printf(
        &A,
        "--fixtures %s --pages %s/ticketmaster/search/events_keyword-toronto-raptors_size200_"
        "2025-01-07.json --pages %s/ticketmaster/search/events_keyword-toronto-maple-leafs_"
        "size200_2025-01-07.json --pages %s/ticketmaster/search/embedded-events-array_city-san-"
        "francisco_size100_2025-11.json --fault quota@40",
        dir, dir, dir, dir);
    if (!fake_start(&fp, args))
        return;
    CU_ASSERT(fp.events > 300);
    int rc = run_job(&fp, "TICKETMASTER_RPS=0",
                     "marquee-ingest --from 2020-01-01T00:00:00Z --to 2030-01-01T00:00:00Z", &out);
    fake_stop(&fp);
    CU_ASSERT_EQUAL(rc, 0);
    CU_ASSERT_PTR_NOT_NULL(strstr(out, " skipped=0 "));
    const char *ev = strstr(out, "marquee-ingest: pages=");
    CU_ASSERT_PTR_NOT_NULL_FATAL(ev);
    int64_t events = strtoll(strstr(ev, "events=") + 7, NULL, 10);
    CU_ASSERT(events >= fp.events); /* windows overlap by a second */
}

static int setup(void)
{
    arena_init(&A, 0);
    snprintf(OUT, sizeof(OUT), "/tmp/mq-itest-tm-%d.out", (int)getpid());
    snprintf(LOG, sizeof(LOG), "/tmp/mq-itest-tm-%d.log", (int)getpid());
    pg_init(&DB, itest_database_url(), 5, 60000, "itest-tm-client");
    return cleanup();
}

static int teardown(void)
{
    int rc = cleanup();
    pg_release(&DB);
    arena_release(&A);
    unlink(OUT);
    unlink(LOG);
    return rc;
}

int suite_tm_client(void)
{
    static const struct itest_case cases[] = {
        { "window of 5000 events is fetched within the page cap",
          window_of_5000_events_is_fetched_within_the_page_cap },
        { "rate limit is respected", rate_limit_is_respected },
        { "retries recover from every transient fault",
          retries_recover_from_every_transient_fault },
        { "quota violation stops with the reset time", quota_violation_stops_with_the_reset_time },
        { "invalid key is reported and fails", invalid_key_is_reported_and_fails },
        { "invalid UTF-8 costs only its event", invalid_utf8_costs_only_its_event },
        { "genres are imported from the API", genres_are_imported_from_the_api },
        { "recorded pages go through the network path",
          recorded_pages_go_through_the_network_path },
        { NULL, NULL },
    };
    return itest_register("tm client (fake upstream)", cases, setup, teardown);
}
