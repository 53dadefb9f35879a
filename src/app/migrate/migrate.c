#include "config.h"
#include "core/common.h"
#include "app/migrate/migrate.h"
#include "app/migrate/migrate_store.h"
#include "core/arena.h"
#include "core/buf.h"
#include "core/log.h"
#include "infra/pg.h"

#include <dirent.h>

#define MAX_MIGRATIONS 1000

static int cmp_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Migration file names in dir, sorted; arena-owned. */
static int list_files(struct arena *a, const char *dir, char **names)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    int n = 0;
    if (!d)
        return -1;
    while ((e = readdir(d)) && n < MAX_MIGRATIONS) {
        size_t len = strlen(e->d_name);
        if (len > 4 && e->d_name[0] >= '0' && e->d_name[0] <= '9' &&
            strcmp(e->d_name + len - 4, ".sql") == 0)
            names[n++] = arena_strdup(a, e->d_name);
    }
    closedir(d);
    qsort(names, (size_t)n, sizeof(*names), cmp_names);
    return n;
}

static enum status read_file(const char *path, struct buf *b)
{
    FILE *f = fopen(path, "rb");
    char chunk[8192];
    size_t r;
    if (!f)
        return ST_NOT_FOUND;
    while ((r = fread(chunk, 1, sizeof(chunk), f)) > 0)
        buf_append(b, chunk, r);
    fclose(f);
    return b->failed ? ST_NOMEM : ST_OK;
}

/* Applies one file unless recorded; *ran tells whether it ran. */
static enum status apply_one(struct pg *db, struct arena *a, const char *dir, const char *name,
                             bool *ran)
{
    struct buf *sql = buf_new_arena(a, 16 << 20);
    enum status st;

    *ran = false;
    if ((st = read_file(arena_printf(a, "%s/%s", dir, name), sql)) != ST_OK)
        return st;
    return migrate_store_apply(db, a, name, sql->data, ran);
}

enum status migrate_run(struct pg *db, const char *dir, int *applied)
{
    struct arena a;
    char **names;
    enum status st;

    *applied = 0;
    arena_init(&a, 0);
    st = migrate_store_init(db);
    if (st != ST_OK)
        goto out;
    names = arena_alloc(&a, MAX_MIGRATIONS * sizeof(*names));
    int n = list_files(&a, dir, names);
    if (n < 0) {
        log_error("migrate_dir", "dir=%s error=%s", dir, "cannot open");
        st = ST_NOT_FOUND;
        goto out;
    }
    for (int i = 0; i < n; i++) {
        bool ran;
        if ((st = apply_one(db, &a, dir, names[i], &ran)) != ST_OK) {
            log_error("migrate_failed", "file=%s", names[i]);
            goto out;
        }
        if (ran) {
            log_info("migrate_applied", "file=%s", names[i]);
            (*applied)++;
        }
    }
out:
    arena_release(&a);
    return st;
}
