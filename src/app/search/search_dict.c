#include "config.h"
#include "core/common.h"
#include "app/search/search_dict.h"
#include "app/search/search_store.h"
#include "app/search/search_text.h"
#include "core/arena.h"
#include "core/log.h"
#include "core/timeutil.h"
#include "infra/pg.h"

/* Terms sorted by length in code points, so a word of length L only looks
 * at lengths L-2..L+2. */
struct search_dict {
    size_t n;
    char *blob;                         /* the terms, NUL-separated */
    const char **text;                  /* [n] into blob */
    uint32_t *cps;                      /* code points of every term, back to back */
    size_t *cp_off;                     /* [n] */
    int *chars;                         /* [n] */
    int *events;                        /* [n] */
    size_t start[SEARCH_MAX_CHARS + 2]; /* first index of each length */
    uint32_t *alpha;                    /* [n] term indexes in byte order, for prefixes */
    int64_t *cum;                       /* [n + 1] events of alpha[0..i) */
    double total;                       /* events in the catalogue (planner estimate) */
    int64_t seq;
    int64_t checked_us;
    int64_t retry_us;   /* after a failed check: none before this */
    int64_t backoff_us; /* the wait after the next failure (doubles) */
    bool loaded;
};

static void dict_free(struct search_dict *d)
{
    free(d->blob);
    free(d->text);
    free(d->cps);
    free(d->cp_off);
    free(d->chars);
    free(d->events);
    free(d->alpha);
    free(d->cum);
    memset(d, 0, sizeof(*d));
}

struct entry {
    const char *text;
    int chars;
    int events;
};

static int by_length(const void *x, const void *y)
{
    const struct entry *a = x, *b = y;
    if (a->chars != b->chars)
        return a->chars - b->chars;
    return strcmp(a->text, b->text);
}

static const struct search_dict *sorting; /* qsort has no context argument */

static int by_bytes(const void *x, const void *y)
{
    return strcmp(sorting->text[*(const uint32_t *)x], sorting->text[*(const uint32_t *)y]);
}

/* The terms in byte order with running sums of their events, so the
 * events of every term starting with a prefix cost two binary searches. */
static bool index_alpha(struct search_dict *d)
{
    d->alpha = malloc(sizeof(*d->alpha) * (d->n + 1));
    d->cum = malloc(sizeof(*d->cum) * (d->n + 1));
    if (!d->alpha || !d->cum)
        return false;
    for (size_t i = 0; i < d->n; i++)
        d->alpha[i] = (uint32_t)i;
    sorting = d;
    qsort(d->alpha, d->n, sizeof(*d->alpha), by_bytes);
    d->cum[0] = 0;
    for (size_t i = 0; i < d->n; i++)
        d->cum[i + 1] = d->cum[i] + d->events[d->alpha[i]];
    return true;
}

/* Builds d from the entries (their text is copied). */
static bool dict_build(struct search_dict *d, struct entry *e, size_t n)
{
    size_t bytes = 0, cps = 0;
    qsort(e, n, sizeof(*e), by_length);
    for (size_t i = 0; i < n; i++) {
        bytes += strlen(e[i].text) + 1;
        cps += (size_t)e[i].chars;
    }
    d->blob = malloc(bytes + 1);
    d->text = malloc(sizeof(*d->text) * (n + 1));
    d->cps = malloc(sizeof(*d->cps) * (cps + 1));
    d->cp_off = malloc(sizeof(*d->cp_off) * (n + 1));
    d->chars = malloc(sizeof(*d->chars) * (n + 1));
    d->events = malloc(sizeof(*d->events) * (n + 1));
    if (!d->blob || !d->text || !d->cps || !d->cp_off || !d->chars || !d->events)
        return false;
    char *p = d->blob;
    size_t c = 0;
    int len = 0;
    for (size_t i = 0; i < n; i++) {
        size_t tl = strlen(e[i].text);
        memcpy(p, e[i].text, tl + 1);
        d->text[i] = p;
        d->cp_off[i] = c;
        d->chars[i] = search_decode(p, tl, d->cps + c, e[i].chars);
        d->events[i] = e[i].events;
        c += (size_t)d->chars[i];
        p += tl + 1;
        while (len <= e[i].chars && len <= SEARCH_MAX_CHARS)
            d->start[len++] = i;
    }
    while (len <= SEARCH_MAX_CHARS + 1)
        d->start[len++] = n;
    d->n = n;
    return index_alpha(d);
}

/* Entries for n terms; chars capped so longer terms sort last and never match. */
static struct entry *entries(struct arena *a, const char *const *words, const int *events, size_t n)
{
    struct entry *e = arena_alloc(a, sizeof(*e) * (n + 1));
    uint32_t tmp[SEARCH_MAX_CHARS + 1];
    for (size_t i = 0; i < n; i++) {
        e[i].text = words[i];
        e[i].chars = search_decode(words[i], strlen(words[i]), tmp, SEARCH_MAX_CHARS + 1);
        e[i].events = events ? events[i] : 0;
    }
    return e;
}

struct search_dict *search_dict_new(void)
{
    return calloc(1, sizeof(struct search_dict));
}

void search_dict_free(struct search_dict *d)
{
    if (!d)
        return;
    dict_free(d);
    free(d);
}

static void replace(struct search_dict *d, struct arena *a, const char *const *words,
                    const int *events, size_t n, int64_t seq, double total)
{
    struct search_dict fresh;
    memset(&fresh, 0, sizeof(fresh));
    if (!dict_build(&fresh, entries(a, words, events, n), n)) {
        log_error("search_dict", "error=%s terms=%zu", "out of memory", n);
        dict_free(&fresh);
        return;
    }
    fresh.seq = seq;
    fresh.total = total;
    fresh.loaded = true;
    fresh.checked_us = time_mono_us();
    dict_free(d);
    *d = fresh;
}

