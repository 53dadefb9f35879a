#include "config.h"
#include "core/common.h"
#include "tests/integration/itest_db.h"
#include "tests/integration/itest.h"
#include "app/migrate/migrate.h"
#include "app/sync/sync.h"
#include "core/arena.h"
#include "infra/pg.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

int64_t itest_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Database names come from the tests themselves, never from input. */
static enum status admin_sql(const char *sql)
{
    struct pg db;
    pg_init(&db, itest_database_url(), 5, 60000, "itest-admin");
    enum status s = pg_exec_sql(&db, sql);
    pg_release(&db);
    return s;
}

void itest_drop_db(const char *name)
{
    char sql[256];
    snprintf(sql, sizeof(sql), "DROP DATABASE IF EXISTS %s WITH (FORCE)", name);
    admin_sql(sql);
}

const char *itest_fresh_db(struct arena *a, const char *name)
{
    const char *root = getenv("MARQUEE_ROOT");
    const char *dir = arena_printf(a, "%s/sql", root ? root : ".");
    char sql[256];
    struct pg db;
    int applied = 0;

    itest_drop_db(name);
    snprintf(sql, sizeof(sql), "CREATE DATABASE %s", name);
    if (admin_sql(sql) != ST_OK) {
        fprintf(stderr, "cannot create database %s\n", name);
        return NULL;
    }
    /* keyword=value conninfo: a later dbname overrides the first */
    const char *url = arena_printf(a, "%s dbname=%s", itest_database_url(), name);
    pg_init(&db, url, 5, 60000, "itest-migrate");
    enum status s = migrate_run(&db, dir, &applied);
    pg_release(&db);
    if (s != ST_OK || applied == 0) {
        fprintf(stderr, "cannot migrate %s from %s: %s\n", name, dir, status_code(s));
        return NULL;
    }
    return url;
}

static void child(const char *const *argv, const char *const *env, const char *log)
{
    int fd = open(log, O_WRONLY | O_CREAT | O_APPEND, 0644);
    if (fd >= 0) {
        dup2(fd, STDOUT_FILENO);
        dup2(fd, STDERR_FILENO);
        close(fd);
    }
    for (; env && *env; env++)
        putenv((char *)*env);
    execvp(argv[0], (char *const *)argv);
    _exit(127);
}

int itest_spawn(const char *const *argv, const char *const *env, const char *log,
                bool (*kill_when)(void *), void *arg)
{
    int st;
    pid_t pid = fork();
    if (pid < 0)
        return -1;
    if (pid == 0)
        child(argv, env, log);
    pid_t done = 0;
    if (kill_when) {
        while ((done = waitpid(pid, &st, WNOHANG)) == 0 && !kill_when(arg))
            usleep(2000);
        if (!done)
            kill(pid, SIGKILL);
    }
    if (!done && (done = waitpid(pid, &st, 0)) != pid)
        return -1;
    if (done < 0)
        return -1;
    return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

static const struct pg_stmt put_row = {
    "itest_put_row",
    "INSERT INTO extracted_events (id, raw, name, venue_name, url, status, start_at, genre, "
    "content_hash, sync_pending, changed_at) VALUES ($1, '{}', $2, $3, 'https://del', "
    "'onsale', '2031-02-01T20:00:00Z', 'Music', md5($2 || $3), true, clock_timestamp()) "
    "ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, venue_name = EXCLUDED.venue_name, "
    "content_hash = EXCLUDED.content_hash, sync_pending = true, changed_at = clock_timestamp()",
    3, 0
};
static const struct pg_stmt event_of_row = { "itest_event_of_row",
                                             "SELECT event_id FROM event_sessions WHERE id = $1", 1,
                                             0 };

bool itest_upcoming_session(struct pg *db, struct arena *a, char session[64], char event[80])
{
    static const struct pg_stmt upcoming = {
        "itest_upcoming_session",
        "SELECT id, event_id FROM event_sessions WHERE start_at > now() + interval '1 day' "
        "AND status IS DISTINCT FROM 'cancelled' ORDER BY start_at DESC, id LIMIT 1",
        0, 0
    };
    struct pg_result *r;
    if (pg_exec(db, a, &upcoming, NULL, &r) != ST_OK || pg_nrows(r) != 1)
        return false;
    snprintf(session, 64, "%s", pg_get(r, 0, 0));
    if (event)
        snprintf(event, 80, "%s", pg_get(r, 0, 1));
    return true;
}

const char *itest_put_and_sync(struct pg *db, struct arena *a, const char *row, const char *name,
                               const char *venue)
{
    struct pg_result *r;
    struct sync_stats st;
    const char *p[] = { row, name, venue };
    CU_ASSERT_EQUAL_FATAL(pg_exec(db, a, &put_row, p, &r), ST_OK);
    CU_ASSERT_EQUAL_FATAL(sync_run(db, 500, &st, NULL, NULL), ST_OK);
    CU_ASSERT_EQUAL_FATAL(pg_exec(db, a, &event_of_row, p, &r), ST_OK);
    CU_ASSERT_EQUAL_FATAL(pg_nrows(r), 1);
    return arena_strdup(a, pg_get(r, 0, 0));
}
