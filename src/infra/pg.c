#include "config.h"
#include "core/common.h"
#include "infra/pg.h"
#include "core/arena.h"
#include "core/log.h"
#include "core/timeutil.h"

#include <errno.h>
#include <libpq-fe.h>
#include <poll.h>

void pg_init(struct pg *db, const char *conninfo, int connect_timeout_s, int statement_timeout_ms,
             const char *app_name)
{
    memset(db, 0, sizeof(*db));
    db->conninfo = conninfo;
    db->connect_timeout_s = connect_timeout_s;
    db->statement_timeout_ms = statement_timeout_ms;
    db->app_name = app_name;
}

void pg_disconnect(struct pg *db)
{
    if (db->conn)
        PQfinish(db->conn);
    db->conn = NULL;
    db->nprepared = 0;
    db->in_tx = false;
}

void pg_release(struct pg *db)
{
    pg_disconnect(db);
}

static void notice_to_log(void *arg, const char *msg)
{
    MQ_UNUSED(arg);
    MQ_UNUSED(msg); /* NOTICEs (e.g. "already exists, skipping") are not errors */
}

enum status pg_ensure(struct pg *db)
{
    char timeout[16], options[128];

    if (db->conn && PQstatus(db->conn) == CONNECTION_OK)
        return ST_OK;
    pg_disconnect(db);
    if (time_mono_us() < db->retry_after_us || (db->pinned && db->connected))
        return ST_UNAVAILABLE;

    snprintf(timeout, sizeof(timeout), "%d", db->connect_timeout_s);
    /* JIT compilation costs more than it saves on short OLTP statements.
     * Seq scans always start at the first block, so "the first N matches"
     * of a LIMIT without ORDER BY is the same set for every request
     * (search_store.c pages through such a set). */
    snprintf(options, sizeof(options),
             "-c statement_timeout=%d -c TimeZone=UTC -c jit=off -c synchronize_seqscans=off",
             db->statement_timeout_ms);
    const char *keys[] = { "dbname", "connect_timeout", "options", "application_name", NULL };
    const char *vals[] = { db->conninfo, timeout, options, db->app_name, NULL };
    /* expand_dbname: DATABASE_URL may be a URI or a keyword string; the
     * keywords after it override its timeout and options. */
    db->conn = PQconnectdbParams(keys, vals, 1);
    if (!db->conn || PQstatus(db->conn) != CONNECTION_OK) {
        const char *msg = db->conn ? PQerrorMessage(db->conn) : "out of memory";
        char q[256];
        log_warn("pg_connect", "error=%s", log_quote(q, sizeof(q), msg));
        pg_disconnect(db);
        db->retry_after_us = time_mono_us() + PG_RETRY_MS * 1000;
        return ST_UNAVAILABLE;
    }
    db->connected = true;
    PQsetNoticeProcessor(db->conn, notice_to_log, NULL);
    /* Non-blocking so every send and receive honours the deadline. */
    PQsetnonblocking(db->conn, 1);
    return ST_OK;
}

static void clear_cb(void *res)
{
    PQclear(res);
}

/* Waits for the connection's socket until the deadline; false on timeout. */
static bool wait_socket(PGconn *conn, int events, int64_t deadline_us)
{
    struct pollfd pfd = { .fd = PQsocket(conn), .events = (short)events };
    for (;;) {
        int64_t left_ms = (deadline_us - time_mono_us()) / 1000;
        if (left_ms <= 0)
            return false;
        int n = poll(&pfd, 1, (int)left_ms);
        if (n > 0)
            return true;
        if (n < 0 && errno != EINTR)
            return false;
    }
}

/* Collects the last result of the query sent on conn, within the deadline. */
static PGresult *await_result(PGconn *conn, int64_t deadline_us)
{
    PGresult *last = NULL, *r;
    for (;;) {
        while (PQisBusy(conn)) {
            if (!wait_socket(conn, POLLIN, deadline_us) || !PQconsumeInput(conn)) {
                PQclear(last);
                return NULL;
            }
        }
        r = PQgetResult(conn);
        if (!r)
            return last;
        PQclear(last);
        last = r;
    }
}

static bool flush_query(PGconn *conn, int64_t deadline_us)
{
    int rc;
    while ((rc = PQflush(conn)) == 1) {
        if (!wait_socket(conn, POLLOUT | POLLIN, deadline_us))
            return false;
        PQconsumeInput(conn);
    }
    return rc == 0;
}

static int64_t deadline(const struct pg *db)
{
    return time_mono_us() + ((int64_t)db->statement_timeout_ms + 1000) * 1000;
}

static enum status map_error(PGresult *res, const char *what)
{
    const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
    const char *msg = res ? PQresultErrorMessage(res) : "no result";
    char q[512];

