#include "config.h"
#include "core/common.h"
#include "app/images/images_store.h"
#include "core/arena.h"
#include "infra/pg.h"

/* Up to $2 sources after $1 still without a copy, due, and shown by an
 * event. */
enum { PENDING_P_AFTER, PENDING_P_LIMIT, PENDING_NPARAMS };
/* clang-format off */
static const struct pg_stmt pending = {
    "images_pending",
    "SELECT i.source_url FROM images i "
    "WHERE i.hosted_url IS NULL AND i.source_url > $1 "
    "AND i.next_attempt_at <= now() "
    "AND EXISTS (SELECT 1 FROM events e WHERE e.image_source_url = i.source_url) "
    "ORDER BY i.source_url "
    "LIMIT $2",
    PENDING_NPARAMS, PG_READONLY
};
/* clang-format on */

/* Answers how many events now show the copy, and whether the source was
 * known. */
enum { UPLOADED_P_SOURCE, UPLOADED_P_HOSTED, UPLOADED_NPARAMS };
enum { UPLOADED_EVENTS, UPLOADED_IMAGES };
/* clang-format off */
static const struct pg_stmt uploaded = {
    "images_uploaded",
    "WITH i AS ("
    "  UPDATE images SET hosted_url = $2, attempts = attempts + 1, last_error = NULL, "
    "  last_attempt_at = now(), uploaded_at = now() "
    "  WHERE source_url = $1 "
    "  RETURNING 1), "
    "e AS ("
    "  UPDATE events SET image_url = $2, updated_at = now() "
    "  WHERE image_source_url = $1 AND image_url IS DISTINCT FROM $2 "
    "  RETURNING 1) "
    "SELECT (SELECT count(*) FROM e), (SELECT count(*) FROM i)",
    UPLOADED_NPARAMS, 0
};
/* clang-format on */

/* Waits 5 minutes doubled per attempt, at most a day. */
enum { FAILED_P_SOURCE, FAILED_P_ERROR, FAILED_NPARAMS };
/* clang-format off */
static const struct pg_stmt failed = {
    "images_failed",
    "UPDATE images SET attempts = attempts + 1, last_error = left($2, 300), "
    "last_attempt_at = now(), "
    "next_attempt_at = now() + least(interval '5 minutes' * power(2, least(attempts, 12)), interval '1 day') "
    "WHERE source_url = $1",
    FAILED_NPARAMS, 0
};
/* clang-format on */

enum status images_store_pending(struct pg *db, struct arena *a, const char *after, int limit,
                                 struct pg_result **r)
{
    const char *p[PENDING_NPARAMS] = {
        [PENDING_P_AFTER] = after,
        [PENDING_P_LIMIT] = arena_printf(a, "%d", limit),
    };
    return pg_exec(db, a, &pending, p, r);
}

enum status images_store_uploaded(struct pg *db, struct arena *a, const char *source,
                                  const char *hosted, int64_t *events)
{
    struct pg_result *r;
    const char *p[UPLOADED_NPARAMS] = {
        [UPLOADED_P_SOURCE] = source, [UPLOADED_P_HOSTED] = hosted
    };
    enum status s = pg_exec(db, a, &uploaded, p, &r);
    if (s == ST_OK)
        *events = pg_get_i64(r, 0, UPLOADED_EVENTS);
    return s;
}

enum status images_store_failed(struct pg *db, struct arena *a, const char *source,
                                const char *error)
{
    struct pg_result *r;
    const char *p[FAILED_NPARAMS] = { [FAILED_P_SOURCE] = source, [FAILED_P_ERROR] = error };
    return pg_exec(db, a, &failed, p, &r);
}
