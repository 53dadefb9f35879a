/*
 * status.h - the one status type. 0 is success; every other value maps to
 * exactly one HTTP status and one API error code (status_http, status_code).
 */
#ifndef MQ_STATUS_H
#define MQ_STATUS_H

enum status {
    ST_OK = 0,
    ST_INVALID,      /* 400 validation */
    ST_UNAUTH,       /* 401 unauthenticated */
    ST_DECLINED,     /* 402 payment_declined */
    ST_DENIED,       /* 403 forbidden */
    ST_CSRF,         /* 403 csrf */
    ST_NOT_FOUND,    /* 404 not_found */
    ST_METHOD,       /* 405 method_not_allowed */
    ST_CONFLICT,     /* 409 conflict */
    ST_TOO_LARGE,    /* 413 payload_too_large */
    ST_MEDIA_TYPE,   /* 415 unsupported_media_type */
    ST_RATE_LIMITED, /* 429 rate_limited */
    ST_INTERNAL,     /* 500 internal */
    ST_UPSTREAM,     /* 502/503: a dependency failed (treated as unavailable) */
    ST_UNAVAILABLE,  /* 503 unavailable */
    ST_NOMEM,        /* 500: out of memory or a buffer cap was hit */
};

/* The HTTP status for st (200 for ST_OK). */
int status_http(enum status st);

/* The API error code for st ("validation", "not_found", ...). Static string. */
const char *status_code(enum status st);

#endif
