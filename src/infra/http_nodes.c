#include "config.h"
#include "core/common.h"
#include "infra/http_nodes.h"
#include "core/arena.h"
#include "core/log.h"

void http_nodes_init(struct http_nodes *n, const char *list)
{
    n->list = list ? list : "";
    n->current = 0;
}

int http_nodes_split(struct arena *a, const char *list, const char **out)
{
    int k = 0;
    const char *p = list ? list : "";
    while (*p && k < HTTP_NODES_MAX) {
        const char *end = strchr(p, ',');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        const char *s = p;
        while (len > 0 && (*s == ' ' || *s == '\t'))
            s++, len--;
        while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\t' || s[len - 1] == '/'))
            len--;
        if (len > 0)
            out[k++] = arena_printf(a, "%.*s", (int)len, s);
        p = end ? end + 1 : p + strlen(p);
    }
    return k;
}

enum status http_nodes_do(struct http_nodes *n, struct http_client *c, struct arena *a,
                          const char *what, const struct http_req *req, struct http_result *resp)
{
    const char *base[HTTP_NODES_MAX];
    int count = http_nodes_split(a, n->list, base);
    enum status st = ST_UPSTREAM;
    if (count == 0) {
        memset(resp, 0, sizeof(*resp));
        snprintf(resp->error, sizeof(resp->error), "no node configured");
        return ST_UPSTREAM;
    }
    for (int i = 0; i < count; i++) {
        int k = (n->current + i) % count;
        struct http_req r = *req;
        r.url = arena_printf(a, "%s%s", base[k], req->url);
        st = http_do(c, a, &r, resp);
        if (st == ST_OK && resp->status < 500) {
            n->current = k;
            return ST_OK;
        }
        if (st == ST_INVALID)
            return st;
        if (count > 1)
            log_warn("upstream_node_failed", "upstream=%s url=%s status=%ld error=\"%s\"", what,
                     http_url_for_log(a, r.url), st == ST_OK ? resp->status : 0L,
                     st == ST_OK ? "" : resp->error);
    }
    return st;
}
