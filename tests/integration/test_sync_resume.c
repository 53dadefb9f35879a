/*
 * Resumability: marquee-ingest and marquee-sync killed with SIGKILL at
 * random points of their committed progress (seeded: MQ_RESUME_SEED, else
 * the time; printed), then run to completion, leave exactly what
 * uninterrupted runs leave on the same generated data. Each side has a database of its own
 * (mqresume_ref, mqresume_kill); every table the pipeline writes is compared as the md5 of its rows
 * in key order, without timestamps and sequence numbers.
 */
#include "config.h"
#include "core/common.h"
#include "tests/integration/itest.h"
#include "tests/integration/itest_db.h"
#include "infra/pg.h"

#include <signal.h>
#include <time.h>
#include <unistd.h>

#define RESUME_EVENTS "1500"
#define RESUME_BATCH  "SYNC_BATCH_SIZE=20"
#define RESUME_KILLS  5
#define JOB_LOCKED    3 /* app/job.h: the killed run's session still holds the lock */

static struct arena A;
static char Dir[64];
static const char *Log, *Ref, *Kill;
static int64_t Ingest_ms, Sync_ms, Ref_rows, Ref_vectors;
static unsigned Seed;

/* Every table the pipeline writes, without what differs between two
 * databases by nature (times, sequence numbers). */
static const struct pg_stmt dumps[] = {
    { "itr_x",
      "SELECT count(*) || ' ' || md5(string_agg((to_jsonb(t) - 'extracted_at' - 'changed_at')"
      "::text, ',' ORDER BY id)) FROM extracted_events t",
      0, PG_READONLY },
    { "itr_e",
      "SELECT count(*) || ' ' || md5(string_agg((to_jsonb(t) - 'created_at' - 'updated_at')"
      "::text, ',' ORDER BY id)) FROM events t",
      0, PG_READONLY },
    { "itr_s",
      "SELECT count(*) || ' ' || md5(string_agg((to_jsonb(t) - 'created_at' - 'updated_at')"
      "::text, ',' ORDER BY id)) FROM event_sessions t",
      0, PG_READONLY },
    { "itr_v",
      "SELECT count(*) || ' ' || md5(string_agg((to_jsonb(t) - 'seq' - 'updated_at')::text, "
      "',' ORDER BY event_id)) FROM event_vectors t",
      0, PG_READONLY },
    { "itr_i",
      "SELECT count(*) || ' ' || md5(string_agg((to_jsonb(t) - 'created_at')::text, ',' "
      "ORDER BY source_url)) FROM images t",
      0, PG_READONLY },
    { "itr_t",
      "SELECT count(*) || ' ' || md5(string_agg(term || ':' || events, ',' ORDER BY term)) "
      "FROM search_terms",
      0, PG_READONLY },
    { "itr_g",
      "SELECT count(*) || ' ' || md5(string_agg((to_jsonb(t) - 'updated_at')::text, ',' "
      "ORDER BY id)) FROM subgenres t",
      0, PG_READONLY },
};

/* extracted_events as ingest leaves it (the reference is synced already) */
static const struct pg_stmt ingested = {
    "itr_x0",
    "SELECT count(*) || ' ' || md5(string_agg((to_jsonb(t) - 'extracted_at' - 'changed_at' - "
    "'sync_pending')::text, ',' ORDER BY id)) FROM extracted_events t",
    0, PG_READONLY
};

static const struct pg_stmt progress_stmt = {
    "itr_progress",
    "SELECT count(*), count(*) FILTER (WHERE NOT sync_pending), "
    "(SELECT count(*) FROM event_vectors) FROM extracted_events",
    0, PG_READONLY
};

/* The dumps of a database: statements st[0..n). */
static const char **dump(const char *url, const struct pg_stmt *st, size_t n)
{
    struct pg db;
    struct pg_result *r;
    const char **out = arena_zalloc(&A, sizeof(*out) * n);
    pg_init(&db, url, 5, 60000, "itest-resume");
    for (size_t i = 0; i < n; i++) {
        CU_ASSERT_EQUAL_FATAL(pg_exec(&db, &A, &st[i], NULL, &r), ST_OK);
        out[i] = arena_strdup(&A, pg_get(r, 0, 0) ? pg_get(r, 0, 0) : "0 empty");
    }
    pg_release(&db);
    return out;
}

