/*
 * The order endpoints of spec/API.md, "Marketplace". Reserving is one
 * statement (marquee_order_create, sql/014 and 015): it locks the ticket, checks
 * it is available now and the buyer's holds, and writes the order and the
 * outbox rows in one transaction. With an Idempotency-Key the answer is
 * stored in that same transaction (idempotency.h). Before it, the
 * session's waiting room (waitroom.h) may answer instead: 202 with a place
 * in line, or 409/429 with when to come back.
 */
#include "config.h"
#include "core/common.h"
#include "app/market/idempotency.h"
#include "app/market/market.h"
#include "app/market/market_render.h"
#include "app/market/market_reply.h"
#include "app/market/orders_store.h"
#include "app/market/waitroom.h"
#include "infra/pg.h"
#include "server/auth.h"
#include "server/body.h"
#include "server/params.h"
#include "server/worker.h"

static void retry_after(struct request *req, struct response *res, int s)
{
    response_header(res, "Retry-After", arena_printf(req->arena, "%d", s));
}

static int reply_sold_out(struct response *res)
{
    return reply_error(res, ST_CONFLICT, "ticketId",
                       "sold out: every ticket of this session is sold or withdrawn");
}

static int reply_all_held(struct request *req, struct response *res, int s)
{
    retry_after(req, res, s);
    return reply_error(res, ST_CONFLICT, "ticketId",
                       "all tickets of this session are held by other buyers; "
                       "try again in %d seconds",
                       s);
}

/* A listing taken: if nothing of its session is left either, say so (and
 * when a hold ends) instead of sending the buyer on to the next listing.
 * 0 when it answered. */
static int session_refusal(struct request *req, struct response *res, const char *ticket)
{
    struct session_stock s;
    if (tickets_session_stock(&req->ctx->db, req->arena, ticket, &s) != ST_OK || s.available > 0)
        return -1;
    if (s.held == 0)
        reply_sold_out(res);
    else
        reply_all_held(req, res, s.first_end_s > 0 ? (int)s.first_end_s : 1);
    return 0;
}

/* Renders the result of orders_create: the order or the refusal. A buyer
 * let in from the waiting line (in_line) hears only that the listing was
 * taken: their next attempt keeps their place in line, whereas "all held"
 * would end their wait while their place blocked the line until it
 * expired. */
static void answer_create(struct request *req, struct response *res, const char *ticket,
                          bool in_line, const char *result, struct pg_result *r)
{
    if (strcmp(result, "not_available") == 0 && !in_line && session_refusal(req, res, ticket) == 0)
        return;
    if (market_reply_result(res, orders_create_outcomes, result)) {
        if (res->status == 429)
            response_header(res, "Retry-After",
                            arena_printf(req->arena, "%d", req->ctx->cfg->order_hold_s));
        return;
    }
    response_header(res, "Location",
                    arena_printf(req->arena, "/api/orders/%s", pg_get(r, 0, 1 + OR_ID)));
    struct jsonw *w = reply_json(res, 201);
    render_order(w, r, 0, 1, 1 + OR_COLS);
}

/* orders_create, and with a key the stored answer, in one transaction. */
static enum status reserve(struct request *req, struct response *res, struct idem_key *k,
                           const char *ticket, bool in_line, const char **result)
{
    struct pg *db = &req->ctx->db;
    const struct config *cfg = req->ctx->cfg;
    struct pg_result *r;
    enum status st = k ? pg_begin(db) : ST_OK;

    if (st == ST_OK)
        st = orders_create(db, req->arena, req->user->id, ticket, cfg->order_hold_s,
                           cfg->max_active_holds, result, &r);
    if (st == ST_OK)
        answer_create(req, res, ticket, in_line, *result, r);
    /* A 429 passes with time: a repeat should be tried again, not replayed. */
    if (st == ST_OK && k && res->status != 429)
        st = idem_save(req->arena, k, NULL, res);
    if (st == ST_OK && k)
        st = pg_commit(db);
    if (st != ST_OK && k)
        pg_rollback(db);
    return st;
}

