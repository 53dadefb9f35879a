/*
 * datagen.c - writes sample Ticketmaster Discovery pages (see datagen.h):
 * options, the two passes over the events, and the files.
 *
 * Two passes over the events: the first only draws each event's session
 * count so every page can carry the final totalElements/totalPages; the
 * second generates and streams. Each event has its own random stream seeded
 * from (seed, event index), so both passes agree and memory stays flat: one
 * page buffer, the venue pool, and 16 bytes per event for the set that keeps
 * (name, venue) pairs distinct.
 */
#include "config.h"
#include "core/common.h"
#include "tools/datagen/datagen.h"
#include "tools/datagen/datagen_internal.h"
#include "tools/datagen/jsonw_util.h"
#include "core/buf.h"
#include "core/jsonw.h"
#include "core/log.h"
#include "core/timeutil.h"

#include <errno.h>
#include <sys/stat.h>
#include <unistd.h>

/* ---- files and pages ---- */

int datagen_write_file(const char *path, const struct buf *b)
{
    char tmp[4096], q[512];
    FILE *f;
    size_t n;

    snprintf(tmp, sizeof(tmp), "%s.tmp", path);
    f = fopen(tmp, "wb");
    if (!f) {
        log_error("datagen_write", "path=%s error=\"%s\"", log_quote(q, sizeof(q), tmp),
                  strerror(errno));
        return -1;
    }
    n = fwrite(b->data, 1, b->len, f);
    if (fclose(f) != 0 || n != b->len || rename(tmp, path) != 0) {
        log_error("datagen_write", "path=%s error=\"%s\"", log_quote(q, sizeof(q), path),
                  strerror(errno));
        unlink(tmp);
        return -1;
    }
    return 0;
}

static int make_dirs(const char *dir)
{
    char p[4096], q[512];
    struct stat st;
    size_t n = (size_t)snprintf(p, sizeof(p), "%s", dir);

    for (size_t i = 1; i <= n && i < sizeof(p); i++) {
        if (p[i] != '/' && p[i] != '\0')
            continue;
        char c = p[i];
        p[i] = '\0';
        if (mkdir(p, 0755) != 0 && errno != EEXIST) {
            log_error("datagen_mkdir", "path=%s error=\"%s\"", log_quote(q, sizeof(q), p),
                      strerror(errno));
            return -1;
        }
        p[i] = c;
    }
    if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
        log_error("datagen_mkdir", "path=%s error=\"not a directory\"",
                  log_quote(q, sizeof(q), dir));
        return -1;
    }
    return 0;
}

static void page_path(const struct gen *g, int64_t n, char *out, size_t len)
{
    snprintf(out, len, "%s/events-%05lld.json", g->o->out_dir, (long long)n);
}

static void page_open(struct gen *g)
{
    buf_reset(&g->page);
    jsonw_init(&g->w, &g->page);
    jsonw_obj_open(&g->w);
    if (g->total == 0)
        return;
    kobj(&g->w, "_embedded");
    karr(&g->w, "events");
}

static int page_close(struct gen *g)
{
    static const char q[] = "/discovery/v2/events.json?page=%lld&size=%d&sort=date,asc";
    struct jsonw *w = &g->w;
    long long n = (long long)g->page_no, last = (long long)(g->pages ? g->pages - 1 : 0);
    char path[4096];

    if (g->total > 0) {
        jsonw_arr_close(w);
        jsonw_obj_close(w);
    }
    kobj(w, "_links");
    if (g->pages > 1)
        href(w, "first", q, 0LL, g->page_size);
    if (n > 0)
        href(w, "prev", q, n - 1, g->page_size);
    href(w, "self", q, n, g->page_size);
    if (n < last)
        href(w, "next", q, n + 1, g->page_size);
    if (g->pages > 1)
        href(w, "last", q, last, g->page_size);
    jsonw_obj_close(w);
    kobj(w, "page");
    jsonw_kint(w, "size", g->page_size);
    jsonw_kint(w, "totalElements", g->total);
    jsonw_kint(w, "totalPages", g->pages);
    jsonw_kint(w, "number", n);
    jsonw_obj_close(w);
    jsonw_obj_close(w);
    if (g->page.failed) {
        log_error("datagen_page", "msg=\"page too large\" page=%lld", n);
        return -1;
    }
    page_path(g, g->page_no, path, sizeof(path));
    g->page_no++;
    g->in_page = 0;
    return datagen_write_file(path, &g->page);
}

