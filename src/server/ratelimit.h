/*
 * ratelimit.h - failed sign-ins per account and per client address
 * (spec/API.md: more than 5 failures for one login or one address in 15
 * minutes -> 429 with Retry-After).
 *
 * The caller names the account after looking the login up: "user:<id>"
 * for an existing account, whatever spelling of its email or username was
 * sent (issue 14: the same login in other Unicode case counted apart), or
 * "login:<login>" (ASCII lower-cased) for one that matches no account.
 * Counters are Redis keys rl:<account> and rl:ip:<address>, fixed
 * windows of RATELIMIT_WINDOW seconds that start at the first failure.
 * Degraded mode, with Redis unavailable: each worker counts in its own
 * memory instead (same limit, same window), so the limit holds per worker
 * rather than per site: up to WORKERS x 5 failures per window, and counts
 * start again from zero when Redis goes away or comes back.
 */
#ifndef MQ_RATELIMIT_H
#define MQ_RATELIMIT_H

#include "core/common.h"
#include "server/request.h"
#include "server/response.h"

#define RATELIMIT_MAX_FAILURES 5
#define RATELIMIT_WINDOW       900 /* seconds */
#define RATELIMIT_LOCAL_SLOTS  1024

/* Degraded mode: a worker's own counters, by hash of the key (worker
 * lifetime, in its worker_ctx). A collision only merges two counters,
 * which errs on the strict side. */
struct ratelimit_counter {
    uint64_t hash;
    int count;
    int64_t reset_at;
};

struct ratelimit {
    struct ratelimit_counter local[RATELIMIT_LOCAL_SLOTS];
};

/* Empty counters (all zero is empty too). Nothing to release. */
void ratelimit_init(struct ratelimit *rl);

/* Before checking a password: the seconds until the account or the client
 * address may try again, 0 when neither has RATELIMIT_MAX_FAILURES
 * failures already. */
int64_t ratelimit_login_wait(struct request *req, const char *account);

/* The 429 reply (with Retry-After) for a wait ratelimit_login_wait gave;
 * returns -1. */
int ratelimit_reply(struct response *res, int64_t wait);

/* Counts a failed attempt against both. */
void ratelimit_login_failed(struct request *req, const char *account);

/* A successful sign-in clears the account's count (not the address's). */
void ratelimit_login_succeeded(struct request *req, const char *account);

#endif
