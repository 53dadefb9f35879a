/*
 * fuzz_auth: the route guard (server/auth.c) on a cookie-authenticated
 * POST: Cookie header, form body (csrf_token), and optionally claims
 * (sub, username, jti, csrf, one per line) signed with the test key into
 * the session cookie, so CSRF and the session lookup are reached. Parts
 * split on FUZZ_SEP: cookie header, body, claims, the route's {userId}.
 * The session store answers "no such user" (nothing is dialled), so a
 * guarded request ends in 401 or 403, never in a 5xx.
 */
#include "config.h"
#include "core/common.h"
#include "tests/fuzz/fuzz.h"
#include "infra/jwt.h"
#include "server/auth.h"
#include "server/body.h"
#include "server/cookies.h"
#include "server/router.h"
#include "server/session_store.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    MQ_UNUSED(argc);
    MQ_UNUSED(argv);
    fuzz_setup();
    return 0;
}

static void nop(struct request *req, struct response *res)
{
    MQ_UNUSED(req);
    MQ_UNUSED(res);
}

static const struct route user_route = { "POST", "/u", AUTH_USER, nop, CACHE_NONE };
static const struct route owner_route = { "POST", "/u/{userId}", AUTH_OWNER, nop, CACHE_NONE };

static enum status no_user(struct pg *db, struct arena *a, const char *user_id, const char *jti,
                           struct pg_result **out)
{
    MQ_UNUSED(db);
    MQ_UNUSED(a);
    MQ_UNUSED(user_id);
    MQ_UNUSED(jti);
    *out = NULL;
    return ST_INVALID; /* as users_sessions_store for a sub that is not a UUID */
}

static const struct session_store sessions = { .lookup = no_user };

/* "sub\nusername\njti\ncsrf" signed into a session cookie; NULL if short. */
static const char *session_cookie(struct arena *a, const char *claims)
{
    char *f[4], *s = arena_strdup(a, claims);
    int n = 0;
    for (char *p = s; n < 4; p++) {
        f[n++] = p;
        if (!(p = strchr(p, '\n')))
            break;
        *p = '\0';
    }
    if (n < 4)
        return NULL;
    struct jwt_claims c = { f[0], f[1], f[2], f[3], 1700000000, INT64_C(4000000000) };
    char *token = NULL;
    if (jwt_hs256_sign(a, FUZZ_JWT_KEY, strlen(FUZZ_JWT_KEY), &c, &token) != ST_OK)
        return NULL;
    return arena_printf(a, "session=%s", token);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct fuzz_req f;
    struct fuzz_parts p;

    fuzz_req_init(&f, "POST");
    f.ctx.sessions = &sessions;
    fuzz_split(&f.arena, data, size, &p);
    const char *cookie = p.s[0], *minted = session_cookie(&f.arena, p.s[2]);
    if (minted)
        cookie = arena_printf(&f.arena, "%s; %s", minted, cookie);
    f.req.body = p.s[1];
    f.req.body_len = p.len[1];
    f.req.route = p.len[3] ? &owner_route : &user_route;
    f.req.params[0] = p.s[3];
    f.req.nparams = p.len[3] ? 1 : 0;
    if (body_parse_as(&f.req, &f.res, "application/x-www-form-urlencoded") != 0) {
        fuzz_check_reply(&f.arena, &f.res); /* then the guard runs with no fields */
        response_reset(&f.res);
    }
    cookies_parse(&f.req, cookie);
    auth_csrf_ok(&f.req);
    if (auth_guard(&f.req, &f.res) == 0)
        fuzz_fail("a guarded route passed without a known user");
    if (f.res.status != 401 && f.res.status != 403)
        fuzz_fail("the guard answered %d", f.res.status);
    f.req.user = NULL;
    if (auth_identify(&f.req) != ST_OK || f.req.user)
        fuzz_fail("a page reader was identified without a known user");
    fuzz_check_reply(&f.arena, &f.res);
    fuzz_req_release(&f);
    return 0;
}
