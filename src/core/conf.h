/*
 * conf.h - every setting, parsed from the environment in one place.
 *
 * config_load reads the variables in the table in conf.c; an invalid
 * value is a start-up error naming the variable and the value. Secrets are
 * held here and never logged (config_log prints them as "set"/"unset").
 */
#ifndef MQ_CONF_H
#define MQ_CONF_H

#include "core/common.h"

struct config {
    /* storage */
    const char *database_url;      /* may list several hosts (target_session_attrs) */
    const char *database_read_url; /* optional replica for catalogue and search reads */
    int read_max_lag_ms;           /* a replica further behind is bypassed */
    int pg_connect_timeout_s;
    int pg_statement_timeout_ms;
    const char *redis_url;
    const char *redis_sentinels;   /* "host:port,...": find the master through Sentinel */
    const char *redis_master_name; /* the master's name in Sentinel */
    /* api server */
    const char *fcgi_socket;
    int workers; /* 0 = CPU count, resolved by config_load */
    int max_requests;
    int log_level;
    /* accounts */
    const char *jwt_secret; /* secret; marquee-api requires >= 32 bytes */
    int cookie_secure;      /* 1: cookies only over HTTPS */
    int session_ttl_s;
    int response_cache_ttl; /* seconds; 0 disables the response cache */
    /* nginx's cache of anonymous public answers (nginx/marquee.conf): how
     * long an answer is fresh there (0: nginx caches nothing), and how long
     * past that it may still be served while the app or Postgres fails */
    int edge_cache_s;
    int edge_stale_s;
    /* the site's address as readers reach it, no trailing slash: canonical
     * URLs and Open Graph tags (never taken from the Host header, which a
     * client chooses and cached pages would keep) */
    const char *public_url;
    /* integration */
    const char *ticketmaster_url;
    const char *ticketmaster_api_key; /* secret */
    int ticketmaster_rps;             /* requests per second; 0 = no limit (local mirrors) */
    int ticketmaster_timeout_ms;      /* whole request */
    int ticketmaster_connect_timeout_ms;
    int ticketmaster_retry_base_ms; /* first backoff; doubles per retry */
    const char *imgbb_api_key;      /* secret */
    const char *imgbb_url;          /* base URL; tests point it at a local server */
    int imgbb_timeout_ms;           /* per upload: imgBB fetches the image meanwhile */
    const char *elasticsearch_url;
    const char *qdrant_url;
    int search_timeout_ms;          /* Elasticsearch and Qdrant, per API request */
    const char *embeddings_kind;    /* builtin, openai or hf (validated by config_load) */
    const char *embeddings_url;     /* required for openai and hf */
    const char *embeddings_model;   /* recorded with every vector */
    const char *embeddings_api_key; /* secret */
    int embeddings_batch;           /* texts per request */
    int embeddings_timeout_ms;
    int sync_batch_size;
    /* marketplace */
    int order_hold_s;              /* how long an order holds its ticket */
    int max_active_holds;          /* tickets one user may hold at once */
    int waiting_room_rate;         /* order attempts a second on one session that open its
                                      waiting room; 0 = never */
    int waiting_room_place_s;      /* a place not asked about for this long is given up */
    int waiting_room_per_address;  /* places in one session's line per client address */
    const char *payment_provider;  /* test or stripe (validated by config_load) */
    const char *stripe_secret_key; /* secret; required with stripe */
    const char *stripe_url;        /* base URL; tests point it at a local server */
    int stripe_timeout_ms;         /* per Stripe request */
    int outbox_retention_hours;    /* sent outbox rows are purged after this */
    /* marquee-relay */
    int relay_stream_maxlen;    /* XADD MAXLEN ~ of marquee:events */
    int relay_batch_size;       /* outbox rows per batch (one pipeline) */
    int relay_poll_ms;          /* looks for pending rows this often when idle */
    int relay_purge_interval_s; /* how often sent rows past the retention are purged */
};

/* Fills c from the environment. On error writes a message naming the
 * variable into err and returns -1. Strings are borrowed from environ. */
int config_load(struct config *c, char *err, size_t errlen);

/* Logs the effective configuration, secrets as "set"/"unset". */
void config_log(const struct config *c);

#endif
