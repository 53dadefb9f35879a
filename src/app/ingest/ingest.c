#include "config.h"
#include "core/common.h"
#include "app/ingest/ingest.h"
#include "app/ingest/page_scan.h"
#include "app/ingest/tm_event.h"
#include "core/arena.h"
#include "core/buf.h"
#include "core/jsonw.h"
#include "core/log.h"
#include "core/str.h"
#include "core/timeutil.h"
#include "infra/json.h"
#include "infra/pg.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#define PAGE_JSON_MAX    (256u << 20) /* the page parameter sent to Postgres */
#define PAGE_FILE_MAX    (256u << 20)
#define PROGRESS_EVERY   10
#define UTF8_REPLACEMENT "\xEF\xBF\xBD" /* U+FFFD */
/* Prefix of source_hash. Bump it when tm_event_map changes what it makes of
 * an event: every stored hash then differs and the next run rewrites every
 * row (Postgres still leaves those whose content_hash is the same alone). */
#define SOURCE_HASH_VERSION "1:"
#define SOURCE_HASH_LEN     (sizeof(SOURCE_HASH_VERSION) - 1 + 32)

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
static const struct pg_stmt upsert_stmt = {
    "ingest_upsert",
    "WITH old AS (SELECT e.id, e.content_hash FROM extracted_events e"
    " WHERE e.id = ANY(ARRAY(SELECT x.id FROM jsonb_to_recordset($1::jsonb) AS x(id text)))),"
    " up AS (INSERT INTO extracted_events (id, raw, name, url, description, status, start_at, "
    "end_at,"
    " local_date, local_time, timezone, sales_start_at, sales_end_at, genre, sub_genre,"
    " segment_id, genre_id, venue_id, venue_name, venue_address, venue_latitude,"
    " venue_longitude, venue_timezone, image_url, price_min, price_max, price_currency,"
    " content_hash, source_hash)"
    " SELECT r.id, r.raw, r.name, r.url, r.description, r.status,"
    " CASE WHEN r.date_tbd THEN NULL ELSE COALESCE(r.start_utc,"
    " marquee_local_to_utc(r.local_date, r.local_time, r.timezone)) END,"
    " r.end_utc, r.local_date, r.local_time, r.timezone, r.sales_start, r.sales_end, r.genre,"
    " r.sub_genre, r.segment_id, r.genre_id, r.venue_id, r.venue_name, r.venue_address,"
    " r.venue_latitude, r.venue_longitude, r.venue_timezone, r.image_url, r.price_min,"
    " r.price_max, r.price_currency, md5(r.raw::text), r.source_hash"
    " FROM jsonb_to_recordset($1::jsonb) AS r(id text, raw jsonb, name text, url text,"
    " description text, status text, start_utc timestamptz, local_date date, local_time time,"
    " timezone text, date_tbd boolean, end_utc timestamptz, sales_start timestamptz,"
    " sales_end timestamptz, genre text, sub_genre text, segment_id text, genre_id text,"
    " venue_id text, venue_name text, venue_address text, venue_latitude numeric,"
    " venue_longitude numeric, venue_timezone text, image_url text, price_min numeric,"
    " price_max numeric, price_currency text, source_hash text)"
    " ON CONFLICT (id) DO UPDATE SET raw = EXCLUDED.raw, name = EXCLUDED.name,"
    " url = EXCLUDED.url, description = EXCLUDED.description, status = EXCLUDED.status,"
    " start_at = EXCLUDED.start_at, end_at = EXCLUDED.end_at,"
    " local_date = EXCLUDED.local_date, local_time = EXCLUDED.local_time,"
    " timezone = EXCLUDED.timezone, sales_start_at = EXCLUDED.sales_start_at,"
    " sales_end_at = EXCLUDED.sales_end_at, genre = EXCLUDED.genre,"
    " sub_genre = EXCLUDED.sub_genre, segment_id = EXCLUDED.segment_id,"
    " genre_id = EXCLUDED.genre_id, venue_id = EXCLUDED.venue_id,"
    " venue_name = EXCLUDED.venue_name, venue_address = EXCLUDED.venue_address,"
    " venue_latitude = EXCLUDED.venue_latitude, venue_longitude = EXCLUDED.venue_longitude,"
    " venue_timezone = EXCLUDED.venue_timezone, image_url = EXCLUDED.image_url,"
    " price_min = EXCLUDED.price_min, price_max = EXCLUDED.price_max,"
    " price_currency = EXCLUDED.price_currency, content_hash = EXCLUDED.content_hash,"
    " source_hash = EXCLUDED.source_hash,"
    " sync_pending = extracted_events.sync_pending OR"
    " extracted_events.content_hash IS DISTINCT FROM EXCLUDED.content_hash,"
    " changed_at = CASE WHEN extracted_events.content_hash IS DISTINCT FROM"
    " EXCLUDED.content_hash THEN now() ELSE extracted_events.changed_at END"
    " WHERE extracted_events.content_hash IS DISTINCT FROM EXCLUDED.content_hash"
    " OR extracted_events.source_hash IS DISTINCT FROM EXCLUDED.source_hash"
    " RETURNING id, (xmax = 0) AS inserted, content_hash)"
    " SELECT up.inserted, old.content_hash IS DISTINCT FROM up.content_hash AS changed"
    " FROM up LEFT JOIN old ON old.id = up.id",
    1,
    0,
};

