/*
 * Failure behaviour of the real stack under load: a worker killed with
 * SIGKILL is respawned and only the request it held may fail; SIGHUP
 * replaces every worker without failing a request; while
 * Postgres is down requests get a fast 503, and after it comes back every
 * worker recovers without a restart.
 */
#include "config.h"
#include "core/common.h"
#include "tests/integration/itest.h"
#include "core/timeutil.h"

#include <pthread.h>
#include <signal.h>
#include <time.h>
#include <unistd.h>

#define LOADERS 4

struct load {
    pthread_t thread;
    volatile int *stop;
    long ok, unavailable, other, slow; /* slow: took more than 2 s */
};

/* A list query not asked before (limit and offset from a counter that
 * starts where the clock says: 100,000 in turn), so the response
 * cache, keyed by the parameters the route reads, cannot answer for
 * Postgres. */
static unsigned uncached_next;

static void uncached_path(char *path, size_t size)
{
    unsigned v = __atomic_fetch_add(&uncached_next, 1, __ATOMIC_RELAXED);
    snprintf(path, size, "/api/events?limit=%u&offset=%u", 1 + v % 100, v / 100 % 1000);
}

static void *load_loop(void *arg)
{
    struct load *l = arg;
    char path[64];
    while (!*l->stop) {
        struct http_resp r;
        uncached_path(path, sizeof(path));
        http_get(path, &r);
        if (r.status == 200)
            l->ok++;
        else if (r.status == 503)
            l->unavailable++;
        else
            l->other++;
        if (r.seconds > 2.0)
            l->slow++;
        http_resp_release(&r);
    }
    return NULL;
}

static void load_start(struct load *l, volatile int *stop)
{
    *stop = 0;
    if (!uncached_next)
        uncached_next = (unsigned)time(NULL) * 7919u;
    for (int i = 0; i < LOADERS; i++) {
        memset(&l[i], 0, sizeof(l[i]));
        l[i].stop = stop;
        pthread_create(&l[i].thread, NULL, load_loop, &l[i]);
    }
}

static void load_stop(struct load *l, volatile int *stop, struct load *sum)
{
    *stop = 1;
    memset(sum, 0, sizeof(*sum));
    for (int i = 0; i < LOADERS; i++) {
        pthread_join(l[i].thread, NULL);
        sum->ok += l[i].ok;
        sum->unavailable += l[i].unavailable;
        sum->other += l[i].other;
        sum->slow += l[i].slow;
    }
}

/* The answers 200 (or 503) the loaders got so far, read while they run. */
static long load_count(const struct load *l, bool unavailable)
{
    long n = 0;
    for (int i = 0; i < LOADERS; i++)
        n += __atomic_load_n(unavailable ? &l[i].unavailable : &l[i].ok, __ATOMIC_RELAXED);
    return n;
}

static long load_ok(const struct load *l)
{
    return load_count(l, false);
}

/* The loaders got at least ok answers 200 and unavailable answers 503. */
struct load_goal {
    const struct load *l;
    long ok, unavailable;
};

static bool load_reached(void *arg)
{
    const struct load_goal *g = arg;
    return load_ok(g->l) >= g->ok && load_count(g->l, true) >= g->unavailable;
}

/* The worker pids of the master, via /proc. */
static int worker_pids(pid_t master, pid_t *out, int max)
{
    char cmd[128], line[64];
    int n = 0;
    snprintf(cmd, sizeof(cmd), "pgrep -P %d", (int)master);
    FILE *p = popen(cmd, "r");
    while (p && n < max && fgets(line, sizeof(line), p))
        out[n++] = (pid_t)strtol(line, NULL, 10);
    if (p)
        pclose(p);
    return n;
}

static pid_t master_pid(void)
{
    char cmd[1024], line[64] = "";
    snprintf(cmd, sizeof(cmd), "'%s' api-pid 2>/dev/null",
             getenv("MQ_DEV") ? getenv("MQ_DEV") : "false");
    FILE *p = popen(cmd, "r");
    if (p && !fgets(line, sizeof(line), p))
        line[0] = '\0';
    if (p)
        pclose(p);
    return (pid_t)strtol(line, NULL, 10);
}

/* The master runs n workers again, none of them one of the n old ones,
 * and the load got the answers of `more` by then. */
struct replaced {
    pid_t master;
    const pid_t *old;
    int n, nold;
    struct load_goal more;
};

static bool workers_replaced(void *arg)
{
    const struct replaced *w = arg;
    pid_t now[64];
    int m = worker_pids(w->master, now, 64);
    if (m != w->n)
        return false;
    for (int i = 0; i < m; i++) {
        for (int j = 0; j < w->nold; j++) {
            if (now[i] == w->old[j])
                return false;
        }
    }
    return load_reached((void *)&w->more);
}

