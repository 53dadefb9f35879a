/*
 * master.h - the marquee-api master process: binds the FastCGI socket,
 * pre-forks cfg->workers workers and supervises them.
 *
 *   worker dies       -> respawned (throttled to one per second per slot when
 *                        workers die right after starting)
 *   worker recycles   -> respawned (exit 0 after MAX_REQUESTS)
 *   SIGHUP            -> every worker is replaced: fresh workers start at
 *                        once, old ones finish their current request and exit
 *   SIGTERM / SIGINT  -> workers drain (finish the request in hand) and exit;
 *                        after 10 s stragglers are killed; the socket is removed
 */
#ifndef MQ_MASTER_H
#define MQ_MASTER_H

#include "core/conf.h"

struct worker_app;

/* Runs until SIGTERM; returns the process exit status. app: the routes,
 * counters and hooks every worker runs with (server/worker.h). */
int master_run(const struct config *cfg, const struct worker_app *app);

#endif