/* The stored source_hash of each id of the page ($1: a JSON array of ids). */
static const struct pg_stmt hashes_stmt = {
    "ingest_hashes",
    "SELECT e.id, e.source_hash FROM extracted_events e"
    " WHERE e.id = ANY(ARRAY(SELECT jsonb_array_elements_text($1::jsonb)))"
    " AND e.source_hash IS NOT NULL",
    1,
    0,
};

struct row {
    struct tm_event ev; /* only ev.id until parsed, and again once rec is set */
    const char *raw;    /* the event's bytes as received: hashed, and sent as raw */
    size_t raw_len;
    struct json_object *obj; /* if set, sent as raw instead (json-c's text) */
    const char *rec;         /* the row as a JSON record, when written ahead (parse_rows) */
    size_t rec_len;
    char hash[SOURCE_HASH_LEN + 1];
    size_t pos; /* position on the page: the last copy of an id wins */
};

/* What one page did; merged into the caller's stats only once committed. */
struct tally {
    int64_t events, inserted, updated, unchanged, skipped, rejected;
};

static bool fatal(enum status st)
{
    return st == ST_UNAVAILABLE || st == ST_UPSTREAM;
}

static void write_row(struct jsonw *w, const struct row *r)
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
 * one parameter. */
static enum status exec_json_array(struct pg *db, struct arena *a, const struct pg_stmt *stmt,
                                   struct jsonw *w, const struct buf *b, struct pg_result **res)
{
    jsonw_arr_close(w);
    if (b->failed)
        return ST_NOMEM;
    const char *params[] = { b->data };
    return pg_exec(db, a, stmt, params, res);
}

/* Upserts rows[0..n) in one statement and counts what it did. */
static enum status upsert(struct pg *db, struct arena *a, const struct row *rows, size_t n,
                          struct tally *t)
{
    struct buf *b = buf_new_arena(a, PAGE_JSON_MAX);
    struct jsonw w;
    struct pg_result *res;

