/*
 * Changing favorites and making what shows them stale, in one place for
 * the API and the pages.
 */
#include "config.h"
#include "core/common.h"
#include "app/favorites/favorites.h"
#include "app/favorites/favorites_store.h"
#include "core/str.h"
#include "server/auth.h"
#include "server/cache.h"
#include "server/worker.h"

enum status favorites_change(struct request *req, const char *user_id, enum favorites_op op,
                             const char *event_id)
{
    bool added = false;
    int64_t removed = 0;
    enum status st = ST_OK;

    /* Event ids are sha256 hex; anything else cannot exist. */
    if (event_id && !str_is_hex_lower(event_id, 64))
        return op == FAVORITES_ADD ? ST_NOT_FOUND : ST_OK;
    if (op == FAVORITES_ADD)
        st = favorites_add(&req->ctx->db, req->arena, user_id, event_id, &added);
    else
        st = favorites_remove(&req->ctx->db, req->arena, user_id, event_id, &removed);
    /* The only foreign key a valid event id can fail is the user's: the
     * account was deleted under a session still cached (issue 14). */
    if (st == ST_INVALID)
        return auth_session_gone(req);
    if (st != ST_OK)
        return st;
    if (added || removed > 0)
        cache_invalidate(&req->ctx->kv, req->ctx->shared);
    return ST_OK;
}