/* rows in extracted_events, rows synced, vectors written */
static void progress(struct pg *db, int64_t out[3])
{
    struct arena a;
    struct pg_result *r;
    arena_init(&a, 0);
    CU_ASSERT_EQUAL_FATAL(pg_exec(db, &a, &progress_stmt, NULL, &r), ST_OK);
    for (int i = 0; i < 3; i++)
        out[i] = pg_get_i64(r, 0, i);
    arena_release(&a);
}

/* Work done so far: rows ingested (which 0), or rows synced plus vectors
 * written (which 1); *total is what a finished run has. */
static int64_t done_so_far(struct pg *db, int which, int64_t *total)
{
    int64_t p[3];
    progress(db, p);
    *total = which == 0 ? Ref_rows : Ref_rows + Ref_vectors;
    return which == 0 ? p[0] : p[1] + p[2];
}

/* Where a run is killed: once the work committed reaches target, after a
 * further delay_ms, so that the kill lands inside the next unit of work. */
struct kill_point {
    struct pg *db;
    int which;
    int64_t target, delay_ms, reached_at;
};

static bool kill_now(void *arg)
{
    struct kill_point *k = arg;
    int64_t total;
    if (k->reached_at < 0 && done_so_far(k->db, k->which, &total) >= k->target)
        k->reached_at = itest_now_ms();
    return k->reached_at >= 0 && itest_now_ms() - k->reached_at >= k->delay_ms;
}

/* Runs a job on database url, to completion or killed at k. A run that
 * finds the lock still held by the session of a run just killed waits. */
static int job(const char *url, const char *prog, const char *arg, struct kill_point *k)
{
    const char *argv[] = { prog, arg ? "--from-dir" : NULL, arg, NULL };
    const char *env[] = { arena_printf(&A, "DATABASE_URL=%s", url), RESUME_BATCH, NULL };
    int rc = JOB_LOCKED;
    for (int tries = 0; rc == JOB_LOCKED && tries < 100; tries++) {
        if (tries > 0)
            usleep(50000);
        rc = itest_spawn(argv, env, Log, k ? kill_now : NULL, k);
    }
    return rc;
}

static int64_t timed_job(const char *url, const char *prog, const char *arg)
{
    int64_t t0 = itest_now_ms();
    CU_ASSERT_EQUAL_FATAL(job(url, prog, arg, NULL), 0);
    return itest_now_ms() - t0;
}

/* Kills prog RESUME_KILLS times, each at a random point of the work left
 * (up to half of it, plus 0..unit_ms) as the database shows it. Returns
 * how many kills left a part-done state. */
static int killed_runs(const char *prog, const char *arg, int which, int64_t unit_ms)
{
    struct pg db;
    int partial = 0;
    int64_t total;
    pg_init(&db, Kill, 5, 60000, "itest-resume");
    for (int k = 0; k < RESUME_KILLS; k++) {
        int64_t before = done_so_far(&db, which, &total), left = total - before;
        struct kill_point at = { &db, which, before + 1 + rand_r(&Seed) % (left / 2 + 1),
                                 rand_r(&Seed) % (unit_ms + 1), -1 };
        int rc = job(Kill, prog, arg, &at);
        int64_t after = done_so_far(&db, which, &total);
        printf("\n    %s: kill %d at %lld + %lld ms: %s, done %lld of %lld", prog, k + 1,
               (long long)at.target, (long long)at.delay_ms,
               rc == 128 + SIGKILL ? "killed" : "had finished", (long long)after, (long long)total);
        CU_ASSERT(rc == 128 + SIGKILL || rc == 0);
        if (rc == 128 + SIGKILL && after > 0 && after < total)
            partial++;
    }
    pg_release(&db);
    return partial;
}

