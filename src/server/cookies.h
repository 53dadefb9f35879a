/*
 * cookies.h - the Cookie request header and Set-Cookie response headers.
 */
#ifndef MQ_COOKIES_H
#define MQ_COOKIES_H

#include "core/common.h"
#include "server/request.h"
#include "server/response.h"

/* Longer Cookie headers are refused (nginx's own limit is 8 KiB per header
 * line, which would answer with an HTML page instead of our JSON). */
#define COOKIES_MAX_HEADER 4096

/* Parses header ("a=1; b=2", NULL for none) into req->cookies (the first
 * REQUEST_MAX_COOKIES). A header over COOKIES_MAX_HEADER bytes is answered
 * 400 on field "cookie" and returns -1. */
int cookies_parse(struct request *req, struct response *res, const char *header);

/* The value of the first cookie called name, or NULL. Borrowed from req. */
const char *cookie_get(const struct request *req, const char *name);

struct cookie_attrs {
    int64_t max_age; /* seconds; 0 deletes the cookie */
    bool http_only;  /* hidden from scripts */
    bool secure;     /* HTTPS only */
};

/* Adds "Set-Cookie: name=value; Path=/; Max-Age=N; SameSite=Lax" with
 * HttpOnly and Secure as asked. value must be a cookie-safe token. */
void cookie_set(struct response *res, const char *name, const char *value,
                const struct cookie_attrs *attrs);

#endif
