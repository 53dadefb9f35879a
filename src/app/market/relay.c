#include "config.h"
#include "core/common.h"
#include "app/market/relay.h"
#include "app/market/outbox_store.h"
#include "app/job.h"
#include "core/log.h"
#include "core/timeutil.h"

#include <poll.h>

void relay_init(struct relay *r, const struct config *cfg, const volatile sig_atomic_t *stop)
{
    memset(r, 0, sizeof(*r));
    r->cfg = cfg;
    r->stop = stop;
    arena_init(&r->batch, 0);
    if (kv_setup(&r->kv, cfg) != ST_OK)
        log_error("relay_config",
                  "error=\"REDIS_URL is not redis://host:port or REDIS_SENTINELS is malformed\"");
    pg_init(&r->db, cfg->database_url, cfg->pg_connect_timeout_s, cfg->pg_statement_timeout_ms,
            RELAY_LOCK);
    r->next_report_us = time_mono_us() + RELAY_REPORT_S * 1000000LL;
}

void relay_release(struct relay *r)
{
    kv_release(&r->kv);
    pg_release(&r->db);
    arena_release(&r->batch);
}

/* The connection (and with it the lock and the LISTEN) is gone: start
 * over with a new session. */
static void lost(struct relay *r)
{
    if (r->ready)
        log_warn("relay_lost", "what=postgres");
    pg_disconnect(&r->db);
    r->db.pinned = false;
    r->ready = false;
}

static enum status pg_failed(struct relay *r, enum status st)
{
    if (st == ST_UNAVAILABLE)
        lost(r);
    return st;
}

/* Takes the lock and LISTENs; ST_CONFLICT while another relay holds it. */
static enum status get_ready(struct relay *r)
{
    enum status st = job_lock(&r->db, &r->batch, RELAY_LOCK);
    if (st == ST_CONFLICT) {
        if (!r->waiting)
            log_info("relay_waiting", "lock=%s holder=\"another session\"", RELAY_LOCK);
        r->waiting = true;
        return st;
    }
    if (st != ST_OK)
        return pg_failed(r, st);
    if ((st = pg_listen(&r->db, RELAY_CHANNEL)) != ST_OK)
        return pg_failed(r, ST_UNAVAILABLE);
    r->ready = true;
    r->waiting = false;
    log_info("relay_ready", "lock=%s channel=%s stream=%s", RELAY_LOCK, RELAY_CHANNEL,
             RELAY_STREAM);
    return ST_OK;
}

static void record_latency(struct relay *r, int64_t ms)
{
    r->lat_ms[r->lat_next] = ms;
    r->lat_next = (r->lat_next + 1) % RELAY_LAT_SAMPLES;
    if (r->nlat < RELAY_LAT_SAMPLES)
        r->nlat++;
}

/* "{seq,seq,...}" of the first n rows, in the batch arena. */
static const char *seq_array(struct relay *r, const struct pg_result *res, size_t n)
{
    char *s = arena_alloc(&r->batch, n * 21 + 3);
    size_t len = 0;
    s[len++] = '{';
    for (size_t i = 0; i < n; i++) {
        const char *v = pg_get(res, (int)i, OUTBOX_SEQ);
        size_t vl = strlen(v);
        if (i > 0)
            s[len++] = ',';
        memcpy(s + len, v, vl < 20 ? vl : 20);
        len += vl < 20 ? vl : 20;
    }
    s[len++] = '}';
    s[len] = '\0';
    return s;
}

enum status relay_batch(struct relay *r, int64_t *published)
{
    struct pg_result *res;
    size_t added = 0;

    *published = 0;
    enum status st = outbox_pending(&r->db, &r->batch, r->cfg->relay_batch_size, &res);
    if (st != ST_OK)
        return pg_failed(r, st);
    size_t n = (size_t)pg_nrows(res);
    if (n == 0)
        return ST_OK;
    int64_t read_us = time_mono_us();

    struct kv_xentry *e = arena_zalloc(&r->batch, n * sizeof(*e));
    for (size_t i = 0; i < n; i++) {
        const char *id = pg_get(res, (int)i, OUTBOX_ID),
                   *env = pg_get(res, (int)i, OUTBOX_ENVELOPE);
        e[i] = (struct kv_xentry){
            .field = { "id", "event" },
            .value = { id, env },
            .value_len = { strlen(id), strlen(env) },
            .nfields = 2,
        };
    }
    enum status kst = kv_xadd(&r->kv, RELAY_STREAM, r->cfg->relay_stream_maxlen, e, n, &added);
    int64_t xadd_ms = (time_mono_us() - read_us) / 1000;
    if (added == 0)
        return kst;

