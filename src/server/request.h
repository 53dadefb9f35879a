/*
 * request.h - one HTTP request as the FastCGI worker sees it. All strings
 * are arena memory or borrowed from libfcgi until the response is sent.
 */
#ifndef MQ_REQUEST_H
#define MQ_REQUEST_H

#include "core/common.h"
#include "core/arena.h"

#define REQUEST_MAX_BODY  65536
#define REQUEST_MAX_QUERY 64
#define ROUTE_MAX_PARAMS  4

struct auth_user;
struct body_fields;
struct fcgi_conn;
struct route;
struct worker_ctx;

struct query_param {
    const char *name;
    const char *value;
};

struct request {
    struct arena *arena;
    struct worker_ctx *ctx; /* the worker's connections and config */
    struct fcgi_conn *conn;
    const char *method;
    const char *path; /* decoded path, without the query string */
    const char *request_id;
    const char *remote_addr;
    struct query_param query[REQUEST_MAX_QUERY];
    size_t nquery;
    const char *query_error; /* request_parse_query: the refused parameter, or NULL */
    const char *body;        /* NUL-terminated; NULL when there is none */
    size_t body_len;
    const struct route *route;
    const char *params[ROUTE_MAX_PARAMS]; /* path parameters, in pattern order */
    size_t nparams;
    const char *cookie_header;    /* the Cookie header (server/cookies.h), or NULL */
    struct body_fields *fields;   /* the parsed body (server/body.h), NULL until parsed */
    const struct auth_user *user; /* the signed-in user (server/auth.h) on guarded routes */
    const char *cache_key;        /* server/cache.h: where a cacheable answer is stored */
    uint64_t cache_version;       /* ... and under which catalogue version */
    void (*after)(struct request *req, void *arg); /* see request_after */
    void *after_arg;
};

/* Parses "a=1&b=2" pairs (URL-decoded into the arena) into out, *n of them.
 * -1 when a name or value decodes to a NUL byte (*bad: that parameter's
 * name) or there are more than max pairs (*bad: NULL); 0 otherwise. */
int request_parse_pairs(struct arena *a, const char *s, struct query_param *out, size_t max,
                        size_t *n, const char **bad);

/* Parses the query string s into req->query; what request_parse_pairs
 * refuses is noted in req->query_error (the parameter, or "query" for too
 * many), which the worker answers with a 400. */
void request_parse_query(struct request *req, const char *s);

/* The first value of query parameter name, or NULL. */
const char *request_query(const struct request *req, const char *name);

/* fn(req, arg) runs once the response has been sent, before the arena is
 * reset: work no reader should wait for. One per request; a later call
 * replaces an earlier one. */
void request_after(struct request *req, void (*fn)(struct request *req, void *arg), void *arg);

/* A CGI variable of the request (e.g. "HTTP_COOKIE"), or NULL. */
const char *request_header(const struct request *req, const char *cgi_name);

#endif
