/*
 * infra/pg against the real Postgres: a PG_GENERIC statement runs in a
 * pipeline (SET plan_cache_mode, execute, RESET); its answer is the
 * statement's, an error in it leaves the connection usable, and the
 * session's plan mode is what it was before, error or not.
 */
#include "config.h"
#include "core/common.h"
#include "tests/integration/itest.h"
#include "core/arena.h"
#include "infra/pg.h"

static const struct pg_stmt doubled = {
    "itest_generic_doubled",
    "SELECT $1::int * 2, current_setting('plan_cache_mode')",
    1,
    PG_READONLY | PG_GENERIC,
};

static const struct pg_stmt plan_mode = { "itest_plan_mode",
                                          "SELECT current_setting('plan_cache_mode')", 0,
                                          PG_READONLY };

static struct arena A;
static struct pg DB;

/* The session's plan mode, read by an ordinary statement. */
static const char *mode(void)
{
    struct pg_result *r;
    if (pg_exec(&DB, &A, &plan_mode, NULL, &r) != ST_OK)
        return "(failed)";
    return pg_get(r, 0, 0);
}

static enum status run_doubled(const char *n, struct pg_result **r)
{
    const char *params[] = { n };
    return pg_exec(&DB, &A, &doubled, params, r);
}

static void generic_statements_leave_the_session_as_it_was(void)
{
    struct pg_result *r;
    CU_ASSERT_EQUAL_FATAL(run_doubled("21", &r), ST_OK);
    CU_ASSERT_STRING_EQUAL(pg_get(r, 0, 0), "42");
    CU_ASSERT_STRING_EQUAL(pg_get(r, 0, 1), "force_generic_plan");
    CU_ASSERT_STRING_EQUAL(mode(), "auto");

    CU_ASSERT_EQUAL(run_doubled("twenty", &r), ST_INVALID); /* 22P02 */
    CU_ASSERT_STRING_EQUAL(mode(), "auto");
    CU_ASSERT_EQUAL_FATAL(run_doubled("2", &r), ST_OK);
    CU_ASSERT_STRING_EQUAL(pg_get(r, 0, 0), "4");

    /* inside a transaction: the failed statement aborts it, the rollback
     * takes the SET with it */
    CU_ASSERT_EQUAL_FATAL(pg_begin(&DB), ST_OK);
    CU_ASSERT_EQUAL(run_doubled("x", &r), ST_INVALID);
    pg_rollback(&DB);
    CU_ASSERT_STRING_EQUAL(mode(), "auto");
    CU_ASSERT_EQUAL_FATAL(pg_begin(&DB), ST_OK);
    CU_ASSERT_EQUAL(run_doubled("5", &r), ST_OK);
    CU_ASSERT_EQUAL(pg_commit(&DB), ST_OK);
    CU_ASSERT_STRING_EQUAL(mode(), "auto");
}

static int setup(void)
{
    arena_init(&A, 0);
    pg_init(&DB, itest_database_url(), 5, 30000, "itest-pg");
    return 0;
}

static int teardown(void)
{
    pg_release(&DB);
    arena_release(&A);
    return 0;
}

int suite_pg(void)
{
    static const struct itest_case cases[] = {
        { "generic-plan statements answer and leave the session as it was",
          generic_statements_leave_the_session_as_it_was },
        { NULL, NULL },
    };
    return itest_register("infra/pg", cases, setup, teardown);
}
