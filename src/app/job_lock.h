/*
 * job_lock.h - keeping two runs of a job from overlapping.
 *
 * A session-level Postgres advisory lock on hashtext(name): it is released
 * when the job's connection closes, so a killed run never leaves it behind.
 * Once held, the connection is pinned (pg.h): if it is lost, every later
 * call fails instead of reconnecting without the lock, and the job stops.
 */
#ifndef MQ_JOB_LOCK_H
#define MQ_JOB_LOCK_H

#include "core/common.h"
#include "core/status.h"

struct arena;
struct pg;

/* ST_OK once held, ST_CONFLICT if another session holds it, or the
 * database's status (ST_UNAVAILABLE, ...). The result lives on a. */
enum status job_lock(struct pg *db, struct arena *a, const char *name);

#endif
