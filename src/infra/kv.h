/*
 * kv.h - the worker's Redis connection (hiredis), with connect and command
 * timeouts. Redis is an accelerator, never the source of truth: callers
 * treat ST_UNAVAILABLE as "carry on without it". A command that fails or
 * times out drops the connection; the next call reconnects at once, but
 * after a failed connect no attempt is made for KV_RETRY_MS, so a stopped
 * Redis costs requests one refused connect per second, not one each.
 *
 * Values returned are arena copies, NUL-terminated (binary-safe with len).
 */
#ifndef MQ_KV_H
#define MQ_KV_H

#include "core/common.h"
#include "core/status.h"

struct arena;
struct config;

#define KV_TIMEOUT_MS 200
#define KV_RETRY_MS   1000
#define KV_SHA_LEN    40

struct kv {
    void *ctx; /* redisContext, NULL while disconnected */
    char host[256];
    int port;
    /* REDIS_SENTINELS ("host:port,host:port,...") and REDIS_MASTER_NAME:
     * when set, host and port are asked of the Sentinels at every connect. */
    char sentinels[512];
    char master_name[64];
    int64_t retry_after_us;
    uint64_t connects; /* successful connects so far: a change means a new connection */
    char sha_incr[KV_SHA_LEN + 1], sha_counter[KV_SHA_LEN + 1]; /* loaded scripts */
};

/* Parses redis://host:port into kv (not connected yet). ST_INVALID if url
 * is malformed. */
enum status kv_init(struct kv *kv, const char *url);
/*
 * kv_init from the configuration: REDIS_URL, or with REDIS_SENTINELS the
 * master that the Sentinels name for REDIS_MASTER_NAME. Each connect asks
 * the Sentinels in turn (KV_TIMEOUT_MS each) and checks that the server
 * is a master (ROLE): after a failover the next connect finds the new one.
 * A connection that gets READONLY (its server became a replica) is
 * dropped. ST_INVALID when a URL or the Sentinel list is malformed.
 */
enum status kv_setup(struct kv *kv, const struct config *cfg);
void kv_release(struct kv *kv);

/* ST_OK if Redis answers PING. */
enum status kv_ping(struct kv *kv);

/* GET key: ST_NOT_FOUND when absent. */
enum status kv_get(struct kv *kv, struct arena *a, const char *key, char **val, size_t *len);

/* SET key val EX ttl_s (ttl_s > 0), with NX when only_new: then
 * ST_CONFLICT if the key exists. */
enum status kv_set(struct kv *kv, const char *key, const char *val, size_t len, int ttl_s,
                   bool only_new);

enum status kv_del(struct kv *kv, const char *key);

/* INCR key; when window_s > 0 a key without an expiry gets one of window_s
 * seconds in the same atomic step (a fixed window that cannot be left
 * behind without a TTL). */
enum status kv_incr(struct kv *kv, const char *key, int window_s, int64_t *count);

/* Seconds until key expires; ST_NOT_FOUND if it is absent or has no TTL. */
enum status kv_ttl(struct kv *kv, const char *key, int64_t *ttl);

/* A version counter: its value, INCR'd first when bump. A missing key
 * starts at the current time in microseconds, so the counter keeps growing
 * across a Redis restart that lost it (unless bumped a million times a
 * second). */
enum status kv_counter(struct kv *kv, const char *key, bool bump, int64_t *value);

/* EVAL script with nkeys keys and nargs arguments (at most KV_SCRIPT_MAX
 * in all) whose answer is an array of integers: the first nout of them into
 * out. ST_INTERNAL for an error reply or another shape (logged),
 * ST_UNAVAILABLE when Redis cannot be reached. The script's text is sent
 * with every call (Redis keeps it compiled by its hash): domain scripts are
 * short and this keeps a single path that survives SCRIPT FLUSH. */
#define KV_SCRIPT_MAX 16
enum status kv_script(struct kv *kv, const char *script, int nkeys, const char *const *keys,
                      int nargs, const char *const *args, int64_t *out, size_t nout);

/* One stream entry for kv_xadd: field/value pairs (values binary-safe). */
#define KV_XADD_MAX_FIELDS 4
struct kv_xentry {
    const char *field[KV_XADD_MAX_FIELDS];
    const char *value[KV_XADD_MAX_FIELDS];
    size_t value_len[KV_XADD_MAX_FIELDS];
    int nfields;
};

/* XADD key MAXLEN ~ maxlen * <fields> for each of the n entries, in order,
 * in one pipeline (one round trip). *added is the number of leading
 * entries Redis took before the first one it refused or the connection
 * failed: an entry after a refused one may have been added as well (a
 * pipeline cannot be stopped half-way), the caller treats it as not sent.
 * ST_OK when all n were added, ST_INTERNAL after an error reply (logged),
 * ST_UNAVAILABLE when the connection failed or the server is a replica
 * (READONLY: demoted by a failover), then dropped. */
enum status kv_xadd(struct kv *kv, const char *key, long maxlen, const struct kv_xentry *e,
                    size_t n, size_t *added);

#endif
