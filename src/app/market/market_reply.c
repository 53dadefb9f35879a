#include "config.h"
#include "core/common.h"
#include "app/market/market_reply.h"
#include "core/log.h"
#include "core/str.h"
#include "server/cache.h"
#include "server/worker.h"

const struct market_outcome tickets_outcomes[] = {
    { "session_not_found", ST_NOT_FOUND, "sessionId", "no session with this id" },
    { "session_started", ST_INVALID, "sessionId", "the session has already started" },
    { "session_cancelled", ST_INVALID, "sessionId", "the session is cancelled" },
    { "currency", ST_INVALID, "currency", "currency must be an ISO 4217 code such as EUR" },
    { "not_found", ST_NOT_FOUND, NULL, "no ticket with this id" },
    { "forbidden", ST_DENIED, NULL, "only the seller may change this ticket" },
    { "not_available", ST_CONFLICT, NULL,
      "the ticket is no longer available (reserved, sold or withdrawn)" },
    { "version", ST_CONFLICT, "If-Match",
      "the ticket was changed since that version; fetch it and try again" },
    { NULL, ST_OK, NULL, NULL },
};

const struct market_outcome orders_create_outcomes[] = {
    { "not_found", ST_NOT_FOUND, "ticketId", "no ticket with this id" },
    { "own_ticket", ST_INVALID, "ticketId", "you cannot order your own ticket" },
    { "not_available", ST_CONFLICT, "ticketId",
      "the ticket is not available (someone else holds or bought it, or it was withdrawn)" },
    { "session_started", ST_CONFLICT, "ticketId", "the session has already started" },
    { "too_many_holds", ST_RATE_LIMITED, NULL,
      "you already hold as many tickets as one may at once; pay for or cancel an order first" },
    { NULL, ST_OK, NULL, NULL },
};

const struct market_outcome orders_cancel_outcomes[] = {
    { "not_found", ST_NOT_FOUND, NULL, "no order with this id" },
    { "forbidden", ST_DENIED, NULL, "this order belongs to another user" },
    { "complete", ST_CONFLICT, NULL, "a paid order cannot be cancelled" },
    { NULL, ST_OK, NULL, NULL },
};

const struct market_outcome payments_begin_outcomes[] = {
    { "not_found", ST_NOT_FOUND, "orderId", "no order with this id" },
    { "forbidden", ST_DENIED, "orderId", "this order belongs to another user" },
    { "paid", ST_CONFLICT, "orderId", "the order is paid already" },
    { "order_cancelled", ST_CONFLICT, "orderId", "the order was cancelled" },
    { "order_expired", ST_CONFLICT, "orderId",
      "the hold on this order has ended; order the ticket again" },
    { "payment_pending", ST_CONFLICT, "orderId",
      "a payment for this order is under way; repeat it with its Idempotency-Key" },
    { NULL, ST_OK, NULL, NULL },
};

const struct market_outcome *market_outcome_find(const struct market_outcome *table,
                                                 const char *result)
{
    for (const struct market_outcome *o = table; result && o->result; o++) {
        if (strcmp(o->result, result) == 0)
            return o;
    }
    return NULL;
}

int market_reply_result(struct response *res, const struct market_outcome *table,
                        const char *result)
{
    if (result && strcmp(result, "ok") == 0)
        return 0;
    const struct market_outcome *o = market_outcome_find(table, result);
    if (o)
        return reply_error(res, o->st, o->field, "%s", o->message);
    log_error("market", "event=unknown_result result=%s", result ? result : "(null)");
    return reply_status(res, ST_INTERNAL);
}

int market_uuid_or_reply(struct response *res, const char *id, const char *what, const char *field)
{
    if (id && str_is_uuid(id))
        return 0;
    return reply_error(res, ST_NOT_FOUND, field, "no %s with id %.40s", what, id ? id : "");
}

void market_changed(struct request *req)
{
    cache_invalidate(&req->ctx->kv, req->ctx->shared);
}
