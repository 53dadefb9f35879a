#include "config.h"
#include "core/common.h"
#include "app/ingest/ingest.h"
#include "app/ingest/page_files.h"
#include "core/timeutil.h"

#define PAGE_FILE_MAX (256u << 20)

/* *.json pages, not the classifications dumps nor dotfiles. */
static bool is_page_file(const char *name)
{
    size_t n = strlen(name);
    return name[0] != '.' && n > 5 && strcmp(name + n - 5, ".json") == 0 &&
           strncmp(name, "classifications", 15) != 0;
}

static enum status page(struct pg *db, struct arena *a, const char *text, size_t n, void *stats)
{
    return ingest_page(db, a, text, n, stats);
}

static void unreadable(void *stats)
{
    struct ingest_stats *s = stats;
    s->pages++;
    s->pages_failed++;
}

static void progress(int done, int total, int64_t t0, const void *stats)
{
    const struct ingest_stats *s = stats;
    double secs = (double)(time_mono_us() - t0) / 1e6;
    double rate = secs > 0 ? (double)s->events / secs : 0;
    double eta = done > 0 ? secs / done * (total - done) : 0;
    fprintf(stderr, "ingest: %d/%d pages, %lld events, %.0f events/s, eta %.0fs\n", done, total,
            (long long)s->events, rate, eta);
}

enum status ingest_dir(struct pg *db, const char *dir, struct ingest_stats *stats)
{
    static const struct page_files files = {
        "ingest", is_page_file, PAGE_FILE_MAX, page, unreadable, progress,
    };
    return page_files_run(db, dir, &files, stats);
}