    if (state && strcmp(state, "23505") == 0)
        return ST_CONFLICT;
    if (state && (strcmp(state, "23503") == 0 || strcmp(state, "23514") == 0 ||
                  strncmp(state, "22", 2) == 0))
        return ST_INVALID;
    log_error("pg_error", "stmt=%s sqlstate=%s error=%s", what, state ? state : "none",
              log_quote(q, sizeof(q), msg));
    if (state && (strcmp(state, "57014") == 0 || strncmp(state, "08", 2) == 0 ||
                  strncmp(state, "57P", 3) == 0))
        return ST_UNAVAILABLE;
    return ST_INTERNAL;
}

static bool is_prepared(const struct pg *db, const struct pg_stmt *stmt)
{
    for (size_t i = 0; i < db->nprepared; i++) {
        if (db->prepared[i] == stmt)
            return true;
    }
    return false;
}

static PGresult *run_sync(struct pg *db, bool prepare, const struct pg_stmt *stmt,
                          const char *const *params)
{
    int64_t dl = deadline(db);
    int ok = prepare
                 ? PQsendPrepare(db->conn, stmt->name, stmt->sql, stmt->nparams, NULL)
                 : PQsendQueryPrepared(db->conn, stmt->name, stmt->nparams, params, NULL, NULL, 0);
    if (!ok || !flush_query(db->conn, dl))
        return NULL;
    return await_result(db->conn, dl);
}

/* stmt under a generic plan: SET, execute, RESET, in one pipeline (one
 * round trip). An error aborts the pipeline and its implicit transaction,
 * which undoes the SET as well. NULL when the connection failed (the
 * caller drops it, mid-pipeline or not). */
static PGresult *run_generic(struct pg *db, const struct pg_stmt *stmt, const char *const *params)
{
    PGconn *c = db->conn;
    int64_t dl = deadline(db);
    if (!PQenterPipelineMode(c))
        return NULL;
    if (!PQsendQueryParams(c, "SET plan_cache_mode = force_generic_plan", 0, NULL, NULL, NULL, NULL,
                           0) ||
        !PQsendQueryPrepared(c, stmt->name, stmt->nparams, params, NULL, NULL, 0) ||
        !PQsendQueryParams(c, "RESET plan_cache_mode", 0, NULL, NULL, NULL, NULL, 0) ||
        !PQpipelineSync(c) || !flush_query(c, dl))
        return NULL;
    PGresult *set = await_result(c, dl);
    PGresult *res = set ? await_result(c, dl) : NULL;
    PGresult *reset = res ? await_result(c, dl) : NULL;
    PGresult *sync = reset ? await_result(c, dl) : NULL;
    bool synced = sync && PQresultStatus(sync) == PGRES_PIPELINE_SYNC;
    PQclear(set);
    PQclear(reset);
    PQclear(sync);
    if (!synced || !PQexitPipelineMode(c)) {
        PQclear(res);
        return NULL;
    }
    return res;
}

/* A write refused because the server is a standby: this connection
 * outlived a failover (or landed on a standby); a new one will not. */
static bool on_standby(const PGresult *res)
{
    const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
    return state && strcmp(state, "25006") == 0;
}

/* One attempt; *dead tells whether the connection was found broken. */
static enum status exec_once(struct pg *db, const struct pg_stmt *stmt, const char *const *params,
                             PGresult **out, bool *dead)
{
    PGresult *res;
    *dead = false;
    if (!is_prepared(db, stmt)) {
        res = run_sync(db, true, stmt, NULL);
        if (!res || PQresultStatus(res) != PGRES_COMMAND_OK) {
            enum status st = res ? map_error(res, stmt->name) : ST_UNAVAILABLE;
            *dead = !res || PQstatus(db->conn) != CONNECTION_OK;
            PQclear(res);
            return *dead ? ST_UNAVAILABLE : st;
        }
        PQclear(res);
        if (db->nprepared < PG_MAX_PREPARED)
            db->prepared[db->nprepared++] = stmt;
    }
    res = stmt->flags & PG_GENERIC ? run_generic(db, stmt, params)
                                   : run_sync(db, false, stmt, params);
    ExecStatusType rs = res ? PQresultStatus(res) : PGRES_FATAL_ERROR;
    if (rs == PGRES_TUPLES_OK || rs == PGRES_COMMAND_OK) {
        *out = res;
        return ST_OK;
    }
    *dead = !res || PQstatus(db->conn) != CONNECTION_OK || on_standby(res);
    enum status st = *dead ? ST_UNAVAILABLE : map_error(res, stmt->name);
    if (*dead)
        log_warn("pg_lost", "stmt=%s", stmt->name);
    PQclear(res);
    return st;
}