static long health_status(void)
{
    struct http_resp r;
    http_get("/api/health", &r);
    long st = r.status;
    http_resp_release(&r);
    return st;
}

static bool health_is(void *want)
{
    return health_status() == *(long *)want;
}

static bool all_ok(int n)
{
    for (int i = 0; i < n; i++) {
        struct http_resp r;
        http_get("/api/events?limit=3", &r);
        long st = r.status;
        http_resp_release(&r);
        if (st != 200)
            return false;
    }
    return true;
}

static void killed_worker_is_respawned(void)
{
    volatile int stop;
    struct load l[LOADERS], sum;
    pid_t before[64], after[64];
    pid_t master = master_pid();
    CU_ASSERT_TRUE_FATAL(master > 0);
    int n = worker_pids(master, before, 64);
    CU_ASSERT_TRUE_FATAL(n >= 1);

    load_start(l, &stop);
    CU_ASSERT_TRUE(itest_poll(load_reached, &(struct load_goal){ l, 20, 0 }, 10000, 10));
    kill(before[0], SIGKILL);
    /* respawned, and serving under load: more than 50 answers in all */
    struct replaced w = { master, before, n, 1, { l, load_ok(l) + 30, 0 } };
    if (w.more.ok < 51)
        w.more.ok = 51;
    CU_ASSERT_TRUE(itest_poll(workers_replaced, &w, 10000, 20));
    load_stop(l, &stop, &sum);

    int m = worker_pids(master, after, 64);
    CU_ASSERT_EQUAL(m, n);
    bool replaced = true;
    for (int i = 0; i < m; i++)
        replaced = replaced && after[i] != before[0];
    CU_ASSERT_TRUE(replaced);
    fprintf(stderr, "  load during kill: ok=%ld 503=%ld other=%ld\n", sum.ok, sum.unavailable,
            sum.other);
    CU_ASSERT_TRUE(sum.ok > 50);
    /* Only the request the killed worker held may have failed. */
    CU_ASSERT_TRUE(sum.unavailable + sum.other <= 1);
    CU_ASSERT_TRUE(all_ok(4 * n));
}

static void postgres_restart_gives_fast_503_then_recovers(void)
{
    volatile int stop;
    struct load l[LOADERS], sum;

    load_start(l, &stop);
    CU_ASSERT_TRUE(itest_poll(load_reached, &(struct load_goal){ l, 10, 0 }, 10000, 10));
    CU_ASSERT_EQUAL_FATAL(itest_dev("pg-stop"), 0);
    long down = 503, up = 200;
    CU_ASSERT_TRUE(itest_poll(health_is, &down, 10000, 20));
    /* the load meets the outage too */
    CU_ASSERT_TRUE(itest_poll(load_reached, &(struct load_goal){ l, 0, 1 }, 10000, 10));
    struct http_resp r;
    char path[64];
    uncached_path(path, sizeof(path));
    http_get(path, &r);
    CU_ASSERT_EQUAL(r.status, 503);
    CU_ASSERT_TRUE(r.seconds < 1.0);
    CU_ASSERT_PTR_NOT_NULL(strstr(r.body.data, "\"unavailable\""));
    http_resp_release(&r);
    http_get("/api/health", &r);
    CU_ASSERT_EQUAL(r.status, 503);
    http_resp_release(&r);
    CU_ASSERT_EQUAL_FATAL(itest_dev("pg-start"), 0);
    /* back, and the load goes through again */
    CU_ASSERT_TRUE(itest_poll(health_is, &up, 10000, 20));
    CU_ASSERT_TRUE(
        itest_poll(load_reached, &(struct load_goal){ l, load_ok(l) + 20, 0 }, 10000, 10));
    load_stop(l, &stop, &sum);
    fprintf(stderr, "  load during restart: ok=%ld 503=%ld other=%ld slow=%ld\n", sum.ok,
            sum.unavailable, sum.other, sum.slow);
    CU_ASSERT_TRUE(sum.unavailable > 0);
    CU_ASSERT_EQUAL(sum.other, 0);
    CU_ASSERT_EQUAL(sum.slow, 0);
    /* Every worker answers again: more requests than workers, all 200. */
    CU_ASSERT_TRUE(all_ok(20));
}

