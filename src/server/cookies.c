#include "config.h"
#include "core/common.h"
#include "server/cookies.h"

static bool is_space(char c)
{
    return c == ' ' || c == '\t';
}

void cookies_parse(struct request *req, const char *header)
{
    req->cookie_header = header;
}

/* Whether "name=value" of s[0..n) is called name; *val and *vlen are then
 * its value, trimmed and unquoted. */
static bool cookie_match(const char *s, size_t n, const char *name, const char **val, size_t *vlen)
{
    const char *eq = memchr(s, '=', n);
    if (!eq)
        return false;
    const char *nend = eq, *v = eq + 1, *vend = s + n;
    while (s < nend && is_space(*s))
        s++;
    while (nend > s && is_space(nend[-1]))
        nend--;
    if ((size_t)(nend - s) != strlen(name) || memcmp(s, name, (size_t)(nend - s)) != 0)
        return false;
    while (v < vend && is_space(*v))
        v++;
    while (vend > v && is_space(vend[-1]))
        vend--;
    if (vend - v >= 2 && *v == '"' && vend[-1] == '"') {
        v++;
        vend--;
    }
    *val = v;
    *vlen = (size_t)(vend - v);
    return true;
}

const char *cookie_get(const struct request *req, const char *name)
{
    const char *s = req->cookie_header, *val;
    size_t vlen;

    if (!s || !*name)
        return NULL;
    for (const char *end = s + strlen(s); s < end;) {
        const char *semi = memchr(s, ';', (size_t)(end - s));
        size_t n = semi ? (size_t)(semi - s) : (size_t)(end - s);
        if (cookie_match(s, n, name, &val, &vlen))
            return arena_strndup(req->arena, val, vlen);
        s += n + 1;
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
