#include "config.h"
#include "core/common.h"
#include "server/request.h"
#include "core/log.h"
#include "core/str.h"
#include "infra/fcgi.h"
#include "server/router.h"

/* s[0..n) URL-decoded into the arena; NULL if it decodes to a NUL byte,
 * which would cut the value short wherever it is used as a C string. */
static const char *decode(struct arena *a, const char *s, size_t n)
{
    if (n >= 3 && memmem(s, n, "%00", 3))
        return NULL;
    return str_url_decode(a, s, n);
}

int request_parse_pairs(struct arena *a, const char *s, struct query_param *out, size_t max,
                        size_t *n, const char **bad)
{
    *n = 0;
    *bad = NULL;
    while (s && *s) {
        const char *amp = strchr(s, '&');
        size_t len = amp ? (size_t)(amp - s) : strlen(s);
        const char *eq = memchr(s, '=', len);
        if (len > 0) {
            if (*n == max)
                return -1;
            struct query_param *q = &out[(*n)++];
            size_t klen = eq ? (size_t)(eq - s) : len;
            q->name = decode(a, s, klen);
            q->value = eq ? decode(a, eq + 1, len - klen - 1) : "";
            if (!q->name || !q->value) {
                *bad = q->name ? q->name : arena_strndup(a, s, klen);
                return -1;
            }
        }
        s = amp ? amp + 1 : NULL;
    }
    return 0;
}

void request_parse_query(struct request *req, const char *s)
{
    const char *bad;
    if (request_parse_pairs(req->arena, s, req->query, REQUEST_MAX_QUERY, &req->nquery, &bad))
        req->query_error = bad ? bad : "query";
}

const char *request_query(const struct request *req, const char *name)
{
    /* A cached answer that depended on a parameter outside its key would be
     * served to requests with another value: the route table must list it. */
    if (req->route && req->route->cache && !route_reads(req->route, name))
        log_error("cache_param_undeclared", "route=%s param=%s", req->route->pattern, name);
    for (size_t i = 0; i < req->nquery; i++) {
        if (strcmp(req->query[i].name, name) == 0)
            return req->query[i].value;
    }
    return NULL;
}

const char *request_header(const struct request *req, const char *cgi_name)
{
    return req->conn ? fcgi_param(req->conn, cgi_name) : NULL;
}

void request_after(struct request *req, void (*fn)(struct request *req, void *arg), void *arg)
{
    req->after = fn;
    req->after_arg = arg;
}
