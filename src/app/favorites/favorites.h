/*
 * favorites.h - a user's favorite events (spec/API.md, "Favorites"). Every
 * route is AUTH_OWNER: {userId} must be the signed-in user.
 */
#ifndef MQ_FAVORITES_H
#define MQ_FAVORITES_H

#include "server/router.h"

extern const struct route favorites_routes[];

#endif