    /* Only the rows Redis took before any failure: a row after a refused one
     * stays pending, even if Redis took it too, so none goes out before an
     * earlier row of its aggregate (it is published again: a duplicate). */
    if ((st = outbox_stamp(&r->db, &r->batch, seq_array(r, res, added))) != ST_OK)
        return pg_failed(r, st); /* still pending: published again, never lost */
    for (size_t i = 0; i < added; i++)
        record_latency(r, pg_get_i64(res, (int)i, OUTBOX_AGE_MS) + xadd_ms);
    r->published += (int64_t)added;
    *published = (int64_t)added;
    return kst;
}

enum status relay_purge(struct pg *db, struct arena *a, int retention_hours, int64_t *deleted)
{
    int64_t n;
    enum status st;

    *deleted = 0;
    do {
        if ((st = outbox_purge(db, a, retention_hours, RELAY_PURGE_BATCH, &n)) != ST_OK)
            return st;
        *deleted += n;
    } while (n == RELAY_PURGE_BATCH);
    return ST_OK;
}

static int cmp_i64(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

/* One line per RELAY_REPORT_S when rows were published or are waiting. */
static void report(struct relay *r)
{
    int64_t pending = 0, lag_ms = 0, p50 = 0, p99 = 0;

    if (outbox_backlog(&r->db, &r->batch, &pending, &lag_ms) != ST_OK) {
        lost(r);
        return;
    }
    if (r->published == 0 && pending == 0 && r->purged == 0)
        return;
    if (r->nlat > 0) {
        qsort(r->lat_ms, r->nlat, sizeof(r->lat_ms[0]), cmp_i64);
        p50 = r->lat_ms[(r->nlat - 1) / 2];
        p99 = r->lat_ms[(r->nlat - 1) * 99 / 100];
    }
    log_info("relay",
             "published=%lld pending=%lld lag_ms=%lld xadd_p50_ms=%lld xadd_p99_ms=%lld "
             "purged=%lld",
             (long long)r->published, (long long)pending, (long long)lag_ms, (long long)p50,
             (long long)p99, (long long)r->purged);
    r->published = r->purged = 0;
    r->nlat = r->lat_next = 0;
}

/* Purge and report when due (ready relays only). */
static void housekeeping(struct relay *r)
{
    int64_t now = time_mono_us(), n = 0;
    if (r->ready && now >= r->next_purge_us) {
        r->next_purge_us = now + r->cfg->relay_purge_interval_s * 1000000LL;
        enum status st = relay_purge(&r->db, &r->batch, r->cfg->outbox_retention_hours, &n);
        r->purged += n;
        if (st != ST_OK)
            pg_failed(r, st);
    }
    if (r->ready && now >= r->next_report_us) {
        r->next_report_us = now + RELAY_REPORT_S * 1000000LL;
        report(r);
    }
}

/* Sleeps ms, cut short by a signal (SIGTERM). */
static void nap(int ms)
{
    (void)poll(NULL, 0, ms);
}

static int backoff(struct relay *r)
{
    r->backoff_ms = r->backoff_ms == 0 ? RELAY_BACKOFF_MS : r->backoff_ms * 2;
    if (r->backoff_ms > RELAY_BACKOFF_MAX)
        r->backoff_ms = RELAY_BACKOFF_MAX;
    return r->backoff_ms;
}

int relay_run(struct relay *r)
{
    int delay_ms = 0;
    int64_t n;

    while (!*r->stop) {
        if (delay_ms > 0)
            nap(delay_ms);
        if (*r->stop)
            break;
        delay_ms = 0;
        arena_reset(&r->batch);
        if (!r->ready && get_ready(r) != ST_OK) {
            /* Another relay holds the lock: ask again every second. */
            delay_ms = r->waiting ? 1000 : backoff(r);
            continue;
        }
        enum status st = relay_batch(r, &n);
        housekeeping(r);
        if (st != ST_OK) {
            delay_ms = backoff(r);
            continue;
        }
        r->backoff_ms = 0;
        if (n == r->cfg->relay_batch_size || !r->ready)
            continue; /* more to send now */
        if (pg_wait_notify(&r->db, r->cfg->relay_poll_ms) == ST_UNAVAILABLE)
            lost(r);
    }
    log_info("relay_stop", "published=%lld", (long long)r->published);
    return 0;
}
