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
enum cache_kind {
    /* A public GET whose JSON answer is the same for everyone. Never on a
     * route whose answer depends on who asks. */
    CACHE_KIND_JSON = 1,
    /* An HTML page, served from the cache only to requests without a
     * session cookie or Authorization header: a signed-in reader's page is
     * always rendered for them and never stored. */
    CACHE_KIND_PAGE,
};

/* A cached route's kind and the query parameters its handler reads
 * (NULL-terminated): the cache key is the path and those, in this order,
 * so parameters the route ignores (?zz=<random>) neither miss the cache
 * nor add keys to Redis (issue 14). A handler reading a parameter not
 * listed here is logged as an error (request_query). */
struct route_cache {
    enum cache_kind kind;
    const char *const *query;
};

/* What a route table says in its cache column: CACHE_NONE, or
 * CACHE_JSON("limit", "offset") / CACHE_PAGE(...) with the parameters read,
 * CACHE_JSON(NULL) for none. */
#define CACHE_NONE NULL
#define CACHE_JSON(...)                                                                            \
    (&(const struct route_cache){ CACHE_KIND_JSON, (const char *const[]){ __VA_ARGS__, NULL } })
#define CACHE_PAGE(...)                                                                            \
    (&(const struct route_cache){ CACHE_KIND_PAGE, (const char *const[]){ __VA_ARGS__, NULL } })

struct route {
    const char *method;  /* "GET", "POST", ... */
    const char *pattern; /* "/api/events/{id}"; also the metrics/log label */
    enum auth_level auth;
    route_handler handler;
    const struct route_cache *cache; /* CACHE_NONE (NULL) or CACHE_JSON/CACHE_PAGE */
};

/* Whether r's answers are cached as kind. */
static inline bool route_cached(const struct route *r, enum cache_kind kind)
{
    return r && r->cache && r->cache->kind == kind;
}

/* Whether r is cached and its key includes query parameter name. */
bool route_reads(const struct route *r, const char *name);

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
