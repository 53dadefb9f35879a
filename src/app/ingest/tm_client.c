#include "config.h"
#include "core/common.h"
#include "app/ingest/tm_client.h"
#include "core/arena.h"
#include "core/buf.h"
#include "core/conf.h"
#include "core/log.h"
#include "core/timeutil.h"

#include <errno.h>
#include <time.h>
#include <unistd.h>

void tm_client_init(struct tm_client *c, const struct config *cfg)
{
    memset(c, 0, sizeof(*c));
    http_client_init(&c->http);
    c->base_url = cfg->ticketmaster_url;
    c->api_key = cfg->ticketmaster_api_key;
    c->rps = cfg->ticketmaster_rps;
    c->connect_timeout_ms = cfg->ticketmaster_connect_timeout_ms;
    c->timeout_ms = cfg->ticketmaster_timeout_ms;
    c->retry_base_ms = cfg->ticketmaster_retry_base_ms;
    c->rng = (uint64_t)time_mono_us() ^ ((uint64_t)getpid() << 32) ^ 0x9e3779b97f4a7c15ULL;
}

void tm_client_release(struct tm_client *c)
{
    http_client_release(&c->http);
}

static uint64_t next_rand(struct tm_client *c)
{
    /* xorshift64*: jitter only, nothing secret */
    c->rng ^= c->rng >> 12;
    c->rng ^= c->rng << 25;
    c->rng ^= c->rng >> 27;
    return c->rng * 0x2545f4914f6cdd1dULL;
}

static void sleep_us(int64_t us)
{
    struct timespec ts = { (time_t)(us / 1000000), (long)(us % 1000000) * 1000 };

    while (us > 0 && nanosleep(&ts, &ts) != 0 && errno == EINTR)
        ;
}

int64_t tm_pace_gap_us(int rps)
{
    if (rps <= 0)
        return 0;
    /* 1/rps plus 5 % and 20 ms: at 3/s, 370 ms, so any rps+1 requests
     * span at least 1.11 s and arrive more than 100 ms of jitter apart */
    return (1050000 + rps - 1) / rps + 20000;
}

int64_t tm_pace_next_us(int64_t start_us, int64_t sent_after_us, int rps)
{
    return rps > 0 ? start_us + sent_after_us + tm_pace_gap_us(rps) : 0;
}

/* Waits for the rate limiter: the earliest start c->next_us that the
 * previous request set (pace). */
static void throttle(struct tm_client *c)
{
    int64_t now = time_mono_us();

    if (c->rps > 0 && c->next_us > now)
        sleep_us(c->next_us - now);
}

/* After a try: the next may start a gap after this one went out. The
 * Ticketmaster gateway counts requests as they arrive, not as we start
 * them: a connect or a busy machine between our start and the send would
 * otherwise bring two arrivals closer than 1/rps. */
static void pace(struct tm_client *c, int64_t start_us, const struct http_result *r)
{
    c->next_us = tm_pace_next_us(start_us, (int64_t)(r->sent_seconds * 1e6), c->rps);
}

static bool unreserved(unsigned char ch)
{
    return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
           ch == '-' || ch == '_' || ch == '.' || ch == '~';
}

void tm_query_add(struct buf *b, const char *key, const char *value)
{
    static const char hex[] = "0123456789ABCDEF";

    buf_printf(b, "%s%s=", b->len ? "&" : "", key);
    for (const unsigned char *p = (const unsigned char *)value; *p; p++) {
        if (unreserved(*p)) {
            buf_putc(b, (char)*p);
        } else {
            char esc[3] = { '%', hex[*p >> 4], hex[*p & 15] };
            buf_append(b, esc, 3);
        }
    }
}

const char *tm_reset_text(struct arena *a, int64_t reset_ms)
{
    char iso[TIME_ISO_LEN];

    if (reset_ms <= 0)
        return "an unknown time (the quota resets 24 h after the first call of the day)";
    int64_t left = reset_ms / 1000 - time_now();
    time_format_iso(reset_ms / 1000, iso);
    if (left < 0)
        left = 0;
    return arena_printf(a, "%s (in %lldh%02lldm)", iso, (long long)(left / 3600),
                        (long long)(left % 3600 / 60));
}

/* One try: the answer's classification, with the body of a 2xx in *body. */
static enum tm_error try_once(struct tm_client *c, struct arena *a, const char *url,
                              const char *log_url, struct buf **body)
{
    struct http_req req = { .method = "GET",
                            .url = url,
                            .connect_timeout_ms = c->connect_timeout_ms,
                            .timeout_ms = c->timeout_ms,
                            .max_body = TM_MAX_BODY };
    struct http_result r;
    const char *code = NULL;
    char q[192];

    throttle(c);
    c->requests++;
    int64_t start_us = time_mono_us();
    enum status st = http_do(&c->http, a, &req, &r);
    pace(c, start_us, &r);
    if (st != ST_OK) {
        log_warn("tm_no_answer", "url=%s error=%s", log_url, log_quote(q, sizeof(q), r.error));
        return TM_TRANSPORT;
    }
    enum tm_error e = tm_classify(a, r.status, r.body->data, r.body->len, &code);
    if (e == TM_OK) {
        *body = r.body;
        return TM_OK;
    }
    if (e == TM_QUOTA &&
        !tm_parse_reset(http_result_header(a, &r, "Rate-Limit-Reset"), &c->reset_ms))
        c->reset_ms = 0;
    log_warn("tm_error", "url=%s status=%ld error=%s code=%s", log_url, r.status, tm_error_name(e),
             log_quote(q, sizeof(q), code ? code : "none"));
    return e;
}

static enum status status_of(enum tm_error e)
{
    switch (e) {
    case TM_OK:
        return ST_OK;
    case TM_INVALID_KEY:
        return ST_UNAUTH;
    case TM_QUOTA:
        return ST_RATE_LIMITED;
    case TM_BAD_REQUEST:
    case TM_NOT_FOUND:
        return ST_INVALID;
    default:
        return ST_UPSTREAM;
    }
}

enum status tm_get(struct tm_client *c, struct arena *a, const char *path, const char *query,
                   struct buf **body)
{
    struct buf *key = buf_new_arena(a, 0);
    enum tm_error e = TM_OTHER;

    tm_query_add(key, "apikey", c->api_key ? c->api_key : "");
    const char *url =
        arena_printf(a, "%s%s?%s%s%s", c->base_url, path, query, *query ? "&" : "", key->data);
    const char *log_url = http_url_for_log(a, url);
    *body = NULL;
    for (int attempt = 1; attempt <= TM_MAX_TRIES; attempt++) {
        e = try_once(c, a, url, log_url, body);
        if (!tm_retryable(e) || attempt == TM_MAX_TRIES)
            break;
        int64_t ms = tm_backoff_ms(attempt, c->retry_base_ms, TM_BACKOFF_CAP_MS, next_rand(c));
        log_info("tm_retry", "url=%s try=%d error=%s wait_ms=%lld", log_url, attempt + 1,
                 tm_error_name(e), (long long)ms);
        c->retries++;
        sleep_us(ms * 1000);
    }
    c->last_error = e;
    if (e != TM_OK && tm_retryable(e))
        log_error("tm_gave_up", "url=%s tries=%d error=%s", log_url, TM_MAX_TRIES,
                  tm_error_name(e));
    return status_of(e);
}
