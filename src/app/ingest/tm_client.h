/*
 * tm_client.h - the Ticketmaster Discovery API client (through infra/http).
 *
 * One client per job. Every request goes through a rate limiter (at most
 * TICKETMASTER_RPS starts per second), has connect and total timeouts, and
 * is retried with exponential backoff and jitter when the answer is
 * retryable (tm_retry.h), at most TM_MAX_TRIES tries. The API key travels
 * in the query string, so URLs are only ever logged through
 * http_url_for_log, and the key is never written anywhere else.
 */
#ifndef MQ_TM_CLIENT_H
#define MQ_TM_CLIENT_H

#include "core/common.h"
#include "core/status.h"
#include "app/ingest/tm_retry.h"
#include "infra/http.h"

struct arena;
struct buf;
struct config;

/* The exit status of a job stopped by the daily quota (cron may simply
 * try again after the reset). */
#define TM_EXIT_QUOTA 4

#define TM_MAX_BODY (64u << 20)

struct tm_client {
    struct http_client http;
    const char *base_url; /* borrowed */
    const char *api_key;  /* borrowed; secret */
    int rps;              /* 0: no limit */
    long connect_timeout_ms, timeout_ms;
    int64_t retry_base_ms;
    int64_t next_us; /* the rate limiter: earliest start of the next request */
    uint64_t rng;    /* jitter */
    /* counters, for the summary */
    int64_t requests, retries;
    /* set when a call fails for good */
    enum tm_error last_error;
    int64_t reset_ms; /* TM_QUOTA: Rate-Limit-Reset (epoch ms), 0 if unknown */
};

/* Borrows the strings of cfg, which must outlive the client. */
void tm_client_init(struct tm_client *c, const struct config *cfg);
void tm_client_release(struct tm_client *c);

/*
 * GETs base_url + path + "?" + query + "&apikey=KEY" (query: already
 * encoded, see tm_query_add) and returns the 2xx body in *body (arena,
 * NUL-terminated). Failures are logged (never with the key) and leave
 * c->last_error: ST_UNAUTH (invalid key), ST_RATE_LIMITED (quota; see
 * c->reset_ms), ST_INVALID (the API refused the request: 400/404),
 * ST_UPSTREAM (retries exhausted or another status).
 */
enum status tm_get(struct tm_client *c, struct arena *a, const char *path, const char *query,
                   struct buf **body);

/* The least time between two requests sent at rps (> 0) per second, in
 * microseconds: 1/rps with a margin, so that no second at the API's end
 * holds more than rps of them although the network and the machine delay
 * each by some tens of ms. Requests are spaced by it from when each was
 * sent. */
int64_t tm_pace_gap_us(int rps);
/* The earliest start of the next request after one started at start_us
 * and sent sent_after_us later (0 when rps <= 0: no limit). */
int64_t tm_pace_next_us(int64_t start_us, int64_t sent_after_us, int rps);

/* Appends "&key=value" (no "&" when b is empty), value percent-encoded. */
void tm_query_add(struct buf *b, const char *key, const char *value);

/* "2031-01-01T00:00:00Z (in 3h05m)", or "an unknown time" for reset 0. */
const char *tm_reset_text(struct arena *a, int64_t reset_ms);

#endif
