/*
 * marquee-expire killed with SIGKILL at random points (seeded: MQ_EXPIRE_SEED,
 * else the time; printed) while it ends EXPIRE_HOLDS lapsed holds, six
 * batches: after every kill each ticket and order is in a state the
 * rules allow (sql/014's invariant), and the run that completes leaves every
 * hold expired exactly once, with one order.expired and one ticket.updated
 * outbox row each. The holds are written directly in SQL, as
 * marquee_order_create leaves them, with their time already passed.
 */
#include "config.h"
#include "core/common.h"
#include "tests/integration/itest.h"
#include "tests/integration/itest_db.h"
#include "app/job.h"
#include "app/market/expire.h"
#include "infra/pg.h"

#include <time.h>
#include <unistd.h>

#define EXPIRE_HOLDS 3000 /* six batches of EXPIRE_BATCH */
#define EXPIRE_KILLS 4

static struct pg DB;
static struct arena A;
static char Tag[48]; /* the titles of this run's tickets start with it */
static unsigned Seed;

/* clang-format off */
/* Two users and EXPIRE_HOLDS reserved tickets of session $1 (event $2), each
 * with its created order whose hold ended a minute ago. */
enum { HOLDS_P_SESSION, HOLDS_P_EVENT, HOLDS_P_TAG, HOLDS_P_COUNT, HOLDS_NPARAMS };
static const struct pg_stmt make_holds = {
    "itest_expire_holds",
    "WITH u AS (INSERT INTO users (email, username, password_hash)\n"
    "           SELECT $3 || '-' || r || '@example.com', $3 || '-' || r, 'x'\n"
    "           FROM unnest(ARRAY['s', 'b']) r RETURNING id, username),\n"
    "t AS (INSERT INTO tickets (session_id, event_id, seller_id, title, price_cents,\n"
    "                           currency, status, held_until)\n"
    "      SELECT $1, $2, (SELECT id FROM u WHERE username LIKE '%-s'), $3 || ' ' || g,\n"
    "             1000 + g, 'EUR', 'reserved', now() - interval '1 minute'\n"
    "      FROM generate_series(1, $4::int) g\n"
    "      RETURNING id, price_cents, currency, held_until)\n"
    "INSERT INTO orders (ticket_id, buyer_id, amount_cents, currency, expires_at)\n"
    "SELECT t.id, (SELECT id FROM u WHERE username LIKE '%-b'), t.price_cents, t.currency,\n"
    "       t.held_until\n"
    "FROM t",
    HOLDS_NPARAMS, 0
};

/* This run's holds: how many are expired, and how many break a rule: a
 * ticket is either still held by its one created order (version 1, no
 * outbox row), or available with its one order expired (version 2, one
 * ticket.updated and one order.expired row). */
enum { STATE_EXPIRED, STATE_BROKEN };
static const struct pg_stmt state_of_holds = {
    "itest_expire_state",
    "WITH x AS (\n"
    "  SELECT t.id AS tid, o.id AS oid, t.status AS ts, t.held_until, t.version AS tv,\n"
    "         o.status AS os, o.expires_at, o.version AS ov\n"
    "  FROM tickets t JOIN orders o ON o.ticket_id = t.id WHERE t.title LIKE $1 || ' %'),\n"
    "n AS (SELECT ticket_id AS tid, count(*) AS orders FROM orders\n"
    "      WHERE ticket_id IN (SELECT tid FROM x) GROUP BY ticket_id),\n"
    "b AS (SELECT aggregate_id, count(*) AS n FROM outbox\n"
    "      WHERE type IN ('ticket.updated', 'order.expired') GROUP BY aggregate_id),\n"
    "y AS (SELECT x.*, n.orders, COALESCE(bt.n, 0) AS ticket_rows,\n"
    "             COALESCE(bo.n, 0) AS order_rows\n"
    "      FROM x JOIN n USING (tid)\n"
    "      LEFT JOIN b bt ON bt.aggregate_id = x.tid::text\n"
    "      LEFT JOIN b bo ON bo.aggregate_id = x.oid::text)\n"
    "SELECT count(*) FILTER (WHERE os = 'expired'),\n"
    "       count(*) FILTER (WHERE orders <> 1 OR NOT (\n"
    "         (ts = 'reserved' AND os = 'created' AND held_until = expires_at AND tv = 1\n"
    "          AND ov = 1 AND ticket_rows = 0 AND order_rows = 0) OR\n"
    "         (ts = 'available' AND os = 'expired' AND held_until IS NULL AND tv = 2\n"
    "          AND ov = 2 AND ticket_rows = 1 AND order_rows = 1)))\n"
    "FROM y",
    1, PG_READONLY
};

/* How many of this run's holds are expired: cheap, asked every 2 ms. */
static const struct pg_stmt expired_holds = {
    "itest_expire_progress",
    "SELECT count(*) FROM orders o JOIN tickets t ON t.id = o.ticket_id\n"
    "WHERE t.title LIKE $1 || ' %' AND o.status = 'expired'",
    1, PG_READONLY
};
/* clang-format on */

