/*
 * /sell: step 1 finds the event (the search domain, as /api/search does);
 * step 2, /sell?event=<id>, is the listing form, posted to POST /sell and
 * created through the same store call as POST /api/tickets. Both steps
 * list the reader's own listings, with a withdraw button while on sale.
 */
#include "config.h"
#include "core/common.h"
#include "app/app.h"
#include "app/events/events_store.h"
#include "app/market/market_reply.h"
#include "app/market/tickets_store.h"
#include "app/search/search_backend.h"
#include "core/arena.h"
#include "core/str.h"
#include "core/timeutil.h"
#include "infra/pg.h"
#include "server/auth.h"
#include "server/worker.h"
#include "web/market_web.h"
#include "web/page.h"
#include "web/html.h"
#include "web/templates.h"
#include "web/web_events.h"

#include <ctype.h>

#define SELL_RESULTS  10
#define SELL_LISTINGS 20
#define SELL_MAX_Q    200 /* characters, as /api/search */

/* The form's fields, in the order the form shows them. */
enum sell_field { F_SESSION, F_PRICE, F_CURRENCY, F_SECTION, F_ROW, F_SEAT, F_TITLE, F_COUNT };
static const char *const field_names[F_COUNT] = { "session", "price", "currency", "section",
                                                  "row",     "seat",  "title" };

struct sell_form {
    const char *event;
    const char *value[F_COUNT];
    const char *error[F_COUNT];
    int nerrors;
};

/* The currencies the form offers: common ones with two decimals, so
 * "45.00" means the same everywhere (the domain checks its own list). */
static const char *const currencies[][2] = {
    { "EUR", "EUR, euro" },
    { "USD", "USD, US dollar" },
    { "GBP", "GBP, pound sterling" },
    { "CHF", "CHF, Swiss franc" },
    { "CAD", "CAD, Canadian dollar" },
    { "AUD", "AUD, Australian dollar" },
    { "SEK", "SEK, Swedish krona" },
    { "NOK", "NOK, Norwegian krone" },
    { "DKK", "DKK, Danish krone" },
    { "PLN", "PLN, Polish zloty" },
    { "CZK", "CZK, Czech koruna" },
};

static void set_error(struct sell_form *f, enum sell_field k, const char *message)
{
    if (!f->error[k])
        f->nerrors++;
    f->error[k] = message;
}

/* "45", "45.5", "45.50": digits, then at most two after a dot. */
static bool parse_price(const char *s, int64_t *cents)
{
    int64_t units = 0, frac = 0;
    int n = 0, nfrac = 0;
    for (; isdigit((unsigned char)*s) && n < 9; s++, n++)
        units = units * 10 + (*s - '0');
    if (n == 0)
        return false;
    if (*s == '.') {
        for (s++; isdigit((unsigned char)*s) && nfrac < 2; s++, nfrac++)
            frac = frac * 10 + (*s - '0');
        if (nfrac == 0)
            return false;
    }
    *cents = units * 100 + (nfrac == 1 ? frac * 10 : frac);
    return *s == '\0';
}

/* s without the spaces around it (typing leaves them), in the arena. */
static const char *trimmed(struct arena *a, const char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    size_t n = strlen(s);
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        n--;
    return arena_strndup(a, s, n);
}

static bool offered_currency(const char *code)
{
    for (size_t i = 0; i < MQ_ARRAY_LEN(currencies); i++) {
        if (strcmp(currencies[i][0], code) == 0)
            return true;
    }
    return false;
}

static void check_text(struct arena *a, struct sell_form *f, enum sell_field k, const char *label,
                       size_t max)
{
    const char *v = f->value[k];
    size_t n = strlen(v);
    if (n > max)
        set_error(f, k, arena_printf(a, "%s must be at most %zu characters", label, max));
    else if (!str_is_utf8(v, n) || !tickets_text_ok(v))
        set_error(f, k, arena_printf(a, "%s must be plain text on one line", label));
}

