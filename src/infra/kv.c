#include "config.h"
#include "core/common.h"
#include "infra/kv.h"
#include "core/arena.h"
#include "core/conf.h"
#include "core/log.h"
#include "core/str.h"
#include "core/timeutil.h"

#include <hiredis/hiredis.h>

/* INCR, giving a key that has no expiry one (ARGV[1] seconds, if > 0). A
 * script, so a crash between the two steps cannot leave a counter that
 * never expires. */
static const char incr_script[] =
    "local n = redis.call('INCR', KEYS[1]) "
    "if tonumber(ARGV[1]) > 0 and redis.call('TTL', KEYS[1]) < 0 then "
    "redis.call('EXPIRE', KEYS[1], ARGV[1]) end "
    "return n";

/* A counter that starts at ARGV[1] when absent; INCR'd when ARGV[2] is 1. */
static const char counter_script[] =
    "local v = redis.call('GET', KEYS[1]) "
    "if not v then redis.call('SET', KEYS[1], ARGV[1]) end "
    "if ARGV[2] == '1' then return redis.call('INCR', KEYS[1]) end "
    "return tonumber(v or ARGV[1])";

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

enum status kv_setup(struct kv *kv, const struct config *cfg)
{
    enum status st = kv_init(kv, cfg->redis_url);
    const char *list = cfg->redis_sentinels;
    if (!list || !*list)
        return st;
    memset(kv, 0, sizeof(*kv));
    if (strlen(list) >= sizeof(kv->sentinels) || !cfg->redis_master_name ||
        strlen(cfg->redis_master_name) >= sizeof(kv->master_name) || !strchr(list, ':'))
        return ST_INVALID;
    memcpy(kv->sentinels, list, strlen(list) + 1);
    memcpy(kv->master_name, cfg->redis_master_name, strlen(cfg->redis_master_name) + 1);
    return ST_OK;
}

/* One Sentinel's answer for the master's address into kv; false if none. */
static bool ask_sentinel(struct kv *kv, const char *host, int port)
{
    struct timeval tv = { 0, KV_TIMEOUT_MS * 1000 };
    redisContext *c = redisConnectWithTimeout(host, port, tv);
    redisReply *r = NULL;
    bool ok = false;
    if (c && !c->err && redisSetTimeout(c, tv) == REDIS_OK)
        r = redisCommand(c, "SENTINEL get-master-addr-by-name %s", kv->master_name);
    if (r && r->type == REDIS_REPLY_ARRAY && r->elements == 2 &&
        r->element[0]->type == REDIS_REPLY_STRING && r->element[1]->type == REDIS_REPLY_STRING &&
        r->element[0]->len < sizeof(kv->host)) {
        int64_t p;
        if (str_to_i64(r->element[1]->str, &p) == ST_OK && p > 0 && p < 65536) {
            memcpy(kv->host, r->element[0]->str, r->element[0]->len + 1);
            kv->port = (int)p;
            ok = true;
        }
    }
    if (r)
        freeReplyObject(r);
    if (c)
        redisFree(c);
    return ok;
}

/* Asks the Sentinels in turn for the master; false when none answers. */
static bool find_master(struct kv *kv)
{
    char host[256];
    const char *p = kv->sentinels;
    while (*p) {
        const char *end = strchr(p, ',');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        const char *colon = memchr(p, ':', len);
        int64_t port;
        if (colon && (size_t)(colon - p) < sizeof(host)) {
            memcpy(host, p, (size_t)(colon - p));
            host[colon - p] = '\0';
            char num[8] = { 0 };
            size_t nl = len - (size_t)(colon + 1 - p);
            memcpy(num, colon + 1, nl < sizeof(num) ? nl : sizeof(num) - 1);
            if (str_to_i64(num, &port) == ST_OK && port > 0 && port < 65536 &&
                ask_sentinel(kv, host, (int)port))
                return true;
        }
        p = end ? end + 1 : p + len;
    }
    log_warn("kv_sentinel", "master=%s error=%s", kv->master_name, "no sentinel named a master");
    return false;
}

