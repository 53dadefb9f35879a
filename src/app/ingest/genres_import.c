#include "config.h"
#include "core/common.h"
#include "app/ingest/genres_import.h"
#include "app/ingest/page_files.h"
#include "core/arena.h"
#include "core/log.h"
#include "infra/json.h"
#include "infra/pg.h"

#define GENRES_FILE_MAX (64u << 20)

/* The segment an item describes: its "segment" member (full envelope), the
 * item itself when it is a bare segment (it has an id), else NULL (a
 * type-only classification, or a null). */
static struct json_object *item_segment(struct json_object *item)
{
    if (!json_is_object(item))
        return NULL;
    if (json_path(item, "segment"))
        return json_is_object(json_path(item, "segment")) ? json_path(item, "segment") : NULL;
    return json_path_str(item, "id") ? item : NULL;
}

static bool usable(const char *s)
{
    return s && *s;
}

static void add_segment(struct genres_page *p, struct json_object *seg)
{
    const char *id = json_path_str(seg, "id"), *name = json_path_str(seg, "name");
    struct json_object *genres = json_path(seg, "_embedded.genres");

    if (!usable(id) || !usable(name)) {
        p->skipped++;
        return;
    }
    if (strcmp(name, "Undefined") == 0)
        name = "Others";
    p->genres[p->ngenres++] = (struct genre_row){ id, name, NULL };
    for (size_t i = 0; i < json_arr_len(genres); i++) {
        struct json_object *g = json_arr_get(genres, i);
        const char *gid = json_path_str(g, "id"), *gname = json_path_str(g, "name");
        if (usable(gid) && usable(gname))
            p->subgenres[p->nsubgenres++] = (struct genre_row){ gid, gname, id };
        else
            p->skipped++;
    }
}

/* Fills p from items (an array) or the one item single. */
static void collect(struct arena *a, struct json_object *items, struct json_object *single,
                    struct genres_page *p)
{
    size_t n = single ? 1 : json_arr_len(items), nsub = 0;

    for (size_t i = 0; i < n; i++) {
        struct json_object *seg = item_segment(single ? single : json_arr_get(items, i));
        nsub += json_arr_len(json_path(seg, "_embedded.genres"));
    }
    p->genres = arena_alloc(a, (n + 1) * sizeof(*p->genres));
    p->subgenres = arena_alloc(a, (nsub + 1) * sizeof(*p->subgenres));
    for (size_t i = 0; i < n; i++) {
        struct json_object *seg = item_segment(single ? single : json_arr_get(items, i));
        if (seg)
            add_segment(p, seg);
        else
            p->skipped++;
    }
}

enum status genres_parse(struct arena *a, const char *text, size_t n, struct genres_page *out)
{
    char err[128];
    struct json_object *items = NULL, *single = NULL;

    memset(out, 0, sizeof(*out));
    struct json_object *root = json_parse(a, text, n, err, sizeof(err));
    if (!root) {
        log_warn("genres_page_invalid", "reason=\"%s\"", err);
        return ST_INVALID;
    }
    if (text[strspn(text, " \t\r\n")] == '[') {
        items = root;
    } else if (!json_is_object(root) || json_path(root, "errors") || json_path(root, "fault")) {
        log_warn("genres_page_invalid", "reason=\"not a classifications page\"");
        return ST_INVALID;
    } else if (json_path(root, "_embedded")) {
        items = json_path(root, "_embedded.classifications");
    } else if (json_path(root, "segment") || json_path_str(root, "id")) {
        single = root;
    }
    collect(a, items, single, out);
    return ST_OK;
}

/* Adds what an upsert did to t; *seen counts its distinct ids. */
static void tally(const struct genres_upserted *u, int64_t *seen, struct genres_stats *t)
{
    *seen += u->distinct;
    t->inserted += u->inserted;
    t->updated += u->updated;
    t->unchanged += u->distinct - u->inserted - u->updated;
}

enum status genres_import_page(struct pg *db, struct arena *a, const char *text, size_t n,
                               struct genres_stats *st)
{
    struct genres_page p;
    struct genres_stats t = { 0 };
    struct genres_upserted u;
    enum status s;

    st->pages++;
    if ((s = genres_parse(a, text, n, &p)) != ST_OK)
        goto failed;
    t.skipped = (int64_t)p.skipped;
    if (p.ngenres > 0) {
        if ((s = pg_begin(db)) != ST_OK)
            goto failed;
        s = genres_store_upsert_genres(db, a, p.genres, p.ngenres, &u);
        if (s == ST_OK)
            tally(&u, &t.genres, &t);
        if (s == ST_OK && p.nsubgenres > 0) {
            s = genres_store_upsert_subgenres(db, a, p.subgenres, p.nsubgenres, &u);
            if (s == ST_OK)
                tally(&u, &t.subgenres, &t);
        }
        if (s == ST_OK)
            s = pg_commit(db);
        if (s != ST_OK) {
            pg_rollback(db);
            goto failed;
        }
    }
    st->genres += t.genres;
    st->subgenres += t.subgenres;
    st->inserted += t.inserted;
    st->updated += t.updated;
    st->unchanged += t.unchanged;
    st->skipped += t.skipped;
    return ST_OK;
failed:
    st->pages_failed++;
    return s;
}

/* classifications*.json */
static bool is_classifications_file(const char *name)
{
    size_t n = strlen(name);
    return n > 5 && strncmp(name, "classifications", 15) == 0 && strcmp(name + n - 5, ".json") == 0;
}

static enum status page(struct pg *db, struct arena *a, const char *text, size_t n, void *stats)
{
    return genres_import_page(db, a, text, n, stats);
}

static void unreadable(void *stats)
{
    struct genres_stats *st = stats;
    st->pages++;
    st->pages_failed++;
}

enum status genres_import_dir(struct pg *db, const char *dir, struct genres_stats *st)
{
    static const struct page_files files = {
        "genres", is_classifications_file, GENRES_FILE_MAX, page, unreadable, NULL,
    };
    return page_files_run(db, dir, &files, st);
}