/* Reads and checks the posted form into f and in. */
static void read_form(struct page *p, struct sell_form *f, struct ticket_input *in)
{
    struct arena *a = p->req->arena;
    f->event = page_field(p, "event");
    for (int k = 0; k < F_COUNT; k++)
        f->value[k] = trimmed(a, page_field(p, field_names[k]));
    *in = (struct ticket_input){ .if_match = -1, .has_price = true };
    in->session_id = f->value[F_SESSION];
    if (!*in->session_id)
        set_error(f, F_SESSION, "Choose a date");
    if (!*f->value[F_PRICE])
        set_error(f, F_PRICE, "Enter a price");
    else if (!parse_price(f->value[F_PRICE], &in->price_cents))
        set_error(f, F_PRICE, "Enter the price as a number such as 45.00");
    else if (in->price_cents < TICKET_PRICE_MIN || in->price_cents > TICKET_PRICE_MAX)
        set_error(f, F_PRICE, "The price must be between 0.01 and 100,000.00");
    in->currency = f->value[F_CURRENCY];
    if (!offered_currency(in->currency))
        set_error(f, F_CURRENCY, "Choose a currency from the list");
    check_text(a, f, F_SECTION, "Section", TICKET_PLACE_MAX);
    check_text(a, f, F_ROW, "Row", TICKET_PLACE_MAX);
    check_text(a, f, F_SEAT, "Seat", TICKET_PLACE_MAX);
    check_text(a, f, F_TITLE, "Title", TICKET_TITLE_MAX);
    /* Empty optional fields are no value at all (the title: the event's name). */
    in->section = *f->value[F_SECTION] ? f->value[F_SECTION] : NULL;
    in->row = *f->value[F_ROW] ? f->value[F_ROW] : NULL;
    in->seat = *f->value[F_SEAT] ? f->value[F_SEAT] : NULL;
    in->title = *f->value[F_TITLE] ? f->value[F_TITLE] : NULL;
}

/* The aria-describedby of field k: its hint, and its error if any. */
static const char *described(struct arena *a, const struct sell_form *f, enum sell_field k)
{
    const char *id = field_names[k];
    return f->error[k] ? arena_printf(a, "%s-hint %s-error", id, id)
                       : arena_printf(a, "%s-hint", id);
}

static void field_open(struct page *p, const struct sell_form *f, enum sell_field k,
                       const char *label, const char *hint)
{
    tpl_mk_field_open(p->o, field_names[k], label, hint);
    if (f->error[k])
        tpl_mk_field_error(p->o, field_names[k], f->error[k]);
}

static const char *invalid(const struct sell_form *f, enum sell_field k)
{
    return f->error[k] ? "true" : "false";
}

static void errors_summary(struct page *p, const struct sell_form *f)
{
    if (f->nerrors == 0)
        return;
    tpl_mk_errors_open(p->o);
    for (int k = 0; k < F_COUNT; k++) {
        if (f->error[k])
            tpl_mk_errors_item(p->o, arena_printf(p->req->arena, "#%s", field_names[k]),
                               f->error[k]);
    }
    tpl_mk_errors_close(p->o);
}

/* Session columns (events_store.h): id, event_id, start, ..., status. */
enum { S_ID = EV_GET_SESSION, S_START = EV_GET_SESSION + 2, S_STATUS = EV_GET_SESSION + 10 };

/* Whether the session at row of events_get's rows can take a listing
 * (the domain decides again when it is posted). */
static bool sellable(const struct pg_result *ev, int row)
{
    const char *status = pg_get(ev, row, S_STATUS);
    return !pg_is_null(ev, row, S_ID) && !pg_is_null(ev, row, S_START) &&
           pg_get_i64(ev, row, S_START) > time_now() &&
           !(status && strcmp(status, "cancelled") == 0);
}

static void session_field(struct page *p, const struct pg_result *ev, const struct sell_form *f)
{
    struct arena *a = p->req->arena;
    field_open(p, f, F_SESSION, "Date", "Upcoming dates, in the venue's local time.");
    tpl_mk_sell_session_open(p->o, invalid(f, F_SESSION), described(a, f, F_SESSION));
    for (int i = 0; i < pg_nrows(ev); i++) {
        if (!sellable(ev, i))
            continue;
        const char *id = pg_get(ev, i, S_ID);
        const char *when = web_session_when(a, ev, i, EV_GET_SESSION);
        if (strcmp(id, f->value[F_SESSION]) == 0)
            tpl_mk_option_selected(p->o, id, when);
        else
            tpl_mk_option(p->o, id, when);
    }
    tpl_mk_select_close(p->o);
    tpl_mk_field_close(p->o);
}

