#include "config.h"
#include "core/common.h"
#include "app/ingest/ingest_store.h"
#include "core/arena.h"
#include "core/buf.h"
#include "core/jsonw.h"
#include "core/log.h"
#include "infra/json.h"
#include "infra/pg.h"

/*
 * One statement per page, for the events whose source_hash differs from the
 * stored one. The typed record columns are validated by tm_event_map, so the
 * casts cannot fail on upstream data. The WHERE on the update leaves
 * identical rows untouched (no new tuple, sync_pending and changed_at kept),
 * so they do not come back from RETURNING. A row whose bytes changed but not
 * its content (md5 of the jsonb, which ignores key order and spacing) only
 * gets its new source_hash; "changed" (against the snapshot in old) tells
 * the two apart.
 */
/* $1: a JSON array of records (ingest_write_record). */
enum upsert_param { UPSERT_ROWS, UPSERT_NPARAMS };
enum upsert_col { UPSERT_INSERTED, UPSERT_CHANGED };
/* clang-format off */
static const struct pg_stmt upsert_stmt = {
    "ingest_upsert",
    "WITH old AS ("
    "  SELECT e.id, e.content_hash FROM extracted_events e"
    "  WHERE e.id = ANY(ARRAY(SELECT x.id FROM jsonb_to_recordset($1::jsonb) AS x(id text)))"
    "), up AS ("
    "  INSERT INTO extracted_events (id, raw, name, url, description, status, start_at, end_at,"
    "    local_date, local_time, timezone, sales_start_at, sales_end_at, genre, sub_genre,"
    "    segment_id, genre_id, venue_id, venue_name, venue_address, venue_latitude,"
    "    venue_longitude, venue_timezone, image_url, price_min, price_max, price_currency,"
    "    content_hash, source_hash)"
    "  SELECT r.id, r.raw, r.name, r.url, r.description, r.status,"
    "    CASE WHEN r.date_tbd THEN NULL"
    "      ELSE COALESCE(r.start_utc, marquee_local_to_utc(r.local_date, r.local_time, r.timezone))"
    "    END,"
    "    r.end_utc, r.local_date, r.local_time, r.timezone, r.sales_start, r.sales_end, r.genre,"
    "    r.sub_genre, r.segment_id, r.genre_id, r.venue_id, r.venue_name, r.venue_address,"
    "    r.venue_latitude, r.venue_longitude, r.venue_timezone, r.image_url, r.price_min,"
    "    r.price_max, r.price_currency, md5(r.raw::text), r.source_hash"
    "  FROM jsonb_to_recordset($1::jsonb) AS r(id text, raw jsonb, name text, url text,"
    "    description text, status text, start_utc timestamptz, local_date date, local_time time,"
    "    timezone text, date_tbd boolean, end_utc timestamptz, sales_start timestamptz,"
    "    sales_end timestamptz, genre text, sub_genre text, segment_id text, genre_id text,"
    "    venue_id text, venue_name text, venue_address text, venue_latitude numeric,"
    "    venue_longitude numeric, venue_timezone text, image_url text, price_min numeric,"
    "    price_max numeric, price_currency text, source_hash text)"
    "  ON CONFLICT (id) DO UPDATE SET"
    "    raw = EXCLUDED.raw, name = EXCLUDED.name, url = EXCLUDED.url,"
    "    description = EXCLUDED.description, status = EXCLUDED.status,"
    "    start_at = EXCLUDED.start_at, end_at = EXCLUDED.end_at,"
    "    local_date = EXCLUDED.local_date, local_time = EXCLUDED.local_time,"
    "    timezone = EXCLUDED.timezone, sales_start_at = EXCLUDED.sales_start_at,"
    "    sales_end_at = EXCLUDED.sales_end_at, genre = EXCLUDED.genre,"
    "    sub_genre = EXCLUDED.sub_genre, segment_id = EXCLUDED.segment_id,"
    "    genre_id = EXCLUDED.genre_id, venue_id = EXCLUDED.venue_id,"
    "    venue_name = EXCLUDED.venue_name, venue_address = EXCLUDED.venue_address,"
    "    venue_latitude = EXCLUDED.venue_latitude, venue_longitude = EXCLUDED.venue_longitude,"
    "    venue_timezone = EXCLUDED.venue_timezone, image_url = EXCLUDED.image_url,"
    "    price_min = EXCLUDED.price_min, price_max = EXCLUDED.price_max,"
    "    price_currency = EXCLUDED.price_currency, content_hash = EXCLUDED.content_hash,"
    "    source_hash = EXCLUDED.source_hash,"
    "    sync_pending = extracted_events.sync_pending"
    "      OR extracted_events.content_hash IS DISTINCT FROM EXCLUDED.content_hash,"
    "    changed_at = CASE"
    "      WHEN extracted_events.content_hash IS DISTINCT FROM EXCLUDED.content_hash THEN now()"
    "      ELSE extracted_events.changed_at END"
    "  WHERE extracted_events.content_hash IS DISTINCT FROM EXCLUDED.content_hash"
    "    OR extracted_events.source_hash IS DISTINCT FROM EXCLUDED.source_hash"
    "  RETURNING id, (xmax = 0) AS inserted, content_hash"
    ")"
    " SELECT up.inserted, old.content_hash IS DISTINCT FROM up.content_hash AS changed"
    " FROM up LEFT JOIN old ON old.id = up.id",
    UPSERT_NPARAMS,
    0,
};
/* clang-format on */

