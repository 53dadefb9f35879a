/*
 * The marketplace pages: /sell, /orders, /orders/{id}.
 */
#include "config.h"
#include "core/common.h"
#include "web/page.h"
#include "web/web.h"
#include "web/templates.h"

const struct route market_routes[] = {
    { NULL, NULL, AUTH_PUBLIC, NULL, CACHE_NONE },
};