static void price_fields(struct page *p, const struct sell_form *f)
{
    struct arena *a = p->req->arena;
    field_open(p, f, F_PRICE, "Price", "What the buyer pays for this ticket, such as 45.00.");
    tpl_mk_sell_price(p->o, f->value[F_PRICE], invalid(f, F_PRICE), described(a, f, F_PRICE));
    tpl_mk_field_close(p->o);
    field_open(p, f, F_CURRENCY, "Currency", "The buyer pays in this currency.");
    tpl_mk_sell_currency_open(p->o, invalid(f, F_CURRENCY), described(a, f, F_CURRENCY));
    for (size_t i = 0; i < MQ_ARRAY_LEN(currencies); i++) {
        if (strcmp(currencies[i][0], f->value[F_CURRENCY]) == 0)
            tpl_mk_option_selected(p->o, currencies[i][0], currencies[i][1]);
        else
            tpl_mk_option(p->o, currencies[i][0], currencies[i][1]);
    }
    tpl_mk_select_close(p->o);
    tpl_mk_field_close(p->o);
}

static void text_field(struct page *p, const struct sell_form *f, enum sell_field k,
                       const char *label, const char *hint, size_t max)
{
    struct arena *a = p->req->arena;
    field_open(p, f, k, label, hint);
    tpl_mk_sell_text(p->o, field_names[k], f->value[k], arena_printf(a, "%zu", max), invalid(f, k),
                     described(a, f, k));
    tpl_mk_field_close(p->o);
}

static void sell_form(struct page *p, const struct pg_result *ev, const struct sell_form *f)
{
    tpl_mk_sell_form_open(p->o, page_csrf(p), pg_get(ev, 0, EV_GET_SUMMARY));
    session_field(p, ev, f);
    price_fields(p, f);
    tpl_mk_sell_place_open(p->o);
    text_field(p, f, F_SECTION, "Section", "As printed on the ticket, such as A or Floor.",
               TICKET_PLACE_MAX);
    text_field(p, f, F_ROW, "Row", "Leave empty for standing tickets.", TICKET_PLACE_MAX);
    text_field(p, f, F_SEAT, "Seat", "The seat number, if there is one.", TICKET_PLACE_MAX);
    tpl_mk_sell_place_close(p->o);
    text_field(p, f, F_TITLE, "Listing title",
               "Optional: the event's name is used when you leave it empty.", TICKET_TITLE_MAX);
    tpl_mk_sell_form_close(p->o);
}

/* The reader's listings, newest first, with a withdraw button on those on
 * sale. */
static enum status listings(struct page *p)
{
    struct arena *a = p->req->arena;
    struct pg_result *r;
    int64_t total;
    enum status st =
        tickets_of_seller(&p->req->ctx->db, a, p->user->id, SELL_LISTINGS, 0, &r, &total);
    if (st != ST_OK || pg_nrows(r) == 0)
        return st;
    tpl_mk_listings_open(p->o);
    for (int i = 0; i < pg_nrows(r); i++) {
        const char *id = pg_get(r, i, TK_ID), *name = pg_get(r, i, TS_EVENT_NAME);
        const char *place =
            market_place(a, pg_get(r, i, TK_SECTION), pg_get(r, i, TK_ROW), pg_get(r, i, TK_SEAT));
        struct market_status s = market_ticket_status(pg_get(r, i, TK_STATUS));
        tpl_mk_listing(p->o, web_event_href(a, pg_get(r, i, TK_EVENT)), name,
                       web_session_when(a, r, i, TS_SESSION), place,
                       web_price(a, pg_get_i64(r, i, TK_PRICE), pg_get(r, i, TK_CURRENCY)), s.css,
                       s.label);
        if (strcmp(pg_get(r, i, TK_STATUS), "available") == 0)
            tpl_mk_listing_withdraw(p->o, arena_printf(a, "/sell/%s/withdraw", id), page_csrf(p),
                                    arena_printf(a, "%s, %s", name, place));
        tpl_mk_item_close(p->o);
    }
    tpl_mk_list_close(p->o);
    return ST_OK;
}

