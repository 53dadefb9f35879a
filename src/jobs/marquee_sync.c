/*
 * marquee-sync: builds events and event_sessions from the pending rows of
 * extracted_events. Exit status 0 only if every pending row was processed.
 */
#include "config.h"
#include "core/common.h"
#include "app/job.h"
#include "app/sync/sync.h"
#include "core/timeutil.h"

#include <unistd.h>

#define PROG "marquee-sync"

static void progress(const struct sync_stats *st, void *arg)
{
    const struct job *j = arg;
    if (!isatty(STDERR_FILENO))
        return;
    double secs = job_seconds(j);
    double rate = secs > 0 ? (double)st->rows / secs : 0;
    double eta = rate > 0 ? (double)(st->pending - st->rows) / rate : 0;
    fprintf(stderr, "\r" PROG ": %lld/%lld rows  %.0f rows/s  eta %.0fs   ", (long long)st->rows,
            (long long)st->pending, rate, eta > 0 ? eta : 0);
}

int main(int argc, char **argv)
{
    struct job j;
    struct sync_stats st;

    if (argc > 1) {
        fprintf(stderr, "usage: %s (configured by environment variables)\n", argv[0]);
        return JOB_USAGE;
    }
    int rc = job_start(&j, PROG);
    if (rc == JOB_OK) {
        enum status s = sync_run(&j.db, j.cfg.sync_batch_size, &st, progress, &j);
        if (isatty(STDERR_FILENO))
            fputc('\n', stderr);
        if (s == ST_OK)
            printf(PROG ": rows=%lld skipped=%lld events_upserted=%lld sessions_inserted=%lld "
                        "sessions_updated=%lld batches=%lld seconds=%.1f\n",
                   (long long)st.rows, (long long)st.skipped, (long long)st.events_upserted,
                   (long long)st.sessions_inserted, (long long)st.sessions_updated,
                   (long long)st.batches, job_seconds(&j));
        else
            fprintf(stderr, PROG ": failed: %s (completed batches are kept)\n", status_code(s));
        rc = s == ST_OK ? JOB_OK : JOB_FAILED;
    }
    job_finish(&j);
    return rc;
}
