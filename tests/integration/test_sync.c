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

/* One extracted row as ingest would leave it: pending, content_hash over
 * every mapped column, changed_at = the time of this call. */
struct row {
    const char *id, *name, *venue, *url, *status, *start, *sales_start, *sales_end, *genre, *image;
};

static const struct pg_stmt put_row = {
    "itest_put_row",
    "WITH r AS (SELECT $1::text AS id, $2::text AS name, $3::text AS venue_name, $4::text AS url, "
    "  $5::text AS status, $6::timestamptz AS start_at, $7::timestamptz AS sales_start_at, "
    "  $8::timestamptz AS sales_end_at, $9::text AS genre, $10::text AS image_url) "
    "INSERT INTO extracted_events (id, raw, name, venue_name, url, status, start_at, "
    "sales_start_at, sales_end_at, genre, image_url, content_hash, sync_pending, changed_at) "
    "SELECT id, '{}', name, venue_name, url, status, start_at, sales_start_at, sales_end_at, "
    "genre, image_url, md5(row(name, venue_name, url, status, start_at, sales_start_at, "
    "sales_end_at, genre, image_url)::text), true, clock_timestamp() FROM r "
    "ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, venue_name = EXCLUDED.venue_name, "
    "url = EXCLUDED.url, status = EXCLUDED.status, start_at = EXCLUDED.start_at, "
    "sales_start_at = EXCLUDED.sales_start_at, sales_end_at = EXCLUDED.sales_end_at, "
    "genre = EXCLUDED.genre, image_url = EXCLUDED.image_url, "
    "content_hash = EXCLUDED.content_hash, sync_pending = true, changed_at = clock_timestamp()",
    10, 0
};
static const struct pg_stmt session_of = {
    "itest_session_of",
    "SELECT s.event_id, s.url, s.status, e.name, e.session_count, "
    "extract(epoch FROM e.last_start_at)::int8, extract(epoch FROM s.sales_start_at)::int8, "
    "extract(epoch FROM s.sales_end_at)::int8, e.venue_name, e.genre, e.search_pending, "
    "e.vector_pending, s.genre_key FROM event_sessions s JOIN events e ON e.id = s.event_id WHERE "
    "s.id = $1",
    1, 0
};
enum {
    S_EVENT,
    S_URL,
    S_STATUS,
    S_NAME,
    S_COUNT,
    S_LAST,
    S_SALES_START,
    S_SALES_END,
    S_VENUE,
    S_GENRE,
    S_SEARCH_PENDING,
    S_VECTOR_PENDING,
    S_GENRE_KEY /* the event's genre, lowered, kept on the session (sql/012) */
};

/* An event's session count, bounds (epoch, -1 for NULL) and genre. */
static const struct pg_stmt event_state = {
    "itest_event_state",
    "SELECT session_count, COALESCE(extract(epoch FROM first_start_at)::int8, -1), "
    "COALESCE(extract(epoch FROM last_start_at)::int8, -1), genre, search_pending "
    "FROM events WHERE id = $1",
    1, 0
};

static void put_row_full(const struct row *w)
{
    struct pg_result *r;
    const char *p[] = { w->id,    w->name,        w->venue,     w->url,   w->status,
                        w->start, w->sales_start, w->sales_end, w->genre, w->image };
    CU_ASSERT_EQUAL_FATAL(pg_exec(&DB, &A, &put_row, p, &r), ST_OK);
}

static void put(const char *id, const char *name, const char *venue, const char *url,
                const char *status, const char *start)
{
    struct row w = { id, name, venue, url, status, start, NULL, NULL, "Music", NULL };
    put_row_full(&w);
}

static struct pg_result *event_of(const char *event_id)
{
    struct pg_result *r = NULL;
    const char *p[] = { event_id };
    CU_ASSERT_EQUAL_FATAL(pg_exec(&DB, &A, &event_state, p, &r), ST_OK);
    CU_ASSERT_EQUAL_FATAL(pg_nrows(r), 1);
    return r;
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
    CU_ASSERT_STRING_EQUAL(pg_get(session("mqsync-1"), 0, S_EVENT), want);
}

