/*
 * favorites.h - a user's favorite events (spec/API.md, "Favorites"). Every
 * route is AUTH_OWNER: {userId} must be the signed-in user.
 */
#ifndef MQ_FAVORITES_H
#define MQ_FAVORITES_H

#include "core/status.h"
#include "server/router.h"

extern const struct route favorites_routes[];

enum favorites_op { FAVORITES_ADD, FAVORITES_REMOVE };

/*
 * Adds event_id to user_id's favorites or removes it (event_id NULL with
 * FAVORITES_REMOVE: all of them), idempotently, for the API and the pages
 * alike. When a row changed the catalogue version is bumped
 * (server/cache.h), since favorite counts and trending show favorites.
 * ST_NOT_FOUND when adding an event that does not exist; removing one is
 * ST_OK either way. ST_UNAUTH when the user's account no longer exists
 * (its session is ended: server/auth.h, auth_session_gone). req gives the
 * connections, the arena and the session.
 */
enum status favorites_change(struct request *req, const char *user_id, enum favorites_op op,
                             const char *event_id);

#endif
