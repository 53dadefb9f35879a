/*
 * cookies.h - the Cookie request header and Set-Cookie response headers.
 */
#ifndef MQ_COOKIES_H
#define MQ_COOKIES_H

#include "core/common.h"
#include "server/request.h"
#include "server/response.h"

/* Notes header ("a=1; b=2", NULL for none; borrowed, it must outlive the
 * request) for cookie_get. There is no count or size limit here: a browser
 * may send dozens of cookies for the site (analytics, other apps on the
 * host) and ours must still be found, and a long header must not break
 * public routes. nginx bounds the header line (8 KiB by default,
 * large_client_header_buffers; beyond it its JSON 400/494). */
void cookies_parse(struct request *req, const char *header);

/* The value of the first cookie called name (trimmed, unquoted), or NULL:
 * a scan of the header, wherever the cookie is in it. Arena memory. */
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
