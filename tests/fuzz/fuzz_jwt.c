/*
 * fuzz_jwt: session tokens through jwt_hs256_verify (infra/jwt.c) with
 * the fixed test key. Input: 'r' then a raw token; or 's' then a header
 * and a payload (JSON, split on FUZZ_SEP) signed here with the test key,
 * so the claims are read past the signature check. A token that verifies
 * has every claim and a future exp, and signing its claims again gives a
 * token that verifies to the same claims.
 */
#include "config.h"
#include "core/common.h"
#include "tests/fuzz/fuzz.h"
#include "core/base64.h"
#include "infra/jwt.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#define NOW 1800000000 /* 2027-01-15: fixed, so runs replay */

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    MQ_UNUSED(argc);
    MQ_UNUSED(argv);
    fuzz_setup();
    return 0;
}

static char *b64(struct arena *a, const void *in, size_t n)
{
    char *out = arena_alloc(a, base64url_len(n) + 1);
    base64url_encode(out, in, n);
    return out;
}

/* header.payload.signature with the test key. */
static const char *signed_token(struct arena *a, const struct fuzz_parts *p)
{
    unsigned char mac[EVP_MAX_MD_SIZE];
    unsigned int maclen = 0;
    const char *input =
        arena_printf(a, "%s.%s", b64(a, p->s[0], p->len[0]), b64(a, p->s[1], p->len[1]));
    HMAC(EVP_sha256(), FUZZ_JWT_KEY, (int)strlen(FUZZ_JWT_KEY), (const unsigned char *)input,
         strlen(input), mac, &maclen);
    return arena_printf(a, "%s.%s", input, b64(a, mac, maclen));
}

static bool same(const char *x, const char *y)
{
    return x && y && strcmp(x, y) == 0;
}

static void check_verified(struct arena *a, const struct jwt_claims *c)
{
    struct jwt_claims again;
    char *token = NULL;

    if (!c->sub || !c->username || !c->jti || !c->csrf || c->iat <= 0 || c->exp <= NOW)
        fuzz_fail("a verified token lacks a claim or has expired");
    if (jwt_hs256_sign(a, FUZZ_JWT_KEY, strlen(FUZZ_JWT_KEY), c, &token) != ST_OK)
        return; /* libjwt could not encode them (e.g. not UTF-8): never issued */
    if (strlen(token) > JWT_MAX_TOKEN)
        return;
    if (jwt_hs256_verify(a, FUZZ_JWT_KEY, strlen(FUZZ_JWT_KEY), token, NOW, &again) != ST_OK ||
        !same(again.sub, c->sub) || !same(again.username, c->username) ||
        !same(again.jti, c->jti) || !same(again.csrf, c->csrf) || again.iat != c->iat ||
        again.exp != c->exp)
        fuzz_fail("claims signed again do not verify to themselves");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct arena a;
    struct jwt_claims c;
    const char *token;

    if (size == 0)
        return 0;
    arena_init(&a, 0);
    if (data[0] == 's') {
        struct fuzz_parts p;
        fuzz_split(&a, data + 1, size - 1, &p);
        token = signed_token(&a, &p);
    } else {
        token = arena_strndup(&a, (const char *)data + 1, size - 1);
    }
    if (jwt_hs256_verify(&a, FUZZ_JWT_KEY, strlen(FUZZ_JWT_KEY), token, NOW, &c) == ST_OK)
        check_verified(&a, &c);
    arena_release(&a);
    return 0;
}
