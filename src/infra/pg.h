/*
 * pg.h - the Postgres connection of a worker or a job (libpq).
 *
 * Statements are declared as static `struct pg_stmt` tables by each domain
 * and prepared lazily, once per connection, on first use. Every call has a
 * deadline (statement timeout + 1 s, enforced on the client side too, so a
 * stopped server cannot hang a worker). A lost connection is re-opened on
 * the next call, at most once per PG_RETRY_MS while the server is down, so
 * requests fail fast with ST_UNAVAILABLE instead of queueing on connects.
 * Read-only statements are retried once on a fresh connection when the old
 * one turns out to be dead (a Postgres restart costs no request).
 *
 * Results are `struct pg_result` (libpq's PGresult) registered on the
 * caller's arena: never PQclear them yourself.
 */
#ifndef MQ_PG_H
#define MQ_PG_H

#include "core/common.h"
#include "core/status.h"

struct arena;
struct pg_conn;   /* libpq's PGconn */
struct pg_result; /* libpq's PGresult */

/* pg_stmt.flags */
#define PG_READONLY 1u /* safe to retry on a new connection */
/* Runs under a generic plan, made once per connection: for a statement whose
 * best plan does not depend on its parameters' values, where planning for
 * each call's values (what Postgres picks for it) costs more than running it. */
#define PG_GENERIC 2u

struct pg_stmt {
    const char *name; /* unique prepared statement name */
    const char *sql;
    int nparams;
    unsigned flags; /* PG_* */
};

#define PG_MAX_PREPARED 128
#define PG_RETRY_MS     500

struct pg {
    struct pg_conn *conn; /* NULL while disconnected */
    const char *conninfo;
    int connect_timeout_s;
    int statement_timeout_ms;
    const char *app_name;
    int64_t retry_after_us; /* no reconnect attempt before this time */
    bool in_tx;
    bool pinned;    /* session state matters (advisory lock): never reconnect */
    bool connected; /* a connection was made at least once */
    /* Set on a read replica's connection (pg_replica.h): a PG_READONLY
     * statement this connection cannot run (it is down) runs there. */
    struct pg *fallback;
    const struct pg_stmt *prepared[PG_MAX_PREPARED];
    size_t nprepared;
};

void pg_init(struct pg *db, const char *conninfo, int connect_timeout_s, int statement_timeout_ms,
             const char *app_name);
void pg_release(struct pg *db);
/* Drops the connection (after fork, or to force a reconnect). */
void pg_disconnect(struct pg *db);

/* Connects if needed. ST_OK or ST_UNAVAILABLE (always, once a pinned
 * connection was lost). */
enum status pg_ensure(struct pg *db);

/*
 * Runs a prepared statement with text parameters (NULL = SQL NULL).
 * On success *out is an arena-owned result (tuples or command). Errors:
 * ST_CONFLICT for unique violations, ST_INVALID for check/foreign-key
 * violations and bad input syntax, ST_UNAVAILABLE for a lost connection or a
 * timeout, ST_INTERNAL otherwise (logged with the SQLSTATE, never returned).
 * A write on a server that is (now) a standby (SQLSTATE 25006, after a
 * failover) drops the connection and is ST_UNAVAILABLE: the next call
 * connects again and libpq's target_session_attrs finds the new primary.
 */
enum status pg_exec(struct pg *db, struct arena *a, const struct pg_stmt *stmt,
                    const char *const *params, struct pg_result **out);

/* Runs SQL text without parameters (may hold several statements; for
 * migrations and transaction control). Result discarded. */
enum status pg_exec_sql(struct pg *db, const char *sql);

/* LISTEN channel on this connection (channel: an identifier from the code,
 * never from input). A reconnect forgets it: LISTEN again after one. */
enum status pg_listen(struct pg *db, const char *channel);

/* Waits up to timeout_ms for a notification on a LISTENing connection and
 * consumes every one queued (their payloads are not kept). ST_OK when at
 * least one arrived, ST_NOT_FOUND on timeout or when a signal interrupted
 * the wait, ST_UNAVAILABLE when the connection is lost (then dropped). */
enum status pg_wait_notify(struct pg *db, int timeout_ms);

enum status pg_begin(struct pg *db);
enum status pg_commit(struct pg *db);
void pg_rollback(struct pg *db);

/* Result access. pg_get returns NULL for SQL NULL (borrowed from res). */
int pg_nrows(const struct pg_result *res);
const char *pg_get(const struct pg_result *res, int row, int col);
bool pg_is_null(const struct pg_result *res, int row, int col);
int64_t pg_get_i64(const struct pg_result *res, int row, int col);
/* Rows affected by an INSERT/UPDATE/DELETE. */
int64_t pg_affected(const struct pg_result *res);

#endif
