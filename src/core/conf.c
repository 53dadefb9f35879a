#include "config.h"
#include "core/common.h"
#include "core/conf.h"
#include "core/log.h"
#include "core/str.h"

#include <unistd.h>

enum conf_type { CONF_STR, CONF_INT, CONF_LEVEL };

struct conf_var {
    const char *name;
    enum conf_type type;
    size_t offset;
    const char *def; /* NULL: unset by default */
    int64_t min, max;
    bool secret;
};

#define S(field) offsetof(struct config, field)

/* The one table of settings: name, type, default and range. */
static const struct conf_var conf_vars[] = {
    { "DATABASE_URL", CONF_STR, S(database_url), "dbname=marquee", 0, 0, true },
    { "DATABASE_READ_URL", CONF_STR, S(database_read_url), NULL, 0, 0, true },
    { "READ_MAX_LAG_MS", CONF_INT, S(read_max_lag_ms), "1000", 0, 3600000, false },
    { "PG_CONNECT_TIMEOUT", CONF_INT, S(pg_connect_timeout_s), "2", 1, 60, false },
    { "PG_STATEMENT_TIMEOUT_MS", CONF_INT, S(pg_statement_timeout_ms), "5000", 10, 600000, false },
    { "REDIS_URL", CONF_STR, S(redis_url), "redis://127.0.0.1:6379", 0, 0, true },
    { "REDIS_SENTINELS", CONF_STR, S(redis_sentinels), NULL, 0, 0, false },
    { "REDIS_MASTER_NAME", CONF_STR, S(redis_master_name), "marquee", 0, 0, false },
    { "FCGI_SOCKET", CONF_STR, S(fcgi_socket), "var/run/marquee-api.sock", 0, 0, false },
    { "WORKERS", CONF_INT, S(workers), "0", 0, 256, false },
    { "MAX_REQUESTS", CONF_INT, S(max_requests), "0", 0, 1000000000, false },
    { "LOG_LEVEL", CONF_LEVEL, S(log_level), "info", 0, 0, false },
    { "JWT_SECRET", CONF_STR, S(jwt_secret), NULL, 0, 0, true },
    { "COOKIE_SECURE", CONF_INT, S(cookie_secure), "0", 0, 1, false },
    { "SESSION_TTL_SECONDS", CONF_INT, S(session_ttl_s), "604800", 60, 31536000, false },
    { "PUBLIC_URL", CONF_STR, S(public_url), "http://127.0.0.1:8080", 0, 0, false },
    { "RESPONSE_CACHE_TTL", CONF_INT, S(response_cache_ttl), "30", 0, 86400, false },
    { "EDGE_CACHE_SECONDS", CONF_INT, S(edge_cache_s), "1", 0, 60, false },
    { "EDGE_STALE_SECONDS", CONF_INT, S(edge_stale_s), "300", 0, 86400, false },
    { "TICKETMASTER_URL", CONF_STR, S(ticketmaster_url), "https://app.ticketmaster.com", 0, 0,
      false },
    { "TICKETMASTER_API_KEY", CONF_STR, S(ticketmaster_api_key), NULL, 0, 0, true },
    { "TICKETMASTER_RPS", CONF_INT, S(ticketmaster_rps), "4", 0, 100, false },
    { "TICKETMASTER_TIMEOUT_MS", CONF_INT, S(ticketmaster_timeout_ms), "30000", 100, 600000,
      false },
    { "TICKETMASTER_CONNECT_TIMEOUT_MS", CONF_INT, S(ticketmaster_connect_timeout_ms), "5000", 100,
      60000, false },
    { "TICKETMASTER_RETRY_BASE_MS", CONF_INT, S(ticketmaster_retry_base_ms), "500", 1, 60000,
      false },
    { "IMGBB_API_KEY", CONF_STR, S(imgbb_api_key), NULL, 0, 0, true },
    { "IMGBB_URL", CONF_STR, S(imgbb_url), "https://api.imgbb.com", 0, 0, false },
    { "IMGBB_TIMEOUT_MS", CONF_INT, S(imgbb_timeout_ms), "15000", 100, 120000, false },
    { "ELASTICSEARCH_URL", CONF_STR, S(elasticsearch_url), NULL, 0, 0, false },
    { "QDRANT_URL", CONF_STR, S(qdrant_url), NULL, 0, 0, false },
    { "SEARCH_TIMEOUT_MS", CONF_INT, S(search_timeout_ms), "1000", 50, 60000, false },
    { "EMBEDDINGS_KIND", CONF_STR, S(embeddings_kind), "builtin", 0, 0, false },
    { "EMBEDDINGS_URL", CONF_STR, S(embeddings_url), NULL, 0, 0, false },
    { "EMBEDDINGS_MODEL", CONF_STR, S(embeddings_model), NULL, 0, 0, false },
    { "EMBEDDINGS_API_KEY", CONF_STR, S(embeddings_api_key), NULL, 0, 0, true },
    { "EMBEDDINGS_BATCH", CONF_INT, S(embeddings_batch), "32", 1, 512, false },
    { "EMBEDDINGS_TIMEOUT_MS", CONF_INT, S(embeddings_timeout_ms), "10000", 100, 300000, false },
    { "SYNC_BATCH_SIZE", CONF_INT, S(sync_batch_size), "1000", 1, 100000, false },
    { "ORDER_HOLD_SECONDS", CONF_INT, S(order_hold_s), "900", 1, 86400, false },
    { "MAX_ACTIVE_HOLDS", CONF_INT, S(max_active_holds), "4", 1, 1000, false },
    { "WAITING_ROOM_RATE", CONF_INT, S(waiting_room_rate), "0", 0, 1000000, false },
    { "WAITING_ROOM_PLACE_SECONDS", CONF_INT, S(waiting_room_place_s), "30", 5, 3600, false },
    { "WAITING_ROOM_PER_ADDRESS", CONF_INT, S(waiting_room_per_address), "4", 1, 1000000, false },
    { "PAYMENT_PROVIDER", CONF_STR, S(payment_provider), "test", 0, 0, false },
    { "STRIPE_SECRET_KEY", CONF_STR, S(stripe_secret_key), NULL, 0, 0, true },
    { "STRIPE_URL", CONF_STR, S(stripe_url), "https://api.stripe.com", 0, 0, false },
    { "STRIPE_TIMEOUT_MS", CONF_INT, S(stripe_timeout_ms), "10000", 100, 120000, false },
    { "OUTBOX_RETENTION_HOURS", CONF_INT, S(outbox_retention_hours), "72", 1, 8760, false },
    { "RELAY_STREAM_MAXLEN", CONF_INT, S(relay_stream_maxlen), "1000000", 1000, 1000000000, false },
    { "RELAY_BATCH_SIZE", CONF_INT, S(relay_batch_size), "500", 1, 10000, false },
    { "RELAY_POLL_MS", CONF_INT, S(relay_poll_ms), "20", 5, 60000, false },
    { "RELAY_PURGE_INTERVAL_SECONDS", CONF_INT, S(relay_purge_interval_s), "60", 1, 86400, false },
};

