/*
 * router.h - declarative routes. Each domain exports a table of routes
 * terminated by { NULL }; src/app/routes.c lists the tables. A pattern is a
 * path whose "{name}" segments match one non-empty segment each; the first
 * matching route in table order wins, so list literal paths before
 * parameterised ones (/api/events/trending before /api/events/{id}).
 */
#ifndef MQ_ROUTER_H
#define MQ_ROUTER_H

#include "core/common.h"
#include "server/request.h"
#include "server/response.h"

enum auth_level {
    AUTH_PUBLIC,   /* anyone */
    AUTH_USER,     /* a valid session (server/auth.h) */
    AUTH_OWNER,    /* a valid session whose user id is the first path parameter ({userId}) */
    AUTH_LOOPBACK, /* only from the local machine (ops) */
};

typedef void (*route_handler)(struct request *req, struct response *res);

/* Whether 200 answers may be served from the response cache (server/cache.h). */
enum route_cache {
    CACHE_NONE,
    /* A public GET whose JSON answer is the same for everyone. Never on a
     * route whose answer depends on who asks. */
    CACHE_JSON,
    /* An HTML page, served from the cache only to requests without a
     * session cookie or Authorization header: a signed-in reader's page is
     * always rendered for them and never stored. */
    CACHE_PAGE,
};

struct route {
    const char *method;  /* "GET", "POST", ... */
    const char *pattern; /* "/api/events/{id}"; also the metrics/log label */
    enum auth_level auth;
    route_handler handler;
    enum route_cache cache;
};

enum route_result { ROUTE_FOUND, ROUTE_NOT_FOUND, ROUTE_BAD_METHOD };

/*
 * Finds the route for method and path among tables (NULL-terminated list
 * of NULL-terminated tables). On ROUTE_FOUND sets req->route and the path
 * parameters (arena copies); on ROUTE_BAD_METHOD writes the allowed
 * methods ("GET, HEAD") into allow.
 */
enum route_result router_match(const struct route *const *tables, struct request *req, char *allow,
                               size_t allowlen);

/* Index of r among all routes of tables (for metrics), or -1. */
int router_index(const struct route *const *tables, const struct route *r);
/* Number of routes in tables. */
int router_count(const struct route *const *tables);

#endif
