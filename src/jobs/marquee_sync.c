/*
 * marquee-sync: builds events and event_sessions from the pending rows of
 * extracted_events. Exit status 0 only if every pending row was processed.
 */
#include "config.h"
#include "core/common.h"
#include "app/job_lock.h"
#include "app/sync/sync.h"
#include "core/arena.h"
#include "core/conf.h"
#include "core/timeutil.h"
#include "infra/pg.h"

#include <unistd.h>

static int64_t started_us;

static void progress(const struct sync_stats *st, void *arg)
{
    MQ_UNUSED(arg);
    if (!isatty(STDERR_FILENO))
        return;
    double secs = (double)(time_mono_us() - started_us) / 1e6;
    double rate = secs > 0 ? (double)st->rows / secs : 0;
    double eta = rate > 0 ? (double)(st->pending - st->rows) / rate : 0;
    fprintf(stderr, "\rmarquee-sync: %lld/%lld rows  %.0f rows/s  eta %.0fs   ",
            (long long)st->rows, (long long)st->pending, rate, eta > 0 ? eta : 0);
}

int main(int argc, char **argv)
{
    struct config cfg;
    struct pg db;
    struct arena a;
    struct sync_stats st;
    char err[256];

    if (argc > 1) {
        fprintf(stderr, "usage: %s (configured by environment variables)\n", argv[0]);
        return 2;
    }
    if (config_load(&cfg, err, sizeof(err)) != 0) {
        fprintf(stderr, "marquee-sync: %s\n", err);
        return 2;
    }
    pg_init(&db, cfg.database_url, cfg.pg_connect_timeout_s, 600000, "marquee-sync");
    arena_init(&a, 0);
    enum status rc = job_lock(&db, &a, "marquee-sync");
    if (rc == ST_CONFLICT) {
        fprintf(stderr, "marquee-sync: another marquee-sync run is in progress\n");
        return 3;
    }
    started_us = time_mono_us();
    if (rc == ST_OK)
        rc = sync_run(&db, cfg.sync_batch_size, &st, progress, NULL);
    if (isatty(STDERR_FILENO))
        fputc('\n', stderr);
    double secs = (double)(time_mono_us() - started_us) / 1e6;
    if (rc == ST_OK)
        printf("marquee-sync: rows=%lld skipped=%lld events_upserted=%lld "
               "sessions_inserted=%lld sessions_updated=%lld batches=%lld seconds=%.1f\n",
               (long long)st.rows, (long long)st.skipped, (long long)st.events_upserted,
               (long long)st.sessions_inserted, (long long)st.sessions_updated,
               (long long)st.batches, secs);
    else
        fprintf(stderr, "marquee-sync: failed: %s (completed batches are kept)\n", status_code(rc));
    arena_release(&a);
    pg_release(&db);
    return rc == ST_OK ? 0 : 1;
}