enum status pg_exec(struct pg *db, struct arena *a, const struct pg_stmt *stmt,
                    const char *const *params, struct pg_result **out)
{
    PGresult *res = NULL;
    bool dead;
    enum status st;

    if ((st = pg_ensure(db)) != ST_OK)
        return st;
    st = exec_once(db, stmt, params, &res, &dead);
    if (dead) {
        bool retry = (stmt->flags & PG_READONLY) && !db->in_tx;
        pg_disconnect(db);
        if (retry && pg_ensure(db) == ST_OK)
            st = exec_once(db, stmt, params, &res, &dead);
        if (dead)
            pg_disconnect(db);
    }
    if (st == ST_UNAVAILABLE && db->fallback && (stmt->flags & PG_READONLY))
        return pg_exec(db->fallback, a, stmt, params, out);
    if (st != ST_OK)
        return st;
    arena_on_reset(a, clear_cb, res);
    *out = (struct pg_result *)res;
    return ST_OK;
}

enum status pg_exec_sql(struct pg *db, const char *sql)
{
    enum status st;
    if ((st = pg_ensure(db)) != ST_OK)
        return st;
    int64_t dl = deadline(db);
    PGresult *res = NULL;
    if (PQsendQuery(db->conn, sql) && flush_query(db->conn, dl))
        res = await_result(db->conn, dl);
    ExecStatusType rs = res ? PQresultStatus(res) : PGRES_FATAL_ERROR;
    if (rs == PGRES_COMMAND_OK || rs == PGRES_TUPLES_OK) {
        PQclear(res);
        return ST_OK;
    }
    if (!res || PQstatus(db->conn) != CONNECTION_OK || on_standby(res)) {
        PQclear(res);
        pg_disconnect(db);
        return ST_UNAVAILABLE;
    }
    st = map_error(res, "sql");
    PQclear(res);
    return st;
}

enum status pg_listen(struct pg *db, const char *channel)
{
    char sql[128];
    snprintf(sql, sizeof(sql), "LISTEN %s", channel);
    return pg_exec_sql(db, sql);
}

/* Frees the notifications libpq has queued; true if there was one. */
static bool drain_notifies(PGconn *conn)
{
    PGnotify *n;
    bool any = false;
    while ((n = PQnotifies(conn)) != NULL) {
        PQfreemem(n);
        any = true;
    }
    return any;
}

enum status pg_wait_notify(struct pg *db, int timeout_ms)
{
    if (!db->conn || PQstatus(db->conn) != CONNECTION_OK)
        return ST_UNAVAILABLE;
    /* Notifications that came in with the results of earlier statements. */
    if (drain_notifies(db->conn))
        return ST_OK;
    struct pollfd pfd = { .fd = PQsocket(db->conn), .events = POLLIN };
    int n = poll(&pfd, 1, timeout_ms);
    if (n < 0 && errno != EINTR)
        return ST_UNAVAILABLE;
    if (n <= 0)
        return ST_NOT_FOUND;
    if (!PQconsumeInput(db->conn)) {
        log_warn("pg_lost", "stmt=wait_notify");
        pg_disconnect(db);
        return ST_UNAVAILABLE;
    }
    return drain_notifies(db->conn) ? ST_OK : ST_NOT_FOUND;
}

enum status pg_begin(struct pg *db)
{
    enum status st = pg_exec_sql(db, "BEGIN");
    db->in_tx = st == ST_OK;
    return st;
}

enum status pg_commit(struct pg *db)
{
    /* A connection lost mid-transaction already rolled it back. */
    if (!db->in_tx)
        return ST_UNAVAILABLE;
    enum status st = pg_exec_sql(db, "COMMIT");
    db->in_tx = false;
    return st;
}

void pg_rollback(struct pg *db)
{
    if (db->conn && db->in_tx)
        pg_exec_sql(db, "ROLLBACK");
    db->in_tx = false;
}

int pg_nrows(const struct pg_result *res)
{
    return PQntuples((const PGresult *)res);
}

const char *pg_get(const struct pg_result *res, int row, int col)
{
    if (PQgetisnull((const PGresult *)res, row, col))
        return NULL;
    return PQgetvalue((const PGresult *)res, row, col);
}

bool pg_is_null(const struct pg_result *res, int row, int col)
{
    return PQgetisnull((const PGresult *)res, row, col);
}

int64_t pg_get_i64(const struct pg_result *res, int row, int col)
{
    const char *v = pg_get(res, row, col);
    return v ? strtoll(v, NULL, 10) : 0;
}

int64_t pg_affected(const struct pg_result *res)
{
    const char *v = PQcmdTuples((PGresult *)res);
    return v && *v ? strtoll(v, NULL, 10) : 0;
}
