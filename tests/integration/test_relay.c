/*
 * marquee-relay on the real stack: state changes made with 014's functions
 * over libpq reach the Redis stream marquee:events with their envelopes, in
 * per-aggregate version order, through kill -9 of the relay and a stopped
 * Redis; sent rows past the retention are purged.
 */
#include "config.h"
#include "core/common.h"
#include "tests/integration/itest_session.h"
#include "tests/integration/itest_db.h"
#include "app/market/relay.h"
#include "infra/pg.h"

#include <hiredis/hiredis.h>
#include <pthread.h>
#include <signal.h>
#include <unistd.h>

static struct arena A;
static struct pg DB;
static const char *SELLER[4], *SESSION;

/* clang-format off */
static const struct pg_stmt create_stmt = {
    "it_relay_create",
    "SELECT result, (t).id FROM marquee_ticket_create($1, $2, 1000, 'USD',"
    "                                                    NULL, NULL, NULL, NULL)",
    2, 0,
};
static const struct pg_stmt update_stmt = {
    "it_relay_update",
    "SELECT result FROM marquee_ticket_update($1, $2, NULL, $3, NULL, NULL, NULL, NULL)", 3, 0,
};
static const struct pg_stmt max_seq_stmt = {
    "it_relay_max_seq", "SELECT coalesce(max(seq), 0) FROM outbox", 0, 0,
};
static const struct pg_stmt pending_stmt = {
    "it_relay_pending", "SELECT count(*) FROM outbox WHERE seq > $1 AND sent_at IS NULL", 1, 0,
};
static const struct pg_stmt rows_stmt = {
    "it_relay_rows",
    "SELECT id, aggregate_id, version, envelope FROM outbox WHERE seq > $1 ORDER BY id", 1, 0,
};
/* clang-format on */

static int64_t one_i64(const struct pg_stmt *s, const char *const *params)
{
    struct pg_result *res;
    if (pg_exec(&DB, &A, s, params, &res) != ST_OK || pg_nrows(res) != 1)
        return -1;
    return pg_get_i64(res, 0, 0);
}

static redisContext *redis(void)
{
    const char *port = getenv("MARQUEE_REDIS_PORT");
    return redisConnect("127.0.0.1", port ? (int)strtol(port, NULL, 10) : 16380);
}

/* ---- writers: one connection each, updating tickets of their own ---- */

struct writer {
    int n; /* state changes to commit */
    int seller;
    int pace_ms; /* between changes (0: as fast as possible) */
    int done, failed;
};

static void *write_changes(void *arg)
{
    struct writer *w = arg;
    struct pg db;
    struct arena a;
    const char *tickets[25];
    struct pg_result *res;
    int nt = 0;

    arena_init(&a, 0);
    pg_init(&db, itest_database_url(), 5, 30000, "itest-relay");
    for (int i = 0; i < w->n; i++) {
        if (nt < 25 && i % 10 == 0) {
            const char *p[] = { SELLER[w->seller], SESSION };
            if (pg_exec(&db, &a, &create_stmt, p, &res) == ST_OK && pg_nrows(res) == 1 &&
                strcmp(pg_get(res, 0, 0), "ok") == 0)
                tickets[nt++] = arena_strdup(&a, pg_get(res, 0, 1));
            else
                w->failed++;
        } else if (nt > 0) {
            const char *p[] = { tickets[i % nt], SELLER[w->seller],
                                arena_printf(&a, "%d", 1000 + i) };
            if (pg_exec(&db, &a, &update_stmt, p, &res) == ST_OK &&
                strcmp(pg_get(res, 0, 0), "ok") == 0)
                w->done++;
            else
                w->failed++;
        }
        if (w->pace_ms > 0)
            usleep((useconds_t)w->pace_ms * 1000);
    }
    pg_release(&db);
    arena_release(&a);
    return NULL;
}

/* ---- the check: every row after from_seq in the stream after from_id ---- */

struct row {
    const char *id, *aggregate, *envelope;
    int64_t version;
    bool seen;
};

static int cmp_row_id(const void *key, const void *elem)
{
    return strcmp(key, ((const struct row *)elem)->id);
}

static bool nothing_pending(void *arg)
{
    const char *p[] = { arg };
    return one_i64(&pending_stmt, p) == 0;
}

