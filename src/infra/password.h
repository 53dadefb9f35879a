/*
 * password.h - password hashing with Argon2id (libargon2).
 *
 * Parameters are OWASP's recommended minimum for Argon2id (Password Storage
 * Cheat Sheet): m = 19 MiB, t = 2 iterations, p = 1, with a 16-byte random
 * salt and a 32-byte tag, stored in the PHC string format
 * ("$argon2id$v=19$m=19456,t=2,p=1$salt$hash"), which carries its own
 * parameters so they can be raised later without invalidating old hashes.
 * One hash or verify costs about 20-50 ms of one CPU and 19 MiB: that, not
 * the database, bounds login throughput (see bench/RESULTS.md).
 */
#ifndef MQ_PASSWORD_H
#define MQ_PASSWORD_H

#include "core/common.h"
#include "core/status.h"

struct arena;

#define PASSWORD_T_COST   2
#define PASSWORD_M_COST   19456 /* KiB */
#define PASSWORD_P        1
#define PASSWORD_SALT_LEN 16
#define PASSWORD_HASH_LEN 32

/* Hashes pw[0..n) with a fresh salt; *encoded is arena memory. */
enum status password_hash(struct arena *a, const char *pw, size_t n, char **encoded);

/* ST_OK if pw matches encoded, ST_UNAUTH if not (or if encoded is not a
 * valid Argon2id string), ST_INTERNAL if hashing itself failed. */
enum status password_verify(const char *encoded, const char *pw, size_t n);

/* Verifies pw against a fixed hash with the same parameters and throws the
 * answer away: login with an unknown user costs what a wrong password
 * costs, so timing does not tell which logins exist. */
void password_verify_dummy(const char *pw, size_t n);

/* The fixed hash above (for tests). */
extern const char password_dummy_hash[];

#endif
