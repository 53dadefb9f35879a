/*
 * jwt.h - session tokens: JWTs signed with HMAC-SHA256 (libjwt).
 *
 * Verification accepts exactly one algorithm, HS256, checked explicitly
 * after decoding: a token naming any other alg ("none", HS512, RS256, ...)
 * is refused even if libjwt would accept it. The signature, the expiry and
 * the presence of every claim we issue are checked too. libjwt compares
 * the signature with its time-safe jwt_strcmp (checked in Debian 12's
 * libjwt 1.10.2: jwt_verify_sha_hmac calls it), so a forger learns nothing
 * from response times.
 */
#ifndef MQ_JWT_H
#define MQ_JWT_H

#include "core/common.h"
#include "core/status.h"

struct arena;

#define JWT_MAX_TOKEN   2048 /* longer tokens are refused unparsed */
#define JWT_MIN_KEY_LEN 32   /* bytes of JWT_SECRET */

struct jwt_claims {
    const char *sub; /* user id */
    const char *username;
    const char *jti;  /* session id, the unit of revocation */
    const char *csrf; /* the session's CSRF token (server/auth.h) */
    int64_t iat, exp;
};

/* Signs c with key. *token is arena memory. ST_INTERNAL if libjwt fails. */
enum status jwt_hs256_sign(struct arena *a, const char *key, size_t keylen,
                           const struct jwt_claims *c, char **token);

/* Verifies token against key at time now (epoch seconds) and fills out
 * with arena copies of its claims. ST_UNAUTH for anything but a
 * well-formed, HS256-signed, unexpired token carrying sub, username, jti,
 * csrf, iat and exp. */
enum status jwt_hs256_verify(struct arena *a, const char *key, size_t keylen, const char *token,
                             int64_t now, struct jwt_claims *out);

#endif
