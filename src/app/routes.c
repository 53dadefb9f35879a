#include "config.h"
#include "core/common.h"
#include "app/routes.h"
#include "app/events/events.h"
#include "app/favorites/favorites.h"
#include "app/genres/genres.h"
#include "app/market/market.h"
#include "app/ops/ops.h"
#include "app/recs/recs.h"
#include "app/search/search.h"
#include "app/users/users.h"
#include "web/web.h"

const struct route *const app_routes[] = {
    events_routes, genres_routes,   search_routes,    recs_routes,
    ops_routes,    users_routes,    favorites_routes, tickets_routes,
    orders_routes, payments_routes, home_routes,      catalogue_routes,
    event_routes,  account_routes,  market_routes,    NULL,
};