    jsonw_init(&w, b);
    jsonw_arr_open(&w);
    for (size_t i = 0; i < n; i++) {
        if (rows[i].rec)
            jsonw_raw(&w, rows[i].rec, rows[i].rec_len);
        else
            write_row(&w, &rows[i]);
    }
    enum status st = exec_json_array(db, a, &upsert_stmt, &w, b, &res);
    if (st != ST_OK)
        return st;
    int nres = pg_nrows(res);
    int64_t written = 0;
    for (int i = 0; i < nres; i++) {
        const char *v = pg_get(res, i, 0), *changed = pg_get(res, i, 1);
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

/* After the page statement failed: one savepoint per row, so a row Postgres
 * refuses costs only itself. */
static enum status upsert_each(struct pg *db, struct arena *a, const struct row *rows, size_t n,
                               struct tally *t)
{
    enum status st;
    char q[96];

    for (size_t i = 0; i < n; i++) {
        if ((st = pg_exec_sql(db, "SAVEPOINT ingest_row")) != ST_OK)
            return st;
        st = upsert(db, a, &rows[i], 1, t);
        if (fatal(st))
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

static void hash_row(struct row *r)
{
    static const char hex[] = "0123456789abcdef";
    uint64_t h[2];
    size_t o = sizeof(SOURCE_HASH_VERSION) - 1;

    page_hash128(r->raw, r->raw_len, h);
    memcpy(r->hash, SOURCE_HASH_VERSION, o);
    for (int i = 0; i < 2; i++) {
        for (int shift = 60; shift >= 0; shift -= 4)
            r->hash[o++] = hex[(h[i] >> shift) & 15];
    }
    r->hash[o] = '\0';
}

static int row_id_cmp(const void *key, const void *elem)
{
    return strcmp(key, ((const struct row *)elem)->ev.id);
}

/* Drops (counted unchanged) the rows whose bytes hash as the stored row's:
 * one query for the page. rows are sorted by id and unique. */
static enum status drop_unchanged(struct pg *db, struct arena *a, struct row *rows, size_t *n,
                                  struct tally *t)
{
    struct buf *b = buf_new_arena(a, PAGE_JSON_MAX);
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
        const struct row *r = bsearch(pg_get(res, i, 0), rows, *n, sizeof(*rows), row_id_cmp);
        const char *stored = pg_get(res, i, 1);
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

/* true if text holds a \u escape of a UTF-16 surrogate. json-c turns a lone
 * one into U+FFFD where Postgres' jsonb refuses it, so such an event is sent
 * as json-c serialises it (as before page_scan), not as received; its
 * source_hash is still of the bytes received. */
static bool has_surrogate_escape(const char *text, size_t n)
{
    const char *p = text, *e = text + n;

    while ((p = memchr(p, '\\', (size_t)(e - p))) != NULL && e - p >= 4) {
        if (p[1] == '\\') {
            p += 2;
            continue;
        }
        if (p[1] == 'u' && (p[2] == 'd' || p[2] == 'D') && strchr("89abcdefABCDEF", p[3]) &&
            p[3] != '\0')
            return true;
        p += 2;
    }
    return false;
}

/* On the scanned path: parses and maps the rows left to write, and writes
 * each as its JSON record at once, so its json-c tree (the bulk of the
 * page's mallocs) is freed before the next is parsed rather than all at the
 * end of the page. false if one is not JSON (the caller then parses the
 * whole page, as a page). */
static bool parse_rows(struct arena *a, struct row *rows, size_t *n, struct tally *t)
{
    struct arena ev_arena; /* one event's tree and mapped strings */
    struct buf *recs = buf_new_arena(a, PAGE_JSON_MAX);
    size_t *off = arena_alloc(a, (*n ? *n : 1) * sizeof(*off));
    char err[128], q[96];
    size_t out = 0;
    bool ok = true;

    arena_init(&ev_arena, 64 << 10);
    for (size_t i = 0; i < *n && ok; i++, arena_reset(&ev_arena)) {
        struct row *r = &rows[i];
        const char *id = r->ev.id; /* page_scan's: arena memory */
        struct json_object *ev = json_parse(&ev_arena, r->raw, r->raw_len, err, sizeof(err));
        if (!ev) {
            ok = false;
            break;
        }
        if (tm_event_map(&ev_arena, ev, &r->ev, err, sizeof(err)) != ST_OK ||
            strcmp(r->ev.id, id) != 0) {
            /* page_scan saw a plain id, so this does not happen. */
            log_warn("ingest_event_skipped", "index=%zu id=%s reason=\"%s\"", r->pos,
                     log_quote(q, sizeof(q), id), "mapping disagrees with the scan");
            t->skipped++;
            continue;
        }
        struct jsonw w;
        off[out] = recs->len;
        jsonw_init(&w, recs);
        r->obj = has_surrogate_escape(r->raw, r->raw_len) ? ev : NULL;
        write_row(&w, r);
        r->obj = NULL;
        r->rec_len = recs->len - off[out];
        memset(&r->ev, 0, sizeof(r->ev));
        r->ev.id = id; /* the tree's strings go with ev_arena */
        rows[out++] = *r;
    }
    arena_release(&ev_arena);
    if (recs->failed)
        ok = false;
    for (size_t i = 0; i < out && ok; i++)
        rows[i].rec = recs->data + off[i];
    *n = out;
    return ok;
}

/* Writes the page in one transaction: drops the unchanged rows, then
 * upserts the rest (row by row if the batch fails). With parse set, the
 * rows left are parsed first; *unparsable is set (and nothing written) if
 * one is not JSON. */
static enum status write_page(struct pg *db, struct arena *a, struct row *rows, size_t n,
                              bool parse, bool *unparsable, struct tally *t)
{
    struct tally batch = *t;
    enum status st;

    for (size_t i = 0; i < n; i++)
        hash_row(&rows[i]);
    if ((st = pg_begin(db)) != ST_OK)
        return st;
    if ((st = drop_unchanged(db, a, rows, &n, &batch)) != ST_OK)
        goto out;
    if (parse && !parse_rows(a, rows, &n, &batch)) {
        *unparsable = true;
        st = ST_INVALID;
        goto out;
    }
    *t = batch;
    if (n == 0)
        goto commit;
    if ((st = pg_exec_sql(db, "SAVEPOINT ingest_page")) != ST_OK)
        goto out;
    st = upsert(db, a, rows, n, &batch);
    if (st == ST_OK) {
        *t = batch;
    } else if (!fatal(st)) {
        log_warn("ingest_page_retry", "rows=%zu status=%s reason=\"batch failed, row by row\"", n,
                 status_code(st));
        st = pg_exec_sql(db, "ROLLBACK TO SAVEPOINT ingest_page");
        if (st == ST_OK)
            st = upsert_each(db, a, rows, n, t);
    }
commit:
    if (st == ST_OK)
        st = pg_commit(db);
out:
    if (st != ST_OK)
        pg_rollback(db);
    return st;
}

static int row_cmp(const void *x, const void *y)
{
    const struct row *a = x, *b = y;
    int c = strcmp(a->ev.id, b->ev.id);
    if (c != 0)
        return c;
    return a->pos < b->pos ? -1 : a->pos > b->pos;
}

/* Sorts by id (a stable write order) and keeps the last copy of each id:
 * one statement cannot upsert the same row twice. Returns the new count. */
static size_t dedupe(struct row *rows, size_t n, struct tally *t)
{
    size_t out = 0;
    char q[96];

    qsort(rows, n, sizeof(*rows), row_cmp);
    for (size_t i = 0; i < n; i++) {
        if (i + 1 < n && strcmp(rows[i].ev.id, rows[i + 1].ev.id) == 0) {
            log_info("ingest_duplicate", "id=%s reason=\"later copy on the same page wins\"",
                     log_quote(q, sizeof(q), rows[i].ev.id));
            t->skipped++;
            continue;
        }
        rows[out++] = rows[i];
    }
    return out;
}

/* The events of a parsed page: *arr (an array) or *single (one event);
 * both NULL for an empty page. ST_INVALID for an API error body or a
 * scalar. text is the source, to tell an empty array from a scalar. */
static enum status page_events(const char *text, struct json_object *root, struct json_object **arr,
                               struct json_object **single)
{
    *arr = *single = NULL;
    text += strspn(text, " \t\r\n");
    if (*text == '[') {
        *arr = root;
        return ST_OK;
    }
    if (!json_is_object(root) || json_path(root, "errors") || json_path(root, "fault"))
        return ST_INVALID;
    /* A detail response is a bare event: it has an id (and _embedded.venues). */
    if (json_path_str(root, "id") && !json_path(root, "_embedded.events"))
        *single = root;
    else
        *arr = json_path(root, "_embedded.events");
    return ST_OK;
}

/* true for an event holding a byte that ingest_parse had to replace. */
static bool has_replacement(struct json_object *ev)
{
    size_t len;
    const char *t = json_text(ev, &len);
    return t && memmem(t, len, UTF8_REPLACEMENT, 3) != NULL;
}

/* Maps every event; the ones without an id, or damaged by invalid UTF-8
 * (when the page was repaired), are logged and skipped. Each row's raw is
 * the event's bytes in the page when sc found them all (the same bytes the
 * scanned path hashes), else json-c's serialisation of the event. */
static size_t map_events(struct arena *a, struct json_object *arr, struct json_object *single,
                         bool repaired, const struct page_scan *sc, struct row **out,
                         struct tally *t)
{
    size_t n = single ? 1 : json_arr_len(arr), m = 0;
    struct row *rows = arena_alloc(a, (n ? n : 1) * sizeof(*rows));
    bool spans = sc && !single && sc->n == n;
    char err[128], q[96];

    for (size_t i = 0; i < n; i++) {
        struct json_object *ev = single ? single : json_arr_get(arr, i);
        t->events++;
        if (tm_event_map(a, ev, &rows[m].ev, err, sizeof(err)) != ST_OK) {
            log_warn("ingest_event_skipped", "index=%zu reason=\"%s\"", i, err);
            t->skipped++;
            continue;
        }
        if (repaired && has_replacement(ev)) {
            log_warn("ingest_event_skipped", "index=%zu id=%s reason=\"invalid UTF-8\"", i,
                     log_quote(q, sizeof(q), rows[m].ev.id));
            t->skipped++;
            continue;
        }
        rows[m].obj = NULL;
        if (spans) {
            rows[m].raw = sc->events[i].text;
            rows[m].raw_len = sc->events[i].len;
            if (has_surrogate_escape(rows[m].raw, rows[m].raw_len))
                rows[m].obj = ev;
        } else {
            rows[m].raw = json_text(ev, &rows[m].raw_len);
        }
        rows[m].pos = i;
        rows[m].rec = NULL;
        m++;
    }
    *out = rows;
    return m;
}

/* A copy of text[0..n) with every byte that is not valid UTF-8 replaced by
 * U+FFFD; *bad counts them. */
static size_t count_bad_utf8(const char *text, size_t n)
{
    size_t bad = 0;

    for (size_t i = 0; i < n;) {
        size_t k = str_utf8_seq(text + i, n - i);
        bad += k == 0;
        i += k ? k : 1;
    }
    return bad;
}

static char *repair_utf8(struct arena *a, const char *text, size_t n, size_t *out_n, size_t *bad)
{
    *bad = count_bad_utf8(text, n);
    char *out = arena_alloc(a, n + 2 * *bad + 1);
    size_t o = 0;

    for (size_t i = 0; i < n;) {
        size_t k = str_utf8_seq(text + i, n - i);
        if (k == 0) {
            memcpy(out + o, UTF8_REPLACEMENT, 3);
            o += 3;
            i++;
            continue;
        }
        memcpy(out + o, text + i, k);
        o += k;
        i += k;
    }
    out[o] = '\0';
    *out_n = o;
    return out;
}

struct json_object *ingest_parse(struct arena *a, const char **text, size_t *n, bool *repaired,
                                 char *err, size_t errlen)
{
    struct json_object *root = json_parse(a, *text, *n, err, errlen);
    size_t bad;

    *repaired = false;
    if (root || str_is_utf8(*text, *n))
        return root;
    /* One bad byte must cost its event, not the page: repair, and let
     * map_events skip the events that held one. */
    *text = repair_utf8(a, *text, *n, n, &bad);
    root = json_parse(a, *text, *n, err, errlen);
    if (root) {
        *repaired = true;
        log_warn("ingest_page_repaired", "invalid_utf8_bytes=%zu", bad);
    }
    return root;
}

/* Adds a written page's tally to stats. */
static void merge(struct ingest_stats *stats, const struct tally *t)
{
    stats->events += t->events;
    stats->inserted += t->inserted;
    stats->updated += t->updated;
    stats->unchanged += t->unchanged;
    stats->skipped += t->skipped;
    stats->rejected += t->rejected;
}

enum status ingest_tree(struct pg *db, struct arena *a, const char *text, struct json_object *root,
                        bool repaired, struct ingest_stats *stats)
{
    struct json_object *arr, *single;
    struct page_scan sc;
    struct tally t = { 0 };
    struct row *rows;
    bool unparsable = false;
    enum status st;

    stats->pages++;
    if ((st = page_events(text, root, &arr, &single)) != ST_OK) {
        log_warn("ingest_page_invalid", "reason=\"not an event page (an API error body?)\"");
        stats->pages_failed++;
        return st;
    }
    bool scanned = page_scan(a, text, strlen(text), &sc);
    size_t m = map_events(a, arr, single, repaired, scanned ? &sc : NULL, &rows, &t);
    m = dedupe(rows, m, &t);
    if (m > 0 && (st = write_page(db, a, rows, m, false, &unparsable, &t)) != ST_OK) {
        stats->pages_failed++;
        return st;
    }
    merge(stats, &t);
    return ST_OK;
}

struct json_object *ingest_scan(struct arena *a, const char *text, size_t n, struct page_scan *sc)
{
    char err[128];
    size_t len;

    if (!page_scan(a, text, n, sc) || !sc->all_ids)
        return NULL;
    const char *skel = page_scan_skeleton(a, text, n, sc, &len);
    return json_parse(a, skel, len, err, sizeof(err));
}

/* The scanned path: rows from the spans, deduplicated by id and hashed; only
 * the new or changed events are parsed, mapped and written. */
static enum status scanned_tree(struct pg *db, struct arena *a, const char *text,
                                const struct page_scan *sc, struct json_object *skeleton,
                                bool *unparsable, struct ingest_stats *stats)
{
    struct json_object *arr, *single;
    struct tally t = { 0 };
    struct row *rows = arena_alloc(a, (sc->n ? sc->n : 1) * sizeof(*rows));
    enum status st;

    if (page_events(text, skeleton, &arr, &single) != ST_OK || single) {
        *unparsable = true; /* let ingest_tree say what the page is */
        return ST_INVALID;
    }
    for (size_t i = 0; i < sc->n; i++) {
        memset(&rows[i].ev, 0, sizeof(rows[i].ev));
        rows[i].ev.id = sc->events[i].id;
        rows[i].raw = sc->events[i].text;
        rows[i].raw_len = sc->events[i].len;
        rows[i].pos = i;
        rows[i].obj = NULL;
        rows[i].rec = NULL;
    }
    t.events = (int64_t)sc->n;
    size_t m = dedupe(rows, sc->n, &t);
    if (m > 0 && (st = write_page(db, a, rows, m, true, unparsable, &t)) != ST_OK) {
        if (*unparsable)
            return st;
        stats->pages++;
        stats->pages_failed++;
        return st;
    }
    stats->pages++;
    merge(stats, &t);
    return ST_OK;
}

enum status ingest_scanned(struct pg *db, struct arena *a, const char *text, size_t n,
                           const struct page_scan *sc, struct json_object *skeleton,
                           struct ingest_stats *stats)
{
    char err[128];
    bool repaired, unparsable = false;
    enum status st = scanned_tree(db, a, text, sc, skeleton, &unparsable, stats);

    if (!unparsable)
        return st;
    /* An event that is not JSON (or invalid UTF-8): the whole page decides. */
    struct json_object *root = ingest_parse(a, &text, &n, &repaired, err, sizeof(err));
    if (!root) {
        log_warn("ingest_page_invalid", "reason=\"%s\"", err);
        stats->pages++;
        stats->pages_failed++;
        return ST_INVALID;
    }
    return ingest_tree(db, a, text, root, repaired, stats);
}

enum status ingest_page(struct pg *db, struct arena *a, const char *text, size_t n,
                        struct ingest_stats *stats)
{
    char err[128];
    bool repaired;
    struct page_scan sc;
    struct json_object *root = ingest_scan(a, text, n, &sc);

    if (root)
        return ingest_scanned(db, a, text, n, &sc, root, stats);
    root = ingest_parse(a, &text, &n, &repaired, err, sizeof(err));
    if (!root) {
        log_warn("ingest_page_invalid", "reason=\"%s\"", err);
        stats->pages++;
        stats->pages_failed++;
        return ST_INVALID;
    }
    return ingest_tree(db, a, text, root, repaired, stats);
}

char *ingest_read_file(struct arena *a, const char *path, size_t max, size_t *len)
{
    struct stat sb;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    char *data = NULL;
    size_t n = 0;

    if (fd < 0)
        return NULL;
    if (fstat(fd, &sb) != 0)
        goto out;
    if (!S_ISREG(sb.st_mode) || (uint64_t)sb.st_size > max) {
        errno = S_ISREG(sb.st_mode) ? EFBIG : EINVAL;
        goto out;
    }
    data = arena_alloc(a, (size_t)sb.st_size + 1);
    while (n < (size_t)sb.st_size) {
        ssize_t r = read(fd, data + n, (size_t)sb.st_size - n);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            break;
        n += (size_t)r;
    }
    data[n] = '\0';
    *len = n;
out:
    close(fd);
    return data;
}

/* scandir filter: *.json pages, not the classifications dumps nor dotfiles. */
static int is_page_file(const struct dirent *d)
{
    size_t n = strlen(d->d_name);
    return d->d_name[0] != '.' && n > 5 && strcmp(d->d_name + n - 5, ".json") == 0 &&
           strncmp(d->d_name, "classifications", 15) != 0;
}

/* Byte order, whatever the locale. */
static int by_name(const struct dirent **x, const struct dirent **y)
{
    return strcmp((*x)->d_name, (*y)->d_name);
}

static enum status ingest_file(struct pg *db, struct arena *a, const char *dir, const char *name,
                               struct ingest_stats *stats)
{
    char q[256];
    size_t len;
    const char *path = arena_printf(a, "%s/%s", dir, name);
    const char *text = ingest_read_file(a, path, PAGE_FILE_MAX, &len);
    enum status st;

    if (!text) {
        log_error("ingest_read_failed", "file=%s error=\"%s\"", log_quote(q, sizeof(q), path),
                  strerror(errno));
        stats->pages++;
        stats->pages_failed++;
        return ST_INVALID;
    }
    st = ingest_page(db, a, text, len, stats);
    if (st != ST_OK)
        log_warn("ingest_page_failed", "file=%s status=%s", log_quote(q, sizeof(q), path),
                 status_code(st));
    return st;
}

static void progress(int done, int total, const struct ingest_stats *s, int64_t t0)
{
    double secs = (double)(time_mono_us() - t0) / 1e6;
    double rate = secs > 0 ? (double)s->events / secs : 0;
    double eta = done > 0 ? secs / done * (total - done) : 0;
    fprintf(stderr, "ingest: %d/%d pages, %lld events, %.0f events/s, eta %.0fs\n", done, total,
            (long long)s->events, rate, eta);
}

enum status ingest_dir(struct pg *db, const char *dir, struct ingest_stats *stats)
{
    struct dirent **names;
    struct arena a;
    enum status result = ST_OK;
    char q[256];
    int n = scandir(dir, &names, is_page_file, by_name);

    if (n < 0) {
        log_error("ingest_dir_failed", "dir=%s error=\"%s\"", log_quote(q, sizeof(q), dir),
                  strerror(errno));
        return ST_NOT_FOUND;
    }
    bool tty = isatty(STDERR_FILENO);
    int64_t t0 = time_mono_us();
    arena_init(&a, 1 << 20);
    for (int i = 0; i < n && !fatal(result); i++) {
        enum status st = ingest_file(db, &a, dir, names[i]->d_name, stats);
        arena_reset(&a); /* batch lifetime: one page */
        if (st != ST_OK && (result == ST_OK || fatal(st)))
            result = st;
        if (tty && ((i + 1) % PROGRESS_EVERY == 0 || i + 1 == n))
            progress(i + 1, n, stats, t0);
    }
    for (int i = 0; i < n; i++)
        free(names[i]);
    free(names);
    arena_release(&a);
    return result;
}
