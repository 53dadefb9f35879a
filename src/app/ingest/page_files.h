/*
 * page_files.h - a directory of saved pages, read one file at a time.
 *
 * The --from-dir path of marquee-ingest and marquee-genres: the files a
 * caller wants, in byte order of their names, each read whole into a batch
 * arena (reset after each file) and handed to the caller's page function.
 */
#ifndef MQ_PAGE_FILES_H
#define MQ_PAGE_FILES_H

#include "core/common.h"
#include "core/status.h"

struct arena;
struct pg;

struct page_files {
    const char *what;               /* prefix of the log events: "ingest", "genres" */
    bool (*want)(const char *name); /* the file names to read */
    size_t max;                     /* the largest file read */
    /* One file's text (NUL-terminated, arena memory); stats is the caller's. */
    enum status (*page)(struct pg *db, struct arena *a, const char *text, size_t n, void *stats);
    void (*unreadable)(void *stats); /* counts a file that could not be read */
    /* Optional: called on a terminal every 10 files and after the last;
     * t0 is time_mono_us() at the start. */
    void (*progress)(int done, int total, int64_t t0, const void *stats);
};

/*
 * Reads every file of dir that f->want, in name order. Stops at the first
 * status after which nothing can be written (ST_UNAVAILABLE, ST_UPSTREAM)
 * and returns it; otherwise returns the first file's failure (the others are
 * still read), or ST_NOT_FOUND if dir cannot be read.
 */
enum status page_files_run(struct pg *db, const char *dir, const struct page_files *f, void *stats);

#endif
