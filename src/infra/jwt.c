#include "config.h"
#include "core/common.h"
#include "infra/jwt.h"
#include "core/arena.h"

#include <errno.h>
#include <jwt.h>

enum status jwt_hs256_sign(struct arena *a, const char *key, size_t keylen,
                           const struct jwt_claims *c, char **token)
{
    jwt_t *j = NULL;
    char *s = NULL;
    enum status st = ST_INTERNAL;

    if (keylen > INT32_MAX || jwt_new(&j) != 0)
        return ST_INTERNAL;
    if (jwt_set_alg(j, JWT_ALG_HS256, (const unsigned char *)key, (int)keylen) != 0 ||
        jwt_add_grant(j, "sub", c->sub) != 0 || jwt_add_grant(j, "username", c->username) != 0 ||
        jwt_add_grant(j, "jti", c->jti) != 0 || jwt_add_grant(j, "csrf", c->csrf) != 0 ||
        jwt_add_grant_int(j, "iat", (long)c->iat) != 0 ||
        jwt_add_grant_int(j, "exp", (long)c->exp) != 0)
        goto out;
    s = jwt_encode_str(j);
    if (!s)
        goto out;
    *token = arena_strdup(a, s);
    st = ST_OK;
out:
    free(s);
    jwt_free(j);
    return st;
}

/* A claim as an arena copy; NULL when missing or empty. */
static const char *grant(struct arena *a, jwt_t *j, const char *name)
{
    const char *v = jwt_get_grant(j, name);
    return v && *v ? arena_strdup(a, v) : NULL;
}

static int64_t grant_int(jwt_t *j, const char *name)
{
    errno = 0;
    long v = jwt_get_grant_int(j, name);
    return errno ? 0 : (int64_t)v;
}

enum status jwt_hs256_verify(struct arena *a, const char *key, size_t keylen, const char *token,
                             int64_t now, struct jwt_claims *out)
{
    jwt_t *j = NULL;

    memset(out, 0, sizeof(*out));
    if (!token || strlen(token) > JWT_MAX_TOKEN || keylen < 1 || keylen > INT32_MAX)
        return ST_UNAUTH;
    if (jwt_decode(&j, token, (const unsigned char *)key, (int)keylen) != 0 || !j)
        return ST_UNAUTH;
    /* libjwt verifies with whatever alg the token names; only ours counts. */
    bool ok = jwt_get_alg(j) == JWT_ALG_HS256;
    if (ok) {
        out->sub = grant(a, j, "sub");
        out->username = grant(a, j, "username");
        out->jti = grant(a, j, "jti");
        out->csrf = grant(a, j, "csrf");
        out->iat = grant_int(j, "iat");
        out->exp = grant_int(j, "exp");
    }
    jwt_free(j);
    if (!ok || !out->sub || !out->username || !out->jti || !out->csrf || out->iat <= 0 ||
        out->exp <= now)
        return ST_UNAUTH;
    return ST_OK;
}