static void sighup_replaces_workers_without_failures(void)
{
    volatile int stop;
    struct load l[LOADERS], sum;
    pid_t before[64], after[64];
    pid_t master = master_pid();
    CU_ASSERT_TRUE_FATAL(master > 0);
    int n = worker_pids(master, before, 64);

    load_start(l, &stop);
    CU_ASSERT_TRUE(itest_poll(load_reached, &(struct load_goal){ l, 10, 0 }, 10000, 10));
    kill(master, SIGHUP);
    /* every worker replaced, and the new ones serve the load */
    struct replaced w = { master, before, n, n, { l, load_ok(l) + 30, 0 } };
    if (w.more.ok < 51)
        w.more.ok = 51;
    CU_ASSERT_TRUE(itest_poll(workers_replaced, &w, 10000, 20));
    load_stop(l, &stop, &sum);

    int m = worker_pids(master, after, 64);
    CU_ASSERT_EQUAL(m, n);
    for (int i = 0; i < m; i++) {
        for (int j = 0; j < n; j++)
            CU_ASSERT_NOT_EQUAL(after[i], before[j]);
    }
    fprintf(stderr, "  load during reload: ok=%ld 503=%ld other=%ld\n", sum.ok, sum.unavailable,
            sum.other);
    CU_ASSERT_TRUE(sum.ok > 50);
    CU_ASSERT_EQUAL(sum.unavailable + sum.other, 0);
}

/* The value of a counter in the /metrics text, or -1. */
static long long metric(const char *name)
{
    struct http_resp r;
    long long v = -1;
    http_get("/metrics", &r);
    const char *p = strstr(r.body.data, name);
    while (p && p > r.body.data && p[-1] != '\n')
        p = strstr(p + 1, name);
    if (p)
        v = strtoll(p + strlen(name), NULL, 10);
    http_resp_release(&r);
    return v;
}

static void workers_recycle_without_failures(void)
{
    const char *mr = getenv("MAX_REQUESTS");
    long max = mr ? strtol(mr, NULL, 10) : 0;
    if (max <= 0 || max > 5000) {
        test_skip("the test stack does not set MAX_REQUESTS");
        return;
    }
    long long before = metric("marquee_worker_recycles_total ");
    int failed = 0;
    for (long i = 0; i < 3 * max; i++) {
        struct http_resp r;
        http_get("/api/genres", &r);
        failed += r.status != 200;
        http_resp_release(&r);
    }
    long long after = metric("marquee_worker_recycles_total ");
    fprintf(stderr, "  recycles: %lld -> %lld over %ld requests\n", before, after, 3 * max);
    CU_ASSERT_EQUAL(failed, 0);
    CU_ASSERT_TRUE(after > before);
}

/* Whether pid has exited (gone, or a zombie nobody has reaped yet). */
static bool exited(pid_t pid)
{
    char path[64], stat[256] = "";
    snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
    FILE *f = fopen(path, "r");
    if (!f)
        return true;
    bool zombie = fgets(stat, sizeof(stat), f) && strstr(stat, ") Z ");
    fclose(f);
    return zombie;
}

struct pids {
    const pid_t *pid;
    int n;
};

static bool all_exited(void *arg)
{
    const struct pids *p = arg;
    for (int i = 0; i < p->n; i++) {
        if (!exited(p->pid[i]))
            return false;
    }
    return true;
}

static bool health_ok(void *arg)
{
    MQ_UNUSED(arg);
    return health_status() == 200;
}

/* kill -9 of the master: its workers notice and exit (after the request in
 * hand) instead of serving on unsupervised; a new master then starts
 * cleanly. */
static void workers_exit_when_the_master_is_killed(void)
{
    pid_t workers[64];
    pid_t master = master_pid();
    CU_ASSERT_TRUE_FATAL(master > 0);
    int n = worker_pids(master, workers, 64);
    CU_ASSERT_TRUE_FATAL(n > 0);
    kill(master, SIGKILL);
    CU_ASSERT_TRUE(itest_poll(all_exited, &(struct pids){ workers, n }, 5000, 20));
    CU_ASSERT_EQUAL(itest_dev("api-start"), 0);
    CU_ASSERT_TRUE(itest_poll(health_ok, NULL, 10000, 50));
    CU_ASSERT_TRUE(all_ok(20));
}

int suite_resilience(void)
{
    static const struct itest_case cases[] = {
        { "a killed worker is respawned; only its request fails", killed_worker_is_respawned },
        { "workers recycle after MAX_REQUESTS without a failed request",
          workers_recycle_without_failures },
        { "SIGHUP replaces every worker without a failed request",
          sighup_replaces_workers_without_failures },
        { "Postgres restart: fast 503s, then full recovery",
          postgres_restart_gives_fast_503_then_recovers },
        { "workers exit when the master is killed", workers_exit_when_the_master_is_killed },
        { NULL, NULL },
    };
    return itest_register("integration/resilience", cases, NULL, NULL);
}
