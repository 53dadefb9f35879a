#include "config.h"
#include "core/common.h"
#include "app/migrate/migrate_store.h"
#include "core/arena.h"
#include "core/log.h"
#include "infra/pg.h"

/* clang-format off */
static const char create_table[] =
    "CREATE TABLE IF NOT EXISTS schema_migrations ("
    "name text PRIMARY KEY, checksum text NOT NULL, "
    "applied_at timestamptz NOT NULL DEFAULT now())";

static const struct pg_stmt lock_stmt = {
    "migrate_lock",
    "SELECT pg_advisory_xact_lock(hashtext('marquee-migrate'))",
    0, 0
};

enum { APPLIED_P_NAME, APPLIED_NPARAMS };
static const struct pg_stmt applied_stmt = {
    "migrate_applied",
    "SELECT checksum FROM schema_migrations WHERE name = $1",
    APPLIED_NPARAMS, 0
};

enum { RECORD_P_NAME, RECORD_P_SQL, RECORD_NPARAMS };
static const struct pg_stmt record_stmt = {
    "migrate_record",
    "INSERT INTO schema_migrations (name, checksum) VALUES ($1, md5($2))",
    RECORD_NPARAMS, 0
};

enum { CHECKSUM_P_SQL, CHECKSUM_NPARAMS };
static const struct pg_stmt checksum_stmt = {
    "migrate_checksum",
    "SELECT md5($1)",
    CHECKSUM_NPARAMS, 0
};
/* clang-format on */

enum status migrate_store_init(struct pg *db)
{
    return pg_exec_sql(db, create_table);
}

enum status migrate_store_apply(struct pg *db, struct arena *a, const char *name, const char *sql,
                                bool *ran)
{
    struct pg_result *r;
    enum status st;
    const char *applied_params[APPLIED_NPARAMS] = { [APPLIED_P_NAME] = name };
    const char *record_params[RECORD_NPARAMS] = { [RECORD_P_NAME] = name, [RECORD_P_SQL] = sql };
    const char *checksum_params[CHECKSUM_NPARAMS] = { [CHECKSUM_P_SQL] = sql };

    *ran = false;
    if ((st = pg_begin(db)) != ST_OK)
        return st;
    if ((st = pg_exec(db, a, &lock_stmt, NULL, &r)) != ST_OK ||
        (st = pg_exec(db, a, &applied_stmt, applied_params, &r)) != ST_OK)
        goto out;
    if (pg_nrows(r) > 0) {
        const char *done = pg_get(r, 0, 0);
        if ((st = pg_exec(db, a, &checksum_stmt, checksum_params, &r)) != ST_OK)
            goto out;
        if (strcmp(done, pg_get(r, 0, 0)) != 0) {
            log_error("migrate_changed", "file=%s error=%s", name,
                      "applied migration was edited; add a new one instead");
            st = ST_CONFLICT;
        }
        goto out;
    }
    if ((st = pg_exec_sql(db, sql)) != ST_OK ||
        (st = pg_exec(db, a, &record_stmt, record_params, &r)) != ST_OK)
        goto out;
    st = pg_commit(db);
    *ran = st == ST_OK;
    return st;
out:
    pg_rollback(db);
    return st;
}