static void state(int64_t *expired, int64_t *broken)
{
    struct pg_result *r;
    const char *p[] = { Tag };
    CU_ASSERT_EQUAL_FATAL(pg_exec(&DB, &A, &state_of_holds, p, &r), ST_OK);
    *expired = pg_get_i64(r, 0, STATE_EXPIRED);
    *broken = pg_get_i64(r, 0, STATE_BROKEN);
}

/* Where a run is killed: once target holds are expired, after a further
 * delay_ms, so that the kill lands inside a batch (or between steps). */
struct kill_point {
    int64_t target, delay_ms, reached_at;
};

static bool kill_now(void *arg)
{
    struct kill_point *k = arg;
    struct pg_result *r;
    const char *p[] = { Tag };
    if (k->reached_at < 0) {
        CU_ASSERT_EQUAL_FATAL(pg_exec(&DB, &A, &expired_holds, p, &r), ST_OK);
        if (pg_get_i64(r, 0, 0) >= k->target)
            k->reached_at = itest_now_ms();
    }
    return k->reached_at >= 0 && itest_now_ms() - k->reached_at >= k->delay_ms;
}

/* marquee-expire to completion, or killed at k. A run that finds the lock
 * still held by the session of a run just killed tries again. */
static int expire(struct kill_point *k)
{
    const char *argv[] = { "marquee-expire", NULL };
    const char *env[] = { arena_printf(&A, "DATABASE_URL=%s", itest_database_url()), NULL };
    int rc = JOB_LOCKED;
    for (int tries = 0; rc == JOB_LOCKED && tries < 200; tries++)
        rc = itest_spawn(argv, env, "/dev/null", k ? kill_now : NULL, k);
    return rc;
}

static void killed_runs_leave_every_hold_consistent_and_expired_once(void)
{
    int64_t expired, broken, before = 0;
    int killed = 0;
    for (int i = 0; i < EXPIRE_KILLS; i++) {
        struct kill_point k = { .target = before + rand_r(&Seed) % EXPIRE_BATCH,
                                .delay_ms = rand_r(&Seed) % 4,
                                .reached_at = -1 };
        int rc = expire(&k);
        CU_ASSERT(rc == 128 + 9 || rc == JOB_OK); /* killed, or done first */
        killed += rc == 128 + 9;
        state(&expired, &broken);
        CU_ASSERT_EQUAL(broken, 0);
        CU_ASSERT(expired >= before);
        before = expired;
        fprintf(stderr, "\n    kill %d: rc %d, %lld of %d expired, %lld broken", i + 1, rc,
                (long long)expired, EXPIRE_HOLDS, (long long)broken);
    }
    CU_ASSERT(killed > 0);
    CU_ASSERT_EQUAL(expire(NULL), JOB_OK);
    state(&expired, &broken);
    CU_ASSERT_EQUAL(expired, EXPIRE_HOLDS);
    CU_ASSERT_EQUAL(broken, 0);
    /* and again: nothing left to do, nothing written twice */
    CU_ASSERT_EQUAL(expire(NULL), JOB_OK);
    state(&expired, &broken);
    CU_ASSERT_EQUAL(expired, EXPIRE_HOLDS);
    CU_ASSERT_EQUAL(broken, 0);
}

static int setup(void)
{
    char session[64], event[80];
    struct pg_result *r;
    const char *seed = getenv("MQ_EXPIRE_SEED");
    Seed = seed ? (unsigned)strtoul(seed, NULL, 10) : (unsigned)time(NULL);
    fprintf(stderr, "\n    MQ_EXPIRE_SEED=%u", Seed);
    arena_init(&A, 0);
    pg_init(&DB, itest_database_url(), 5, 60000, "itest-expire");
    snprintf(Tag, sizeof(Tag), "mqexp%u_%d", Seed % 100000000u, (int)getpid() % 100000);
    if (!itest_upcoming_session(&DB, &A, session, event))
        return -1;
    const char *p[HOLDS_NPARAMS] = {
        [HOLDS_P_SESSION] = session,
        [HOLDS_P_EVENT] = event,
        [HOLDS_P_TAG] = Tag,
        [HOLDS_P_COUNT] = arena_printf(&A, "%d", EXPIRE_HOLDS),
    };
    return pg_exec(&DB, &A, &make_holds, p, &r) == ST_OK ? 0 : -1;
}

static int teardown(void)
{
    pg_release(&DB);
    arena_release(&A);
    return 0;
}

int suite_expire(void)
{
    static const struct itest_case cases[] = {
        { "marquee-expire killed at random points: every hold consistent, expired once",
          killed_runs_leave_every_hold_consistent_and_expired_once },
        { NULL, NULL },
    };
    return itest_register("marquee-expire killed mid-batch", cases, setup, teardown);
}
