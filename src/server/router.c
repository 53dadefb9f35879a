#include "config.h"
#include "core/common.h"
#include "server/router.h"

/* Matches path against pattern; fills params on success. */
static bool match(const char *pattern, const char *path, struct request *req, bool capture)
{
    const char *p = pattern, *s = path;
    size_t n = 0;

    while (*p && *s) {
        if (*p == '{') {
            const char *pend = strchr(p, '}');
            const char *send = strchr(s, '/');
            size_t len = send ? (size_t)(send - s) : strlen(s);
            if (!pend || len == 0 || n >= ROUTE_MAX_PARAMS)
                return false;
            if (capture)
                req->params[n] = arena_strndup(req->arena, s, len);
            n++;
            p = pend + 1;
            s += len;
            continue;
        }
        if (*p != *s)
            return false;
        p++;
        s++;
    }
    if (*p || *s)
        return false;
    if (capture)
        req->nparams = n;
    return true;
}

static void add_allowed(char *allow, size_t allowlen, const char *method)
{
    if (strstr(allow, method))
        return;
    size_t used = strlen(allow);
    snprintf(allow + used, allowlen - used, "%s%s", used ? ", " : "", method);
}

enum route_result router_match(const struct route *const *tables, struct request *req, char *allow,
                               size_t allowlen)
{
    bool path_known = false;
    allow[0] = '\0';
    for (; *tables; tables++) {
        for (const struct route *r = *tables; r->method; r++) {
            if (!match(r->pattern, req->path, req, false))
                continue;
            path_known = true;
            bool same = strcmp(r->method, req->method) == 0 ||
                        (strcmp(req->method, "HEAD") == 0 && strcmp(r->method, "GET") == 0);
            if (same) {
                match(r->pattern, req->path, req, true);
                req->route = r;
                return ROUTE_FOUND;
            }
            add_allowed(allow, allowlen, r->method);
            if (strcmp(r->method, "GET") == 0)
                add_allowed(allow, allowlen, "HEAD");
        }
    }
    return path_known ? ROUTE_BAD_METHOD : ROUTE_NOT_FOUND;
}

int router_index(const struct route *const *tables, const struct route *r)
{
    int i = 0;
    for (; *tables; tables++) {
        for (const struct route *t = *tables; t->method; t++, i++) {
            if (t == r)
                return i;
        }
    }
    return -1;
}

int router_count(const struct route *const *tables)
{
    int n = 0;
    for (; *tables; tables++) {
        for (const struct route *t = *tables; t->method; t++)
            n++;
    }
    return n;
}

bool route_reads(const struct route *r, const char *name)
{
    if (!r || !r->cache)
        return false;
    for (const char *const *q = r->cache->query; *q; q++) {
        if (strcmp(*q, name) == 0)
            return true;
    }
    return false;
}
