/*
 * rng.c - the generator's random streams, hashes and ids (see rng.h).
 *
 * Every draw the generator makes goes through datagen_rng_next, so output
 * depends only on the options, never on the host or libc.
 */
#include "config.h"
#include "core/common.h"
#include "tools/datagen/rng.h"

uint64_t datagen_rng_next(struct datagen_rng *r)
{
    uint64_t z = (r->s += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

uint32_t datagen_rng_below(struct datagen_rng *r, uint32_t n)
{
    return (uint32_t)(((datagen_rng_next(r) >> 32) * (uint64_t)n) >> 32);
}

bool datagen_rng_chance(struct datagen_rng *r, unsigned permille)
{
    return datagen_rng_below(r, 1000) < permille;
}

uint64_t datagen_mix64(uint64_t x)
{
    struct datagen_rng r = { x };
    return datagen_rng_next(&r);
}

/* A bijection on [0, 2^bits): xorshift and odd multipliers are both
 * invertible modulo 2^bits, so distinct counters give distinct ids. */
uint64_t datagen_permute(uint64_t x, unsigned bits, uint64_t key)
{
    uint64_t mask = (1ULL << bits) - 1;
    x = (x ^ key) & mask;
    for (int i = 0; i < 3; i++) {
        x ^= x >> (bits / 2 + 1);
        x = (x * 0x9e3779b97f4a7c15ULL) & mask;
    }
    return x;
}

static const char id_chars[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/* prefix + (len - strlen(prefix)) chars; the first 60 bits of the suffix
 * encode permute(counter), the rest is noise. */
void datagen_make_id(char *out, const char *prefix, size_t len, uint64_t counter, uint64_t key,
                     struct datagen_rng *r)
{
    size_t p = strlen(prefix), nchars = len - p;
    unsigned bits = nchars * 6 > 60 ? 60 : (unsigned)nchars * 6;
    uint64_t v = datagen_permute(counter, bits, key);

    memcpy(out, prefix, p);
    for (size_t i = 0; i < nchars; i++) {
        unsigned c = i * 6 < bits ? (unsigned)(v >> (i * 6)) & 63 : datagen_rng_below(r, 64);
        out[p + i] = id_chars[c];
    }
    out[len] = '\0';
}

uint64_t datagen_fnv1a(const char *a, const char *b)
{
    uint64_t h = 0xcbf29ce484222325ULL;
    for (const char *p = a; *p; p++)
        h = (h ^ (unsigned char)*p) * 0x100000001b3ULL;
    h = (h ^ 0x1f) * 0x100000001b3ULL;
    for (const char *p = b; *p; p++)
        h = (h ^ (unsigned char)*p) * 0x100000001b3ULL;
    return h ? h : 1;
}

int datagen_set_init(struct hash_set *s, size_t n)
{
    size_t cap = 1024;
    while (cap < 2 * n)
        cap *= 2;
    s->slots = calloc(cap, sizeof(*s->slots));
    s->mask = cap - 1;
    return s->slots ? 0 : -1;
}

bool datagen_set_add(struct hash_set *s, uint64_t h)
{
    size_t i = (size_t)h & s->mask;
    for (; s->slots[i]; i = (i + 1) & s->mask) {
        if (s->slots[i] == h)
            return false;
    }
    s->slots[i] = h;
    return true;
}
