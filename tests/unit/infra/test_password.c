#include "config.h"
#include "core/common.h"
#include "infra/password.h"
#include "core/arena.h"
#include "tests/unit/suites.h"
#include "tests/unit/testutil.h"

static void hashes_verify_and_salts_differ(void)
{
    struct arena a;
    char *h1, *h2;
    arena_init(&a, 0);
    CU_ASSERT_EQUAL_FATAL(password_hash(&a, "correct horse", 13, &h1), ST_OK);
    CU_ASSERT_EQUAL_FATAL(password_hash(&a, "correct horse", 13, &h2), ST_OK);
    CU_ASSERT_STRING_NOT_EQUAL(h1, h2);
    CU_ASSERT_TRUE(strncmp(h1, "$argon2id$v=19$m=19456,t=2,p=1$", 31) == 0);
    CU_ASSERT_EQUAL(password_verify(h1, "correct horse", 13), ST_OK);
    CU_ASSERT_EQUAL(password_verify(h1, "correct horsE", 13), ST_UNAUTH);
    CU_ASSERT_EQUAL(password_verify(h1, "correct hors", 12), ST_UNAUTH);
    CU_ASSERT_EQUAL(password_verify("not a hash", "x", 1), ST_UNAUTH);
    arena_release(&a);
}

/* The dummy must cost what a real verify costs: same parameters. */
static void dummy_hash_uses_the_current_parameters(void)
{
    char want[96];
    snprintf(want, sizeof(want), "$argon2id$v=19$m=%d,t=%d,p=%d$", PASSWORD_M_COST, PASSWORD_T_COST,
             PASSWORD_P);
    CU_ASSERT_TRUE(strncmp(password_dummy_hash, want, strlen(want)) == 0);
    /* A well-formed hash: verifying against it fails as "wrong", not "bad". */
    CU_ASSERT_EQUAL(password_verify(password_dummy_hash, "guess", 5), ST_UNAUTH);
    password_verify_dummy("guess", 5);
}

int suite_password(void)
{
    static const struct test_case cases[] = {
        { "hashes verify and salts differ", hashes_verify_and_salts_differ },
        { "the dummy hash uses the current parameters", dummy_hash_uses_the_current_parameters },
        { NULL, NULL },
    };
    return test_register("infra/password", cases);
}