static int set_var(struct config *c, const struct conf_var *v, const char *val, char *err,
                   size_t errlen)
{
    char *field = (char *)c + v->offset;
    int64_t n;

    switch (v->type) {
    case CONF_STR:
        *(const char **)field = (val && *val) ? val : NULL;
        return 0;
    case CONF_INT:
        if (str_to_i64(val, &n) != ST_OK || n < v->min || n > v->max) {
            snprintf(err, errlen, "%s must be an integer between %lld and %lld, got '%.64s'",
                     v->name, (long long)v->min, (long long)v->max, val);
            return -1;
        }
        *(int *)field = (int)n;
        return 0;
    case CONF_LEVEL:
        if ((n = log_level_parse(val)) < 0) {
            snprintf(err, errlen, "%s must be debug, info, warn or error, got '%.64s'", v->name,
                     val);
            return -1;
        }
        *(int *)field = (int)n;
        return 0;
    }
    return -1;
}

/* Settings that only make sense together (embeddings, payments). */
static int check_combinations(const struct config *c, char *err, size_t errlen)
{
    const char *p = c->payment_provider;
    if (strcmp(p, "test") != 0 && strcmp(p, "stripe") != 0) {
        snprintf(err, errlen, "PAYMENT_PROVIDER must be test or stripe, got '%.64s'", p);
        return -1;
    }
    if (strcmp(p, "stripe") == 0 && !c->stripe_secret_key) {
        snprintf(err, errlen, "STRIPE_SECRET_KEY is required with PAYMENT_PROVIDER=stripe");
        return -1;
    }
    const char *k = c->embeddings_kind;
    if (strcmp(k, "builtin") != 0 && strcmp(k, "openai") != 0 && strcmp(k, "hf") != 0) {
        snprintf(err, errlen, "EMBEDDINGS_KIND must be builtin, openai or hf, got '%.64s'", k);
        return -1;
    }
    if (strcmp(k, "builtin") != 0 && !c->embeddings_url) {
        snprintf(err, errlen, "EMBEDDINGS_URL is required with EMBEDDINGS_KIND=%s", k);
        return -1;
    }
    return 0;
}

int config_load(struct config *c, char *err, size_t errlen)
{
    memset(c, 0, sizeof(*c));
    for (size_t i = 0; i < MQ_ARRAY_LEN(conf_vars); i++) {
        const struct conf_var *v = &conf_vars[i];
        const char *val = getenv(v->name);
        if (!val || !*val)
            val = v->def;
        if (!val)
            continue;
        if (set_var(c, v, val, err, errlen) < 0)
            return -1;
    }
    if (c->workers == 0) {
        long n = sysconf(_SC_NPROCESSORS_ONLN);
        c->workers = n > 0 ? (int)n : 1;
    }
    if (check_combinations(c, err, errlen) < 0)
        return -1;
    log_set_level((enum log_level)c->log_level);
    return 0;
}

void config_log(const struct config *c)
{
    char line[4096];
    size_t n = 0;

    for (size_t i = 0; i < MQ_ARRAY_LEN(conf_vars) && n < sizeof(line); i++) {
        const struct conf_var *v = &conf_vars[i];
        const char *field = (const char *)c + v->offset;
        char q[256];
        int w;
        if (v->type != CONF_STR) {
            w = snprintf(line + n, sizeof(line) - n, "%s=%d ", v->name, *(const int *)field);
        } else {
            const char *val = *(const char *const *)field;
            if (v->secret)
                val = val ? "set" : "unset";
            w = snprintf(line + n, sizeof(line) - n, "%s=%s ", v->name,
                         log_quote(q, sizeof(q), val ? val : "unset"));
        }
        if (w > 0)
            n += (size_t)w;
    }
    log_info("config", "%s", line);
}
