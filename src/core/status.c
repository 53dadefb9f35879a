#include "config.h"
#include "core/common.h"
#include "core/status.h"

static const struct {
    int http;
    const char *code;
} status_table[] = {
    [ST_OK] = { 200, "ok" },
    [ST_INVALID] = { 400, "validation" },
    [ST_UNAUTH] = { 401, "unauthenticated" },
    [ST_DECLINED] = { 402, "payment_declined" },
    [ST_DENIED] = { 403, "forbidden" },
    [ST_CSRF] = { 403, "csrf" },
    [ST_NOT_FOUND] = { 404, "not_found" },
    [ST_METHOD] = { 405, "method_not_allowed" },
    [ST_CONFLICT] = { 409, "conflict" },
    [ST_TOO_LARGE] = { 413, "payload_too_large" },
    [ST_MEDIA_TYPE] = { 415, "unsupported_media_type" },
    [ST_RATE_LIMITED] = { 429, "rate_limited" },
    [ST_INTERNAL] = { 500, "internal" },
    [ST_UPSTREAM] = { 503, "unavailable" },
    [ST_UNAVAILABLE] = { 503, "unavailable" },
    [ST_NOMEM] = { 500, "internal" },
};

int status_http(enum status st)
{
    if ((size_t)st >= MQ_ARRAY_LEN(status_table))
        return 500;
    return status_table[st].http;
}

const char *status_code(enum status st)
{
    if ((size_t)st >= MQ_ARRAY_LEN(status_table))
        return "internal";
    return status_table[st].code;
}
