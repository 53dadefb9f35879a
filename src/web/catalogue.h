/*
 * catalogue.h - between the catalogue page files: catalogue_pages.c holds
 * the route table (and the genre pages), catalogue_search.c the search page.
 */
#ifndef MQ_CATALOGUE_H
#define MQ_CATALOGUE_H

#include "server/request.h"
#include "server/response.h"

/* GET /search?q=[&cursor=]: results as cards with a "load more" link. */
void catalogue_search_page(struct request *req, struct response *res);

#endif
