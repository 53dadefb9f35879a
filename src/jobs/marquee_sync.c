/*
 * marquee-sync: builds events and event_sessions from the pending rows of
 * extracted_events, then brings the vectors and the search index up to
 * date, then uploads new images to imgBB (IMGBB_API_KEY). Exit status 0
 * only if every pending row was processed; image uploads never fail it.
 */
#include "config.h"
#include "core/common.h"
#include "app/images/images_sync.h"
#include "app/job.h"
#include "app/sync/sync.h"
#include "core/timeutil.h"

#include <unistd.h>

#define PROG "marquee-sync"

/* After every committed batch: the API's cached pages may show the old
 * catalogue, so they go stale at once; then progress on a terminal. */
static void progress(const struct sync_stats *st, void *arg)
{
    struct job *j = arg;
    job_catalogue_changed(j);
    if (!isatty(STDERR_FILENO))
        return;
    double secs = job_seconds(j);
    double rate = secs > 0 ? (double)st->rows / secs : 0;
    double eta = rate > 0 ? (double)(st->pending - st->rows) / rate : 0;
    fprintf(stderr, "\r" PROG ": %lld/%lld rows  %.0f rows/s  eta %.0fs   ", (long long)st->rows,
            (long long)st->pending, rate, eta > 0 ? eta : 0);
}

/* Then the vectors and the search index catch up (sync_backends). */
static enum status backends(struct job *j)
{
    struct sync_backend_stats b;
    enum status s = sync_backends(&j->db, &j->cfg, &b);
    if (s != ST_OK) {
        fprintf(stderr, PROG ": search index or vectors failed: %s (left pending)\n",
                status_code(s));
        return s;
    }
    if (b.vectors_embedded > 0 || b.vectors_relived > 0)
        job_catalogue_changed(j); /* cached similar-events answers are stale */
    printf(PROG ": vectors_checked=%lld vectors_embedded=%lld vectors_pushed=%lld "
                "vectors_relived=%lld vectors_deleted=%lld search_indexed=%lld "
                "search_deleted=%lld seconds=%.1f\n",
           (long long)b.vectors_checked, (long long)b.vectors_embedded, (long long)b.vectors_pushed,
           (long long)b.vectors_relived, (long long)b.vectors_deleted, (long long)b.search_indexed,
           (long long)b.search_deleted, job_seconds(j));
    return ST_OK;
}

/* Last, so a slow imgBB delays nothing else; its failures are only
 * counted (images_sync.h), a database failure is one. */
static enum status images(struct job *j)
{
    struct images_sync_stats im;
    enum status s = images_sync_run(&j->db, &j->cfg, &im);
    if (im.events_updated > 0)
        job_catalogue_changed(j); /* cached pages show the old image URLs */
    if (s != ST_OK) {
        fprintf(stderr, PROG ": images failed: %s\n", status_code(s));
        return s;
    }
    if (im.enabled)
        printf(PROG ": images_uploaded=%lld images_failed=%lld images_events=%lld%s "
                    "seconds=%.1f\n",
               (long long)im.uploaded, (long long)im.failed, (long long)im.events_updated,
               im.stopped ? " images_stopped=1" : "", job_seconds(j));
    return ST_OK;
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
            printf(PROG ": rows=%lld skipped=%lld events_created=%lld events_updated=%lld "
                        "sessions_inserted=%lld sessions_updated=%lld batches=%lld seconds=%.1f\n",
                   (long long)st.rows, (long long)st.skipped, (long long)st.events_created,
                   (long long)st.events_updated, (long long)st.sessions_inserted,
                   (long long)st.sessions_updated, (long long)st.batches, job_seconds(&j));
        else
            fprintf(stderr, PROG ": failed: %s (completed batches are kept)\n", status_code(s));
        if (s == ST_OK) {
            s = backends(&j);
            enum status si = images(&j);
            if (s == ST_OK)
                s = si;
        }
        rc = s == ST_OK ? JOB_OK : JOB_FAILED;
    }
    job_finish(&j);
    return rc;
}