static void changes_propagate_to_the_session(void)
{
    put("mqsync-2", "Sync Test Night", "Test Hall", "https://b", "onsale", "2031-01-02T20:00:00Z");
    sync_all();
    struct pg_result *r = session("mqsync-2");
    CU_ASSERT_EQUAL(pg_get_i64(r, 0, S_COUNT), 2);
    put("mqsync-2", "Sync Test Night", "Test Hall", "https://b2", "cancelled",
        "2031-01-05T20:00:00Z");
    sync_all();
    r = session("mqsync-2");
    CU_ASSERT_STRING_EQUAL(pg_get(r, 0, S_URL), "https://b2");
    CU_ASSERT_STRING_EQUAL(pg_get(r, 0, S_STATUS), "cancelled");
    CU_ASSERT_EQUAL(pg_get_i64(r, 0, S_LAST), 1925409600); /* 2031-01-05T20:00:00Z */
}

static void a_changed_sale_window_propagates(void)
{
    struct row w = { "mqsync-2",
                     "Sync Test Night",
                     "Test Hall",
                     "https://b2",
                     "cancelled",
                     "2031-01-05T20:00:00Z",
                     "2030-06-01T09:00:00Z",
                     "2031-01-05T18:00:00Z",
                     "Music",
                     NULL };
    put_row_full(&w);
    sync_all();
    struct pg_result *r = session("mqsync-2");
    CU_ASSERT_EQUAL(pg_get_i64(r, 0, S_SALES_START), 1906534800); /* 2030-06-01T09:00:00Z */
    CU_ASSERT_EQUAL(pg_get_i64(r, 0, S_SALES_END), 1925402400);   /* 2031-01-05T18:00:00Z */
    w.sales_start = "2030-07-01T09:00:00Z";
    w.sales_end = NULL; /* the window lost its end */
    put_row_full(&w);
    sync_all();
    r = session("mqsync-2");
    CU_ASSERT_EQUAL(pg_get_i64(r, 0, S_SALES_START), 1909126800); /* 2030-07-01T09:00:00Z */
    CU_ASSERT(pg_is_null(r, 0, S_SALES_END));
}

static void renamed_event_takes_the_session(void)
{
    const char *old_id = arena_strdup(&A, pg_get(session("mqsync-2"), 0, S_EVENT));
    CU_ASSERT_EQUAL_FATAL(pg_exec_sql(&DB, "UPDATE events SET search_pending = false "
                                           "WHERE name LIKE 'Sync Test Night%'"),
                          ST_OK);
    put("mqsync-2", "Sync Test Night (Moved)", "Test Hall", "https://b2", "cancelled",
        "2031-01-05T20:00:00Z");
    sync_all();
    struct pg_result *r = session("mqsync-2");
    CU_ASSERT_STRING_NOT_EQUAL(pg_get(r, 0, S_EVENT), old_id);
    CU_ASSERT_STRING_EQUAL(pg_get(r, 0, S_NAME), "Sync Test Night (Moved)");
    CU_ASSERT_EQUAL(pg_get_i64(r, 0, S_COUNT), 1);
    CU_ASSERT_STRING_EQUAL(pg_get(r, 0, S_SEARCH_PENDING), "t");
    /* the old event keeps mqsync-1 only: count and bounds recomputed, and
     * the search index must hear of it */
    r = event_of(old_id);
    CU_ASSERT_EQUAL(pg_get_i64(r, 0, 0), 1);
    CU_ASSERT_EQUAL(pg_get_i64(r, 0, 1), 1925064000); /* 2031-01-01T20:00:00Z */
    CU_ASSERT_EQUAL(pg_get_i64(r, 0, 2), 1925064000);
    CU_ASSERT_STRING_EQUAL(pg_get(r, 0, 4), "t");
}

static void renamed_venue_makes_a_new_event(void)
{
    const char *old_id = arena_strdup(&A, pg_get(session("mqsync-1"), 0, S_EVENT));
    char want[65];
    put("mqsync-1", "Sync Test Night", "Test Hall Annex", "https://a", "onsale",
        "2031-01-01T20:00:00Z");
    sync_all();
    expected_id("Sync Test Night", "Test Hall Annex", want);
    struct pg_result *r = session("mqsync-1");
    CU_ASSERT_STRING_EQUAL(pg_get(r, 0, S_EVENT), want);
    CU_ASSERT_STRING_EQUAL(pg_get(r, 0, S_VENUE), "Test Hall Annex");
    CU_ASSERT_EQUAL(pg_get_i64(r, 0, S_COUNT), 1);
    /* the old event lost its last session: no bounds, so it is listed nowhere */
    r = event_of(old_id);
    CU_ASSERT_EQUAL(pg_get_i64(r, 0, 0), 0);
    CU_ASSERT_EQUAL(pg_get_i64(r, 0, 1), -1);
    CU_ASSERT_EQUAL(pg_get_i64(r, 0, 2), -1);
}

