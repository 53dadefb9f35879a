#include "config.h"
#include "core/common.h"
#include "server/cache.h"
#include "core/log.h"
#include "core/timeutil.h"
#include "infra/kv.h"
#include "server/auth.h"
#include "server/cookies.h"
#include "server/metrics.h"
#include "server/router.h"
#include "server/shared.h"
#include "server/worker.h"

/* One answer this worker keeps in memory; key and body share one block. */
struct l1_entry {
    uint64_t hash;
    char *key; /* malloc'd, NULL for an empty slot */
    const char *body;
    size_t len;
    uint64_t version;
    int64_t expires; /* epoch seconds */
};

/* Worker lifetime. */
static struct l1_entry l1[CACHE_L1_SLOTS];
static size_t l1_bytes;
static bool invalidate_pending; /* a bump Redis has not heard yet */

/* Appends s percent-encoded, so '&' and '=' inside values cannot make two
 * different queries share a key. */
static void put_escaped(struct buf *b, const char *s)
{
    static const char hex[] = "0123456789ABCDEF";
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                     c == '-' || c == '.' || c == '_' || c == '~';
        if (plain) {
            buf_putc(b, (char)c);
        } else {
            buf_putc(b, '%');
            buf_putc(b, hex[c >> 4]);
            buf_putc(b, hex[c & 15]);
        }
    }
}

const char *cache_query(struct request *req)
{
    const struct route_cache *c = req->route ? req->route->cache : NULL;
    struct buf *b = buf_new_arena(req->arena, CACHE_MAX_KEY);

    buf_puts(b, "");
    for (const char *const *name = c ? c->query : NULL; name && *name; name++) {
        const char *v = request_query(req, *name);
        if (!v)
            continue;
        if (b->len)
            buf_putc(b, '&');
        put_escaped(b, *name);
        buf_putc(b, '=');
        put_escaped(b, v);
    }
    return b->failed ? NULL : b->data;
}

const char *cache_key(struct request *req)
{
    const char *q = cache_query(req);
    if (!q)
        return NULL;
    const char *key = arena_printf(req->arena, "%s%s%s", req->path, *q ? "?" : "", q);
    return strlen(key) > CACHE_MAX_KEY ? NULL : key;
}

/* Versions only grow (kv_counter), so a late writer never moves it back. */
static void publish(struct shared *sh, uint64_t version)
{
    if (!sh)
        return;
    uint64_t cur = __atomic_load_n(&sh->catalogue_version, __ATOMIC_ACQUIRE);
    while (cur < version && !__atomic_compare_exchange_n(&sh->catalogue_version, &cur, version,
                                                         false, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE))
        ;
    __atomic_store_n(&sh->catalogue_checked_us, time_mono_us(), __ATOMIC_RELEASE);
}

/* The current version: from the shared block when some worker read it
 * recently, else from Redis. 0 when Redis cannot be asked. */
static uint64_t current_version(struct worker_ctx *ctx)
{
    struct shared *sh = ctx->shared;
    int64_t v;
    if (sh && time_mono_us() - __atomic_load_n(&sh->catalogue_checked_us, __ATOMIC_ACQUIRE) <
                  CACHE_VERSION_CHECK_MS * 1000)
        return __atomic_load_n(&sh->catalogue_version, __ATOMIC_ACQUIRE);
    if (kv_counter(&ctx->kv, CACHE_VERSION_KEY, false, &v) != ST_OK || v <= 0)
        return 0;
    publish(sh, (uint64_t)v);
    return sh ? __atomic_load_n(&sh->catalogue_version, __ATOMIC_ACQUIRE) : (uint64_t)v;
}

enum status cache_invalidate(struct kv *kv, struct shared *sh)
{
    int64_t version;
    enum status st = kv_counter(kv, CACHE_VERSION_KEY, true, &version);
    invalidate_pending = st != ST_OK;
    if (st != ST_OK) {
        log_warn("cache_invalidate", "error=%s", "redis unavailable");
        return st;
    }
    publish(sh, (uint64_t)version);
    return ST_OK;
}

static uint64_t hash_key(const char *s)
{
    uint64_t h = 14695981039346656037ull;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ull;
    return h;
}

static void l1_drop(struct l1_entry *e)
{
    if (!e->key)
        return;
    l1_bytes -= strlen(e->key) + 1 + e->len;
    free(e->key);
    memset(e, 0, sizeof(*e));
}

void cache_release(void)
{
    for (size_t i = 0; i < CACHE_L1_SLOTS; i++)
        l1_drop(&l1[i]);
}