/* The stored source_hash of each id of the page. */
/* $1: a JSON array of ids. */
enum hashes_param { HASHES_IDS, HASHES_NPARAMS };
enum hashes_col { HASHES_ID, HASHES_SOURCE_HASH };
/* clang-format off */
static const struct pg_stmt hashes_stmt = {
    "ingest_hashes",
    "SELECT e.id, e.source_hash FROM extracted_events e"
    " WHERE e.id = ANY(ARRAY(SELECT jsonb_array_elements_text($1::jsonb)))"
    "   AND e.source_hash IS NOT NULL",
    HASHES_NPARAMS,
    0,
};
/* clang-format on */

bool ingest_fatal(enum status st)
{
    return st == ST_UNAVAILABLE || st == ST_UPSTREAM;
}

void ingest_write_record(struct jsonw *w, const struct row *r)
{
    const struct tm_event *e = &r->ev;

    jsonw_obj_open(w);
    jsonw_kstr(w, "id", e->id);
    jsonw_key(w, "raw");
    if (r->obj) {
        size_t len;
        const char *text = json_text(r->obj, &len);
        jsonw_raw(w, text, len);
    } else {
        jsonw_raw(w, r->raw, r->raw_len);
    }
    jsonw_kstr(w, "source_hash", r->hash);
    jsonw_kstr(w, "name", e->name);
    jsonw_kstr(w, "url", e->url);
    jsonw_kstr(w, "description", e->description);
    jsonw_kstr(w, "status", e->status);
    jsonw_kstr(w, "start_utc", e->start_utc);
    jsonw_kstr(w, "local_date", e->local_date);
    jsonw_kstr(w, "local_time", e->local_time);
    jsonw_kstr(w, "timezone", e->timezone);
    jsonw_key(w, "date_tbd");
    jsonw_bool(w, e->date_tbd);
    jsonw_kstr(w, "end_utc", e->end_utc);
    jsonw_kstr(w, "sales_start", e->sales_start);
    jsonw_kstr(w, "sales_end", e->sales_end);
    jsonw_kstr(w, "genre", e->genre);
    jsonw_kstr(w, "sub_genre", e->sub_genre);
    jsonw_kstr(w, "segment_id", e->segment_id);
    jsonw_kstr(w, "genre_id", e->genre_id);
    jsonw_kstr(w, "venue_id", e->venue_id);
    jsonw_kstr(w, "venue_name", e->venue_name);
    jsonw_kstr(w, "venue_address", e->venue_address);
    jsonw_kstr(w, "venue_latitude", e->venue_latitude);
    jsonw_kstr(w, "venue_longitude", e->venue_longitude);
    jsonw_kstr(w, "venue_timezone", e->venue_timezone);
    jsonw_kstr(w, "image_url", e->image_url);
    jsonw_kstr(w, "price_min", e->price_min);
    jsonw_kstr(w, "price_max", e->price_max);
    jsonw_kstr(w, "price_currency", e->price_currency);
    jsonw_obj_close(w);
}

