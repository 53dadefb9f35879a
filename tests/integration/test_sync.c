/*
 * marquee-sync against the real database: event identity, change
 * propagation and renames. Rows created here have ids "mqsync-*".
 */
#include "config.h"
#include "core/common.h"
#include "tests/integration/itest.h"
#include "app/sync/sync.h"
#include "infra/pg.h"

static struct pg DB;
static struct arena A;

static const struct pg_stmt put_row = {
    "itest_put_row",
    "INSERT INTO extracted_events (id, raw, name, venue_name, url, status, start_at, genre, "
    "content_hash, sync_pending) VALUES ($1, '{}', $2, $3, $4, $5, $6::timestamptz, 'Music', "
    "md5($2 || $3 || $4 || $5 || $6), true) ON CONFLICT (id) DO UPDATE SET name = $2, "
    "venue_name = $3, url = $4, status = $5, start_at = $6::timestamptz, "
    "content_hash = md5($2 || $3 || $4 || $5 || $6), sync_pending = true",
    6, false
};
static const struct pg_stmt session_of = {
    "itest_session_of",
    "SELECT s.event_id, s.url, s.status, e.name, e.session_count, "
    "extract(epoch FROM e.last_start_at)::int8 FROM event_sessions s JOIN events e "
    "ON e.id = s.event_id WHERE s.id = $1",
    1, false
};
static const struct pg_stmt event_count = { "itest_event_count",
                                            "SELECT session_count FROM events WHERE id = $1", 1,
                                            false };

static void put(const char *id, const char *name, const char *venue, const char *url,
                const char *status, const char *start)
{
    struct pg_result *r;
    const char *p[] = { id, name, venue, url, status, start };
    CU_ASSERT_EQUAL_FATAL(pg_exec(&DB, &A, &put_row, p, &r), ST_OK);
}

static struct pg_result *session(const char *id)
{
    struct pg_result *r = NULL;
    const char *p[] = { id };
    CU_ASSERT_EQUAL_FATAL(pg_exec(&DB, &A, &session_of, p, &r), ST_OK);
    CU_ASSERT_EQUAL_FATAL(pg_nrows(r), 1);
    return r;
}

static void sync_all(void)
{
    struct sync_stats st;
    CU_ASSERT_EQUAL_FATAL(sync_run(&DB, 100, &st, NULL, NULL), ST_OK);
}

/* sha256 of name 0x1f venue, computed by coreutils, not by our SQL. */
static void expected_id(const char *name, const char *venue, char out[65])
{
    char cmd[512];
    snprintf(cmd, sizeof(cmd), "printf '%%s\\037%%s' '%s' '%s' | sha256sum", name, venue);
    FILE *p = popen(cmd, "r");
    CU_ASSERT_PTR_NOT_NULL_FATAL(p);
    CU_ASSERT_PTR_NOT_NULL(fgets(out, 65, p));
    pclose(p);
}

static void event_id_is_sha256_of_name_and_venue(void)
{
    char want[65];
    put("mqsync-1", "Sync Test Night", "Test Hall", "https://a", "onsale", "2031-01-01T20:00:00Z");
    sync_all();
    expected_id("Sync Test Night", "Test Hall", want);
    CU_ASSERT_STRING_EQUAL(pg_get(session("mqsync-1"), 0, 0), want);
}

static void changes_propagate_to_the_session(void)
{
    put("mqsync-2", "Sync Test Night", "Test Hall", "https://b", "onsale", "2031-01-02T20:00:00Z");
    sync_all();
    struct pg_result *r = session("mqsync-2");
    CU_ASSERT_EQUAL(pg_get_i64(r, 0, 4), 2);
    put("mqsync-2", "Sync Test Night", "Test Hall", "https://b2", "cancelled",
        "2031-01-05T20:00:00Z");
    sync_all();
    r = session("mqsync-2");
    CU_ASSERT_STRING_EQUAL(pg_get(r, 0, 1), "https://b2");
    CU_ASSERT_STRING_EQUAL(pg_get(r, 0, 2), "cancelled");
    CU_ASSERT_EQUAL(pg_get_i64(r, 0, 5), 1925409600); /* 2031-01-05T20:00:00Z */
}

static void renamed_event_takes_the_session(void)
{
    const char *old_id = arena_strdup(&A, pg_get(session("mqsync-2"), 0, 0));
    put("mqsync-2", "Sync Test Night (Moved)", "Test Hall", "https://b2", "cancelled",
        "2031-01-05T20:00:00Z");
    sync_all();
    struct pg_result *r = session("mqsync-2");
    CU_ASSERT_STRING_NOT_EQUAL(pg_get(r, 0, 0), old_id);
    CU_ASSERT_STRING_EQUAL(pg_get(r, 0, 3), "Sync Test Night (Moved)");
    const char *p[] = { old_id };
    CU_ASSERT_EQUAL_FATAL(pg_exec(&DB, &A, &event_count, p, &r), ST_OK);
    CU_ASSERT_EQUAL(pg_get_i64(r, 0, 0), 1);
}

static void second_run_has_nothing_to_do(void)
{
    struct sync_stats st;
    CU_ASSERT_EQUAL(sync_run(&DB, 100, &st, NULL, NULL), ST_OK);
    CU_ASSERT_EQUAL(st.rows, 0);
    CU_ASSERT_EQUAL(st.pending, 0);
}

static int setup(void)
{
    arena_init(&A, 0);
    pg_init(&DB, itest_database_url(), 5, 60000, "itest-sync");
    return pg_exec_sql(&DB, "DELETE FROM event_sessions WHERE id LIKE 'mqsync-%';"
                            "DELETE FROM extracted_events WHERE id LIKE 'mqsync-%'") == ST_OK
               ? 0
               : -1;
}

static int teardown(void)
{
    pg_release(&DB);
    arena_release(&A);
    return 0;
}

int suite_sync_db(void)
{
    static const struct itest_case cases[] = {
        { "event id is sha256(name 0x1f venue)", event_id_is_sha256_of_name_and_venue },
        { "changed date, url and status propagate", changes_propagate_to_the_session },
        { "a renamed event takes the session from the old one", renamed_event_takes_the_session },
        { "a second run has nothing to do", second_run_has_nothing_to_do },
        { NULL, NULL },
    };
    return itest_register("integration/sync", cases, setup, teardown);
}