static void l1_put(const char *key, const char *body, size_t len, uint64_t version, int64_t expires)
{
    uint64_t h = hash_key(key);
    struct l1_entry *e = &l1[h % CACHE_L1_SLOTS];
    size_t klen = strlen(key), need = klen + 1 + len;
    l1_drop(e);
    if (len > CACHE_L1_MAX_ENTRY || l1_bytes + need > CACHE_L1_BYTES)
        return;
    char *mem = malloc(need);
    if (!mem)
        return;
    memcpy(mem, key, klen + 1);
    memcpy(mem + klen + 1, body, len);
    *e = (struct l1_entry){ h, mem, mem + klen + 1, len, version, expires };
    l1_bytes += need;
}

static const struct l1_entry *l1_get(const char *key, uint64_t version, int64_t now)
{
    uint64_t h = hash_key(key);
    struct l1_entry *e = &l1[h % CACHE_L1_SLOTS];
    if (!e->key || e->hash != h || strcmp(e->key, key) != 0)
        return NULL;
    if (e->version != version || e->expires <= now) {
        l1_drop(e);
        return NULL;
    }
    return e;
}

static bool hit(struct request *req, struct response *res, const char *body, size_t len)
{
    if (route_cached(req->route, CACHE_KIND_PAGE))
        reply_html(res, 200, req->ctx->cfg->cookie_secure);
    else
        reply_json(res, 200);
    buf_append(&res->body, body, len);
    response_header(res, "X-Cache", "hit");
    metrics_inc(req->ctx->metrics->cache_hits);
    return true;
}

/* A Redis entry is "<created epoch seconds>\n<body>", so the worker that
 * copies it into memory keeps it no longer than the TTL allows. */
static bool from_redis(struct request *req, const char *rkey, const char *key, uint64_t version,
                       struct response *res)
{
    char *val, *body;
    size_t len;
    int64_t now = time_now();
    if (kv_get(&req->ctx->kv, req->arena, rkey, &val, &len) != ST_OK)
        return false;
    int64_t expires = strtoll(val, &body, 10) + req->ctx->cfg->response_cache_ttl;
    if (*body != '\n' || expires <= now)
        return false;
    body++;
    len -= (size_t)(body - val);
    l1_put(key, body, len, version, expires);
    return hit(req, res, body, len);
}

bool cache_serve(struct request *req, struct response *res)
{
    struct worker_ctx *ctx = req->ctx;
    uint64_t version;

    if (!req->route->cache || req->route->auth != AUTH_PUBLIC || ctx->cfg->response_cache_ttl <= 0)
        return false;
    /* A signed-in reader's page is theirs alone: neither served nor stored,
     * whichever way they sign in (cookie or Bearer token). */
    if (route_cached(req->route, CACHE_KIND_PAGE) &&
        (cookie_get(req, AUTH_SESSION_COOKIE) || request_header(req, "HTTP_AUTHORIZATION")))
        return false;
    const char *key = cache_key(req);
    if (!key || (invalidate_pending && cache_invalidate(&ctx->kv, ctx->shared) != ST_OK) ||
        !(version = current_version(ctx))) {
        metrics_inc(ctx->metrics->cache_misses);
        response_header(res, "X-Cache", "miss");
        return false;
    }
    const struct l1_entry *e = l1_get(key, version, time_now());
    if (e)
        return hit(req, res, e->body, e->len);
    const char *rkey =
        arena_printf(req->arena, CACHE_PREFIX "%llu:%s", (unsigned long long)version, key);
    if (from_redis(req, rkey, key, version, res))
        return true;
    req->cache_key = rkey;
    req->cache_version = version;
    metrics_inc(ctx->metrics->cache_misses);
    response_header(res, "X-Cache", "miss");
    return false;
}

void cache_store(struct request *req, const struct response *res)
{
    int ttl = req->ctx->cfg->response_cache_ttl;
    int64_t now = time_now();
    if (!req->cache_key || res->status != 200 || res->error != ST_OK || res->body.failed)
        return;
    struct buf *v = buf_new_arena(req->arena, 0);
    buf_printf(v, "%lld\n", (long long)now);
    buf_append(v, res->body.data, res->body.len);
    if (kv_set(&req->ctx->kv, req->cache_key, v->data, v->len, ttl, false) != ST_OK)
        return;
    /* The key after "cache:<version>:" is the in-memory one. */
    const char *key = strchr(req->cache_key + strlen(CACHE_PREFIX), ':') + 1;
    l1_put(key, res->body.data, res->body.len, req->cache_version, now + ttl);
}
