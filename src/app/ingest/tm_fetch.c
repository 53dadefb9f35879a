#include "config.h"
#include "core/common.h"
#include "app/ingest/tm_fetch.h"
#include "app/ingest/page_scan.h"
#include "app/ingest/tm_client.h"
#include "app/ingest/tm_window.h"
#include "app/job.h"
#include "core/arena.h"
#include "core/buf.h"
#include "core/log.h"
#include "core/timeutil.h"
#include "infra/json.h"

#include <unistd.h>

#define EVENTS_PATH     "/discovery/v2/events.json"
#define GENRES_PATH     "/discovery/v2/classifications.json"
#define PAGE_TRIES      3 /* for a 2xx body that is not JSON (cut short) */
#define MAX_WINDOWS     256
#define PROGRESS_MIN_US 1000000

/* One fetched, parsed page: with scanned set, root is the page without its
 * events (ingest_scan) and sc holds them. */
struct page {
    const char *text;
    size_t len;
    struct json_object *root;
    bool repaired, scanned;
    struct page_scan sc;
};

struct walk {
    struct pg *db;
    struct tm_client *c;
    const struct tm_events_query *q;
    struct ingest_stats *st;
    struct tm_fetch_stats *fs;
    struct arena a; /* one page */
    bool tty;
    int64_t t0, last_progress, covered; /* covered: seconds of the range done */
};

static bool is_segment_id(const char *s)
{
    return strncmp(s, "KZFzniwnSyZfZ7v7n", 17) == 0;
}

/* segmentId / segmentName: the ids or names among q->segments, comma-joined. */
static void add_segments(struct buf *b, const struct tm_events_query *q, bool ids)
{
    struct buf list;

    buf_init(&list, 0);
    for (size_t i = 0; i < q->nsegments; i++) {
        if (is_segment_id(q->segments[i]) == ids)
            buf_printf(&list, "%s%s", list.len ? "," : "", q->segments[i]);
    }
    if (list.len)
        tm_query_add(b, ids ? "segmentId" : "segmentName", list.data);
    buf_release(&list);
}

const char *tm_events_query_string(struct arena *a, const struct tm_events_query *q, int64_t from,
                                   int64_t to, int64_t page)
{
    struct buf *b = buf_new_arena(a, 0);
    char iso[TIME_ISO_LEN], num[24];

    if (q->country)
        tm_query_add(b, "countryCode", q->country);
    if (q->city)
        tm_query_add(b, "city", q->city);
    add_segments(b, q, true);
    add_segments(b, q, false);
    snprintf(num, sizeof(num), "%d", TM_PAGE_SIZE);
    tm_query_add(b, "size", num);
    snprintf(num, sizeof(num), "%lld", (long long)page);
    tm_query_add(b, "page", num);
    tm_query_add(b, "sort", "date,asc");
    time_format_iso(from, iso);
    tm_query_add(b, "startDateTime", iso);
    time_format_iso(to, iso);
    tm_query_add(b, "endDateTime", iso);
    return b->data;
}

/* GETs and parses one page; a body that is not JSON is asked for again. */
static enum status fetch(struct tm_client *c, struct arena *a, const char *path, const char *query,
                         struct page *p, struct tm_fetch_stats *fs)
{
    char err[128];
    struct buf *body;

    for (int i = 1; i <= PAGE_TRIES; i++) {
        enum status st = tm_get(c, a, path, query, &body);
        if (st != ST_OK)
            return st;
        p->text = body->data;
        p->len = body->len;
        p->repaired = false;
        p->root = ingest_scan(a, p->text, p->len, &p->sc);
        p->scanned = p->root != NULL;
        if (!p->root)
            p->root = ingest_parse(a, &p->text, &p->len, &p->repaired, err, sizeof(err));
        if (p->root)
            return ST_OK;
        log_warn("tm_page_unreadable", "path=%s try=%d reason=\"%s\"", path, i, err);
    }
    fs->unreadable++;
    return ST_UPSTREAM;
}

static bool fatal(enum status st)
{
    return st == ST_UNAUTH || st == ST_RATE_LIMITED || st == ST_UNAVAILABLE;
}

static void progress(struct walk *w, bool last)
{
    int64_t now = time_mono_us();
    if (!w->tty || (!last && now - w->last_progress < PROGRESS_MIN_US))
        return;
    w->last_progress = now;
    double secs = (double)(now - w->t0) / 1e6;
    double span = (double)(w->q->to - w->q->from + 1);
    double frac = span > 0 ? (double)w->covered / span : 1;
    double eta = frac > 0 ? secs * (1 - frac) / frac : 0;
    fprintf(stderr,
            "ingest: %lld pages, %lld events, %.0f events/s, %.0f%% of the range, eta %.0fs\n",
            (long long)w->st->pages, (long long)w->st->events,
            secs > 0 ? (double)w->st->events / secs : 0, frac * 100, eta);
}

int64_t tm_page_count(struct json_object *root, const char *path)
{
    double t;
    if (!json_path_num(root, path, &t) || !(t > 0))
        return 0;
    /* Compared before the conversion, which is undefined out of range. */
    return t < TM_MAX_COUNT ? (int64_t)t : TM_MAX_COUNT;
}

