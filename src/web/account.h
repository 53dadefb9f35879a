/*
 * account.h - what the account page files share: the favorites handlers
 * (account_favorites.c) for the route table in account_pages.c.
 */
#ifndef MQ_WEB_ACCOUNT_H
#define MQ_WEB_ACCOUNT_H

#include "server/request.h"
#include "server/response.h"

/* GET /favorites: the signed-in reader's favorites, 20 a page. */
void favorites_page(struct request *req, struct response *res);
/* POST /favorites: csrf_token, event_id, action (add|remove), next. */
void favorites_post(struct request *req, struct response *res);

#endif
