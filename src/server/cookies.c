#include "config.h"
#include "core/common.h"
#include "server/cookies.h"

static bool is_space(char c)
{
    return c == ' ' || c == '\t';
}

/* One "name=value" of s[0..n): trimmed, value unquoted. */
static void add_cookie(struct request *req, const char *s, size_t n)
{
    const char *eq = memchr(s, '=', n);
    if (!eq || req->ncookies >= REQUEST_MAX_COOKIES)
        return;
    const char *name = s, *nend = eq, *val = eq + 1, *vend = s + n;
    while (name < nend && is_space(*name))
        name++;
    while (nend > name && is_space(nend[-1]))
        nend--;
    while (val < vend && is_space(*val))
        val++;
    while (vend > val && is_space(vend[-1]))
        vend--;
    if (vend - val >= 2 && *val == '"' && vend[-1] == '"') {
        val++;
        vend--;
    }
    if (nend == name)
        return;
    struct query_param *c = &req->cookies[req->ncookies++];
    c->name = arena_strndup(req->arena, name, (size_t)(nend - name));
    c->value = arena_strndup(req->arena, val, (size_t)(vend - val));
}

int cookies_parse(struct request *req, struct response *res, const char *header)
{
    req->ncookies = 0;
    if (!header)
        return 0;
    size_t len = strlen(header);
    if (len > COOKIES_MAX_HEADER)
        return reply_error(res, ST_INVALID, "cookie", "cookie header exceeds %d bytes",
                           COOKIES_MAX_HEADER);
    const char *s = header, *end = header + len;
    while (s < end) {
        const char *semi = memchr(s, ';', (size_t)(end - s));
        size_t n = semi ? (size_t)(semi - s) : (size_t)(end - s);
        add_cookie(req, s, n);
        s += n + 1;
    }
    return 0;
}

const char *cookie_get(const struct request *req, const char *name)
{
    for (size_t i = 0; i < req->ncookies; i++) {
        if (strcmp(req->cookies[i].name, name) == 0)
            return req->cookies[i].value;
    }
    return NULL;
}

void cookie_set(struct response *res, const char *name, const char *value,
                const struct cookie_attrs *attrs)
{
    buf_printf(&res->headers, "Set-Cookie: %s=%s; Path=/; Max-Age=%lld%s; SameSite=Lax%s\r\n", name,
               value, (long long)attrs->max_age, attrs->http_only ? "; HttpOnly" : "",
               attrs->secure ? "; Secure" : "");
}