/* Ingests page `page` of win; *total gets page.totalElements. */
static enum status do_page(struct walk *w, const struct tm_window *win, int64_t page,
                           int64_t *total, bool split_if_big)
{
    struct page p;

    if (!tm_page_allowed(page, TM_PAGE_SIZE))
        return ST_INTERNAL; /* never sent: the API would answer DIS1035 */
    const char *query = tm_events_query_string(&w->a, w->q, win->from, win->to, page);
    enum status st = fetch(w->c, &w->a, EVENTS_PATH, query, &p, w->fs);
    if (st != ST_OK) {
        w->st->pages++;
        w->st->pages_failed++;
        return st;
    }
    *total = tm_page_count(p.root, "page.totalElements");
    if (split_if_big && tm_window_too_big(*total))
        return ST_OK; /* the caller splits; this page is not needed */
    if (p.scanned)
        st = ingest_scanned(w->db, &w->a, p.text, p.len, &p.sc, p.root, w->st);
    else
        st = ingest_tree(w->db, &w->a, p.text, p.root, p.repaired, w->st);
    progress(w, false);
    return st;
}

/* Pages through win, or returns *split when it holds too many events. */
static enum status walk_window(struct walk *w, const struct tm_window *win, bool allow_split,
                               bool *split)
{
    int64_t total = 0, ignored;
    bool can_split = allow_split && win->to > win->from;
    char from[TIME_ISO_LEN], to[TIME_ISO_LEN];
    enum status st = do_page(w, win, 0, &total, can_split);

    arena_reset(&w->a);
    *split = st == ST_OK && can_split && tm_window_too_big(total);
    if (st != ST_OK || *split)
        return st;
    w->fs->windows++;
    if (tm_window_too_big(total)) {
        time_format_iso(win->from, from);
        log_warn("tm_window_truncated",
                 "from=%s total=%lld fetched=%d reason=\"over 1000 events"
                 " in one second\"",
                 from, (long long)total, TM_MAX_DEPTH);
    }
    int64_t pages = tm_pages_for(total, TM_PAGE_SIZE);
    for (int64_t p = 1; p < pages && st == ST_OK; p++) {
        st = do_page(w, win, p, &ignored, false);
        arena_reset(&w->a);
    }
    if (st != ST_OK && !fatal(st)) {
        time_format_iso(win->from, from);
        time_format_iso(win->to, to);
        log_error("tm_window_incomplete", "from=%s to=%s status=%s", from, to, status_code(st));
    }
    return st;
}

/* Depth-first over the windows, earliest first, so progress is in date
 * order and the stack stays as deep as the number of splits. */
static enum status walk(struct walk *w)
{
    struct tm_window stack[MAX_WINDOWS], lo, hi;
    size_t n = 0;
    enum status result = ST_OK;
    char from[TIME_ISO_LEN], to[TIME_ISO_LEN];

    stack[n++] = (struct tm_window){ w->q->from, w->q->to };
    while (n > 0) {
        struct tm_window win = stack[--n];
        bool split;
        enum status st = walk_window(w, &win, n + 2 <= MAX_WINDOWS, &split);
        if (split && tm_window_split(&win, &lo, &hi)) {
            time_format_iso(win.from, from);
            time_format_iso(win.to, to);
            log_debug("tm_window_split", "from=%s to=%s", from, to);
            w->fs->splits++;
            stack[n++] = hi;
            stack[n++] = lo;
            continue;
        }
        w->covered = win.to - w->q->from + 1;
        if (st != ST_OK && result == ST_OK)
            result = st;
        if (fatal(st))
            break;
    }
    progress(w, true);
    return result;
}

enum status tm_ingest_events(struct pg *db, struct tm_client *c, const struct tm_events_query *q,
                             struct ingest_stats *st, struct tm_fetch_stats *fs)
{
    struct walk w = { .db = db, .c = c, .q = q, .st = st, .fs = fs };
    enum status result;

    w.tty = isatty(STDERR_FILENO);
    w.t0 = time_mono_us();
    arena_init(&w.a, 1 << 20);
    result = walk(&w);
    arena_release(&w.a);
    return result;
}

/* Imports classifications page `page`; *pages gets page.totalPages. */
static enum status genres_page(struct pg *db, struct tm_client *c, struct arena *a, int64_t page,
                               int64_t *pages, struct genres_stats *st)
{
    struct tm_fetch_stats fs = { 0 };
    struct buf *q = buf_new_arena(a, 0);
    char num[24];
    struct page p;

    snprintf(num, sizeof(num), "%d", TM_PAGE_SIZE);
    tm_query_add(q, "size", num);
    snprintf(num, sizeof(num), "%lld", (long long)page);
    tm_query_add(q, "page", num);
    enum status s = fetch(c, a, GENRES_PATH, q->data, &p, &fs);
    if (s != ST_OK) {
        st->pages++;
        st->pages_failed++;
        return s;
    }
    *pages = tm_page_count(p.root, "page.totalPages");
    return genres_import_page(db, a, p.text, p.len, st);
}

enum status tm_import_genres(struct pg *db, struct tm_client *c, struct genres_stats *st)
{
    struct arena a;
    int64_t pages = 1;
    enum status s = ST_OK;

    arena_init(&a, 1 << 20);
    for (int64_t p = 0; p < pages && s == ST_OK && tm_page_allowed(p, TM_PAGE_SIZE); p++) {
        s = genres_page(db, c, &a, p, &pages, st);
        arena_reset(&a);
    }
    arena_release(&a);
    return s;
}

int tm_exit_status(const char *prog, enum status st, const struct tm_client *c, struct arena *a)
{
    if (st == ST_UNAUTH) {
        fprintf(stderr, "%s: invalid API key: Ticketmaster refused TICKETMASTER_API_KEY\n", prog);
        return JOB_FAILED;
    }
    if (st == ST_RATE_LIMITED) {
        fprintf(stderr,
                "%s: Ticketmaster quota exhausted; it resets at %s; the pages fetched so far"
                " are saved, run again after the reset\n",
                prog, tm_reset_text(a, c->reset_ms));
        return TM_EXIT_QUOTA;
    }
    return st == ST_OK ? JOB_OK : JOB_FAILED;
}
