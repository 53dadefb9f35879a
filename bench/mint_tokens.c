/*
 * mint-tokens - session tokens for benchmark buyers (bench/rush.sh).
 *
 *   JWT_SECRET=... bench/mint-tokens < "user-id username" lines
 *
 * Prints one session JWT a line, signed as marquee-api signs a sign-in
 * (server/auth.c: sub, username, jti, csrf, iat, exp in one day), for
 * users the benchmark inserted itself: thousands of sign-ins through
 * Argon2id would take longer than the benchmark. The worker finds such a
 * session in Postgres on its first use and caches it, as after a sign-in
 * whose Redis write was lost.
 */
#include "config.h"
#include "core/common.h"
#include "core/arena.h"
#include "core/rand.h"
#include "core/timeutil.h"
#include "infra/jwt.h"

int main(void)
{
    const char *key = getenv("JWT_SECRET");
    char line[512], jti[33], csrf[33];
    struct arena a;

    if (!key || strlen(key) < JWT_MIN_KEY_LEN) {
        fprintf(stderr, "mint-tokens: JWT_SECRET unset or too short\n");
        return 2;
    }
    arena_init(&a, 0);
    int64_t now = time_now();
    while (fgets(line, sizeof(line), stdin)) {
        char *id = line, *name = strchr(line, ' ');
        char *token;
        if (!name)
            continue;
        *name++ = '\0';
        name[strcspn(name, "\r\n")] = '\0';
        if (rand_hex(jti, 16) != ST_OK || rand_hex(csrf, 16) != ST_OK)
            return 1;
        struct jwt_claims c = {
            .sub = id, .username = name, .jti = jti, .csrf = csrf, .iat = now, .exp = now + 86400
        };
        if (jwt_hs256_sign(&a, key, strlen(key), &c, &token) != ST_OK)
            return 1;
        puts(token);
        arena_reset(&a);
    }
    arena_release(&a);
    return 0;
}
