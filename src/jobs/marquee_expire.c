/*
 * marquee-expire: ends the holds whose time has passed (order 'expired',
 * ticket available again, outbox rows written), settles payments whose
 * provider call got no answer (refunding a charge that came too late) and
 * purges idempotency keys older than 24 hours. Run by cron every minute;
 * the API never waits for it (every availability check compares with
 * now()), it only makes the database say so.
 */
#include "config.h"
#include "core/common.h"
#include "app/job.h"
#include "app/market/expire.h"
#include "infra/http.h"

#define PROG "marquee-expire"

int main(int argc, char **argv)
{
    struct job j;
    struct expire_stats st;
    struct http_client http;
    struct arena batch;

    if (argc > 1) {
        fprintf(stderr, "usage: %s (configured by environment variables)\n", argv[0]);
        return JOB_USAGE;
    }
    int rc = job_start(&j, PROG);
    if (rc == JOB_OK) {
        http_client_init(&http);
        arena_init(&batch, 0);
        struct pay_ctx pay = { &j.cfg, &http, &batch };
        struct payments_env env = { &j.db, &batch, pay_provider_for(&j.cfg), &pay };
        enum status s = expire_run(&env, &st);
        if (st.orders_expired > 0 || st.payments_settled > 0)
            job_catalogue_changed(&j);
        if (s == ST_OK)
            printf(PROG ": orders_expired=%lld payments_settled=%d keys_purged=%lld "
                        "seconds=%.1f\n",
                   (long long)st.orders_expired, st.payments_settled, (long long)st.keys_purged,
                   job_seconds(&j));
        else
            fprintf(stderr, PROG ": failed: %s (completed batches are kept)\n", status_code(s));
        rc = s == ST_OK ? JOB_OK : JOB_FAILED;
        arena_release(&batch);
        http_client_release(&http);
    }
    job_finish(&j);
    return rc;
}
