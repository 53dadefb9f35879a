/*
 * The listing endpoints of spec/API.md, "Marketplace": parse and validate,
 * call the store (whose sql/014 functions decide the rules under the
 * ticket's lock), answer.
 */
#include "config.h"
#include "core/common.h"
#include "app/market/market.h"
#include "app/market/market_render.h"
#include "app/market/market_reply.h"
#include "app/market/tickets_store.h"
#include "core/str.h"
#include "infra/pg.h"
#include "server/auth.h"
#include "server/body.h"
#include "server/params.h"
#include "server/worker.h"

static int printable_or_reply(struct response *res, const char *name, const char *s)
{
    if (!tickets_text_ok(s))
        return reply_error(res, ST_INVALID, name, "%s must not contain control characters", name);
    return 0;
}

/* An optional text field: *out NULL when absent. minlen 0 lets "" clear. */
static int text_field(struct request *req, struct response *res, const char *name, size_t minlen,
                      size_t maxlen, const char **out)
{
    *out = NULL;
    if (!body_has(req, name))
        return 0;
    if (body_str(req, res, name, minlen, maxlen, out, NULL))
        return -1;
    return printable_or_reply(res, name, *out);
}

/* title, section, row and seat; empty places clear them on update (and
 * are left out on create). */
static int texts(struct request *req, struct response *res, struct ticket_input *in)
{
    return text_field(req, res, "title", 1, TICKET_TITLE_MAX, &in->title) ||
           text_field(req, res, "section", 0, TICKET_PLACE_MAX, &in->section) ||
           text_field(req, res, "row", 0, TICKET_PLACE_MAX, &in->row) ||
           text_field(req, res, "seat", 0, TICKET_PLACE_MAX, &in->seat);
}

/* Three upper-case letters; whether it is a currency the list decides. */
static int currency_or_reply(struct request *req, struct response *res, const char **out)
{
    *out = "EUR";
    if (!body_has(req, "currency"))
        return 0;
    if (body_str(req, res, "currency", 3, 3, out, NULL))
        return -1;
    for (const char *p = *out; *p; p++) {
        if (*p < 'A' || *p > 'Z')
            return reply_error(res, ST_INVALID, "currency",
                               "currency must be an upper-case ISO 4217 code such as EUR");
    }
    return 0;
}

static void reply_ticket(struct response *res, int status, struct pg_result *r, int col)
{
    struct jsonw *w = reply_json(res, status);
    render_ticket(w, r, 0, col);
}

static void create_ticket(struct request *req, struct response *res)
{
    struct ticket_input in = { .if_match = -1, .has_price = true };
    const char *result;
    struct pg_result *r;

    if (body_parse(req, res) || body_str(req, res, "sessionId", 1, 64, &in.session_id, NULL) ||
        body_int(req, res, "priceCents", TICKET_PRICE_MIN, TICKET_PRICE_MAX, &in.price_cents) ||
        currency_or_reply(req, res, &in.currency) || texts(req, res, &in))
        return;
    /* An empty place on a new listing is no place at all. */
    in.section = in.section && *in.section ? in.section : NULL;
    in.row = in.row && *in.row ? in.row : NULL;
    in.seat = in.seat && *in.seat ? in.seat : NULL;
    enum status st = tickets_create(&req->ctx->db, req->arena, req->user->id, &in, &result, &r);
    if (st != ST_OK) {
        reply_status(res, st);
        return;
    }
    if (market_reply_result(res, tickets_outcomes, result))
        return;
    market_changed(req);
    response_header(res, "Location",
                    arena_printf(req->arena, "/api/tickets/%s", pg_get(r, 0, 1 + TK_ID)));
    reply_ticket(res, 201, r, 1);
}

/* If-Match: "3" (or 3, or W/"3"); * or no header: any version. */
static int if_match_or_reply(struct request *req, struct response *res, int64_t *version)
{
    const char *h = request_header(req, "HTTP_IF_MATCH");
    char digits[24];
    size_t n;

    *version = -1;
    if (!h || strcmp(h, "*") == 0)
        return 0;
    if (strncmp(h, "W/", 2) == 0)
        h += 2;
    n = strlen(h);
    if (n >= 2 && h[0] == '"' && h[n - 1] == '"') {
        h++;
        n -= 2;
    }
    bool ok = n > 0 && n < sizeof(digits);
    if (ok) {
        memcpy(digits, h, n);
        digits[n] = '\0';
        ok = str_to_i64(digits, version) == ST_OK && *version >= 1;
    }
    if (!ok)
        return reply_error(res, ST_INVALID, "If-Match",
                           "If-Match must be the ticket's version in quotes, such as \"3\"");
    return 0;
}

static int fixed_field_or_reply(struct request *req, struct response *res, const char *name)
{
    if (!body_has(req, name))
        return 0;
    return reply_error(res, ST_INVALID, name,
                       "%s cannot be changed; withdraw the ticket and list it again", name);
}