/* ROLE says master: a server Sentinel demoted must not take writes. */
static bool is_master(redisContext *c)
{
    redisReply *r = redisCommand(c, "ROLE");
    bool ok = r && r->type == REDIS_REPLY_ARRAY && r->elements > 0 &&
              r->element[0]->type == REDIS_REPLY_STRING &&
              strcmp(r->element[0]->str, "master") == 0;
    if (r)
        freeReplyObject(r);
    return ok;
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

/* SCRIPT LOAD into sha; false on any failure. */
static bool load_script(redisContext *c, const char *script, char *sha)
{
    redisReply *r = redisCommand(c, "SCRIPT LOAD %s", script);
    bool ok = r && r->type == REDIS_REPLY_STRING && r->len == KV_SHA_LEN;
    if (ok)
        memcpy(sha, r->str, KV_SHA_LEN + 1);
    if (r)
        freeReplyObject(r);
    return ok;
}

static enum status ensure(struct kv *kv)
{
    struct timeval tv = { 0, KV_TIMEOUT_MS * 1000 };
    if (kv->ctx)
        return ST_OK;
    if ((!kv->host[0] && !kv->sentinels[0]) || time_mono_us() < kv->retry_after_us)
        return ST_UNAVAILABLE;
    if (kv->sentinels[0] && !find_master(kv)) {
        kv->retry_after_us = time_mono_us() + KV_RETRY_MS * 1000;
        return ST_UNAVAILABLE;
    }
    redisContext *c = redisConnectWithTimeout(kv->host, kv->port, tv);
    if (!c || c->err || redisSetTimeout(c, tv) != REDIS_OK || (kv->sentinels[0] && !is_master(c)) ||
        !load_script(c, incr_script, kv->sha_incr) ||
        !load_script(c, counter_script, kv->sha_counter)) {
        log_warn("kv_connect", "host=%s port=%d error=%s", kv->host, kv->port,
                 c ? "connect failed" : "out of memory");
        if (c)
            redisFree(c);
        kv->retry_after_us = time_mono_us() + KV_RETRY_MS * 1000;
        return ST_UNAVAILABLE;
    }
    kv->ctx = c;
    kv->connects++;
    return ST_OK;
}

/* Runs one command; NULL (connection dropped) if it could not. */
static redisReply *command(struct kv *kv, int argc, const char **argv, const size_t *lens)
{
    if (ensure(kv) != ST_OK)
        return NULL;
    redisReply *r = redisCommandArgv(kv->ctx, argc, argv, lens);
    if (!r) {
        log_warn("kv_lost", "command=%s error=%s", argv[0],
                 ((redisContext *)kv->ctx)->errstr[0] ? ((redisContext *)kv->ctx)->errstr
                                                      : "unknown");
        disconnect(kv);
    } else if (r->type == REDIS_REPLY_ERROR && str_starts_with(r->str, "READONLY")) {
        /* the server was demoted (a failover): the next call finds the master */
        log_warn("kv_lost", "command=%s error=%s", argv[0], "server is a replica now");
        disconnect(kv);
    }
    return r;
}

/* Maps a reply to a status (an error reply is logged), frees nothing. */
static enum status reply_status(const redisReply *r, const char *what)
{
    if (!r)
        return ST_UNAVAILABLE;
    if (r->type == REDIS_REPLY_ERROR) {
        log_error("kv_error", "command=%s error=%.120s", what, r->str);
        return ST_INTERNAL;
    }
    return ST_OK;
}

/* EVALSHA, or EVAL when the server lost the script (SCRIPT FLUSH). */
static redisReply *eval(struct kv *kv, const char *script, const char *sha, const char *key,
                        const char *arg1, const char *arg2)
{
    const char *argv[6] = { "EVALSHA", sha, "1", key, arg1, arg2 };
    int argc = arg2 ? 6 : 5;
    /* sha is filled in by the connect inside command(). */
    redisReply *r = command(kv, argc, argv, NULL);
    if (r && r->type == REDIS_REPLY_ERROR && str_starts_with(r->str, "NOSCRIPT")) {
        freeReplyObject(r);
        argv[0] = "EVAL";
        argv[1] = script;
        r = command(kv, argc, argv, NULL);
    }
    return r;
}

enum status kv_script(struct kv *kv, const char *script, int nkeys, const char *const *keys,
                      int nargs, const char *const *args, int64_t *out, size_t nout)
{
    const char *argv[3 + KV_SCRIPT_MAX];
    char n[16];
    if (nkeys < 0 || nargs < 0 || nkeys + nargs > KV_SCRIPT_MAX)
        return ST_INVALID;
    snprintf(n, sizeof(n), "%d", nkeys);
    argv[0] = "EVAL";
    argv[1] = script;
    argv[2] = n;
    for (int i = 0; i < nkeys; i++)
        argv[3 + i] = keys[i];
    for (int i = 0; i < nargs; i++)
        argv[3 + nkeys + i] = args[i];
    redisReply *r = command(kv, 3 + nkeys + nargs, argv, NULL);
    enum status st = reply_status(r, "EVAL");
    if (st == ST_OK && (r->type != REDIS_REPLY_ARRAY || r->elements < nout)) {
        log_error("kv_error", "command=EVAL error=unexpected reply type %d", r->type);
        st = ST_INTERNAL;
    }
    for (size_t i = 0; st == ST_OK && i < nout; i++) {
        if (r->element[i]->type != REDIS_REPLY_INTEGER) {
            st = ST_INTERNAL;
            break;
        }
        out[i] = r->element[i]->integer;
    }
    if (r)
        freeReplyObject(r);
    return st;
}

enum status kv_ping(struct kv *kv)
{
    const char *argv[] = { "PING" };
    redisReply *r = command(kv, 1, argv, NULL);
    bool ok = r && r->type == REDIS_REPLY_STATUS && strcmp(r->str, "PONG") == 0;
    if (r)
        freeReplyObject(r);
    if (!ok)
        disconnect(kv);
    return ok ? ST_OK : ST_UNAVAILABLE;
}

static void copy_string(struct arena *a, const redisReply *r, char **val, size_t *len)
{
    *val = arena_strndup(a, r->str, r->len);
    if (len)
        *len = r->len;
}

enum status kv_get(struct kv *kv, struct arena *a, const char *key, char **val, size_t *len)
{
    const char *argv[] = { "GET", key };
    redisReply *r = command(kv, 2, argv, NULL);
    enum status st = reply_status(r, "GET");
    if (st == ST_OK && r->type == REDIS_REPLY_STRING)
        copy_string(a, r, val, len);
    else if (st == ST_OK)
        st = ST_NOT_FOUND;
    if (r)
        freeReplyObject(r);
    return st;
}

enum status kv_set(struct kv *kv, const char *key, const char *val, size_t len, int ttl_s,
                   bool only_new)
{
    char ttl[16];
    snprintf(ttl, sizeof(ttl), "%d", ttl_s > 0 ? ttl_s : 1);
    const char *argv[] = { "SET", key, val, "EX", ttl, "NX" };
    size_t lens[] = { 3, strlen(key), len, 2, strlen(ttl), 2 };
    redisReply *r = command(kv, only_new ? 6 : 5, argv, lens);
    enum status st = reply_status(r, "SET");
    if (st == ST_OK && r->type == REDIS_REPLY_NIL)
        st = ST_CONFLICT; /* NX and the key exists */
    if (r)
        freeReplyObject(r);
    return st;
}

enum status kv_del(struct kv *kv, const char *key)
{
    const char *argv[] = { "DEL", key };
    redisReply *r = command(kv, 2, argv, NULL);
    enum status st = reply_status(r, "DEL");
    if (r)
        freeReplyObject(r);
    return st;
}

enum status kv_incr(struct kv *kv, const char *key, int window_s, int64_t *count)
{
    char w[16];
    snprintf(w, sizeof(w), "%d", window_s > 0 ? window_s : 0);
    redisReply *r = eval(kv, incr_script, kv->sha_incr, key, w, NULL);
    enum status st = reply_status(r, "INCR");
    if (st == ST_OK && r->type != REDIS_REPLY_INTEGER)
        st = ST_INTERNAL;
    if (st == ST_OK)
        *count = r->integer;
    if (r)
        freeReplyObject(r);
    return st;
}

enum status kv_ttl(struct kv *kv, const char *key, int64_t *ttl)
{
    const char *argv[] = { "TTL", key };
    redisReply *r = command(kv, 2, argv, NULL);
    enum status st = reply_status(r, "TTL");
    if (st == ST_OK && r->type != REDIS_REPLY_INTEGER)
        st = ST_INTERNAL;
    if (st == ST_OK && r->integer < 0)
        st = ST_NOT_FOUND;
    if (st == ST_OK)
        *ttl = r->integer;
    if (r)
        freeReplyObject(r);
    return st;
}

enum status kv_counter(struct kv *kv, const char *key, bool bump, int64_t *value)
{
    char start[24];
    snprintf(start, sizeof(start), "%lld", (long long)(time_now() * 1000000));
    redisReply *r = eval(kv, counter_script, kv->sha_counter, key, start, bump ? "1" : "0");
    enum status st = reply_status(r, "counter");
    if (st == ST_OK && r->type != REDIS_REPLY_INTEGER)
        st = ST_INTERNAL;
    if (st == ST_OK)
        *value = r->integer;
    if (r)
        freeReplyObject(r);
    return st;
}

/* Appends one XADD for e to the context's output buffer. */
static int append_xadd(redisContext *c, const char *key, const char *maxlen,
                       const struct kv_xentry *e)
{
    const char *argv[6 + 2 * KV_XADD_MAX_FIELDS] = { "XADD", key, "MAXLEN", "~", maxlen, "*" };
    size_t lens[6 + 2 * KV_XADD_MAX_FIELDS] = { 4, strlen(key), 6, 1, strlen(maxlen), 1 };
    int argc = 6;
    for (int i = 0; i < e->nfields && i < KV_XADD_MAX_FIELDS; i++) {
        argv[argc] = e->field[i];
        lens[argc++] = strlen(e->field[i]);
        argv[argc] = e->value[i];
        lens[argc++] = e->value_len[i];
    }
    return redisAppendCommandArgv(c, argc, argv, lens);
}

enum status kv_xadd(struct kv *kv, const char *key, long maxlen, const struct kv_xentry *e,
                    size_t n, size_t *added)
{
    char ml[24];
    enum status st = ST_OK;

    *added = 0;
    if (ensure(kv) != ST_OK)
        return ST_UNAVAILABLE;
    redisContext *c = kv->ctx;
    snprintf(ml, sizeof(ml), "%ld", maxlen);
    for (size_t i = 0; i < n; i++) {
        if (append_xadd(c, key, ml, &e[i]) != REDIS_OK) {
            disconnect(kv);
            return ST_UNAVAILABLE;
        }
    }
    /* Every reply is read, even after an error reply, so the connection
     * stays in step; only the leading run of successes counts. */
    for (size_t i = 0; i < n; i++) {
        void *reply = NULL;
        if (redisGetReply(c, &reply) != REDIS_OK || !reply) {
            log_warn("kv_lost", "command=XADD error=%s", c->errstr[0] ? c->errstr : "unknown");
            disconnect(kv);
            return ST_UNAVAILABLE;
        }
        redisReply *r = reply;
        if (r->type == REDIS_REPLY_ERROR && st == ST_OK) {
            log_error("kv_error", "command=XADD error=%.120s", r->str);
            /* demoted by a failover: the next connect asks for the master */
            st = str_starts_with(r->str, "READONLY") ? ST_UNAVAILABLE : ST_INTERNAL;
        }
        if (st == ST_OK)
            (*added)++;
        freeReplyObject(r);
    }
    if (st == ST_UNAVAILABLE)
        disconnect(kv);
    return st;
}
