/*
 * fuzz_cookies: a Cookie header through cookies_parse and cookie_get
 * (server/cookies.c).
 */
#include "config.h"
#include "core/common.h"
#include "tests/fuzz/fuzz.h"
#include "server/auth.h"
#include "server/cookies.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    MQ_UNUSED(argc);
    MQ_UNUSED(argv);
    fuzz_setup();
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct fuzz_req f;
    fuzz_req_init(&f, "GET");
    const char *header = arena_strndup(&f.arena, (const char *)data, size);
    int rc = cookies_parse(&f.req, &f.res, header);
    fuzz_check_reply(&f.arena, &f.res);
    if (rc == 0) {
        if (f.req.ncookies > REQUEST_MAX_COOKIES)
            fuzz_fail("%zu cookies kept", f.req.ncookies);
        for (size_t i = 0; i < f.req.ncookies; i++) {
            const char *name = f.req.cookies[i].name;
            if (!*name || strchr(name, ';'))
                fuzz_fail("cookie %zu has name \"%s\"", i, name);
            if (!cookie_get(&f.req, name))
                fuzz_fail("cookie \"%s\" parsed but not found", name);
        }
        cookie_get(&f.req, AUTH_SESSION_COOKIE);
        cookie_get(&f.req, AUTH_CSRF_COOKIE);
    } else if (f.res.status != 400) {
        fuzz_fail("cookies_parse failed with status %d", f.res.status);
    }
    fuzz_req_release(&f);
    return 0;
}
