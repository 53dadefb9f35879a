/*
 * tm_retry.h - what a Ticketmaster answer means and when to ask again.
 *
 * The API has two error shapes (notes §5): gateway faults
 * {"fault":{"faultstring","detail":{"errorcode"}}} for 401 and 429, and
 * Discovery errors {"errors":[{"code":"DIS####","detail","status"}]} for
 * 400 and 404. Retryable: 5xx, no answer at all (refused, reset, timed out,
 * truncated) and 429 SpikeArrestViolation (the per-second throttle). Not
 * retryable: 429 QuotaViolation (the daily quota: stop until
 * Rate-Limit-Reset), 401 (the key), 400/404 (the request itself).
 */
#ifndef MQ_TM_RETRY_H
#define MQ_TM_RETRY_H

#include "core/common.h"

struct arena;

#define TM_MAX_TRIES      5
#define TM_BACKOFF_CAP_MS 30000

enum tm_error {
    TM_OK = 0,      /* 2xx */
    TM_INVALID_KEY, /* 401, or oauth.v2.InvalidApiKey */
    TM_QUOTA,       /* 429 policies.ratelimit.QuotaViolation */
    TM_SPIKE,       /* 429 SpikeArrestViolation, or a 429 of unknown shape */
    TM_SERVER,      /* 5xx */
    TM_TRANSPORT,   /* no HTTP answer: refused, dropped, timed out, cut short */
    TM_BAD_REQUEST, /* 400 (DIS1035 paging depth, DIS1015 date format...) */
    TM_NOT_FOUND,   /* 404 */
    TM_OTHER,       /* any other status */
};

/* Classifies an answer (status 0 = no answer). *code, when code is not
 * NULL, gets the API's error code (errorcode or DIS code) or NULL; it is
 * arena memory or borrowed from the tree parsed on a. */
enum tm_error tm_classify(struct arena *a, long status, const char *body, size_t len,
                          const char **code);

bool tm_retryable(enum tm_error e);

/* Short name for logs: "invalid_key", "quota", "spike_arrest", ... */
const char *tm_error_name(enum tm_error e);

/*
 * Delay before try attempt+1 (attempt >= 1 tries made): exponential from
 * base_ms (base, 2 base, 4 base, ...) capped at cap_ms, with "equal
 * jitter": half of it fixed, the other half drawn from rnd, so clients
 * that failed together do not come back together.
 */
int64_t tm_backoff_ms(int attempt, int64_t base_ms, int64_t cap_ms, uint64_t rnd);

/* Parses a Rate-Limit-Reset value (UTC epoch milliseconds). */
bool tm_parse_reset(const char *value, int64_t *epoch_ms);

#endif
