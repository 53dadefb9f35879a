/*
 * market_render.h - the marketplace's JSON objects (spec/API.md,
 * "Marketplace"): Ticket, Order (with its Ticket) and Payment, each read
 * from a row laid out as the store headers say, starting at column col.
 */
#ifndef MQ_MARKET_RENDER_H
#define MQ_MARKET_RENDER_H

#include "core/common.h"
#include "core/jsonw.h"

struct pg_result;

/* A Ticket: TK_* columns (tickets_store.h) from col. */
void render_ticket(struct jsonw *w, const struct pg_result *r, int row, int col);

/* An Order: OR_* columns (orders_store.h) from col, its ticket's TK_*
 * columns from ticket_col. */
void render_order(struct jsonw *w, const struct pg_result *r, int row, int col, int ticket_col);

/* A Payment: PAY_* columns (payments_store.h) from col. */
void render_payment(struct jsonw *w, const struct pg_result *r, int row, int col);

#endif