static int write_events(struct gen *g)
{
    struct event *e = malloc(sizeof(*e));
    struct datagen_rng r;
    struct session s;

    if (!e)
        return -1;
    for (int64_t i = 0; i < g->o->events; i++) {
        datagen_build_event(g, i, e, &r);
        datagen_render_fragments(g, e);
        for (int j = 0; j < e->nsessions; j++) {
            datagen_build_session(g, e, j, &r, &s);
            if (g->in_page == 0)
                page_open(g);
            datagen_write_event(g, e, &s, &r);
            if (++g->in_page == g->page_size && page_close(g) != 0)
                goto fail;
        }
    }
    free(e);
    if (g->in_page > 0 || g->total == 0) {
        if (g->total == 0)
            page_open(g);
        return page_close(g);
    }
    return 0;
fail:
    free(e);
    return -1;
}

/* ---- driver ---- */

void datagen_opts_init(struct datagen_opts *o)
{
    memset(o, 0, sizeof(*o));
    o->seed = 1;
    o->start = time_now() / DATAGEN_DAY * DATAGEN_DAY;
    o->days = DATAGEN_DEFAULT_DAYS;
    o->page_size = DATAGEN_DEFAULT_PAGE_SIZE;
}

static int validate(const struct datagen_opts *o)
{
    const char *bad = NULL;
    if (!o->out_dir || !*o->out_dir)
        bad = "out_dir is required";
    else if (o->events < 0 || o->events > DATAGEN_MAX_EVENTS)
        bad = "events out of range";
    else if (o->days < 0 || o->days > DATAGEN_MAX_DAYS)
        bad = "days out of range";
    else if (o->page_size < 0 || o->page_size > DATAGEN_MAX_PAGE_SIZE)
        bad = "page_size out of range";
    else if (o->start < 0 || o->start > 253402300799LL - (int64_t)DATAGEN_MAX_DAYS * DATAGEN_DAY)
        bad = "start out of range";
    if (bad)
        log_error("datagen_opts", "msg=\"%s\" events=%d days=%d page_size=%d", bad, o->events,
                  o->days, o->page_size);
    return bad ? -1 : 0;
}

/* First pass: only the session counts, so every page knows the totals. */
static void count_sessions(struct gen *g)
{
    struct datagen_rng r;
    int genre, sessions;
    for (int64_t i = 0; i < g->o->events; i++) {
        datagen_plan_event(g, i, &r, &genre, &sessions);
        g->total += sessions;
    }
    g->pages = (g->total + g->page_size - 1) / g->page_size;
}

/* Pages beyond this run's last would otherwise be ingested as if current. */
static void remove_stale(const struct gen *g)
{
    char path[4096];
    for (int64_t n = g->total ? g->pages : 1;; n++) {
        page_path(g, n, path, sizeof(path));
        if (unlink(path) != 0)
            break;
    }
}

int datagen_run(const struct datagen_opts *o, struct datagen_stats *stats)
{
    struct gen g;
    int rc = -1;

    if (validate(o) != 0)
        return -1;
    memset(&g, 0, sizeof(g));
    g.o = o;
    g.key = datagen_mix64(o->seed ^ 0x1d5ULL);
    g.days = o->days ? o->days : DATAGEN_DEFAULT_DAYS;
    g.page_size = o->page_size ? o->page_size : DATAGEN_DEFAULT_PAGE_SIZE;
    g.start = o->start;
    g.end = o->start + (int64_t)g.days * DATAGEN_DAY;
    g.day0 = o->start / DATAGEN_DAY;
    buf_init(&g.page, DATAGEN_PAGE_MAX);
    for (int i = 0; i < NFRAGS; i++)
        buf_init(&g.frag[i], DATAGEN_PAGE_MAX);
    count_sessions(&g);
    /* Five-digit names keep the pages in order for readers that sort names. */
    if (g.pages > 99999) {
        log_error("datagen_opts", "msg=\"more than 99999 pages, raise page_size\" pages=%lld",
                  (long long)g.pages);
        goto out;
    }
    if (make_dirs(o->out_dir) != 0 || datagen_build_pool(&g) != 0 ||
        datagen_set_init(&g.names, (size_t)o->events) != 0)
        goto out;
    if (write_events(&g) != 0 || datagen_write_classifications(&g) != 0)
        goto out;
    remove_stale(&g);
    if (stats) {
        stats->pages = g.page_no;
        stats->sessions = g.total;
        stats->events = o->events;
    }
    rc = 0;
out:
    buf_release(&g.page);
    for (int i = 0; i < NFRAGS; i++)
        buf_release(&g.frag[i]);
    free(g.venues);
    free(g.teams);
    free(g.by_kind[0]);
    free(g.names.slots);
    return rc;
}
