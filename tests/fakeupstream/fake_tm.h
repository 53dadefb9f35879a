/*
 * fake_tm.h - marquee-fake-tm, a stand-in for the Ticketmaster Discovery
 * API on loopback, for the integration tests and bench/ingest.sh. No
 * internet needed.
 *
 * It serves GET /discovery/v2/events.json (page, size, startDateTime,
 * endDateTime honoured; sorted by start) over generated events (the
 * project's deterministic generator) and/or the events of recorded pages,
 * GET /discovery/v2/classifications.json, and GET /_fake/stats. It answers
 * like the real API where the notes document it: 401 for a wrong key, 400
 * DIS1035 for (page+1)*size > 1000 (counted as a cap violation), 400
 * DIS1036 for size > 200, 400 DIS1015 for a bad date; and it injects faults
 * on a schedule (fake_tm_faults.c). See usage() in fake_tm.c for the flags.
 *
 *   fake_tm.c         options, start-up, the accept loop
 *   fake_tm_http.c    HTTP/1.1 with keep-alive, one thread per connection
 *   fake_tm_data.c    the events: loading, the time index, pages
 *   fake_tm_faults.c  the fault schedule, rate/quota limits, the request log
 */
#ifndef MQ_FAKE_TM_H
#define MQ_FAKE_TM_H

#include "core/common.h"

#include <pthread.h>

struct buf;

/* ---- faults ---- */

enum fault_kind {
    FAULT_NONE,
    FAULT_500,      /* 500 with a JSON body */
    FAULT_SPIKE,    /* 429 SpikeArrestViolation */
    FAULT_QUOTA,    /* 429 QuotaViolation with Rate-Limit-Reset */
    FAULT_401,      /* 401 InvalidApiKey */
    FAULT_SLOW,     /* answer after --slow-ms */
    FAULT_DROP,     /* close the connection without answering */
    FAULT_TRUNCATE, /* full Content-Length, half the body, close */
    FAULT_BADJSON,  /* 200 with half the body (consistent length) */
    FAULT_BADUTF8,  /* 200, the first event's name with an invalid byte */
    NFAULTS,
};

struct fault_rule {
    enum fault_kind kind;
    int64_t at;    /* request number (1-based), 0 = see every */
    int64_t every; /* every Nth request, 0 = see at; both 0 = every request */
};

#define MAX_RULES 16

/* ---- the server ---- */

struct event_ref {
    int64_t t; /* dates.start.dateTime, epoch seconds */
    int64_t off;
    uint32_t len;
    char id[40];
};

struct fake {
    /* options */
    const char *api_key; /* NULL: any key */
    int slow_ms;
    int rps;       /* 0: no limit */
    int64_t quota; /* 0: no quota */
    struct fault_rule rules[MAX_RULES];
    size_t nrules;
    /* data */
    struct event_ref *events; /* sorted by (t, id) */
    size_t nevents;
    int64_t undated;
    int data_fd;
    char *classifications;
    size_t classifications_len;
    const char *err_401, *err_quota, *err_spike, *err_1035, *err_1036, *err_1015, *err_404;
    /* state, under mu */
    pthread_mutex_t mu;
    int64_t requests, cap_violations, max_depth, refused;
    int64_t window_us[128]; /* start times of the last requests (rps) */
    FILE *log;
};

/* One parsed request. */
struct fake_req {
    char path[256];
    char apikey[256];
    int64_t page, size;
    char start[32], end[32];
    bool has_page, has_size;
};

/* fake_tm_data.c */
int fake_load_generated(struct fake *f, uint64_t seed, int events, int64_t start, int days,
                        const char *work_dir);
int fake_load_pages(struct fake *f, const char *path);
int fake_finish_index(struct fake *f, int64_t max_events);
int fake_load_errors(struct fake *f, const char *fixtures_dir);
/* Writes the events page for r into body; the HTTP status. */
int fake_events_page(struct fake *f, const struct fake_req *r, struct buf *body, bool badutf8,
                     char *bad_id, size_t bad_id_len);
int fake_classifications(struct fake *f, const struct fake_req *r, struct buf *body);

/* fake_tm_faults.c */
int fake_parse_rule(const char *spec, struct fault_rule *out);
/* Numbers the request and decides its fault (under f->mu). */
enum fault_kind fake_admit(struct fake *f, int64_t *n, bool *over_rps, bool *over_quota);
const char *fake_fault_name(enum fault_kind k);
void fake_log(struct fake *f, int64_t n, const struct fake_req *r, int status, const char *fault,
              const char *extra);
void fake_note_depth(struct fake *f, const struct fake_req *r, bool violation);

/* fake_tm_http.c */
void *fake_serve_conn(void *arg); /* arg: struct conn * (malloc'd, freed) */
struct conn {
    struct fake *f;
    int fd;
};

#endif
