#include "config.h"
#include "core/common.h"
#include "app/sync/sync_store.h"
#include "core/arena.h"
#include "infra/pg.h"

/* clang-format off */
/* Session-scoped work tables, emptied at every commit. */
static const char create_work_tables[] =
    "CREATE TEMP TABLE IF NOT EXISTS sync_batch ("
    " id text PRIMARY KEY, event_id text, name text, venue_name text, genre text,"
    " sub_genre text, venue_id text, venue_address text, image_url text, description text,"
    " url text, status text, start_at timestamptz, end_at timestamptz, local_date date,"
    " local_time time, timezone text, sales_start_at timestamptz, sales_end_at timestamptz,"
    " content_hash text NOT NULL, session_hash text, changed_at timestamptz)"
    " ON COMMIT DELETE ROWS;"
    "CREATE TEMP TABLE IF NOT EXISTS sync_touched (event_id text PRIMARY KEY)"
    " ON COMMIT DELETE ROWS;";

static const struct pg_stmt count_pending = {
    "sync_count", "SELECT count(*) FROM extracted_events WHERE sync_pending", 0, PG_READONLY
};

/* Event id = sha256(name || 0x1f || venue name); rows without a name get
 * no event and are only marked done. Reads up to $2 rows after id $1;
 * answers how many, the last id, and how many without a name. */
enum { FILL_P_AFTER, FILL_P_LIMIT, FILL_NPARAMS };
enum { FILL_ROWS, FILL_LAST_ID, FILL_NAMELESS };
static const struct pg_stmt fill_batch = {
    "sync_fill",
    "WITH b AS (INSERT INTO sync_batch SELECT x.id, "
    "  CASE WHEN x.name IS NOT NULL THEN encode(sha256(convert_to(x.name || chr(31) || "
    "  COALESCE(x.venue_name, 'Unknown venue'), 'UTF8')), 'hex') END, "
    "  x.name, COALESCE(x.venue_name, 'Unknown venue'), x.genre, x.sub_genre, x.venue_id, "
    "  x.venue_address, x.image_url, x.description, x.url, x.status, x.start_at, x.end_at, "
    "  x.local_date, x.local_time, x.timezone, x.sales_start_at, x.sales_end_at, "
    "  x.content_hash, NULL, x.changed_at "
    "  FROM extracted_events x WHERE x.sync_pending AND x.id > $1 ORDER BY x.id LIMIT $2 "
    "  RETURNING id, event_id) "
    "SELECT count(*), max(id), count(*) FILTER (WHERE event_id IS NULL) FROM b",
    FILL_NPARAMS, 0
};

static const struct pg_stmt hash_sessions = {
    "sync_hash",
    "UPDATE sync_batch SET session_hash = md5(row(event_id, start_at, end_at, local_date, "
    "local_time, timezone, url, sales_start_at, sales_end_at, status)::text)",
    0, 0
};

/* Events that lose a session: it now belongs to another event (a renamed
 * event or venue), or its row lost its name and can make no event. */
static const struct pg_stmt touch_old = {
    "sync_touch_old",
    "INSERT INTO sync_touched SELECT DISTINCT s.event_id FROM event_sessions s "
    "JOIN sync_batch b ON b.id = s.id WHERE b.event_id IS DISTINCT FROM s.event_id "
    "ON CONFLICT DO NOTHING",
    0, 0
};

static const struct pg_stmt drop_nameless = {
    "sync_drop_nameless",
    "DELETE FROM event_sessions s USING sync_batch b WHERE b.id = s.id AND b.event_id IS NULL", 0, 0
};

/* Source images for the imgBB step (app/images): only URLs imgBB could
 * fetch, and short enough for the key's index. */
static const struct pg_stmt register_images = {
    "sync_images",
    "INSERT INTO images (source_url) SELECT DISTINCT image_url FROM sync_batch "
    "WHERE event_id IS NOT NULL AND image_url ~ '^https?://' AND octet_length(image_url) <= 2048 "
    "ON CONFLICT DO NOTHING",
    0, 0
};

/* New events, described by their most recently changed row (all of a new
 * event's sessions are in this batch). The image shown is the hosted copy
 * once there is one. */
