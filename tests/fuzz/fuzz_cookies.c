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

/* Every "name=value" pair of the header is found by its name (the first
 * pair of that name answers), and no value runs past its pair. */
static void check_pairs(struct fuzz_req *f, const char *header)
{
    for (const char *s = header, *end = header + strlen(header); s < end;) {
        const char *semi = memchr(s, ';', (size_t)(end - s));
        size_t n = semi ? (size_t)(semi - s) : (size_t)(end - s);
        const char *eq = memchr(s, '=', n);
        if (eq) {
            const char *b = s, *e = eq;
            while (b < e && (*b == ' ' || *b == '\t'))
                b++;
            while (e > b && (e[-1] == ' ' || e[-1] == '\t'))
                e--;
            const char *name = arena_strndup(&f->arena, b, (size_t)(e - b));
            const char *v = *name ? cookie_get(&f->req, name) : NULL;
            if (*name && !v)
                fuzz_fail("cookie \"%s\" in the header but not found", name);
            if (v && (strchr(v, ';') || strlen(v) >= strlen(header)))
                fuzz_fail("cookie \"%s\" has value \"%s\"", name, v);
        }
        s += n + 1;
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct fuzz_req f;
    fuzz_req_init(&f, "GET");
    const char *header = arena_strndup(&f.arena, (const char *)data, size);
    cookies_parse(&f.req, header);
    check_pairs(&f, header);
    cookie_get(&f.req, AUTH_SESSION_COOKIE);
    cookie_get(&f.req, AUTH_CSRF_COOKIE);
    fuzz_req_release(&f);
    return 0;
}
