#include "config.h"
#include "core/common.h"
#include "infra/kv.h"
#include "core/log.h"
#include "core/str.h"
#include "core/timeutil.h"

#include <hiredis/hiredis.h>

enum status kv_init(struct kv *kv, const char *url)
{
    memset(kv, 0, sizeof(*kv));
    if (!url || !str_starts_with(url, "redis://"))
        return ST_INVALID;
    const char *host = url + strlen("redis://");
    const char *colon = strrchr(host, ':');
    size_t hlen = colon ? (size_t)(colon - host) : strlen(host);
    int64_t port = 6379;
    if (hlen == 0 || hlen >= sizeof(kv->host))
        return ST_INVALID;
    if (colon && (str_to_i64(colon + 1, &port) != ST_OK || port < 1 || port > 65535))
        return ST_INVALID;
    memcpy(kv->host, host, hlen);
    kv->host[hlen] = '\0';
    kv->port = (int)port;
    return ST_OK;
}

static void disconnect(struct kv *kv)
{
    if (kv->ctx)
        redisFree(kv->ctx);
    kv->ctx = NULL;
}

void kv_release(struct kv *kv)
{
    disconnect(kv);
}

static enum status ensure(struct kv *kv)
{
    struct timeval tv = { 0, KV_TIMEOUT_MS * 1000 };
    if (kv->ctx)
        return ST_OK;
    if (!kv->host[0] || time_mono_us() < kv->retry_after_us)
        return ST_UNAVAILABLE;
    redisContext *c = redisConnectWithTimeout(kv->host, kv->port, tv);
    if (!c || c->err || redisSetTimeout(c, tv) != REDIS_OK) {
        log_warn("kv_connect", "host=%s port=%d error=%s", kv->host, kv->port,
                 c ? "connect failed" : "out of memory");
        if (c)
            redisFree(c);
        kv->retry_after_us = time_mono_us() + KV_RETRY_MS * 1000;
        return ST_UNAVAILABLE;
    }
    kv->ctx = c;
    return ST_OK;
}

enum status kv_ping(struct kv *kv)
{
    if (ensure(kv) != ST_OK)
        return ST_UNAVAILABLE;
    redisReply *r = redisCommand(kv->ctx, "PING");
    bool ok = r && r->type == REDIS_REPLY_STATUS && strcmp(r->str, "PONG") == 0;
    if (r)
        freeReplyObject(r);
    if (!ok)
        disconnect(kv);
    return ok ? ST_OK : ST_UNAVAILABLE;
}
