#include "config.h"
#include "core/common.h"
#include "server/metrics.h"
#include "server/router.h"

#include <sys/mman.h>

static const int statuses[METRICS_STATUSES - 1] = { 200, 201, 204, 400, 401, 402, 403, 404,
                                                    405, 409, 413, 415, 429, 500, 503 };
static const char *const bucket_le[METRICS_BUCKETS] = { "0.0005", "0.001", "0.0025", "0.005",
                                                        "0.01",   "0.025", "0.05",   "0.1",
                                                        "0.25",   "0.5",   "1",      "+Inf" };
static const int64_t bucket_us[METRICS_BUCKETS - 1] = { 500,    1000,   2500,   5000,
                                                        10000,  25000,  50000,  100000,
                                                        250000, 500000, 1000000 };

static size_t metrics_size(int nroutes)
{
    return sizeof(struct metrics) +
           (size_t)(nroutes + 1) * METRICS_STATUSES * sizeof(struct metrics_cell);
}

struct metrics *metrics_create(int nroutes)
{
    void *p = mmap(NULL, metrics_size(nroutes), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS,
                   -1, 0);
    if (p == MAP_FAILED)
        return NULL;
    struct metrics *m = p; /* mmap memory is zeroed */
    m->nroutes = nroutes;
    return m;
}

void metrics_free(struct metrics *m)
{
    if (m)
        munmap(m, metrics_size(m->nroutes));
}

void metrics_register(struct metrics *m, const struct metrics_counter *table)
{
    for (; table->name && m->ncounters < METRICS_MAX_COUNTERS; table++)
        m->counter_defs[m->ncounters++] = table;
}

static int counter_slot(const struct metrics *m, const struct metrics_counter *c)
{
    for (int i = 0; m && i < m->ncounters; i++) {
        if (m->counter_defs[i] == c)
            return i;
    }
    return -1;
}

void metrics_count(struct metrics *m, const struct metrics_counter *c)
{
    int i = counter_slot(m, c);
    if (i >= 0)
        metrics_inc(m->counters[i]);
}

uint64_t metrics_value(const struct metrics *m, const struct metrics_counter *c)
{
    int i = counter_slot(m, c);
    return i >= 0 ? __atomic_load_n(&m->counters[i], __ATOMIC_RELAXED) : 0;
}

static int status_slot(int status)
{
    for (int i = 0; i < METRICS_STATUSES - 1; i++) {
        if (statuses[i] == status)
            return i;
    }
    return METRICS_STATUSES - 1;
}

void metrics_observe(struct metrics *m, int route_index, int status, int64_t us)
{
    int r = route_index < 0 || route_index >= m->nroutes ? m->nroutes : route_index;
    struct metrics_cell *c = &m->cells[r * METRICS_STATUSES + status_slot(status)];
    int b = 0;
    while (b < METRICS_BUCKETS - 1 && us > bucket_us[b])
        b++;
    metrics_inc(c->count);
    __atomic_fetch_add(&c->sum_us, (uint64_t)(us > 0 ? us : 0), __ATOMIC_RELAXED);
    metrics_inc(c->buckets[b]);
}

static const struct route *route_at(const struct route *const *tables, int index)
{
    int i = 0;
    for (; *tables; tables++) {
        for (const struct route *t = *tables; t->method; t++, i++) {
            if (i == index)
                return t;
        }
    }
    return NULL;
}

static void render_cell(const struct metrics_cell *c, const char *labels, struct buf *b)
{
    uint64_t cum = 0;
    for (int k = 0; k < METRICS_BUCKETS; k++) {
        cum += c->buckets[k];
        buf_printf(b, "marquee_http_request_duration_seconds_bucket{%s,le=\"%s\"} %llu\n", labels,
                   bucket_le[k], (unsigned long long)cum);
    }
    buf_printf(b, "marquee_http_request_duration_seconds_sum{%s} %.6f\n", labels,
               (double)c->sum_us / 1e6);
    buf_printf(b, "marquee_http_request_duration_seconds_count{%s} %llu\n", labels,
               (unsigned long long)c->count);
}

static void render_requests(const struct metrics *m, const struct route *const *tables,
                            struct buf *b)
{
    char labels[256];
    buf_puts(b, "# HELP marquee_http_request_duration_seconds Request latency by route and "
                "status.\n# TYPE marquee_http_request_duration_seconds histogram\n");
    for (int r = 0; r <= m->nroutes; r++) {
        for (int s = 0; s < METRICS_STATUSES; s++) {
            const struct metrics_cell *c = &m->cells[r * METRICS_STATUSES + s];
            if (!c->count)
                continue;
            char status[8] = "other";
            if (s < METRICS_STATUSES - 1)
                snprintf(status, sizeof(status), "%d", statuses[s]);
            const struct route *rt = route_at(tables, r);
            snprintf(labels, sizeof(labels), "method=\"%s\",route=\"%s\",status=\"%s\"",
                     rt ? rt->method : "any", rt ? rt->pattern : "unmatched", status);
            render_cell(c, labels, b);
        }
    }
}

static void render_counter(struct buf *b, const char *name, const char *help, uint64_t v)
{
    buf_printf(b, "# HELP %s %s\n# TYPE %s counter\n%s %llu\n", name, help, name, name,
               (unsigned long long)v);
}

void metrics_render(const struct metrics *m, const struct route *const *tables, struct buf *b)
{
    render_requests(m, tables, b);
    render_counter(b, "marquee_worker_starts_total", "Workers started.", m->worker_starts);
    render_counter(b, "marquee_worker_restarts_total", "Workers respawned after dying.",
                   m->worker_restarts);
    render_counter(b, "marquee_worker_recycles_total", "Workers recycled after MAX_REQUESTS.",
                   m->worker_recycles);
    render_counter(b, "marquee_pg_unavailable_total", "Requests refused for want of Postgres.",
                   m->pg_unavailable);
    render_counter(b, "marquee_cache_hits_total", "Response cache hits.", m->cache_hits);
    render_counter(b, "marquee_cache_misses_total", "Response cache misses.", m->cache_misses);
    for (int i = 0; i < m->ncounters; i++)
        render_counter(b, m->counter_defs[i]->name, m->counter_defs[i]->help,
                       __atomic_load_n(&m->counters[i], __ATOMIC_RELAXED));
    render_counter(b, "marquee_revocations_missed_total",
                   "Logouts recorded while Redis was unreachable.", m->revocations_missed);
}
