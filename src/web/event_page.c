/*
 * The event page: /events/{id}.
 */
#include "config.h"
#include "core/common.h"
#include "web/page.h"
#include "web/web.h"
#include "web/templates.h"

const struct route event_routes[] = {
    { NULL, NULL, AUTH_PUBLIC, NULL, CACHE_NONE },
};
