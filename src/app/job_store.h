/*
 * job_store.h - the jobs' run lock (job.h).
 */
#ifndef MQ_JOB_STORE_H
#define MQ_JOB_STORE_H

#include "core/common.h"
#include "core/status.h"

struct arena;
struct pg;

/* Tries the session-level advisory lock named name; *locked: taken. */
enum status job_store_try_lock(struct pg *db, struct arena *a, const char *name, bool *locked);

#endif