/* The waiting room's answer unless it lets the buyer try now (0). */
static int waitroom_reply(struct request *req, struct response *res,
                          const struct waitroom_answer *w)
{
    struct jsonw *j;
    switch (w->verdict) {
    case WR_GO:
    case WR_NO_TICKET:
        return 0;
    case WR_WAIT:
        retry_after(req, res, w->retry_after_s);
        j = reply_json(res, 202);
        jsonw_obj_open(j);
        jsonw_key(j, "waitingRoom");
        jsonw_obj_open(j);
        jsonw_kstr(j, "sessionId", w->session);
        jsonw_kint(j, "position", w->position);
        jsonw_kint(j, "available", w->available);
        jsonw_kint(j, "retryAfter", w->retry_after_s);
        jsonw_obj_close(j);
        jsonw_obj_close(j);
        return -1;
    case WR_SOLD_OUT:
        return reply_sold_out(res);
    case WR_ALL_HELD:
        return reply_all_held(req, res, w->retry_after_s);
    case WR_ADDR_LIMIT:
        retry_after(req, res, w->retry_after_s);
        return reply_error(res, ST_RATE_LIMITED, NULL,
                           "too many places in this session's waiting line are taken from "
                           "your address; try again in %d seconds",
                           w->retry_after_s);
    }
    return 0;
}

static void create_order(struct request *req, struct response *res)
{
    const char *ticket, *result;
    struct idem_key *k;
    struct waitroom_answer w;

    if (body_parse(req, res) || body_str(req, res, "ticketId", 1, 64, &ticket, NULL) ||
        market_uuid_or_reply(res, ticket, "ticket", "ticketId") || idem_begin(req, res, false, &k))
        return;
    enum status st = waitroom_enter(&req->ctx->db, &req->ctx->kv, req->arena, req->ctx->cfg, ticket,
                                    req->user->id, req->remote_addr, &w);
    if (st == ST_OK && waitroom_reply(req, res, &w)) {
        idem_end(k);
        return;
    }
    if (st == ST_OK)
        st = reserve(req, res, k, ticket, w.position > 0, &result);
    idem_end(k);
    if (st != ST_OK) {
        reply_status(res, st);
        return;
    }
    if (strcmp(result, "ok") != 0)
        return;
    market_changed(req);
    if (w.position > 0)
        waitroom_leave(&req->ctx->kv, req->arena, w.session, req->user->id);
}

static const char *const statuses[] = { "created", "cancelled", "expired", "complete", NULL };

static void list_orders(struct request *req, struct response *res)
{
    const char *status;
    int64_t limit, offset, total;
    struct pg_result *r;

    if (param_enum(req, res, "status", statuses, NULL, &status) ||
        param_page(req, res, 20, &limit, &offset))
        return;
    enum status st =
        orders_list(&req->ctx->db, req->arena, req->user->id, status, limit, offset, &r, &total);
    if (st != ST_OK) {
        reply_status(res, st);
        return;
    }
    struct jsonw *w = reply_items_open(res);
    for (int i = 0; i < pg_nrows(r); i++)
        render_order(w, r, i, 0, OR_COLS);
    reply_page_close(w, total, limit, offset);
}

static void get_order(struct request *req, struct response *res)
{
    const char *id = req->params[0];
    struct pg_result *r;

    if (market_uuid_or_reply(res, id, "order", NULL))
        return;
    enum status st = orders_get(&req->ctx->db, req->arena, id, &r);
    if (st == ST_NOT_FOUND) {
        reply_error(res, st, NULL, "no order with id %s", id);
        return;
    }
    if (st != ST_OK) {
        reply_status(res, st);
        return;
    }
    if (strcmp(pg_get(r, 0, OR_BUYER), req->user->id) != 0) {
        reply_error(res, ST_DENIED, NULL, "this order belongs to another user");
        return;
    }
    struct jsonw *w = reply_json(res, 200);
    render_order(w, r, 0, 0, OR_COLS);
}

static void cancel_order(struct request *req, struct response *res)
{
    const char *id = req->params[0], *result;

    if (market_uuid_or_reply(res, id, "order", NULL))
        return;
    enum status st = orders_cancel(&req->ctx->db, req->arena, req->user->id, id, &result);
    if (st != ST_OK) {
        reply_status(res, st);
        return;
    }
    if (strcmp(result, "noop") != 0 && market_reply_result(res, orders_cancel_outcomes, result))
        return;
    if (strcmp(result, "ok") == 0)
        market_changed(req);
    reply_no_content(res);
}

const struct route orders_routes[] = {
    { "GET", "/api/orders", AUTH_USER, list_orders, CACHE_NONE },
    { "POST", "/api/orders", AUTH_USER, create_order, CACHE_NONE },
    { "GET", "/api/orders/{id}", AUTH_USER, get_order, CACHE_NONE },
    { "DELETE", "/api/orders/{id}", AUTH_USER, cancel_order, CACHE_NONE },
    { NULL, NULL, AUTH_PUBLIC, NULL, CACHE_NONE },
};