static void update_ticket(struct request *req, struct response *res)
{
    const char *id = req->params[0], *result;
    struct ticket_input in = { 0 };
    struct pg_result *r;

    if (market_uuid_or_reply(res, id, "ticket", NULL) ||
        if_match_or_reply(req, res, &in.if_match) || body_parse(req, res) ||
        fixed_field_or_reply(req, res, "sessionId") || fixed_field_or_reply(req, res, "currency") ||
        texts(req, res, &in))
        return;
    in.has_price = body_has(req, "priceCents");
    if (in.has_price &&
        body_int(req, res, "priceCents", TICKET_PRICE_MIN, TICKET_PRICE_MAX, &in.price_cents))
        return;
    if (!in.has_price && !in.title && !in.section && !in.row && !in.seat) {
        reply_error(res, ST_INVALID, "body",
                    "nothing to change: send priceCents, title, section, row or seat");
        return;
    }
    enum status st = tickets_update(&req->ctx->db, req->arena, id, req->user->id, &in, &result, &r);
    if (st != ST_OK) {
        reply_status(res, st);
        return;
    }
    if (market_reply_result(res, tickets_outcomes, result))
        return;
    market_changed(req);
    reply_ticket(res, 200, r, 1);
}

static void withdraw_ticket(struct request *req, struct response *res)
{
    const char *id = req->params[0], *result;

    if (market_uuid_or_reply(res, id, "ticket", NULL))
        return;
    enum status st = tickets_withdraw(&req->ctx->db, req->arena, id, req->user->id, &result);
    if (st != ST_OK) {
        reply_status(res, st);
        return;
    }
    if (market_reply_result(res, tickets_outcomes, result))
        return;
    market_changed(req);
    reply_no_content(res);
}

static void get_ticket(struct request *req, struct response *res)
{
    const char *id = req->params[0];
    struct pg_result *r;

    if (market_uuid_or_reply(res, id, "ticket", NULL))
        return;
    enum status st = tickets_get(&req->ctx->db, req->arena, id, &r);
    if (st == ST_NOT_FOUND) {
        reply_error(res, st, NULL, "no ticket with id %s", id);
        return;
    }
    if (st != ST_OK) {
        reply_status(res, st);
        return;
    }
    reply_ticket(res, 200, r, 0);
}

static const char *const statuses[] = { "available", "reserved", "sold", "withdrawn", NULL };
static const char *const sorts[] = { "price", "date", NULL };
static const char *const sellers[] = { "me", NULL };

/* The query of GET /api/tickets; seller=me needs a session. */
static int filter_or_reply(struct request *req, struct response *res, struct tickets_filter *f)
{
    const char *sort, *seller;

    if (param_str(req, res, "eventId", 64, &f->event_id) ||
        param_str(req, res, "sessionId", 64, &f->session_id) ||
        param_enum(req, res, "status", statuses, "available", &f->status) ||
        param_enum(req, res, "sort", sorts, "price", &sort) ||
        param_enum(req, res, "seller", sellers, NULL, &seller) ||
        param_page(req, res, 20, &f->limit, &f->offset))
        return -1;
    if (f->event_id && !str_is_hex_lower(f->event_id, 64))
        return reply_error(res, ST_INVALID, "eventId", "eventId must be an event id");
    if (seller && auth_require(req, res))
        return -1;
    f->seller_id = seller ? req->user->id : NULL;
    f->by_price = strcmp(sort, "price") == 0;
    return 0;
}

static void list_tickets(struct request *req, struct response *res)
{
    struct tickets_filter f = { 0 };
    struct pg_result *r;
    int64_t total;

    if (filter_or_reply(req, res, &f))
        return;
    enum status st = tickets_list(&req->ctx->db, req->arena, &f, &r, &total);
    if (st != ST_OK) {
        reply_status(res, st);
        return;
    }
    struct jsonw *w = reply_items_open(res);
    for (int i = 0; i < pg_nrows(r); i++)
        render_ticket(w, r, i, 0);
    reply_page_close(w, total, f.limit, f.offset);
}

const struct route tickets_routes[] = {
    { "GET", "/api/tickets", AUTH_PUBLIC, list_tickets, CACHE_NONE },
    { "POST", "/api/tickets", AUTH_USER, create_ticket, CACHE_NONE },
    { "GET", "/api/tickets/{id}", AUTH_PUBLIC, get_ticket, CACHE_NONE },
    { "PUT", "/api/tickets/{id}", AUTH_USER, update_ticket, CACHE_NONE },
    { "DELETE", "/api/tickets/{id}", AUTH_USER, withdraw_ticket, CACHE_NONE },
    { NULL, NULL, AUTH_PUBLIC, NULL, CACHE_NONE },
};