/* The last entry id of the stream ("0-0" when empty), arena. */
static const char *stream_last_id(void)
{
    redisContext *c = redis();
    redisReply *r = c && !c->err ? redisCommand(c, "XREVRANGE %s + - COUNT 1", RELAY_STREAM) : NULL;
    const char *id = "0-0";
    if (r && r->type == REDIS_REPLY_ARRAY && r->elements == 1)
        id = arena_strdup(&A, r->element[0]->element[0]->str);
    if (r)
        freeReplyObject(r);
    if (c)
        redisFree(c);
    return id;
}

/* Asserts every outbox row after from_seq is in the stream after from_id,
 * each aggregate's versions in order; returns how many entries repeated an
 * envelope id already seen. */
static size_t check_stream(const char *from_seq, const char *from_id, int64_t want_min)
{
    struct pg_result *res;
    struct last {
        const char *aggregate;
        int64_t version;
    } last[256];
    size_t nlast = 0, dups = 0, entries = 0;

    CU_ASSERT_TRUE_FATAL(itest_poll(nothing_pending, (void *)from_seq, 30000, 50));
    const char *p[] = { from_seq };
    CU_ASSERT_EQUAL_FATAL(pg_exec(&DB, &A, &rows_stmt, p, &res), ST_OK);
    size_t n = (size_t)pg_nrows(res);
    CU_ASSERT_TRUE(n >= (size_t)want_min);
    struct row *rows = arena_zalloc(&A, (n + 1) * sizeof(*rows));
    for (size_t i = 0; i < n; i++)
        rows[i] = (struct row){ pg_get(res, (int)i, 0), pg_get(res, (int)i, 1),
                                pg_get(res, (int)i, 3), pg_get_i64(res, (int)i, 2), false };

    redisContext *c = redis();
    CU_ASSERT_FATAL(c && !c->err);
    const char *start = arena_printf(&A, "(%s", from_id);
    for (;;) {
        redisReply *r = redisCommand(c, "XRANGE %s %s + COUNT 1000", RELAY_STREAM, start);
        CU_ASSERT_FATAL(r && r->type == REDIS_REPLY_ARRAY);
        size_t got = r->elements;
        for (size_t i = 0; i < got; i++) {
            redisReply *e = r->element[i], *f = e->element[1];
            entries++;
            start = arena_printf(&A, "(%s", e->element[0]->str);
            CU_ASSERT_EQUAL(f->elements, 4);
            if (f->elements != 4)
                continue;
            CU_ASSERT_STRING_EQUAL(f->element[0]->str, "id");
            CU_ASSERT_STRING_EQUAL(f->element[2]->str, "event");
            struct row *row = bsearch(f->element[1]->str, rows, n, sizeof(*rows), cmp_row_id);
            if (!row)
                continue; /* an event of another suite */
            CU_ASSERT_STRING_EQUAL(f->element[3]->str, row->envelope);
            if (row->seen) {
                dups++; /* a consumer de-duplicating by id skips it */
                continue;
            }
            row->seen = true;
            size_t k = 0;
            while (k < nlast && strcmp(last[k].aggregate, row->aggregate) != 0)
                k++;
            if (k == nlast && nlast < MQ_ARRAY_LEN(last))
                last[nlast++] = (struct last){ row->aggregate, 0 };
            if (k < nlast) {
                CU_ASSERT_TRUE(row->version > last[k].version); /* per-aggregate order */
                last[k].version = row->version;
            }
        }
        freeReplyObject(r);
        if (got < 1000)
            break;
    }
    redisFree(c);
    size_t missing = 0;
    for (size_t i = 0; i < n; i++)
        missing += !rows[i].seen;
    CU_ASSERT_EQUAL(missing, 0);
    fprintf(stderr, " [rows=%zu entries=%zu duplicates=%zu missing=%zu] ", n, entries, dups,
            missing);
    return dups;
}

static const char *max_seq(void)
{
    return arena_printf(&A, "%lld", (long long)one_i64(&max_seq_stmt, NULL));
}

/* ---- the cases ---- */

static void every_row_reaches_the_stream_in_order(void)
{
    const char *seq = max_seq(), *id = stream_last_id();
    struct writer w = { .n = 200, .seller = 0 };
    write_changes(&w);
    CU_ASSERT_EQUAL(w.failed, 0);
    check_stream(seq, id, 200);
}

static pid_t relay_pid(void)
{
    char line[64] = "";
    const char *dev = getenv("MQ_DEV");
    FILE *f = popen(arena_printf(&A, "'%s' relay-pid 2>/dev/null", dev ? dev : "scripts/dev"), "r");
    if (!f)
        return 0;
    if (!fgets(line, sizeof(line), f))
        line[0] = '\0';
    pclose(f);
    return (pid_t)strtol(line, NULL, 10);
}