/* The notice a redirect asked for: a listing just made, or withdrawn. */
static void notices(struct page *p)
{
    struct arena *a = p->req->arena;
    const char *listed = request_query(p->req, "listed");
    struct pg_result *t;
    if (request_query(p->req, "withdrawn"))
        tpl_mk_notice(p->o, "ok", "Your listing was withdrawn; buyers no longer see it.");
    if (!listed || !str_is_uuid(listed) || tickets_get(&p->req->ctx->db, a, listed, &t) != ST_OK ||
        strcmp(pg_get(t, 0, TK_SELLER), p->user->id) != 0)
        return;
    tpl_mk_notice(
        p->o, "ok",
        arena_printf(a, "Your ticket is on sale at %s. Buyers see it on the event page now.",
                     web_price(a, pg_get_i64(t, 0, TK_PRICE), pg_get(t, 0, TK_CURRENCY))));
}

static void end_with_listings(struct page *p)
{
    if (listings(p) != ST_OK) {
        page_error(p, ST_UNAVAILABLE, NULL);
        return;
    }
    page_end(p);
}

/* Step 2: the form for the event of ev (events_get), status 200 or 422. */
static void render_form(struct page *p, const struct pg_result *ev, const struct sell_form *f,
                        int status)
{
    struct arena *a = p->req->arena;
    const char *name = pg_get(ev, 0, EV_GET_SUMMARY + 1);
    const char *href = web_event_href(a, pg_get(ev, 0, EV_GET_SUMMARY));
    bool any = false;
    for (int i = 0; i < pg_nrows(ev) && !any; i++)
        any = sellable(ev, i);
    page_begin_status(p, status,
                      &(struct page_meta){ .title = arena_printf(a, "Sell a ticket for %s", name),
                                           .path = "/sell",
                                           .noindex = true });
    tpl_mk_sell_head(p->o, name, href, pg_get(ev, 0, EV_GET_SUMMARY + 4));
    notices(p);
    errors_summary(p, f);
    if (any)
        sell_form(p, ev, f);
    else
        tpl_mk_sell_no_sessions(p->o, href);
    end_with_listings(p);
}

/* The first page of events matching q, as /api/search finds them. */
static enum status find_events(struct page *p, const char *q, struct search_result *out)
{
    struct arena *a = p->req->arena;
    struct search_request sr = { .from = INT64_MIN, .to = INT64_MAX, .limit = SELL_RESULTS };
    sr.nwords = search_split(a, q, sr.words, SEARCH_MAX_WORDS);
    if (sr.nwords <= 0)
        return ST_INVALID;
    sr.joined = search_joined(a, sr.words, sr.nwords);
    sr.fingerprint = search_fingerprint(sr.joined, NULL, sr.from, sr.to);
    struct app_ctx app = app_ctx_of(p->req);
    return search_run(&app, &sr, out);
}

static void results(struct page *p, const char *q, const struct search_result *r)
{
    struct arena *a = p->req->arena;
    if (r->n == 0) {
        tpl_mk_notice(p->o, "",
                      arena_printf(a,
                                   "No events match \xe2\x80\x9c%s\xe2\x80\x9d. Check the "
                                   "spelling, or try the venue's name.",
                                   q));
        return;
    }
    tpl_mk_sell_results_open(p->o,
                             arena_printf(a, "Events matching \xe2\x80\x9c%s\xe2\x80\x9d", q));
    for (int i = 0; i < r->n; i++) {
        const char *id = pg_get(r->rows, i, 0);
        const char *when = pg_is_null(r->rows, i, EV_SUMMARY_COLS)
                               ? "No upcoming dates"
                               : web_session_when(a, r->rows, i, EV_SUMMARY_COLS);
        struct buf *sell = buf_new_arena(a, 0);
        buf_puts(sell, "/sell?event=");
        html_url(sell, id);
        tpl_mk_sell_result(p->o, web_event_href(a, id), pg_get(r->rows, i, 1), when,
                           pg_get(r->rows, i, 4), sell->data);
    }
    tpl_mk_list_close(p->o);
}

