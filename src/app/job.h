/*
 * job.h - what every cron executable does around its work: load the
 * configuration, connect, and take the run lock so two runs never overlap.
 *
 * The lock is a session-level Postgres advisory lock on hashtext(name): it
 * is released when the connection closes, so a killed run never leaves it
 * behind. Once held, the connection is pinned (pg.h): if it is lost, every
 * later call fails instead of reconnecting without the lock, and the job
 * stops.
 */
#ifndef MQ_JOB_H
#define MQ_JOB_H

#include "core/common.h"
#include "core/arena.h"
#include "core/conf.h"
#include "core/status.h"
#include "infra/kv.h"
#include "infra/pg.h"

/* Exit statuses shared by the jobs. */
enum { JOB_OK = 0, JOB_FAILED = 1, JOB_USAGE = 2, JOB_LOCKED = 3 };

struct job {
    const char *name; /* also the lock name and the log prefix */
    struct config cfg;
    struct pg db;
    struct kv kv;       /* for job_catalogue_changed */
    struct arena arena; /* job lifetime */
    int64_t started_us;
};

/* Loads the configuration, connects and takes the lock named j->name.
 * Returns JOB_OK, or the exit status to return after a message on stderr
 * (then call job_finish all the same). */
int job_start(struct job *j, const char *name);
void job_finish(struct job *j);
/* Seconds since job_start. */
double job_seconds(const struct job *j);

/* After committing a change to what the API's cached pages show: bumps the
 * catalogue version (server/cache.h) so every cached answer is stale at
 * once. A Redis that cannot be reached is logged, not fatal: the cached
 * answers then expire within RESPONSE_CACHE_TTL. */
void job_catalogue_changed(struct job *j);

/* ST_OK once the lock is held, ST_CONFLICT if another session holds it,
 * or the database's status. */
enum status job_lock(struct pg *db, struct arena *a, const char *name);

#endif
