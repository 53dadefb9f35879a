/*
 * pg_replica.h - an optional streaming replica for reads that may be a
 * little behind (DATABASE_READ_URL): the catalogue and search. Whatever
 * decides money or availability (orders, payments, listings, sign-in,
 * revocation) reads the primary and never comes here.
 *
 * A worker asks pg_replica_pick which connection to read from. The replica
 * is checked at most every PG_REPLICA_CHECK_MS: it is used while it
 * answers and its replay is at most max_lag_ms behind what it received;
 * otherwise reads go to the primary until a later check finds it fit
 * again. A read that finds the replica gone between two checks runs on the
 * primary at once (pg.fallback), so stopping the replica costs no request.
 */
#ifndef MQ_PG_REPLICA_H
#define MQ_PG_REPLICA_H

#include "core/common.h"
#include "infra/pg.h"

struct arena;

#define PG_REPLICA_CHECK_MS 1000

enum pg_replica_state {
    PG_REPLICA_NONE,    /* not configured: reads go to the primary */
    PG_REPLICA_OK,      /* reads go to the replica */
    PG_REPLICA_LAGGING, /* behind by more than max_lag_ms: bypassed */
    PG_REPLICA_DOWN,    /* unreachable: bypassed */
};

struct pg_replica {
    struct pg db;       /* the replica's connection (db.fallback = primary) */
    struct pg *primary; /* borrowed */
    int max_lag_ms;
    int64_t next_check_us;
    enum pg_replica_state state;
    int64_t lag_ms; /* at the last check; -1 when unknown */
};

/* conninfo NULL or empty: no replica (state PG_REPLICA_NONE). */
void pg_replica_init(struct pg_replica *r, struct pg *primary, const char *conninfo,
                     int connect_timeout_s, int statement_timeout_ms, int max_lag_ms,
                     const char *app_name);
void pg_replica_release(struct pg_replica *r);

/* The connection for catalogue reads (borrowed): the replica or the
 * primary, as described above; checks the replica when due. */
struct pg *pg_replica_pick(struct pg_replica *r, struct arena *a);

/* Checks the replica now (pg_replica_pick does when due). */
enum pg_replica_state pg_replica_check(struct pg_replica *r, struct arena *a);

/* "none", "ok", "lagging", "unavailable". */
const char *pg_replica_state_name(enum pg_replica_state s);

#endif
