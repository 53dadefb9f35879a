/*
 * response.h - the response being built for a request: status, extra
 * headers and a JSON (or other) body, sent in one piece by the worker.
 *
 * reply_error writes the error envelope of spec/API.md:
 *   {"errors":[{"code":"validation","message":"...","field":"limit"}]}
 * The message is what the client sees: short, lowercase, no internals.
 */
#ifndef MQ_RESPONSE_H
#define MQ_RESPONSE_H

#include "core/common.h"
#include "core/buf.h"
#include "core/jsonw.h"
#include "core/status.h"

#define RESPONSE_MAX_BODY (16u << 20)

struct response {
    int status;
    const char *content_type;
    struct buf headers; /* extra "Name: value\r\n" lines */
    struct buf body;
    struct jsonw json; /* writes into body */
    enum status error; /* the status of the first error replied, ST_OK if none */
    bool html;         /* reply_html has added the page headers */
};

/* Worker lifetime: the buffers are reused across requests. */
void response_init(struct response *res);
void response_release(struct response *res);
void response_reset(struct response *res);

void response_header(struct response *res, const char *name, const char *value);

/* Starts a JSON body with the given status; returns the writer. */
struct jsonw *reply_json(struct response *res, int status);
/* Starts an HTML page with the given status: the content type and the
 * pages' security headers (CSP without inline script, frame-ancestors
 * 'none', Referrer-Policy; HSTS when hsts), added once per response
 * (every answer gets nosniff, and a signed-in reader's no-store, from the
 * worker). Returns the body to write into. */
struct buf *reply_html(struct response *res, int status, bool hsts);
/* A 200 list reply: starts the object and its "items" array. Close it
 * with reply_page_close, or jsonw_arr_close then the extra keys and
 * jsonw_obj_close. */
struct jsonw *reply_items_open(struct response *res);
/* Closes the items array, adds total, limit and offset, closes the object. */
void reply_page_close(struct jsonw *w, int64_t total, int64_t limit, int64_t offset);
/* 204 No Content. */
void reply_no_content(struct response *res);

/* Replaces the body with the error envelope for st. field may be NULL.
 * Returns -1 so helpers can `return reply_error(...)`. */
int reply_error(struct response *res, enum status st, const char *field, const char *fmt, ...)
    MQ_PRINTF(4, 5);

/* The 500 / 503 replies for a failed domain call (message chosen by st). */
int reply_status(struct response *res, enum status st);

#endif
