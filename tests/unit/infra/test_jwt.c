#include "config.h"
#include "core/common.h"
#include "infra/jwt.h"
#include "core/arena.h"
#include "core/timeutil.h"
#include "tests/unit/suites.h"
#include "tests/unit/testutil.h"

#include <jwt.h>

static const char KEY[] = "0123456789abcdef0123456789abcdef-unit-test-key";
#define KEYLEN (sizeof(KEY) - 1)

static char *sign(struct arena *a, int64_t exp)
{
    struct jwt_claims c = {
        .sub = "3f1c1e6e-8d6e-4d55-9a36-0b8a4f1e2c11",
        .username = "alice",
        .jti = "00112233445566778899aabbccddeeff",
        .csrf = "0f0e0d0c0b0a09080706050403020100",
        .iat = time_now(),
        .exp = exp,
    };
    char *t = NULL;
    CU_ASSERT_EQUAL(jwt_hs256_sign(a, KEY, KEYLEN, &c, &t), ST_OK);
    return t;
}

/* A token made with libjwt directly, with any alg and key. */
static char *forge(struct arena *a, jwt_alg_t alg, const char *key)
{
    jwt_t *j = NULL;
    CU_ASSERT_EQUAL_FATAL(jwt_new(&j), 0);
    jwt_set_alg(j, alg, (const unsigned char *)key, key ? (int)strlen(key) : 0);
    jwt_add_grant(j, "sub", "3f1c1e6e-8d6e-4d55-9a36-0b8a4f1e2c11");
    jwt_add_grant(j, "username", "mallory");
    jwt_add_grant(j, "jti", "00112233445566778899aabbccddeeff");
    jwt_add_grant(j, "csrf", "0f0e0d0c0b0a09080706050403020100");
    jwt_add_grant_int(j, "iat", (long)time_now());
    jwt_add_grant_int(j, "exp", (long)time_now() + 3600);
    char *s = jwt_encode_str(j);
    char *t = arena_strdup(a, s ? s : "");
    free(s);
    jwt_free(j);
    return t;
}

static void signed_tokens_verify_with_their_claims(void)
{
    struct arena a;
    struct jwt_claims c;
    arena_init(&a, 0);
    char *t = sign(&a, time_now() + 60);
    CU_ASSERT_EQUAL(jwt_hs256_verify(&a, KEY, KEYLEN, t, time_now(), &c), ST_OK);
    CU_ASSERT_STRING_EQUAL(c.sub, "3f1c1e6e-8d6e-4d55-9a36-0b8a4f1e2c11");
    CU_ASSERT_STRING_EQUAL(c.username, "alice");
    CU_ASSERT_STRING_EQUAL(c.jti, "00112233445566778899aabbccddeeff");
    CU_ASSERT_STRING_EQUAL(c.csrf, "0f0e0d0c0b0a09080706050403020100");
    CU_ASSERT_TRUE(c.exp > time_now());
    arena_release(&a);
}

static void tampered_or_wrongly_keyed_tokens_fail(void)
{
    struct arena a;
    struct jwt_claims c;
    arena_init(&a, 0);
    char *t = sign(&a, time_now() + 60);
    /* Flip one character of the payload (between the two dots). */
    char *p = strchr(t, '.') + 5;
    *p = *p == 'A' ? 'B' : 'A';
    CU_ASSERT_EQUAL(jwt_hs256_verify(&a, KEY, KEYLEN, t, time_now(), &c), ST_UNAUTH);
    t = sign(&a, time_now() + 60);
    t[strlen(t) - 2] = t[strlen(t) - 2] == 'A' ? 'B' : 'A'; /* the signature */
    CU_ASSERT_EQUAL(jwt_hs256_verify(&a, KEY, KEYLEN, t, time_now(), &c), ST_UNAUTH);
    t = sign(&a, time_now() + 60);
    CU_ASSERT_EQUAL(
        jwt_hs256_verify(&a, "another key of at least 32 bytes!!", 34, t, time_now(), &c),
        ST_UNAUTH);
    arena_release(&a);
}

static void other_algorithms_are_refused(void)
{
    struct arena a;
    struct jwt_claims c;
    arena_init(&a, 0);
    /* alg none: no signature at all. */
    char *t = forge(&a, JWT_ALG_NONE, NULL);
    CU_ASSERT_PTR_NOT_NULL(strstr(t, "."));
    CU_ASSERT_EQUAL(jwt_hs256_verify(&a, KEY, KEYLEN, t, time_now(), &c), ST_UNAUTH);
    /* HS512 with the right key is still not HS256. */
    t = forge(&a, JWT_ALG_HS512, KEY);
    CU_ASSERT_EQUAL(jwt_hs256_verify(&a, KEY, KEYLEN, t, time_now(), &c), ST_UNAUTH);
    t = forge(&a, JWT_ALG_HS384, KEY);
    CU_ASSERT_EQUAL(jwt_hs256_verify(&a, KEY, KEYLEN, t, time_now(), &c), ST_UNAUTH);
    /* The same HS256 token libjwt makes does pass: the forge itself is sound. */
    t = forge(&a, JWT_ALG_HS256, KEY);
    CU_ASSERT_EQUAL(jwt_hs256_verify(&a, KEY, KEYLEN, t, time_now(), &c), ST_OK);
    arena_release(&a);
}

static void expired_malformed_and_huge_tokens_fail(void)
{
    struct arena a;
    struct jwt_claims c;
    char big[JWT_MAX_TOKEN + 10];
    arena_init(&a, 0);
    char *t = sign(&a, time_now() - 1);
    CU_ASSERT_EQUAL(jwt_hs256_verify(&a, KEY, KEYLEN, t, time_now(), &c), ST_UNAUTH);
    t = sign(&a, time_now() + 10);
    CU_ASSERT_EQUAL(jwt_hs256_verify(&a, KEY, KEYLEN, t, time_now() + 10, &c), ST_UNAUTH);
    CU_ASSERT_EQUAL(jwt_hs256_verify(&a, KEY, KEYLEN, "", time_now(), &c), ST_UNAUTH);
    CU_ASSERT_EQUAL(jwt_hs256_verify(&a, KEY, KEYLEN, "a.b.c", time_now(), &c), ST_UNAUTH);
    CU_ASSERT_EQUAL(jwt_hs256_verify(&a, KEY, KEYLEN, "....", time_now(), &c), ST_UNAUTH);
    CU_ASSERT_EQUAL(jwt_hs256_verify(&a, KEY, KEYLEN, NULL, time_now(), &c), ST_UNAUTH);
    memset(big, 'a', sizeof(big) - 1);
    big[sizeof(big) - 1] = '\0';
    CU_ASSERT_EQUAL(jwt_hs256_verify(&a, KEY, KEYLEN, big, time_now(), &c), ST_UNAUTH);
    arena_release(&a);
}

int suite_jwt(void)
{
    static const struct test_case cases[] = {
        { "signed tokens verify with their claims", signed_tokens_verify_with_their_claims },
        { "tampered or wrongly keyed tokens fail", tampered_or_wrongly_keyed_tokens_fail },
        { "alg none, HS384 and HS512 are refused", other_algorithms_are_refused },
        { "expired, malformed and huge tokens fail", expired_malformed_and_huge_tokens_fail },
        { NULL, NULL },
    };
    return test_register("infra/jwt", cases);
}
