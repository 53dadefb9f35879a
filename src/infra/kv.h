/*
 * kv.h - the worker's Redis connection (hiredis), with connect and command
 * timeouts. Redis is an accelerator, never the source of truth: callers
 * treat ST_UNAVAILABLE as "carry on without it". A lost connection is
 * re-opened on a later call, at most once per KV_RETRY_MS.
 */
#ifndef MQ_KV_H
#define MQ_KV_H

#include "core/common.h"
#include "core/status.h"

#define KV_TIMEOUT_MS 200
#define KV_RETRY_MS   1000

struct kv {
    void *ctx; /* redisContext, NULL while disconnected */
    char host[256];
    int port;
    int64_t retry_after_us;
};

/* Parses redis://host:port into kv (not connected yet). ST_INVALID if url
 * is malformed. */
enum status kv_init(struct kv *kv, const char *url);
void kv_release(struct kv *kv);

/* ST_OK if Redis answers PING. */
enum status kv_ping(struct kv *kv);

#endif