static const struct pg_stmt insert_events = {
    "sync_events",
    "WITH up AS (INSERT INTO events (id, name, venue_name, genre, sub_genre, venue_id, "
    "  venue_address, image_source_url, image_url, description) "
    "  SELECT DISTINCT ON (b.event_id) b.event_id, b.name, b.venue_name, b.genre, b.sub_genre, "
    "  b.venue_id, b.venue_address, b.image_url, COALESCE(i.hosted_url, b.image_url), "
    "  b.description FROM sync_batch b LEFT JOIN images i ON i.source_url = b.image_url "
    "  WHERE b.event_id IS NOT NULL ORDER BY b.event_id, b.changed_at DESC, b.id DESC "
    "  ON CONFLICT (id) DO NOTHING RETURNING id) "
    "SELECT count(*) FROM up",
    0, 0
};

enum { UPSERT_INSERTED, UPSERT_UPDATED };
static const struct pg_stmt upsert_sessions = {
    "sync_sessions",
    "WITH up AS (INSERT INTO event_sessions (id, event_id, start_at, end_at, local_date, "
    "  local_time, timezone, url, sales_start_at, sales_end_at, status, content_hash) "
    "  SELECT id, event_id, start_at, end_at, local_date, local_time, timezone, url, "
    "  sales_start_at, sales_end_at, status, session_hash FROM sync_batch "
    "  WHERE event_id IS NOT NULL "
    "  ON CONFLICT (id) DO UPDATE SET event_id = EXCLUDED.event_id, "
    "  start_at = EXCLUDED.start_at, end_at = EXCLUDED.end_at, "
    "  local_date = EXCLUDED.local_date, local_time = EXCLUDED.local_time, "
    "  timezone = EXCLUDED.timezone, url = EXCLUDED.url, "
    "  sales_start_at = EXCLUDED.sales_start_at, sales_end_at = EXCLUDED.sales_end_at, "
    "  status = EXCLUDED.status, content_hash = EXCLUDED.content_hash, updated_at = now() "
    "  WHERE event_sessions.content_hash IS DISTINCT FROM EXCLUDED.content_hash "
    "  RETURNING (xmax = 0) AS inserted, event_id) "
    "SELECT count(*) FILTER (WHERE inserted), count(*) FILTER (WHERE NOT inserted) FROM up",
    0, 0
};

static const struct pg_stmt touch_new = {
    "sync_touch_new",
    "INSERT INTO sync_touched SELECT DISTINCT event_id FROM sync_batch "
    "WHERE event_id IS NOT NULL ON CONFLICT DO NOTHING",
    0, 0
};

/* Every touched event is described by the most recently changed row among
 * all its sessions, not only those of this batch: a later batch may hold
 * an older row, and an event that lost a session may have been described
 * by it. */
static const struct pg_stmt refresh_events = {
    "sync_refresh",
    "WITH d AS (SELECT DISTINCT ON (s.event_id) s.event_id, x.genre, x.sub_genre, x.venue_id, "
    "  x.venue_address, x.image_url, x.description FROM sync_touched t "
    "  JOIN event_sessions s ON s.event_id = t.event_id JOIN extracted_events x ON x.id = s.id "
    "  ORDER BY s.event_id, x.changed_at DESC, x.id DESC), "
    "v AS (SELECT d.*, COALESCE(i.hosted_url, d.image_url) AS shown FROM d "
    "  LEFT JOIN images i ON i.source_url = d.image_url), "
    "up AS (UPDATE events e SET genre = v.genre, sub_genre = v.sub_genre, venue_id = v.venue_id, "
    "  venue_address = v.venue_address, image_source_url = v.image_url, image_url = v.shown, "
    "  description = v.description, updated_at = now() FROM v WHERE e.id = v.event_id AND "
    "  (e.genre, e.sub_genre, e.venue_id, e.venue_address, e.image_source_url, e.image_url, "
    "  e.description) IS DISTINCT FROM (v.genre, v.sub_genre, v.venue_id, v.venue_address, "
    "  v.image_url, v.shown, v.description) RETURNING e.id) "
    "SELECT count(*) FROM up",
    0, 0
};

static const struct pg_stmt update_bounds = {
    "sync_bounds",
    "UPDATE events e SET first_start_at = a.mn, last_start_at = a.mx, session_count = a.c "
    "FROM (SELECT t.event_id, min(s.start_at) AS mn, max(s.start_at) AS mx, count(s.id) AS c "
    "  FROM sync_touched t LEFT JOIN event_sessions s ON s.event_id = t.event_id "
    "  GROUP BY t.event_id) a "
    "WHERE e.id = a.event_id AND (e.first_start_at, e.last_start_at, e.session_count) "
    "IS DISTINCT FROM (a.mn, a.mx, a.c::int)",
    0, 0
};

/* The search index and the vectors have to catch up with every touched
 * event (sync_backends; vectors are only recomputed if their text changed). */
