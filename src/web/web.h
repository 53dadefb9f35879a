/*
 * web.h - the server-rendered site (spec/WEB.md): pages made by the same
 * workers from the same domain code as the API. Each page file exports its
 * route table. Pages anyone sees alike are CACHE_PAGE: served from the
 * response cache to readers without a session, rendered for signed-in
 * ones (server/cache.h).
 */
#ifndef MQ_WEB_H
#define MQ_WEB_H

#include "server/router.h"

/* The route tables of the page files, listed in app/routes.c. */
extern const struct route home_routes[];      /* home_page.c */
extern const struct route catalogue_routes[]; /* catalogue_pages.c */
extern const struct route event_routes[];     /* event_page.c */
extern const struct route account_routes[];   /* account_pages.c */
extern const struct route market_routes[];    /* market_pages.c */

#endif
