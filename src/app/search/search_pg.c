/*
 * The Postgres search backend: expands the query words over the worker's
 * dictionary, writes the two tsqueries search_store.c ranks with, and
 * turns the rank keys into scores and the next cursor.
 */
#include "config.h"
#include "core/common.h"
#include "app/search/search_backend.h"
#include "app/app.h"
#include "app/search/search_dict.h"
#include "app/search/search_store.h"
#include "core/arena.h"
#include "core/buf.h"
#include "core/log.h"
#include "infra/pg.h"

/* A tsquery lexeme: quoted, with quotes and backslashes escaped. */
static void lexeme(struct buf *b, const char *s)
{
    buf_putc(b, '\'');
    for (; *s; s++) {
        if (*s == '\'' || *s == '\\')
            buf_putc(b, *s);
        buf_putc(b, *s);
    }
    buf_putc(b, '\'');
}

struct expanded {
    struct search_word w[SEARCH_MAX_WORDS]; /* the words, prefix as used */
    struct search_term *t[SEARCH_MAX_WORDS];
    int n[SEARCH_MAX_WORDS];
    int64_t events; /* at most this many events match every word */
};

/* A last word that is itself a word of SEARCH_BROAD % of the events ("the",
 * "tour") is not also matched as a prefix: its completions would add
 * little to an answer that broad, and cost the index a scan of every word
 * they start. */
static bool common_word(const struct search_term *self, double total)
{
    return total > 0 && self->events >= total * SEARCH_BROAD / 100.0;
}

static void expand(const struct search_dict *d, struct arena *a, const struct search_request *sr,
                   struct expanded *x)
{
    double total = search_dict_total(d);
    x->events = INT64_MAX;
    for (int i = 0; i < sr->nwords; i++) {
        x->w[i] = sr->words[i];
        x->n[i] = search_dict_expand(d, a, &x->w[i], &x->t[i]);
        if (x->w[i].prefix && common_word(&x->t[i][0], total))
            x->w[i].prefix = false;
        int64_t e = search_dict_events(d, &x->w[i], x->t[i], x->n[i]);
        x->events = e < x->events ? e : x->events;
    }
}

/* Whether w:* matches term already. */
static bool covered(const struct search_word *w, const char *term)
{
    return w->prefix && strncmp(term, w->text, strlen(w->text)) == 0;
}

/* (w | expansion... | w:*) for every word, joined by &; only the
 * expansions within max_edits, and not those w:* matches anyway (each
 * alternative is one more GIN lookup and one more test per row). */
static const char *match_query(struct arena *a, const struct search_request *sr,
                               const struct expanded *x, int max_edits)
{
    struct buf *b = buf_new_arena(a, 1 << 20);
    for (int i = 0; i < sr->nwords; i++) {
        const struct search_word *w = &x->w[i];
        const struct search_term *t = x->t[i];
        const char *sep = "";
        buf_puts(b, i ? " & (" : "(");
        for (int k = 0; k < x->n[i] && t[k].edits <= max_edits; k++) {
            if (covered(w, t[k].text))
                continue;
            buf_puts(b, sep);
            lexeme(b, t[k].text);
            sep = " | ";
        }
        if (w->prefix) {
            buf_puts(b, sep);
            lexeme(b, w->text);
            buf_puts(b, ":*");
        }
        buf_putc(b, ')');
    }
    return b->failed ? NULL : b->data;
}

/* Every word as typed, the last one also as a prefix. */
static const char *exact_query(struct arena *a, const struct search_request *sr,
                               const struct expanded *x)
{
    struct buf *b = buf_new_arena(a, 1 << 16);
    for (int i = 0; i < sr->nwords; i++) {
        if (i)
            buf_puts(b, " & ");
        lexeme(b, x->w[i].text);
        if (x->w[i].prefix)
            buf_puts(b, ":*");
    }
    return b->failed ? NULL : b->data;
}

static void fill_result(struct arena *a, const struct search_request *sr, struct pg_result *r,
                        struct search_result *out)
{
    int rows = pg_nrows(r);
    out->rows = r;
    out->n = rows > sr->limit ? (int)sr->limit : rows;
    out->scores = arena_alloc(a, sizeof(double) * (size_t)(out->n + 1));
    for (int i = 0; i < out->n; i++)
        out->scores[i] = search_store_score(pg_get_i64(r, i, SR_KEY));
    out->next_cursor = NULL;
    if (rows > sr->limit) {
        struct search_cursor c = { .set = true, .backend = 'p', .query = sr->fingerprint };
        c.key = pg_get_i64(r, out->n - 1, SR_KEY);
        snprintf(c.id, sizeof(c.id), "%s", pg_get(r, out->n - 1, SR_SUMMARY));
        out->next_cursor = search_cursor_encode(a, &c);
    }
}

static enum status find(const struct app_ctx *app, const struct search_request *sr,
                        struct search_result *out)
{
    struct search_dict *d = app->state->search->dict;
    struct arena *a = app->arena;
    struct pg_result *r;

    struct expanded x;
    if (search_dict_refresh(d, app->read_db, a) != ST_OK)
        log_warn("search_dict", "error=%s", "refresh failed; using the copy in memory");
    expand(d, a, sr, &x);
    double total = search_dict_total(d);
    struct search_pg_query q = {
        .match = match_query(a, sr, &x, 2),
        .exact = exact_query(a, sr, &x),
        .near = match_query(a, sr, &x, 1),
        .broad = total > 0 && (double)x.events >= total * SEARCH_BROAD / 100.0,
        .joined = sr->joined,
        .genre = sr->genre,
        .has_range = sr->has_range,
        .from = sr->from,
        .to = sr->to,
        .after = sr->after.set,
        .after_key = sr->after.key,
        .after_id = sr->after.id,
        .rows = sr->limit + 1,
    };
    if (!q.match || !q.exact || !q.near)
        return ST_NOMEM;
    enum status st = search_store_find(app->read_db, a, &q, &r);
    if (st != ST_OK)
        return st == ST_UPSTREAM ? ST_UNAVAILABLE : st; /* no fallback from here */
    fill_result(a, sr, r, out);
    return ST_OK;
}

const struct search_backend search_pg = { "postgres", 'p', find };