static const struct pg_stmt mark_pending = {
    "sync_mark_pending",
    "UPDATE events e SET search_pending = true, vector_pending = true FROM sync_touched t "
    "WHERE e.id = t.event_id AND NOT (e.search_pending AND e.vector_pending)",
    0, 0
};

/* Only rows ingest has not changed since the batch read them. */
static const struct pg_stmt mark_done = {
    "sync_done",
    "UPDATE extracted_events x SET sync_pending = false FROM sync_batch b "
    "WHERE x.id = b.id AND x.content_hash = b.content_hash",
    0, 0
};
/* Every event the batch touched gets version + 1 and its event.upserted
 * outbox row (sql/015), after its bounds are final. */
static const struct pg_stmt emit_upserted = {
    "sync_emit",
    "WITH v AS (UPDATE events e SET version = e.version + 1 FROM sync_touched t "
    "  WHERE e.id = t.event_id RETURNING e.*) "
    "SELECT count(marquee_emit('event.upserted', v.id, v.version, "
    "  marquee_event_json(v::events)) IS NULL) FROM v",
    0, 0
};
/* clang-format on */

enum status sync_store_start(struct pg *db, struct arena *a, int64_t *pending)
{
    struct pg_result *r;
    enum status rc;
    if ((rc = pg_exec_sql(db, create_work_tables)) != ST_OK ||
        (rc = pg_exec(db, a, &count_pending, NULL, &r)) != ST_OK)
        return rc;
    *pending = pg_get_i64(r, 0, 0);
    return ST_OK;
}

static enum status run_stmt(struct pg *db, struct arena *a, const struct pg_stmt *s,
                            struct pg_result **r)
{
    return pg_exec(db, a, s, NULL, r);
}

enum status sync_store_batch(struct pg *db, struct arena *a, int batch_size, const char **last_id,
                             struct sync_stats *st, int64_t *n)
{
    struct pg_result *r;
    enum status rc;
    const char *params[FILL_NPARAMS] = {
        [FILL_P_AFTER] = *last_id,
        [FILL_P_LIMIT] = arena_printf(a, "%d", batch_size),
    };

    if ((rc = pg_begin(db)) != ST_OK)
        return rc;
    if ((rc = pg_exec(db, a, &fill_batch, params, &r)) != ST_OK)
        goto out;
    *n = pg_get_i64(r, 0, FILL_ROWS);
    if (*n == 0) {
        rc = pg_commit(db);
        return rc;
    }
    *last_id = arena_strdup(a, pg_get(r, 0, FILL_LAST_ID));
    st->skipped += pg_get_i64(r, 0, FILL_NAMELESS);
    /* Fresh statistics, or the planner guesses ~1000 rows for the temp
     * tables and joins them by scanning events and their sessions whole. */
    if ((rc = pg_exec_sql(db, "ANALYZE sync_batch")) != ST_OK ||
        (rc = run_stmt(db, a, &hash_sessions, &r)) != ST_OK ||
        (rc = run_stmt(db, a, &touch_old, &r)) != ST_OK ||
        (rc = run_stmt(db, a, &drop_nameless, &r)) != ST_OK ||
        (rc = run_stmt(db, a, &register_images, &r)) != ST_OK ||
        (rc = run_stmt(db, a, &insert_events, &r)) != ST_OK)
        goto out;
    st->events_created += pg_get_i64(r, 0, 0);
    if ((rc = run_stmt(db, a, &upsert_sessions, &r)) != ST_OK)
        goto out;
    st->sessions_inserted += pg_get_i64(r, 0, UPSERT_INSERTED);
    st->sessions_updated += pg_get_i64(r, 0, UPSERT_UPDATED);
    if ((rc = run_stmt(db, a, &touch_new, &r)) != ST_OK ||
        (rc = pg_exec_sql(db, "ANALYZE sync_touched")) != ST_OK ||
        (rc = run_stmt(db, a, &refresh_events, &r)) != ST_OK)
        goto out;
    st->events_updated += pg_get_i64(r, 0, 0);
    if ((rc = run_stmt(db, a, &update_bounds, &r)) != ST_OK ||
        (rc = run_stmt(db, a, &mark_pending, &r)) != ST_OK ||
        (rc = run_stmt(db, a, &emit_upserted, &r)) != ST_OK ||
        (rc = run_stmt(db, a, &mark_done, &r)) != ST_OK)
        goto out;
    if ((rc = pg_commit(db)) == ST_OK) {
        st->rows += *n;
        st->batches++;
    }
    return rc;
out:
    pg_rollback(db);
    return rc;
}
