#include "config.h"
#include "core/common.h"
#include "server/request.h"
#include "core/str.h"
#include "infra/fcgi.h"

size_t request_parse_pairs(struct arena *a, const char *s, struct query_param *out, size_t max)
{
    size_t n = 0;
    while (s && *s && n < max) {
        const char *amp = strchr(s, '&');
        size_t len = amp ? (size_t)(amp - s) : strlen(s);
        const char *eq = memchr(s, '=', len);
        if (len > 0) {
            struct query_param *q = &out[n++];
            size_t klen = eq ? (size_t)(eq - s) : len;
            q->name = str_url_decode(a, s, klen);
            q->value = eq ? str_url_decode(a, eq + 1, len - klen - 1) : "";
        }
        s = amp ? amp + 1 : NULL;
    }
    return n;
}

void request_parse_query(struct request *req, const char *s)
{
    req->nquery = request_parse_pairs(req->arena, s, req->query, REQUEST_MAX_QUERY);
}

const char *request_query(const struct request *req, const char *name)
{
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