static bool relay_back(void *arg)
{
    pid_t p = relay_pid();
    return p > 0 && p != *(pid_t *)arg;
}

static void kill_9_under_concurrent_changes(void)
{
    const char *seq = max_seq(), *id = stream_last_id();
    struct writer w[4];
    pthread_t t[4];
    int kills = 0;

    for (int i = 0; i < 4; i++) {
        w[i] = (struct writer){ .n = 1250, .seller = i };
        pthread_create(&t[i], NULL, write_changes, &w[i]);
    }
    unsigned seed = (unsigned)itest_now_ms();
    int64_t end = itest_now_ms() + 40000;
    for (bool running = true; running && itest_now_ms() < end;) {
        usleep((useconds_t)(100 + rand_r(&seed) % 700) * 1000); /* a random point */
        pid_t pid = relay_pid();
        CU_ASSERT_TRUE_FATAL(pid > 0);
        CU_ASSERT_EQUAL(kill(pid, SIGKILL), 0);
        kills++;
        CU_ASSERT_TRUE_FATAL(itest_poll(relay_back, &pid, 10000, 50));
        running = false;
        for (int i = 0; i < 4; i++)
            running |= w[i].done + w[i].failed < w[i].n - 25;
    }
    for (int i = 0; i < 4; i++) {
        pthread_join(t[i], NULL);
        CU_ASSERT_EQUAL(w[i].failed, 0);
    }
    CU_ASSERT_TRUE(kills >= 3);
    fprintf(stderr, " [kills=%d] ", kills);
    check_stream(seq, id, 5000);
}

/* How many stream entries after from_id carry envelope id `id`. */
struct copies {
    const char *from_id, *id;
    size_t want;
};

static bool stream_has_copies(void *arg)
{
    struct copies *w = arg;
    size_t n = 0;
    redisContext *c = redis();
    redisReply *r = c && !c->err
                        ? redisCommand(c, "XRANGE %s (%s + COUNT 10000", RELAY_STREAM, w->from_id)
                        : NULL;
    for (size_t i = 0; r && r->type == REDIS_REPLY_ARRAY && i < r->elements; i++) {
        redisReply *f = r->element[i]->element[1];
        n += f->elements == 4 && strcmp(f->element[1]->str, w->id) == 0;
    }
    if (r)
        freeReplyObject(r);
    if (c)
        redisFree(c);
    return n >= w->want;
}

/* The window a crash can hit: rows in Redis, not yet stamped sent. The test
 * holds the rows' locks, so the relay's stamp waits after its XADDs; the
 * relay is killed there, its successor publishes them again: every row
 * arrives, the repeats carry the same envelope ids. */
static void killed_between_xadd_and_stamp(void)
{
    static const struct pg_stmt lock = {
        "it_relay_lock",
        "SELECT seq FROM outbox WHERE seq > $1 FOR UPDATE",
        1,
        0,
    };
    static const struct pg_stmt last_id = {
        "it_relay_last_id",
        "SELECT id FROM outbox WHERE seq > $1 ORDER BY seq DESC LIMIT 1",
        1,
        0,
    };
    struct pg locker;
    struct pg_result *res;
    CU_ASSERT_EQUAL_FATAL(itest_dev("relay-stop"), 0);
    const char *seq = max_seq(), *from = stream_last_id(), *p[] = { seq };
    struct writer w = { .n = 30, .seller = 2 };
    write_changes(&w);
    CU_ASSERT_EQUAL(w.failed, 0);
    pg_init(&locker, itest_database_url(), 5, 60000, "itest-relay-lock");
    CU_ASSERT_EQUAL_FATAL(pg_begin(&locker), ST_OK);
    CU_ASSERT_EQUAL_FATAL(pg_exec(&locker, &A, &lock, p, &res), ST_OK);
    CU_ASSERT_EQUAL_FATAL(pg_exec(&DB, &A, &last_id, p, &res), ST_OK);
    struct copies c = { from, arena_strdup(&A, pg_get(res, 0, 0)), 1 };

    CU_ASSERT_EQUAL_FATAL(itest_dev("relay-start"), 0);
    CU_ASSERT_TRUE(itest_poll(stream_has_copies, &c, 10000, 20)); /* sent, stamp waiting */
    pid_t pid = relay_pid();
    CU_ASSERT_EQUAL(kill(pid, SIGKILL), 0);
    CU_ASSERT_TRUE_FATAL(itest_poll(relay_back, &pid, 10000, 50));
    c.want = 2; /* the successor sent them again */
    CU_ASSERT_TRUE(itest_poll(stream_has_copies, &c, 10000, 20));
    pg_rollback(&locker);
    pg_release(&locker);
    CU_ASSERT_TRUE(check_stream(seq, from, 30) >= 30);
}

