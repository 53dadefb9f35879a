#include "config.h"
#include "core/common.h"
#include "server/ratelimit.h"
#include "core/timeutil.h"
#include "infra/kv.h"
#include "server/worker.h"

void ratelimit_init(struct ratelimit *rl)
{
    memset(rl, 0, sizeof(*rl));
}

static uint64_t hash_key(const char *s)
{
    uint64_t h = 14695981039346656037ull;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ull;
    return h;
}

static struct ratelimit_counter *local_get(struct request *req, const char *key, int64_t now)
{
    uint64_t h = hash_key(key);
    struct ratelimit_counter *c = &req->ctx->ratelimit.local[h % RATELIMIT_LOCAL_SLOTS];
    if (c->hash != h || c->reset_at <= now) {
        c->hash = h;
        c->count = 0;
        c->reset_at = now + RATELIMIT_WINDOW;
    }
    return c;
}

/* The two counter keys: rl:<account> and rl:ip:<address>. */
static void keys(struct request *req, const char *account, const char **kacct, const char **kip)
{
    *kacct = arena_printf(req->arena, "rl:%s", account);
    *kip = arena_printf(req->arena, "rl:ip:%s", req->remote_addr ? req->remote_addr : "");
}

/* Seconds until key's window ends if it is full, else 0; *down when Redis
 * did not answer. */
static int64_t full_for(struct request *req, const char *key, bool *down)
{
    struct kv *kv = &req->ctx->kv;
    int64_t now = time_now(), ttl = RATELIMIT_WINDOW;
    char *v;

    if (!*down) {
        enum status st = kv_get(kv, req->arena, key, &v, NULL);
        if (st == ST_NOT_FOUND)
            return 0;
        if (st == ST_OK) {
            if (strtoll(v, NULL, 10) < RATELIMIT_MAX_FAILURES)
                return 0;
            st = kv_ttl(kv, key, &ttl);
            return st == ST_OK ? ttl : st == ST_NOT_FOUND ? 0 : RATELIMIT_WINDOW;
        }
        *down = true;
    }
    struct ratelimit_counter *c = local_get(req, key, now);
    return c->count >= RATELIMIT_MAX_FAILURES ? c->reset_at - now : 0;
}

int64_t ratelimit_login_wait(struct request *req, const char *account)
{
    const char *kacct, *kip;
    bool down = false;

    keys(req, account, &kacct, &kip);
    int64_t wait = full_for(req, kacct, &down);
    if (wait == 0)
        wait = full_for(req, kip, &down);
    return wait == 0 ? 0 : wait > 0 ? wait : 1;
}

int ratelimit_reply(struct response *res, int64_t wait)
{
    char secs[24];
    snprintf(secs, sizeof(secs), "%lld", (long long)wait);
    response_header(res, "Retry-After", secs);
    return reply_error(res, ST_RATE_LIMITED, NULL,
                       "too many failed sign-ins; try again in %s seconds", secs);
}

static void count(struct request *req, const char *key)
{
    int64_t n;
    if (kv_incr(&req->ctx->kv, key, RATELIMIT_WINDOW, &n) != ST_OK)
        local_get(req, key, time_now())->count++;
}

void ratelimit_login_failed(struct request *req, const char *account)
{
    const char *kacct, *kip;
    keys(req, account, &kacct, &kip);
    count(req, kacct);
    count(req, kip);
}

void ratelimit_login_succeeded(struct request *req, const char *account)
{
    const char *kacct, *kip;
    keys(req, account, &kacct, &kip);
    if (kv_del(&req->ctx->kv, kacct) != ST_OK)
        local_get(req, kacct, time_now())->count = 0;
}
