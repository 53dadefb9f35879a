#include "config.h"
#include "core/common.h"
#include "app/ingest/entities.h"
#include "core/arena.h"

static const struct {
    const char *name; /* between '&' and ';' */
    const char *utf8;
} named[] = {
    { "amp", "&" },   { "lt", "<" },   { "gt", ">" },
    { "quot", "\"" }, { "apos", "'" }, { "nbsp", "\xc2\xa0" },
};

/* Writes code point cp as UTF-8 into out; returns the byte count. */
static size_t utf8_put(char *out, uint32_t cp)
{
    if (cp < 0x80) {
        out[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (char)(0xc0 | (cp >> 6));
        out[1] = (char)(0x80 | (cp & 0x3f));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (char)(0xe0 | (cp >> 12));
        out[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
        out[2] = (char)(0x80 | (cp & 0x3f));
        return 3;
    }
    out[0] = (char)(0xf0 | (cp >> 18));
    out[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
    out[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
    out[3] = (char)(0x80 | (cp & 0x3f));
    return 4;
}

static int digit_value(char c, bool hex)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (hex && c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (hex && c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* Numeric reference at s ("#233;" or "#xE9;", after the '&'): the bytes
 * consumed, or 0 if it is not one we decode. NUL would truncate the text
 * and surrogates are not UTF-8, so both stay literal. */
static size_t numeric_ref(const char *s, char *out, size_t *outlen)
{
    bool hex = s[1] == 'x' || s[1] == 'X';
    const char *p = s + (hex ? 2 : 1);
    uint32_t cp = 0;
    int d, ndigits = 0;

    while ((d = digit_value(*p, hex)) >= 0) {
        cp = cp * (hex ? 16 : 10) + (uint32_t)d;
        if (++ndigits > 7 || cp > 0x10ffff)
            return 0;
        p++;
    }
    if (ndigits == 0 || *p != ';' || cp == 0 || (cp >= 0xd800 && cp <= 0xdfff))
        return 0;
    *outlen = utf8_put(out, cp);
    return (size_t)(p + 1 - s);
}

/* Reference after the '&' at s: bytes consumed (0 = keep the '&'). */
static size_t decode_ref(const char *s, char *out, size_t *outlen)
{
    if (s[0] == '#')
        return numeric_ref(s, out, outlen);
    for (size_t i = 0; i < MQ_ARRAY_LEN(named); i++) {
        size_t n = strlen(named[i].name);
        if (strncmp(s, named[i].name, n) == 0 && s[n] == ';') {
            *outlen = strlen(named[i].utf8);
            memcpy(out, named[i].utf8, *outlen);
            return n + 1;
        }
    }
    return 0;
}

const char *entities_decode(struct arena *a, const char *s)
{
    if (!s || !strchr(s, '&'))
        return s;
    /* Every reference decodes to no more bytes than its source text
     * ("&#1;" is 4 bytes for 1; "&#x10000;" 9 for 4). */
    char *out = arena_alloc(a, strlen(s) + 1);
    size_t o = 0;
    while (*s) {
        size_t len = 0, used = *s == '&' ? decode_ref(s + 1, out + o, &len) : 0;
        if (used) {
            o += len;
            s += used + 1;
        } else {
            out[o++] = *s++;
        }
    }
    out[o] = '\0';
    return out;
}
