#include "config.h"
#include "core/common.h"
#include "core/rand.h"
#include "core/str.h"

#include <errno.h>
#include <sys/random.h>

enum status rand_bytes(void *out, size_t n)
{
    unsigned char *p = out;
    while (n > 0) {
        ssize_t got = getrandom(p, n, 0);
        if (got < 0) {
            if (errno == EINTR)
                continue;
            return ST_INTERNAL;
        }
        p += got;
        n -= (size_t)got;
    }
    return ST_OK;
}

enum status rand_hex(char *out, size_t n)
{
    unsigned char raw[64];
    if (n > sizeof(raw) || rand_bytes(raw, n) != ST_OK)
        return ST_INTERNAL;
    str_hex(out, raw, n);
    return ST_OK;
}