/* Step 1: the search box, and what it found. */
static void find_step(struct page *p)
{
    const char *q = request_query(p->req, "q");
    struct search_result r = { 0 };
    enum status st = ST_OK;
    bool asked = q && *q;
    /* At most SELL_MAX_Q characters of up to four bytes; search_split
     * refuses too many words. */
    if (asked && (!str_is_utf8(q, strlen(q)) || strlen(q) > SELL_MAX_Q * 4))
        st = ST_INVALID;
    else if (asked)
        st = find_events(p, q, &r);
    if (st != ST_OK && st != ST_INVALID) {
        page_error(p, st, NULL);
        return;
    }
    page_begin(p,
               &(struct page_meta){ .title = "Sell a ticket", .path = "/sell", .noindex = true });
    tpl_mk_sell_find(p->o, asked && st == ST_OK ? q : "");
    notices(p);
    if (st == ST_INVALID)
        tpl_mk_notice(p->o, "bad", "Type a few letters of the event's or the venue's name.");
    else if (asked)
        results(p, q, &r);
    end_with_listings(p);
}

void sell_page(struct request *req, struct response *res)
{
    struct page p;
    struct pg_result *ev;
    if (page_open(&p, req, res) || page_need_user(&p))
        return;
    const char *event = request_query(req, "event");
    if (!event || !*event) {
        find_step(&p);
        return;
    }
    enum status st = events_get(&req->ctx->db, req->arena, event, &ev);
    if (st != ST_OK) {
        page_error(&p, st, st == ST_NOT_FOUND ? "There is no event with this address." : NULL);
        return;
    }
    struct sell_form f = { .event = event };
    for (int k = 0; k < F_COUNT; k++)
        f.value[k] = "";
    f.value[F_CURRENCY] = "EUR";
    render_form(&p, ev, &f, 200);
}

/* A refusal of tickets_create, next to the field it is about. */
static bool refused(struct arena *a, struct sell_form *f, const char *result)
{
    const struct market_outcome *o = market_outcome_find(tickets_outcomes, result);
    if (!o || !o->field)
        return false;
    if (strcmp(result, "currency") == 0)
        set_error(f, F_CURRENCY, "Choose a currency from the list");
    else if (strcmp(result, "session_not_found") == 0)
        set_error(f, F_SESSION, "Choose a date from the list");
    else
        set_error(f, F_SESSION, market_sentence(a, o->message));
    return true;
}

void sell_post(struct request *req, struct response *res)
{
    struct page p;
    struct sell_form f = { 0 };
    struct ticket_input in;
    struct pg_result *ev, *t;
    const char *result = NULL;

    if (page_open(&p, req, res) || page_need_user(&p) || page_form(&p))
        return;
    read_form(&p, &f, &in);
    enum status st = events_get(&req->ctx->db, req->arena, f.event, &ev);
    if (st == ST_OK && f.nerrors == 0)
        st = tickets_create(&req->ctx->db, req->arena, p.user->id, &in, &result, &t);
    if (st != ST_OK) {
        page_error(&p, st, st == ST_NOT_FOUND ? "There is no event with this address." : NULL);
        return;
    }
    if (result && strcmp(result, "ok") == 0) {
        market_changed(req);
        struct buf *to = buf_new_arena(req->arena, 0);
        buf_puts(to, "/sell?event=");
        html_url(to, pg_get(t, 0, 1 + TK_EVENT));
        buf_printf(to, "&listed=%s", pg_get(t, 0, 1 + TK_ID));
        page_redirect(&p, to->data);
        return;
    }
    if (result && !refused(req->arena, &f, result)) {
        page_error(&p, ST_INTERNAL, NULL);
        return;
    }
    render_form(&p, ev, &f, 422);
}

void sell_withdraw(struct request *req, struct response *res)
{
    struct page p;
    const char *id = req->params[0], *result;

    if (page_open(&p, req, res) || page_need_user(&p) || page_form(&p))
        return;
    enum status st = str_is_uuid(id)
                         ? tickets_withdraw(&req->ctx->db, req->arena, id, p.user->id, &result)
                         : ST_NOT_FOUND;
    if (st != ST_OK) {
        page_error(&p, st, st == ST_NOT_FOUND ? "There is no listing with this address." : NULL);
        return;
    }
    if (strcmp(result, "ok") == 0) {
        market_changed(req);
        page_redirect(&p, "/sell?withdrawn=1");
        return;
    }
    const struct market_outcome *o = market_outcome_find(tickets_outcomes, result);
    if (!o) {
        page_error(&p, ST_INTERNAL, NULL);
        return;
    }
    market_refused(&p, o->st, "This listing cannot be withdrawn",
                   arena_printf(req->arena, "%s.", market_sentence(req->arena, o->message)),
                   "/sell");
}