/* Closes the JSON array being written in b and runs stmt with it as its
 * one parameter ($1: UPSERT_ROWS, HASHES_IDS). */
static enum status exec_json_array(struct pg *db, struct arena *a, const struct pg_stmt *stmt,
                                   struct jsonw *w, const struct buf *b, struct pg_result **res)
{
    jsonw_arr_close(w);
    if (b->failed)
        return ST_NOMEM;
    const char *params[] = { b->data };
    return pg_exec(db, a, stmt, params, res);
}

enum status ingest_upsert(struct pg *db, struct arena *a, const struct row *rows, size_t n,
                          struct tally *t)
{
    struct buf *b = buf_new_arena(a, INGEST_JSON_MAX);
    struct jsonw w;
    struct pg_result *res;

    jsonw_init(&w, b);
    jsonw_arr_open(&w);
    for (size_t i = 0; i < n; i++) {
        if (rows[i].rec)
            jsonw_raw(&w, rows[i].rec, rows[i].rec_len);
        else
            ingest_write_record(&w, &rows[i]);
    }
    enum status st = exec_json_array(db, a, &upsert_stmt, &w, b, &res);
    if (st != ST_OK)
        return st;
    int nres = pg_nrows(res);
    int64_t written = 0;
    for (int i = 0; i < nres; i++) {
        const char *v = pg_get(res, i, UPSERT_INSERTED), *changed = pg_get(res, i, UPSERT_CHANGED);
        if (v && *v == 't')
            t->inserted++;
        else if (changed && *changed == 't')
            t->updated++;
        else
            continue; /* only its source_hash was new */
        written++;
    }
    t->unchanged += (int64_t)n - written;
    return ST_OK;
}

enum status ingest_upsert_each(struct pg *db, struct arena *a, const struct row *rows, size_t n,
                               struct tally *t)
{
    enum status st;
    char q[96];

    for (size_t i = 0; i < n; i++) {
        if ((st = pg_exec_sql(db, "SAVEPOINT ingest_row")) != ST_OK)
            return st;
        st = ingest_upsert(db, a, &rows[i], 1, t);
        if (ingest_fatal(st))
            return st;
        if (st == ST_OK) {
            st = pg_exec_sql(db, "RELEASE SAVEPOINT ingest_row");
        } else {
            log_warn("ingest_row_rejected", "id=%s status=%s",
                     log_quote(q, sizeof(q), rows[i].ev.id), status_code(st));
            t->skipped++;
            t->rejected++;
            st = pg_exec_sql(db, "ROLLBACK TO SAVEPOINT ingest_row");
        }
        if (st != ST_OK)
            return st;
    }
    return ST_OK;
}

static int row_id_cmp(const void *key, const void *elem)
{
    return strcmp(key, ((const struct row *)elem)->ev.id);
}

enum status ingest_drop_unchanged(struct pg *db, struct arena *a, struct row *rows, size_t *n,
                                  struct tally *t)
{
    struct buf *b = buf_new_arena(a, INGEST_JSON_MAX);
    struct pg_result *res;
    struct jsonw w;
    size_t out = 0;
    bool *same = arena_alloc(a, *n * sizeof(*same));

    jsonw_init(&w, b);
    jsonw_arr_open(&w);
    for (size_t i = 0; i < *n; i++) {
        jsonw_str(&w, rows[i].ev.id);
        same[i] = false;
    }
    enum status st = exec_json_array(db, a, &hashes_stmt, &w, b, &res);
    if (st != ST_OK)
        return st;
    for (int i = 0; i < pg_nrows(res); i++) {
        const struct row *r =
            bsearch(pg_get(res, i, HASHES_ID), rows, *n, sizeof(*rows), row_id_cmp);
        const char *stored = pg_get(res, i, HASHES_SOURCE_HASH);
        if (r && stored && strcmp(stored, r->hash) == 0)
            same[r - rows] = true;
    }
    for (size_t i = 0; i < *n; i++) {
        if (same[i])
            t->unchanged++;
        else
            rows[out++] = rows[i];
    }
    *n = out;
    return ST_OK;
}
