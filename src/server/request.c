#include "config.h"
#include "core/common.h"
#include "server/request.h"
#include "core/str.h"
#include "infra/fcgi.h"

void request_parse_query(struct request *req, const char *s)
{
    req->nquery = 0;
    while (s && *s && req->nquery < REQUEST_MAX_QUERY) {
        const char *amp = strchr(s, '&');
        size_t len = amp ? (size_t)(amp - s) : strlen(s);
        const char *eq = memchr(s, '=', len);
        if (len > 0) {
            struct query_param *q = &req->query[req->nquery++];
            size_t klen = eq ? (size_t)(eq - s) : len;
            q->name = str_url_decode(req->arena, s, klen);
            q->value = eq ? str_url_decode(req->arena, eq + 1, len - klen - 1) : "";
        }
        s = amp ? amp + 1 : NULL;
    }
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
