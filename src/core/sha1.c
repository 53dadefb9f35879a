#include "config.h"
#include "core/common.h"
#include "core/sha1.h"

struct sha1_ctx {
    uint32_t h[5];
    unsigned char block[64];
    size_t used;
    uint64_t total;
};

static uint32_t rol(uint32_t v, int n)
{
    return v << n | v >> (32 - n);
}

static void compress(struct sha1_ctx *c)
{
    uint32_t w[80], a = c->h[0], b = c->h[1], d = c->h[3], e = c->h[4], cc = c->h[2];
    for (int i = 0; i < 16; i++)
        w[i] = (uint32_t)c->block[4 * i] << 24 | (uint32_t)c->block[4 * i + 1] << 16 |
               (uint32_t)c->block[4 * i + 2] << 8 | c->block[4 * i + 3];
    for (int i = 16; i < 80; i++)
        w[i] = rol(w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16], 1);
    for (int i = 0; i < 80; i++) {
        uint32_t f, k;
        if (i < 20) {
            f = (b & cc) | (~b & d);
            k = 0x5a827999;
        } else if (i < 40) {
            f = b ^ cc ^ d;
            k = 0x6ed9eba1;
        } else if (i < 60) {
            f = (b & cc) | (b & d) | (cc & d);
            k = 0x8f1bbcdc;
        } else {
            f = b ^ cc ^ d;
            k = 0xca62c1d6;
        }
        uint32_t t = rol(a, 5) + f + e + k + w[i];
        e = d;
        d = cc;
        cc = rol(b, 30);
        b = a;
        a = t;
    }
    c->h[0] += a;
    c->h[1] += b;
    c->h[2] += cc;
    c->h[3] += d;
    c->h[4] += e;
}

static void update(struct sha1_ctx *c, const unsigned char *p, size_t n)
{
    c->total += n;
    while (n > 0) {
        size_t take = 64 - c->used < n ? 64 - c->used : n;
        memcpy(c->block + c->used, p, take);
        c->used += take;
        p += take;
        n -= take;
        if (c->used == 64) {
            compress(c);
            c->used = 0;
        }
    }
}

static void sha1_parts(const void *a, size_t na, const void *b, size_t nb,
                       unsigned char out[SHA1_LEN])
{
    struct sha1_ctx c = {
        { 0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476, 0xc3d2e1f0 }, { 0 }, 0, 0
    };
    unsigned char pad[72] = { 0x80 };
    update(&c, a, na);
    update(&c, b, nb);
    uint64_t bits = c.total * 8;
    size_t padlen = c.used < 56 ? 56 - c.used : 120 - c.used;
    for (int i = 0; i < 8; i++)
        pad[padlen + (size_t)i] = (unsigned char)(bits >> (56 - 8 * i));
    update(&c, pad, padlen + 8);
    for (int i = 0; i < 5; i++) {
        out[4 * i] = (unsigned char)(c.h[i] >> 24);
        out[4 * i + 1] = (unsigned char)(c.h[i] >> 16);
        out[4 * i + 2] = (unsigned char)(c.h[i] >> 8);
        out[4 * i + 3] = (unsigned char)c.h[i];
    }
}

void sha1(const void *data, size_t n, unsigned char out[SHA1_LEN])
{
    sha1_parts(data, n, "", 0, out);
}

void uuid_v5(const unsigned char ns[16], const char *name, size_t n, char out[UUID_STR_LEN])
{
    unsigned char h[SHA1_LEN];
    sha1_parts(ns, 16, name, n, h);
    h[6] = (unsigned char)((h[6] & 0x0f) | 0x50); /* version 5 */
    h[8] = (unsigned char)((h[8] & 0x3f) | 0x80); /* RFC 4122 variant */
    static const char hex[] = "0123456789abcdef";
    size_t j = 0;
    for (int i = 0; i < 16; i++) {
        if (i == 4 || i == 6 || i == 8 || i == 10)
            out[j++] = '-';
        out[j++] = hex[h[i] >> 4];
        out[j++] = hex[h[i] & 15];
    }
    out[j] = '\0';
}