/* Two sessions of one event in different batches: the event is described
 * by the most recently changed one, whichever batch comes last. */
static void the_latest_row_describes_the_event_across_batches(void)
{
    struct sync_stats st;
    struct row older = { "mqsync-d1",   "Sync Desc Night",
                         "Desc Hall",   "https://d1",
                         "onsale",      "2031-02-01T20:00:00Z",
                         NULL,          NULL,
                         "Older genre", NULL };
    struct row newer = older;
    newer.id = "mqsync-d0"; /* sorts first: synced in the first batch */
    newer.genre = "Newer genre";
    newer.start = "2031-02-02T20:00:00Z";
    put_row_full(&older);
    put_row_full(&newer);
    CU_ASSERT_EQUAL_FATAL(sync_run(&DB, 1, &st, NULL, NULL), ST_OK);
    CU_ASSERT_EQUAL(st.batches, 2);
    struct pg_result *r = session("mqsync-d1");
    CU_ASSERT_STRING_EQUAL(pg_get(r, 0, S_GENRE), "Newer genre");
    CU_ASSERT_STRING_EQUAL(pg_get(r, 0, S_GENRE_KEY), "newer genre");
    CU_ASSERT_EQUAL(pg_get_i64(r, 0, S_COUNT), 2);
    /* the newer row moves away: the event falls back to the older one */
    newer.name = "Sync Desc Night II";
    put_row_full(&newer);
    CU_ASSERT_EQUAL_FATAL(sync_run(&DB, 1, &st, NULL, NULL), ST_OK);
    r = session("mqsync-d1");
    CU_ASSERT_STRING_EQUAL(pg_get(r, 0, S_GENRE), "Older genre");
    CU_ASSERT_STRING_EQUAL(pg_get(r, 0, S_GENRE_KEY), "older genre");
    CU_ASSERT_EQUAL(pg_get_i64(r, 0, S_COUNT), 1);
}

/* A row that lost its name can make no event: its session goes. */
static void a_row_without_a_name_drops_its_session(void)
{
    struct sync_stats st;
    const char *ev = arena_strdup(&A, pg_get(session("mqsync-d0"), 0, S_EVENT));
    put("mqsync-d0", NULL, "Desc Hall", "https://d0", "onsale", "2031-02-02T20:00:00Z");
    CU_ASSERT_EQUAL_FATAL(sync_run(&DB, 100, &st, NULL, NULL), ST_OK);
    CU_ASSERT_EQUAL(st.skipped, 1);
    struct pg_result *r = NULL;
    const char *p[] = { "mqsync-d0" };
    CU_ASSERT_EQUAL_FATAL(pg_exec(&DB, &A, &session_of, p, &r), ST_OK);
    CU_ASSERT_EQUAL(pg_nrows(r), 0);
    CU_ASSERT_EQUAL(pg_get_i64(event_of(ev), 0, 0), 0);
}

/* A batch that fails is rolled back whole; earlier batches stay, and the
 * next run redoes the rest. */
static void a_failed_batch_is_rolled_back_whole(void)
{
    struct sync_stats st;
    static const char *const ids[] = { "mqsync-t1", "mqsync-t2", "mqsync-t3", "mqsync-t4" };
    for (size_t i = 0; i < MQ_ARRAY_LEN(ids); i++)
        put(ids[i], "Sync Tx Night", "Tx Hall", "https://t", "onsale", "2031-03-01T20:00:00Z");
    CU_ASSERT_EQUAL_FATAL(
        pg_exec_sql(&DB,
                    "CREATE FUNCTION mqsync_boom() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                    "IF NEW.id = 'mqsync-t4' THEN RAISE EXCEPTION 'mqsync boom'; END IF; "
                    "RETURN NEW; END $$; CREATE TRIGGER mqsync_boom BEFORE INSERT ON "
                    "event_sessions FOR EACH ROW EXECUTE FUNCTION mqsync_boom()"),
        ST_OK);
    enum status rc = sync_run(&DB, 2, &st, NULL, NULL);
    pg_exec_sql(&DB, "DROP TRIGGER mqsync_boom ON event_sessions; DROP FUNCTION mqsync_boom()");
    CU_ASSERT_NOT_EQUAL(rc, ST_OK);
    CU_ASSERT_EQUAL(st.batches, 1);
    CU_ASSERT_EQUAL(st.rows, 2);
    struct pg_result *r = session("mqsync-t2");
    CU_ASSERT_EQUAL(pg_get_i64(r, 0, S_COUNT), 2); /* t3 was rolled back with t4 */
    const char *p[] = { "mqsync-t3" };
    CU_ASSERT_EQUAL_FATAL(pg_exec(&DB, &A, &session_of, p, &r), ST_OK);
    CU_ASSERT_EQUAL(pg_nrows(r), 0);
    CU_ASSERT_EQUAL_FATAL(sync_run(&DB, 2, &st, NULL, NULL), ST_OK);
    CU_ASSERT_EQUAL(st.pending, 2);
    CU_ASSERT_EQUAL(st.rows, 2);
    CU_ASSERT_EQUAL(pg_get_i64(session("mqsync-t4"), 0, S_COUNT), 4);
}

