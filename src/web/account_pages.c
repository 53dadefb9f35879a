/*
 * Sign-in, registration, sign-out, favorites: /login, /register, /logout, /favorites.
 */
#include "config.h"
#include "core/common.h"
#include "web/page.h"
#include "web/web.h"
#include "web/templates.h"

const struct route account_routes[] = {
    { NULL, NULL, AUTH_PUBLIC, NULL, CACHE_NONE },
};
