/*
 * marquee-relay: publishes the marketplace outbox to the Redis stream
 * marquee:events (app/market/relay.h). A daemon: runs until SIGTERM or
 * SIGINT, then finishes the batch under way and exits 0. Configuration
 * comes from the environment (core/conf.h, RELAY_*).
 */
#include "config.h"
#include "core/common.h"
#include "app/market/relay.h"
#include "core/conf.h"
#include "core/log.h"
#include "infra/kv.h"

#include <signal.h>

#define PROG "marquee-relay"

static volatile sig_atomic_t stop;

static void on_stop(int sig)
{
    MQ_UNUSED(sig);
    stop = 1;
}

int main(int argc, char **argv)
{
    struct config cfg;
    struct relay r;
    struct kv kv;
    char err[256];

    if (argc > 1) {
        fprintf(stderr, "usage: %s (configured by environment variables)\n", argv[0]);
        return 2;
    }
    if (config_load(&cfg, err, sizeof(err)) != 0) {
        fprintf(stderr, PROG ": %s\n", err);
        return 2;
    }
    if (kv_setup(&kv, &cfg) != ST_OK) {
        fprintf(stderr, PROG ": REDIS_URL must look like redis://host:port, REDIS_SENTINELS like "
                             "host:port,host:port\n");
        return 2;
    }
    /* No SA_RESTART: the signal cuts a wait short, the loop then stops. */
    struct sigaction sa = { .sa_handler = on_stop };
    sigemptyset(&sa.sa_mask);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);
    signal(SIGPIPE, SIG_IGN); /* a Redis that went away is an error return, not a death */
    log_info("relay_start", "stream=%s batch=%d maxlen=%d poll_ms=%d retention_hours=%d",
             RELAY_STREAM, cfg.relay_batch_size, cfg.relay_stream_maxlen, cfg.relay_poll_ms,
             cfg.outbox_retention_hours);
    relay_init(&r, &cfg, &stop);
    int rc = relay_run(&r);
    relay_release(&r);
    return rc;
}