void search_dict_set(struct search_dict *d, const char *const *words, const int *events, size_t n)
{
    struct arena a;
    arena_init(&a, 0);
    replace(d, &a, words, events, n, 0, 0);
    arena_release(&a);
}

size_t search_dict_size(const struct search_dict *d)
{
    return d->n;
}

static enum status load(struct search_dict *d, struct pg *db, struct arena *a, int64_t seq)
{
    struct pg_result *r;
    enum status st = search_store_dict_load(db, a, &r);
    if (st != ST_OK)
        return st;
    size_t n = (size_t)pg_nrows(r);
    const char **words = arena_alloc(a, sizeof(*words) * (n + 1));
    int *events = arena_alloc(a, sizeof(*events) * (n + 1));
    for (size_t i = 0; i < n; i++) {
        words[i] = pg_get(r, (int)i, SD_TERM);
        events[i] = (int)pg_get_i64(r, (int)i, SD_EVENTS);
    }
    const char *total = n ? pg_get(r, 0, SD_CATALOGUE) : NULL;
    replace(d, a, words, events, n, seq, total ? strtod(total, NULL) : 0);
    log_info("search_dict_loaded", "terms=%zu seq=%lld", n, (long long)seq);
    return ST_OK;
}

/* While Postgres fails, checks back off (SEARCH_DICT_RETRY_MS doubling up to
 * SEARCH_DICT_RETRY_MAX_MS) instead of adding a failing statement to every
 * search; the copy in memory answers meanwhile. */
static enum status failed(struct search_dict *d, int64_t now, enum status st)
{
    d->backoff_us = d->backoff_us ? d->backoff_us * 2 : SEARCH_DICT_RETRY_MS * 1000;
    if (d->backoff_us > SEARCH_DICT_RETRY_MAX_MS * 1000)
        d->backoff_us = SEARCH_DICT_RETRY_MAX_MS * 1000;
    d->retry_us = now + d->backoff_us;
    return st;
}

enum status search_dict_refresh(struct search_dict *d, struct pg *db, struct arena *a)
{
    int64_t now = time_mono_us(), seq;
    if (d->loaded && now - d->checked_us < SEARCH_DICT_CHECK_MS * 1000)
        return ST_OK;
    if (now < d->retry_us)
        return d->loaded ? ST_OK : ST_UNAVAILABLE; /* the failure was logged once */
    enum status st = search_store_dict_seq(db, a, &seq);
    if (st != ST_OK)
        return failed(d, now, st);
    d->checked_us = now;
    d->backoff_us = 0;
    if (d->loaded && seq == d->seq)
        return ST_OK;
    return load(d, db, a, seq);
}

static int closest_first(const void *x, const void *y)
{
    const struct search_term *a = x, *b = y;
    if (a->edits != b->edits)
        return a->edits - b->edits;
    if (a->events != b->events)
        return b->events - a->events;
    return strcmp(a->text, b->text);
}

int search_dict_expand(const struct search_dict *dict, struct arena *a, const struct search_word *w,
                       struct search_term **out)
{
    int lo = w->chars - w->edits, hi = w->chars + w->edits, n = 1;
    size_t cap = 16;
    struct search_term *t = arena_alloc(a, sizeof(*t) * cap);

    t[0] = (struct search_term){ w->text, 0, 0 };
    if (lo < 0)
        lo = 0;
    if (hi > SEARCH_MAX_CHARS)
        hi = SEARCH_MAX_CHARS;
    for (size_t i = dict->n ? dict->start[lo] : 0; w->edits > 0 && i < dict->start[hi + 1]; i++) {
        int d = search_osa(w->cps, w->chars, dict->cps + dict->cp_off[i], dict->chars[i], w->edits);
        if (d > w->edits)
            continue;
        if (d == 0) {
            t[0].events = dict->events[i];
            continue;
        }
        if ((size_t)n == cap) {
            struct search_term *bigger = arena_alloc(a, sizeof(*t) * cap * 2);
            memcpy(bigger, t, sizeof(*t) * cap);
            t = bigger;
            cap *= 2;
        }
        t[n++] = (struct search_term){ dict->text[i], d, dict->events[i] };
    }
    qsort(t + 1, (size_t)n - 1, sizeof(*t), closest_first);
    *out = t;
    return n < SEARCH_MAX_EXPANSIONS ? n : SEARCH_MAX_EXPANSIONS;
}

/* First index in byte order whose term is >= s (or > s for every term
 * starting with s when after). */
static size_t lower_bound(const struct search_dict *d, const char *s, bool after)
{
    size_t lo = 0, hi = d->n, len = strlen(s);
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        const char *t = d->text[d->alpha[mid]];
        int c = after ? strncmp(t, s, len) : strcmp(t, s);
        if (c < 0 || (after && c == 0))
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

int64_t search_dict_events(const struct search_dict *d, const struct search_word *w,
                           const struct search_term *t, int n)
{
    int64_t sum = 0;
    for (int i = 0; i < n; i++)
        sum += t[i].events;
    if (w->prefix && d->n) {
        size_t from = lower_bound(d, w->text, false), to = lower_bound(d, w->text, true);
        /* the word itself and its expansions may start with it too: an upper bound */
        sum += d->cum[to] - d->cum[from];
    }
    return sum;
}

double search_dict_total(const struct search_dict *d)
{
    return d->total;
}
