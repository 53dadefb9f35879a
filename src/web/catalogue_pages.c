/*
 * Genre and search pages: /genres/{name}, /search.
 */
#include "config.h"
#include "core/common.h"
#include "web/page.h"
#include "web/web.h"
#include "web/templates.h"

const struct route catalogue_routes[] = {
    { NULL, NULL, AUTH_PUBLIC, NULL, CACHE_NONE },
};
