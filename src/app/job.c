#include "config.h"
#include "core/common.h"
#include "app/job.h"
#include "app/job_store.h"
#include "core/log.h"
#include "core/timeutil.h"
#include "server/cache.h"

enum status job_lock(struct pg *db, struct arena *a, const char *name)
{
    bool locked;
    enum status st = job_store_try_lock(db, a, name, &locked);

    if (st != ST_OK)
        return st;
    if (!locked)
        return ST_CONFLICT;
    db->pinned = true; /* losing this session loses the lock: stop, don't reconnect */
    return ST_OK;
}

int job_start(struct job *j, const char *name)
{
    char err[256];

    memset(j, 0, sizeof(*j));
    j->name = name;
    j->started_us = time_mono_us();
    arena_init(&j->arena, 0);
    if (config_load(&j->cfg, err, sizeof(err)) != 0) {
        fprintf(stderr, "%s: %s\n", name, err);
        return JOB_USAGE;
    }
    kv_setup(&j->kv, &j->cfg); /* a bad URL leaves it unusable, which is logged */
    /* Batches may legitimately run longer than an API request. */
    pg_init(&j->db, j->cfg.database_url, j->cfg.pg_connect_timeout_s, 600000, name);
    enum status st = job_lock(&j->db, &j->arena, name);
    if (st == ST_CONFLICT) {
        fprintf(stderr, "%s: another %s run is in progress\n", name, name);
        return JOB_LOCKED;
    }
    if (st != ST_OK) {
        fprintf(stderr, "%s: cannot take the run lock (database %s)\n", name, status_code(st));
        return JOB_FAILED;
    }
    return JOB_OK;
}

void job_finish(struct job *j)
{
    kv_release(&j->kv);
    pg_release(&j->db);
    arena_release(&j->arena);
}

double job_seconds(const struct job *j)
{
    return (double)(time_mono_us() - j->started_us) / 1e6;
}

void job_catalogue_changed(struct job *j)
{
    cache_invalidate(&j->kv, NULL);
}