static void uninterrupted_runs_make_the_reference(void)
{
    CU_ASSERT_PTR_NOT_NULL_FATAL(Ref);
    CU_ASSERT_EQUAL_FATAL(job(Ref, "marquee-genres", Dir, NULL), 0);
    Ingest_ms = timed_job(Ref, "marquee-ingest", Dir);
    Sync_ms = timed_job(Ref, "marquee-sync", NULL);
    struct pg db;
    int64_t p[3];
    pg_init(&db, Ref, 5, 60000, "itest-resume");
    progress(&db, p);
    pg_release(&db);
    printf("\n    seed %u; reference: %lld rows, ingest %lld ms, sync %lld ms (batches of 20)",
           Seed, (long long)p[0], (long long)Ingest_ms, (long long)Sync_ms);
    CU_ASSERT(p[0] > 1000);
    CU_ASSERT_EQUAL(p[1], p[0]);
    Ref_rows = p[0];
    Ref_vectors = p[2];
}

static void ingest_killed_at_random_points_completes_identically(void)
{
    CU_ASSERT_PTR_NOT_NULL_FATAL(Kill);
    CU_ASSERT_FATAL(Ingest_ms > 0);
    CU_ASSERT_EQUAL_FATAL(job(Kill, "marquee-genres", Dir, NULL), 0);
    CU_ASSERT(killed_runs("marquee-ingest", Dir, 0, Ingest_ms / 20) >= 2);
    CU_ASSERT_EQUAL_FATAL(job(Kill, "marquee-ingest", Dir, NULL), 0);
    const char **want = dump(Ref, &ingested, 1), **got = dump(Kill, &ingested, 1);
    printf("\n    extracted_events: %s\n", got[0]);
    CU_ASSERT_STRING_EQUAL(got[0], want[0]);
}

static void sync_killed_at_random_points_completes_identically(void)
{
    CU_ASSERT_PTR_NOT_NULL_FATAL(Kill);
    CU_ASSERT_FATAL(Sync_ms > 0);
    CU_ASSERT(killed_runs("marquee-sync", NULL, 1, Sync_ms / 20) >= 2);
    CU_ASSERT_EQUAL_FATAL(job(Kill, "marquee-sync", NULL, NULL), 0);
    const char **want = dump(Ref, dumps, MQ_ARRAY_LEN(dumps));
    const char **got = dump(Kill, dumps, MQ_ARRAY_LEN(dumps));
    for (size_t i = 0; i < MQ_ARRAY_LEN(dumps); i++) {
        printf("\n    %s: %s", dumps[i].name, got[i]);
        CU_ASSERT_STRING_EQUAL(got[i], want[i]);
        CU_ASSERT(strncmp(got[i], "0 ", 2) != 0 || i == 4); /* images: none without URLs */
    }
    printf("\n");
}

static int setup(void)
{
    const char *s = getenv("MQ_RESUME_SEED");
    const char *var = getenv("MARQUEE_VAR");
    arena_init(&A, 0);
    Seed = s ? (unsigned)strtoul(s, NULL, 10) : (unsigned)time(NULL) ^ (unsigned)getpid();
    Log = arena_printf(&A, "%s/log/itest-resume.log", var ? var : "/tmp");
    snprintf(Dir, sizeof(Dir), "/tmp/mq-resume-XXXXXX");
    if (!mkdtemp(Dir))
        return -1;
    const char *argv[] = { "marquee-datagen", "--events", RESUME_EVENTS, "--seed", "17",
                           "--out",           Dir,        NULL };
    if (itest_spawn(argv, NULL, Log, NULL, NULL) != 0)
        return -1;
    Ref = itest_fresh_db(&A, "mqresume_ref");
    Kill = itest_fresh_db(&A, "mqresume_kill");
    return 0;
}

static int teardown(void)
{
    itest_drop_db("mqresume_ref");
    itest_drop_db("mqresume_kill");
    const char *argv[] = { "rm", "-rf", Dir, NULL };
    itest_spawn(argv, NULL, "/dev/null", NULL, NULL);
    arena_release(&A);
    return 0;
}

int suite_sync_resume(void)
{
    static const struct itest_case cases[] = {
        { "uninterrupted runs make the reference", uninterrupted_runs_make_the_reference },
        { "ingest killed at random points completes identically",
          ingest_killed_at_random_points_completes_identically },
        { "sync killed at random points completes identically",
          sync_killed_at_random_points_completes_identically },
        { NULL, NULL },
    };
    return itest_register("sync resumable after kill -9", cases, setup, teardown);
}
