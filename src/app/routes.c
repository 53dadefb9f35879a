#include "config.h"
#include "core/common.h"
#include "app/routes.h"
#include "app/events/events.h"
#include "app/genres/genres.h"
#include "app/ops/ops.h"

const struct route *const app_routes[] = {
    events_routes,
    genres_routes,
    ops_routes,
    NULL,
};
