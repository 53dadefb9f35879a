#include "config.h"
#include "core/common.h"
#include "app/market/waitroom.h"
#include "app/market/tickets_store.h"
#include "core/arena.h"
#include "core/conf.h"
#include "core/log.h"
#include "core/str.h"
#include "core/timeutil.h"
#include "infra/kv.h"

#include <time.h>

/* clang-format off */
/* KEYS: line (zset user -> arrival), seen (zset user -> last ask, ms),
 * who (hash user -> address), addrs (hash address -> places), seq, rate.
 * ARGV: user, address, now ms, rate limit, place ms, places per address,
 * admitted (tickets available now).
 * Answers {verdict, position}: 0 go (no line), 1 admitted, 2 wait,
 * 3 address limit. */
static const char enter_script[] =
    "local line, seen, who, addrs, seq, rate = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5], KEYS[6]\n"
    "local user, addr, now = ARGV[1], ARGV[2], tonumber(ARGV[3])\n"
    "local limit, ttl, per_addr = tonumber(ARGV[4]), tonumber(ARGV[5]), tonumber(ARGV[6])\n"
    "local admit = tonumber(ARGV[7])\n"
    "for _, u in ipairs(redis.call('ZRANGEBYSCORE', seen, '-inf', now - ttl, 'LIMIT', 0, 200)) do\n"
    "  local a = redis.call('HGET', who, u)\n"
    "  if a and redis.call('HINCRBY', addrs, a, -1) <= 0 then redis.call('HDEL', addrs, a) end\n"
    "  redis.call('HDEL', who, u) redis.call('ZREM', line, u) redis.call('ZREM', seen, u)\n"
    "end\n"
    "local n = redis.call('INCR', rate)\n"
    "if n == 1 then redis.call('PEXPIRE', rate, 1000) end\n"
    "local r = redis.call('ZRANK', line, user)\n"
    "if not r then\n"
    "  if redis.call('ZCARD', line) == 0 and n <= limit then return {0, 0} end\n"
    "  if tonumber(redis.call('HGET', addrs, addr) or '0') >= per_addr then return {3, 0} end\n"
    "  redis.call('ZADD', line, redis.call('INCR', seq), user)\n"
    "  redis.call('HSET', who, user, addr)\n"
    "  redis.call('HINCRBY', addrs, addr, 1)\n"
    "  r = redis.call('ZRANK', line, user)\n"
    "end\n"
    "redis.call('ZADD', seen, now, user)\n"
    "for i = 1, 5 do redis.call('PEXPIRE', KEYS[i], 2 * ttl) end\n"
    "if r < admit then return {1, r + 1} end\n"
    "return {2, r + 1}\n";

/* KEYS: line, seen, who, addrs. ARGV: user. */
static const char leave_script[] =
    "local a = redis.call('HGET', KEYS[3], ARGV[1])\n"
    "if a and redis.call('HINCRBY', KEYS[4], a, -1) <= 0 then redis.call('HDEL', KEYS[4], a) end\n"
    "redis.call('HDEL', KEYS[3], ARGV[1])\n"
    "redis.call('ZREM', KEYS[1], ARGV[1])\n"
    "return {redis.call('ZREM', KEYS[2], ARGV[1])}\n";
/* clang-format on */

enum { K_LINE, K_SEEN, K_WHO, K_ADDRS, K_SEQ, K_RATE, K_COUNT };

/* The session's keys, in one Redis Cluster slot ({session}). */
static void keys_for(struct arena *a, const char *session, const char *keys[K_COUNT])
{
    static const char *const names[K_COUNT] = { "line", "seen", "who", "addrs", "seq", "rate" };
    for (int i = 0; i < K_COUNT; i++)
        keys[i] = arena_printf(a, "wr:{%s}:%s", session, names[i]);
}

static int64_t wall_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* How long a buyer at position waits before asking again: soon near the
 * front, less often further back, always well inside the place's life. */
static int retry_after(const struct config *cfg, int64_t position)
{
    int64_t s = 1 + position / 200, most = cfg->waiting_room_place_s / 3;
    return (int)(s < most ? s : most);
}

/* The line in Redis; a Redis failure lets the buyer go. */
static void line_verdict(struct kv *kv, struct arena *a, const struct config *cfg,
                         const char *buyer, const char *addr, struct waitroom_answer *out)
{
    const char *keys[K_COUNT];
    keys_for(a, out->session, keys);
    const char *args[] = {
        buyer,
        addr && *addr ? addr : "-",
        arena_printf(a, "%lld", (long long)wall_ms()),
        arena_printf(a, "%d", cfg->waiting_room_rate),
        arena_printf(a, "%lld", (long long)cfg->waiting_room_place_s * 1000),
        arena_printf(a, "%d", cfg->waiting_room_per_address),
        arena_printf(a, "%lld", (long long)out->available),
    };
    int64_t r[2];
    if (kv_script(kv, enter_script, K_COUNT, keys, (int)MQ_ARRAY_LEN(args), args, r, 2) != ST_OK) {
        out->verdict = WR_GO;
        return;
    }
    out->position = r[1];
    switch (r[0]) {
    case 0:
    case 1:
        out->verdict = WR_GO;
        break;
    case 2:
        out->verdict = WR_WAIT;
        out->retry_after_s = retry_after(cfg, r[1]);
        break;
    default:
        out->verdict = WR_ADDR_LIMIT;
        out->retry_after_s = cfg->waiting_room_place_s;
        break;
    }
}

enum status waitroom_enter(struct pg *db, struct kv *kv, struct arena *a, const struct config *cfg,
                           const char *ticket, const char *buyer, const char *addr,
                           struct waitroom_answer *out)
{
    struct session_stock s;
    memset(out, 0, sizeof(*out));
    out->verdict = WR_GO;
    if (cfg->waiting_room_rate == 0)
        return ST_OK;
    enum status st = tickets_session_stock(db, a, ticket, &s);
    if (st == ST_NOT_FOUND) {
        out->verdict = WR_NO_TICKET;
        return ST_OK;
    }
    if (st != ST_OK)
        return st;
    out->session = s.session;
    out->available = s.available;
    int64_t first_end = s.first_end_s;
    if (out->available == 0 && s.held == 0) {
        out->verdict = WR_SOLD_OUT;
        waitroom_leave(kv, a, out->session, buyer);
        return ST_OK;
    }
    line_verdict(kv, a, cfg, buyer, addr, out);
    /* No line and nothing to try for: when to come back, not a doomed try. */
    if (out->verdict == WR_GO && out->position == 0 && out->available == 0) {
        out->verdict = WR_ALL_HELD;
        out->retry_after_s = first_end > 0 ? (int)first_end : 1;
    }
    return ST_OK;
}

void waitroom_leave(struct kv *kv, struct arena *a, const char *session, const char *buyer)
{
    const char *keys[K_COUNT];
    int64_t removed;
    keys_for(a, session, keys);
    if (kv_script(kv, leave_script, 4, keys, 1, (const char *[]){ buyer }, &removed, 1) != ST_OK)
        log_warn("waitroom", "event=leave_failed session=%s", session);
}