/* An event's version, its event.upserted rows (count, highest version) and
 * the sessionCount of the latest one next to the event's own. */
static const struct pg_stmt upserted_of = {
    "itest_upserted_of",
    "SELECT e.version, count(o.seq), COALESCE(max(o.version), 0), "
    "COALESCE((array_agg((o.envelope::jsonb #>> '{data,sessionCount}')::int8 "
    "ORDER BY o.version DESC))[1], -1), e.session_count "
    "FROM events e LEFT JOIN outbox o ON o.aggregate_id = e.id AND o.type = 'event.upserted' "
    "WHERE e.id = $1 GROUP BY e.id",
    1, 0
};
enum { U_VERSION, U_ROWS, U_MAX, U_DATA_COUNT, U_COUNT };

static struct pg_result *upserted(const char *event_id)
{
    struct pg_result *r = NULL;
    const char *p[] = { event_id };
    CU_ASSERT_EQUAL_FATAL(pg_exec(&DB, &A, &upserted_of, p, &r), ST_OK);
    CU_ASSERT_EQUAL_FATAL(pg_nrows(r), 1);
    return r;
}

/* spec/MARKET.md: the sync's changes reach the outbox like the market's,
 * one row per change of an event, versions one apart. */
static void each_change_is_one_versioned_event_upserted(void)
{
    put("mqsync-u1", "Sync Outbox Night", "Test Hall", "https://u1", "onsale",
        "2031-03-01T20:00:00Z");
    sync_all();
    const char *id = arena_strdup(&A, pg_get(session("mqsync-u1"), 0, S_EVENT));
    struct pg_result *r = upserted(id);
    int64_t v = pg_get_i64(r, 0, U_VERSION), n = pg_get_i64(r, 0, U_ROWS);
    CU_ASSERT(v >= 1);
    CU_ASSERT_EQUAL(pg_get_i64(r, 0, U_MAX), v);
    CU_ASSERT_EQUAL(pg_get_i64(r, 0, U_DATA_COUNT), pg_get_i64(r, 0, U_COUNT));

    put("mqsync-u2", "Sync Outbox Night", "Test Hall", "https://u2", "onsale",
        "2031-03-02T20:00:00Z");
    sync_all();
    sync_all(); /* nothing pending: no row */
    r = upserted(id);
    CU_ASSERT_EQUAL(pg_get_i64(r, 0, U_VERSION), v + 1);
    CU_ASSERT_EQUAL(pg_get_i64(r, 0, U_ROWS), n + 1);
    CU_ASSERT_EQUAL(pg_get_i64(r, 0, U_MAX), v + 1);
    CU_ASSERT_EQUAL(pg_get_i64(r, 0, U_COUNT), 2);
    CU_ASSERT_EQUAL(pg_get_i64(r, 0, U_DATA_COUNT), 2);
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
    return pg_exec_sql(&DB, "DROP TRIGGER IF EXISTS mqsync_boom ON event_sessions;"
                            "DROP FUNCTION IF EXISTS mqsync_boom();"
                            "DELETE FROM event_sessions WHERE id LIKE 'mqsync-%';"
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
        { "a changed sale window propagates", a_changed_sale_window_propagates },
        { "a renamed event takes the session from the old one", renamed_event_takes_the_session },
        { "a renamed venue makes a new event", renamed_venue_makes_a_new_event },
        { "the latest row describes the event across batches",
          the_latest_row_describes_the_event_across_batches },
        { "a row without a name drops its session", a_row_without_a_name_drops_its_session },
        { "a failed batch is rolled back whole", a_failed_batch_is_rolled_back_whole },
        { "each change is one versioned event.upserted",
          each_change_is_one_versioned_event_upserted },
        { "a second run has nothing to do", second_run_has_nothing_to_do },
        { NULL, NULL },
    };
    return itest_register("integration/sync", cases, setup, teardown);
}
