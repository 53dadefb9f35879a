#include "config.h"
#include "core/common.h"
#include "server/master.h"
#include "core/log.h"
#include "core/timeutil.h"
#include "infra/fcgi.h"
#include "server/metrics.h"
#include "server/router.h"
#include "server/shared.h"
#include "server/worker.h"

#include <errno.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#define MAX_WORKERS   256
#define DRAIN_SECONDS 10
#define RETIRING_MAX  (2 * MAX_WORKERS)

struct slot {
    pid_t pid;          /* 0 = empty */
    int64_t started_us; /* for crash throttling */
    int64_t respawn_at_us;
};

struct master {
    const struct config *cfg;
    const struct worker_app *app;
    int fd;
    struct metrics *metrics;
    struct shared *shared;
    struct slot slots[MAX_WORKERS];
    pid_t retiring[RETIRING_MAX];
    int nretiring;
};

/* In a new worker: it is told (SIGTERM) when the master dies, however it
 * dies, and finishes the request in hand before it exits; a master that
 * died before the worker could ask is noticed at once. Without this a
 * master killed with SIGKILL would leave its workers serving, unsupervised
 * and holding their Postgres connections. */
static void die_with_master(pid_t master)
{
    if (prctl(PR_SET_PDEATHSIG, SIGTERM) != 0 || getppid() != master)
        _exit(0);
}

static pid_t spawn(struct master *m, int i)
{
    pid_t master = getpid();
    pid_t pid = fork();
    if (pid < 0) {
        log_error("worker_fork", "errno=%d", errno);
        m->slots[i].respawn_at_us = time_mono_us() + 1000000;
        return -1;
    }
    if (pid == 0) {
        die_with_master(master);
        _exit(worker_run(m->fd, m->cfg, m->app, m->metrics, m->shared));
    }
    m->slots[i].pid = pid;
    m->slots[i].started_us = time_mono_us();
    m->slots[i].respawn_at_us = 0;
    return pid;
}

static bool take_retiring(struct master *m, pid_t pid)
{
    for (int i = 0; i < m->nretiring; i++) {
        if (m->retiring[i] == pid) {
            m->retiring[i] = m->retiring[--m->nretiring];
            return true;
        }
    }
    return false;
}

static void on_exit_status(struct master *m, int i, int status)
{
    struct slot *s = &m->slots[i];
    bool clean = WIFEXITED(status) && WEXITSTATUS(status) == 0;
    if (clean) {
        metrics_inc(m->metrics->worker_recycles);
        log_info("worker_recycled", "pid=%d", (int)s->pid);
    } else {
        metrics_inc(m->metrics->worker_restarts);
        log_warn("worker_died", "pid=%d status=%d signal=%d", (int)s->pid,
                 WIFEXITED(status) ? WEXITSTATUS(status) : -1,
                 WIFSIGNALED(status) ? WTERMSIG(status) : 0);
    }
    /* A worker that dies right after starting would otherwise fork-loop. */
    bool early = time_mono_us() - s->started_us < 1000000;
    s->pid = 0;
    s->respawn_at_us = early && !clean ? time_mono_us() + 1000000 : time_mono_us();
}

static void reap(struct master *m, bool respawn)
{
    int status;
    pid_t pid;
    while ((pid = waitpid(-1, &status, WNOHANG)) > 0) {
        if (take_retiring(m, pid))
            continue;
        for (int i = 0; i < m->cfg->workers; i++) {
            if (m->slots[i].pid == pid) {
                on_exit_status(m, i, status);
                if (!respawn)
                    m->slots[i].respawn_at_us = 0;
            }
        }
    }
}

static void respawn_due(struct master *m)
{
    int64_t now = time_mono_us();
    for (int i = 0; i < m->cfg->workers; i++) {
        struct slot *s = &m->slots[i];
        if (!s->pid && s->respawn_at_us && s->respawn_at_us <= now)
            spawn(m, i);
    }
}

static void reload(struct master *m)
{
    log_info("reload", "workers=%d", m->cfg->workers);
    for (int i = 0; i < m->cfg->workers; i++) {
        struct slot *s = &m->slots[i];
        if (s->pid && m->nretiring < RETIRING_MAX) {
            m->retiring[m->nretiring++] = s->pid;
            kill(s->pid, SIGTERM);
        }
        s->pid = 0;
        spawn(m, i);
    }
}

static int live_children(struct master *m)
{
    int n = m->nretiring;
    for (int i = 0; i < m->cfg->workers; i++)
        n += m->slots[i].pid != 0;
    return n;
}

static void signal_all(struct master *m, int sig)
{
    for (int i = 0; i < m->cfg->workers; i++) {
        if (m->slots[i].pid)
            kill(m->slots[i].pid, sig);
    }
    for (int i = 0; i < m->nretiring; i++)
        kill(m->retiring[i], sig);
}

static void drain(struct master *m, const sigset_t *set)
{
    int64_t deadline = time_mono_us() + DRAIN_SECONDS * 1000000LL;
    struct timespec ts = { 0, 100 * 1000000 };
    log_info("drain", "workers=%d", live_children(m));
    signal_all(m, SIGTERM);
    while (live_children(m) > 0) {
        if (time_mono_us() > deadline) {
            log_warn("drain_timeout", "killing=%d", live_children(m));
            signal_all(m, SIGKILL);
            deadline = INT64_MAX;
        }
        sigtimedwait(set, NULL, &ts);
        reap(m, false);
    }
}

static void supervise(struct master *m, const sigset_t *set)
{
    struct timespec ts = { 0, 200 * 1000000 };
    for (;;) {
        int sig = sigtimedwait(set, NULL, &ts);
        if (sig == SIGTERM || sig == SIGINT)
            return;
        if (sig == SIGHUP)
            reload(m);
        reap(m, true);
        respawn_due(m);
    }
}

int master_run(const struct config *cfg, const struct worker_app *app)
{
    static struct master m;
    sigset_t set;

    if (cfg->workers > MAX_WORKERS)
        return 2;
    m.cfg = cfg;
    m.app = app;
    /* A rush queues thousands of requests here at once (nginx opens one
     * connection per request); a full backlog is a 502 for each one more
     * (bench/rush.sh: 2,000 buyers). The kernel caps it at somaxconn. */
    m.fd = fcgi_listen(cfg->fcgi_socket, 4096);
    if (m.fd < 0) {
        log_error("listen", "socket=%s errno=%d", cfg->fcgi_socket, errno);
        return 1;
    }
    m.metrics = metrics_create(router_count(app->routes));
    if (m.metrics)
        app->register_counters(m.metrics);
    m.shared = shared_create();
    if (!m.metrics || !m.shared)
        return 1;
    /* Signals are taken synchronously with sigtimedwait; workers unblock. */
    sigemptyset(&set);
    sigaddset(&set, SIGCHLD);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGHUP);
    sigprocmask(SIG_BLOCK, &set, NULL);
    signal(SIGPIPE, SIG_IGN);

    log_info("master_start", "socket=%s workers=%d", cfg->fcgi_socket, cfg->workers);
    for (int i = 0; i < cfg->workers; i++)
        spawn(&m, i);
    supervise(&m, &set);
    drain(&m, &set);
    close(m.fd);
    if (!strchr(cfg->fcgi_socket, ':'))
        unlink(cfg->fcgi_socket);
    metrics_free(m.metrics);
    shared_free(m.shared);
    log_info("master_exit", "status=%d", 0);
    return 0;
}
