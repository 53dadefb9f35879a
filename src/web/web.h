/*
 * web.h - the server-rendered site (spec/WEB.md): pages made by the same
 * workers from the same domain code as the API. Each page file exports its
 * routes; web_routes.c lists them.
 */
#ifndef MQ_WEB_H
#define MQ_WEB_H

#include "server/router.h"

extern const struct route web_routes[];

/* The page handlers, by file. */
void home_page(struct request *req, struct response *res); /* home_page.c */

#endif
