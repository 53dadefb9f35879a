#include "config.h"
#include "core/common.h"
#include "server/response.h"

#include <stdarg.h>

void response_init(struct response *res)
{
    buf_init(&res->headers, 8192);
    buf_init(&res->body, RESPONSE_MAX_BODY);
    response_reset(res);
}

void response_release(struct response *res)
{
    buf_release(&res->headers);
    buf_release(&res->body);
}

void response_reset(struct response *res)
{
    res->status = 200;
    res->content_type = "application/json";
    res->error = ST_OK;
    res->html = false;
    buf_reset(&res->headers);
    buf_reset(&res->body);
    jsonw_init(&res->json, &res->body);
}

void response_header(struct response *res, const char *name, const char *value)
{
    buf_printf(&res->headers, "%s: %s\r\n", name, value);
}

struct jsonw *reply_json(struct response *res, int status)
{
    res->status = status;
    res->content_type = "application/json";
    buf_reset(&res->body);
    jsonw_init(&res->json, &res->body);
    return &res->json;
}

/* No inline script or style, nothing from another host but images, never
 * framed. */
#define PAGE_CSP                                                                                   \
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' https:; "             \
    "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"

struct buf *reply_html(struct response *res, int status, bool hsts)
{
    res->status = status;
    res->content_type = "text/html; charset=utf-8";
    buf_reset(&res->body);
    if (!res->html) {
        response_header(res, "Content-Security-Policy", PAGE_CSP);
        response_header(res, "Referrer-Policy", "strict-origin-when-cross-origin");
        if (hsts)
            response_header(res, "Strict-Transport-Security",
                            "max-age=31536000; includeSubDomains");
        res->html = true;
    }
    return &res->body;
}

struct jsonw *reply_items_open(struct response *res)
{
    struct jsonw *w = reply_json(res, 200);
    jsonw_obj_open(w);
    jsonw_key(w, "items");
    jsonw_arr_open(w);
    return w;
}

void reply_page_close(struct jsonw *w, int64_t total, int64_t limit, int64_t offset)
{
    jsonw_arr_close(w);
    jsonw_kint(w, "total", total);
    jsonw_kint(w, "limit", limit);
    jsonw_kint(w, "offset", offset);
    jsonw_obj_close(w);
}

void reply_no_content(struct response *res)
{
    res->status = 204;
    buf_reset(&res->body);
}

int reply_error(struct response *res, enum status st, const char *field, const char *fmt, ...)
{
    char msg[512];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    struct jsonw *w = reply_json(res, status_http(st));
    res->error = st;
    jsonw_obj_open(w);
    jsonw_key(w, "errors");
    jsonw_arr_open(w);
    jsonw_obj_open(w);
    jsonw_kstr(w, "code", status_code(st));
    jsonw_kstr(w, "message", msg);
    if (field)
        jsonw_kstr(w, "field", field);
    jsonw_obj_close(w);
    jsonw_arr_close(w);
    jsonw_obj_close(w);
    return -1;
}

int reply_status(struct response *res, enum status st)
{
    switch (st) {
    case ST_UNAVAILABLE:
    case ST_UPSTREAM:
        return reply_error(res, st, NULL, "service temporarily unavailable");
    case ST_NOT_FOUND:
        return reply_error(res, st, NULL, "not found");
    case ST_CONFLICT:
        return reply_error(res, st, NULL, "conflict");
    default:
        return reply_error(res, ST_INTERNAL, NULL, "internal error");
    }
}
