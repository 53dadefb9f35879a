#include "config.h"
#include "core/common.h"
#include "app/ingest/page_files.h"
#include "app/ingest/ingest.h"
#include "app/ingest/ingest_store.h"
#include "core/arena.h"
#include "core/log.h"
#include "core/timeutil.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#define PROGRESS_EVERY 10

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

/* Byte order, whatever the locale. */
static int by_name(const struct dirent **x, const struct dirent **y)
{
    return strcmp((*x)->d_name, (*y)->d_name);
}

static enum status read_one(struct pg *db, struct arena *a, const char *path,
                            const struct page_files *f, void *stats)
{
    char q[256], ev[48];
    size_t len;
    const char *text = ingest_read_file(a, path, f->max, &len);
    enum status st;

    if (!text) {
        snprintf(ev, sizeof(ev), "%s_read_failed", f->what);
        log_error(ev, "file=%s error=\"%s\"", log_quote(q, sizeof(q), path), strerror(errno));
        f->unreadable(stats);
        return ST_INVALID;
    }
    if ((st = f->page(db, a, text, len, stats)) != ST_OK) {
        snprintf(ev, sizeof(ev), "%s_page_failed", f->what);
        log_warn(ev, "file=%s status=%s", log_quote(q, sizeof(q), path), status_code(st));
    }
    return st;
}

enum status page_files_run(struct pg *db, const char *dir, const struct page_files *f, void *stats)
{
    struct dirent **names;
    struct arena a;
    enum status result = ST_OK;
    char q[256], ev[48];
    int n = scandir(dir, &names, NULL, by_name);

    if (n < 0) {
        snprintf(ev, sizeof(ev), "%s_dir_failed", f->what);
        log_error(ev, "dir=%s error=\"%s\"", log_quote(q, sizeof(q), dir), strerror(errno));
        return ST_NOT_FOUND;
    }
    bool tty = f->progress && isatty(STDERR_FILENO);
    int64_t t0 = time_mono_us();
    int total = 0;
    for (int i = 0; i < n; i++) {
        if (f->want(names[i]->d_name))
            names[total++] = names[i];
        else
            free(names[i]);
    }
    arena_init(&a, 1 << 20);
    for (int i = 0; i < total && !ingest_fatal(result); i++) {
        const char *path = arena_printf(&a, "%s/%s", dir, names[i]->d_name);
        enum status st = read_one(db, &a, path, f, stats);
        arena_reset(&a); /* batch lifetime: one page */
        if (st != ST_OK && (result == ST_OK || ingest_fatal(st)))
            result = st;
        if (tty && ((i + 1) % PROGRESS_EVERY == 0 || i + 1 == total))
            f->progress(i + 1, total, t0, stats);
    }
    for (int i = 0; i < total; i++)
        free(names[i]);
    free(names);
    arena_release(&a);
    return result;
}
