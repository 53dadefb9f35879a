#include "config.h"
#include "core/common.h"
#include "app/ingest/ingest.h"
#include "app/ingest/ingest_store.h"
#include "app/ingest/ingest_utf8.h"
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

/* On the scanned path: parses and maps the rows left to write, and writes
 * each as its JSON record at once, so its json-c tree (the bulk of the
 * page's mallocs) is freed before the next is parsed rather than all at the
 * end of the page. false if one is not JSON (the caller then parses the
 * whole page, as a page). */
static bool parse_rows(struct arena *a, struct row *rows, size_t *n, struct tally *t)
{
    struct arena ev_arena; /* one event's tree and mapped strings */
    struct buf *recs = buf_new_arena(a, INGEST_JSON_MAX);
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
        r->obj = ingest_has_surrogate_escape(r->raw, r->raw_len) ? ev : NULL;
        ingest_write_record(&w, r);
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
    if ((st = ingest_drop_unchanged(db, a, rows, &n, &batch)) != ST_OK)
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
    st = ingest_upsert(db, a, rows, n, &batch);
    if (st == ST_OK) {
        *t = batch;
    } else if (!ingest_fatal(st)) {
        log_warn("ingest_page_retry", "rows=%zu status=%s reason=\"batch failed, row by row\"", n,
                 status_code(st));
        st = pg_exec_sql(db, "ROLLBACK TO SAVEPOINT ingest_page");
        if (st == ST_OK)
            st = ingest_upsert_each(db, a, rows, n, t);
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
        if (repaired && ingest_has_replacement(ev)) {
            log_warn("ingest_event_skipped", "index=%zu id=%s reason=\"invalid UTF-8\"", i,
                     log_quote(q, sizeof(q), rows[m].ev.id));
            t->skipped++;
            continue;
        }
        rows[m].obj = NULL;
        if (spans) {
            rows[m].raw = sc->events[i].text;
            rows[m].raw_len = sc->events[i].len;
            if (ingest_has_surrogate_escape(rows[m].raw, rows[m].raw_len))
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

enum status ingest_rows(struct arena *a, const char *text, struct json_object *root, bool repaired,
                        struct row **rows, size_t *n, struct tally *t)
{
    struct json_object *arr, *single;
    struct page_scan sc;
    enum status st = page_events(text, root, &arr, &single);

    *n = 0;
    if (st != ST_OK)
        return st;
    bool scanned = page_scan(a, text, strlen(text), &sc);
    size_t m = map_events(a, arr, single, repaired, scanned ? &sc : NULL, rows, t);
    *n = dedupe(*rows, m, t);
    return ST_OK;
}

enum status ingest_tree(struct pg *db, struct arena *a, const char *text, struct json_object *root,
                        bool repaired, struct ingest_stats *stats)
{
    struct tally t = { 0 };
    struct row *rows;
    bool unparsable = false;
    size_t m;
    enum status st;

    stats->pages++;
    if ((st = ingest_rows(a, text, root, repaired, &rows, &m, &t)) != ST_OK) {
        log_warn("ingest_page_invalid", "reason=\"not an event page (an API error body?)\"");
        stats->pages_failed++;
        return st;
    }
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
