/*
 * The site's routes. Pages anyone sees alike are CACHE_PAGE: served from
 * the response cache to readers without a session, rendered for signed-in
 * ones (server/cache.h).
 */
#include "config.h"
#include "core/common.h"
#include "web/web.h"

const struct route web_routes[] = {
    { "GET", "/", AUTH_PUBLIC, home_page, CACHE_PAGE },
    { NULL, NULL, AUTH_PUBLIC, NULL, CACHE_NONE },
};