static void redis_stopped_loses_nothing(void)
{
    CU_ASSERT_EQUAL_FATAL(itest_dev("redis-stop"), 0);
    const char *seq = max_seq();
    /* ~10 s of changes while Redis is away. */
    struct writer w = { .n = 300, .seller = 1, .pace_ms = 30 };
    write_changes(&w);
    CU_ASSERT_EQUAL(w.failed, 0);
    CU_ASSERT_EQUAL_FATAL(itest_dev("redis-start"), 0);
    check_stream(seq, "0-0", 300); /* a restarted Redis is empty: all of them after it */
}

static bool row_gone(void *arg)
{
    const char *p[] = { arg };
    static const struct pg_stmt s = {
        "it_relay_count",
        "SELECT count(*) FROM outbox WHERE aggregate_id = $1",
        1,
        0,
    };
    return one_i64(&s, p) == 0;
}

static void old_sent_rows_are_purged(void)
{
    static const struct pg_stmt put = {
        "it_relay_put",
        "INSERT INTO outbox (type, aggregate_id, version, envelope, created_at, sent_at)"
        " VALUES ('test.purge', $1, 1, '{}', now() - make_interval(hours => $2::int),"
        "         now() - make_interval(hours => $2::int))",
        2,
        0,
    };
    const char *env = getenv("OUTBOX_RETENTION_HOURS");
    int hours = env ? (int)strtol(env, NULL, 10) : 72;
    char old_agg[64], young_agg[64];
    struct pg_result *res;

    itest_unique(old_agg, sizeof(old_agg), "purge-old-");
    itest_unique(young_agg, sizeof(young_agg), "purge-young-");
    const char *p1[] = { old_agg, arena_printf(&A, "%d", hours + 1) };
    const char *p2[] = { young_agg, arena_printf(&A, "%d", hours - 1) };
    CU_ASSERT_EQUAL_FATAL(pg_exec(&DB, &A, &put, p1, &res), ST_OK);
    CU_ASSERT_EQUAL_FATAL(pg_exec(&DB, &A, &put, p2, &res), ST_OK);
    /* The test stack's relay purges every second. */
    CU_ASSERT_TRUE(itest_poll(row_gone, old_agg, 10000, 50));
    CU_ASSERT_FALSE(row_gone(young_agg));
}

static int setup(void)
{
    struct itest_user u;
    struct pg_result *res;
    static const struct pg_stmt session = {
        "it_relay_session",
        "SELECT id FROM event_sessions WHERE start_at > now() + interval '1 day'"
        " AND status IS DISTINCT FROM 'cancelled' ORDER BY id LIMIT 1",
        0,
        0,
    };

    arena_init(&A, 0);
    pg_init(&DB, itest_database_url(), 5, 30000, "itest-relay");
    if (pg_exec(&DB, &A, &session, NULL, &res) != ST_OK || pg_nrows(res) != 1)
        return -1;
    SESSION = arena_strdup(&A, pg_get(res, 0, 0));
    for (int i = 0; i < 4; i++) {
        if (!itest_new_user("it_relay", &u))
            return -1;
        SELLER[i] = arena_strdup(&A, u.id);
    }
    return 0;
}

static int teardown(void)
{
    itest_dev("redis-start"); /* whatever happened above */
    pg_release(&DB);
    arena_release(&A);
    return 0;
}

int suite_relay(void)
{
    static const struct itest_case cases[] = {
        { "every committed outbox row reaches the stream, per-aggregate order kept",
          every_row_reaches_the_stream_in_order },
        { "kill -9 of the relay under 5,000 concurrent changes: nothing lost, order kept",
          kill_9_under_concurrent_changes },
        { "killed between XADD and the stamp: sent again under the same ids, nothing lost",
          killed_between_xadd_and_stamp },
        { "Redis stopped while changes are committed: nothing lost", redis_stopped_loses_nothing },
        { "sent rows past the retention are purged, younger ones kept", old_sent_rows_are_purged },
        { NULL, NULL },
    };
    return itest_register("integration/relay", cases, setup, teardown);
}
