/*
 * slug.c - URL slugs for event, venue and attraction urls
 * ("Philadelphia 76ers" -> "philadelphia-76ers").
 */
#include "config.h"
#include "core/common.h"
#include "tools/datagen/datagen_internal.h"

/* ASCII letter for U+00C0..U+017F, so "Köln" slugs as "koln". */
static const char latin1[] = "AAAAAAACEEEEIIIIDNOOOOO-OUUUUYTsaaaaaaaceeeeiiiidnooooo-ouuuuyty";
static const char latin_ext[] = "AaAaAaCcCcCcCcDdDdEeEeEeEeEeGgGgGgGgHhHhIiIiIiIiIiIiJjKkkLlLlLlLl"
                                "LlNnNnNnnNnOoOoOoOoRrRrRrSsSsSsSsTtTtTtUuUuUuUuUuUuWwYyYZzZzZzs";
_Static_assert(sizeof(latin1) == 65 && sizeof(latin_ext) == 129, "transliteration tables");

static char translit(const unsigned char *p, size_t *used)
{
    *used = 1;
    if (p[0] < 0x80)
        return (char)p[0];
    if ((p[0] & 0xe0) == 0xc0 && (p[1] & 0xc0) == 0x80) {
        unsigned cp = ((p[0] & 0x1fu) << 6) | (p[1] & 0x3fu);
        *used = 2;
        if (cp >= 0xc0 && cp < 0x100)
            return latin1[cp - 0xc0];
        if (cp >= 0x100 && cp < 0x180)
            return latin_ext[cp - 0x100];
    }
    return '-';
}

/* Appends the URL slug of s ("Philadelphia 76ers" -> "philadelphia-76ers"). */
void datagen_slug(char *out, size_t n, const char *s)
{
    size_t len = strlen(out);
    bool dash = len > 0;
    for (const unsigned char *p = (const unsigned char *)s; *p && len + 2 < n;) {
        size_t used;
        char c = translit(p, &used);
        p += used;
        if (c >= 'A' && c <= 'Z')
            c = (char)(c + 32);
        if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
            if (dash && len > 0)
                out[len++] = '-';
            out[len++] = c;
            dash = false;
        } else {
            dash = true;
        }
    }
    out[len] = '\0';
}
