/*
 * market_reply.h - how the marketplace's handlers answer: the result words
 * of the sql/014 functions mapped to replies, and the checks every handler
 * makes on its ids.
 */
#ifndef MQ_MARKET_REPLY_H
#define MQ_MARKET_REPLY_H

#include "core/common.h"
#include "core/status.h"
#include "server/request.h"
#include "server/response.h"

/* What a result word means to the client. */
struct market_outcome {
    const char *result;
    enum status st;
    const char *field; /* may be NULL */
    const char *message;
};

/* The result words of each sql/014 change and what they mean, shared by
 * the API's handlers and the marketplace pages (NULL-terminated). */
extern const struct market_outcome tickets_outcomes[];        /* create, update, withdraw */
extern const struct market_outcome orders_create_outcomes[];  /* orders_create */
extern const struct market_outcome orders_cancel_outcomes[];  /* orders_cancel */
extern const struct market_outcome payments_begin_outcomes[]; /* payments_begin */

/* The entry of table for result; NULL for "ok" and for an unknown word. */
const struct market_outcome *market_outcome_find(const struct market_outcome *table,
                                                 const char *result);

/* 0 for "ok"; otherwise replies as the table (NULL-terminated) says and
 * returns -1 (an unknown word is a 500, logged). */
int market_reply_result(struct response *res, const struct market_outcome *table,
                        const char *result);

/* A path or body id that must be a UUID; anything else cannot exist (404
 * naming field, which may be NULL for a path id). */
int market_uuid_or_reply(struct response *res, const char *id, const char *what, const char *field);

/* A change the catalogue pages show (listings on event pages): makes the
 * cached pages stale. */
void market_changed(struct request *req);

#endif
