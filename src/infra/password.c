#include "config.h"
#include "core/common.h"
#include "infra/password.h"
#include "core/arena.h"
#include "core/rand.h"

#include <argon2.h>

/* The hash of a random password nobody knows, made once with the
 * parameters above (tests/unit/infra/test_password.c checks they match). */
const char password_dummy_hash[] = "$argon2id$v=19$m=19456,t=2,p=1$dW5rbm93bi11c2VyLXNhbA$"
                                   "tnb91CephD5rq8XUWf44xMinT0LEGG7is8q4YmL69Xg";

enum status password_hash(struct arena *a, const char *pw, size_t n, char **encoded)
{
    unsigned char salt[PASSWORD_SALT_LEN];
    size_t len = argon2_encodedlen(PASSWORD_T_COST, PASSWORD_M_COST, PASSWORD_P, PASSWORD_SALT_LEN,
                                   PASSWORD_HASH_LEN, Argon2_id);
    if (rand_bytes(salt, sizeof(salt)) != ST_OK)
        return ST_INTERNAL;
    char *out = arena_alloc(a, len);
    int rc = argon2id_hash_encoded(PASSWORD_T_COST, PASSWORD_M_COST, PASSWORD_P, pw, n, salt,
                                   sizeof(salt), PASSWORD_HASH_LEN, out, len);
    if (rc != ARGON2_OK)
        return ST_INTERNAL;
    *encoded = out;
    return ST_OK;
}

enum status password_verify(const char *encoded, const char *pw, size_t n)
{
    int rc = argon2id_verify(encoded, pw, n);
    if (rc == ARGON2_OK)
        return ST_OK;
    if (rc == ARGON2_MEMORY_ALLOCATION_ERROR)
        return ST_INTERNAL;
    return ST_UNAUTH;
}

void password_verify_dummy(const char *pw, size_t n)
{
    (void)argon2id_verify(password_dummy_hash, pw, n);
}
