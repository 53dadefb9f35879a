#include "config.h"
#include "core/common.h"
#include "app/market/market_render.h"
#include "app/events/events_render.h"
#include "app/market/orders_store.h"
#include "app/market/payments_store.h"
#include "app/market/tickets_store.h"
#include "infra/pg.h"

void render_ticket(struct jsonw *w, const struct pg_result *r, int row, int col)
{
    jsonw_obj_open(w);
    jsonw_kstr(w, "id", pg_get(r, row, col + TK_ID));
    jsonw_kstr(w, "sessionId", pg_get(r, row, col + TK_SESSION));
    jsonw_kstr(w, "eventId", pg_get(r, row, col + TK_EVENT));
    jsonw_kstr(w, "sellerId", pg_get(r, row, col + TK_SELLER));
    jsonw_kstr(w, "title", pg_get(r, row, col + TK_TITLE));
    jsonw_kstr(w, "section", pg_get(r, row, col + TK_SECTION));
    jsonw_kstr(w, "row", pg_get(r, row, col + TK_ROW));
    jsonw_kstr(w, "seat", pg_get(r, row, col + TK_SEAT));
    jsonw_kint(w, "priceCents", pg_get_i64(r, row, col + TK_PRICE));
    jsonw_kstr(w, "currency", pg_get(r, row, col + TK_CURRENCY));
    jsonw_kstr(w, "status", pg_get(r, row, col + TK_STATUS));
    jsonw_kint(w, "version", pg_get_i64(r, row, col + TK_VERSION));
    render_time(w, "createdAt", r, row, col + TK_CREATED);
    render_time(w, "updatedAt", r, row, col + TK_UPDATED);
    jsonw_obj_close(w);
}

void render_order(struct jsonw *w, const struct pg_result *r, int row, int col, int ticket_col)
{
    jsonw_obj_open(w);
    jsonw_kstr(w, "id", pg_get(r, row, col + OR_ID));
    jsonw_kstr(w, "ticketId", pg_get(r, row, col + OR_TICKET));
    jsonw_kstr(w, "buyerId", pg_get(r, row, col + OR_BUYER));
    jsonw_kstr(w, "status", pg_get(r, row, col + OR_STATUS));
    jsonw_kint(w, "amountCents", pg_get_i64(r, row, col + OR_AMOUNT));
    jsonw_kstr(w, "currency", pg_get(r, row, col + OR_CURRENCY));
    render_time(w, "expiresAt", r, row, col + OR_EXPIRES);
    render_time(w, "createdAt", r, row, col + OR_CREATED);
    render_time(w, "updatedAt", r, row, col + OR_UPDATED);
    jsonw_key(w, "ticket");
    render_ticket(w, r, row, ticket_col);
    jsonw_obj_close(w);
}

void render_payment(struct jsonw *w, const struct pg_result *r, int row, int col)
{
    jsonw_obj_open(w);
    jsonw_kstr(w, "id", pg_get(r, row, col + PAY_ID));
    jsonw_kstr(w, "orderId", pg_get(r, row, col + PAY_ORDER));
    jsonw_kint(w, "amountCents", pg_get_i64(r, row, col + PAY_AMOUNT));
    jsonw_kstr(w, "currency", pg_get(r, row, col + PAY_CURRENCY));
    jsonw_kstr(w, "status", pg_get(r, row, col + PAY_STATUS));
    jsonw_kstr(w, "provider", pg_get(r, row, col + PAY_PROVIDER));
    jsonw_kstr(w, "providerRef", pg_get(r, row, col + PAY_REF));
    render_time(w, "createdAt", r, row, col + PAY_CREATED);
    jsonw_obj_close(w);
}
