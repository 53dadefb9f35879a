/*
 * rng.h - the generator's deterministic randomness: the splitmix64 stream,
 * hash mixing, Ticketmaster-style ids, and a set of 64-bit hashes used to
 * keep names unique. Same seed, same draws, on every host.
 */
#ifndef MQ_DATAGEN_RNG_H
#define MQ_DATAGEN_RNG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* splitmix64: small, fast, and good enough for sample data. */
struct datagen_rng {
    uint64_t s;
};
uint64_t datagen_rng_next(struct datagen_rng *r);
/* Uniform in [0, n), n > 0. */
uint32_t datagen_rng_below(struct datagen_rng *r, uint32_t n);
/* true with probability permille / 1000. */
bool datagen_rng_chance(struct datagen_rng *r, unsigned permille);
#define DATAGEN_PICK(r, arr)                                                                       \
    ((arr)[datagen_rng_below((r), (uint32_t)(sizeof(arr) / sizeof((arr)[0])))])

/* One splitmix64 step from x: seeds a stream from a key. */
uint64_t datagen_mix64(uint64_t x);

/* A bijection on [0, 2^bits) keyed by key. */
uint64_t datagen_permute(uint64_t x, unsigned bits, uint64_t key);

/* Writes prefix + (len - strlen(prefix)) id characters and a NUL into out
 * (len + 1 bytes); distinct counters give distinct ids for one key. */
void datagen_make_id(char *out, const char *prefix, size_t len, uint64_t counter, uint64_t key,
                     struct datagen_rng *r);

/* FNV-1a of a, a separator, then b; never 0 (0 marks a free set slot). */
uint64_t datagen_fnv1a(const char *a, const char *b);

/* Open-addressing set of 64-bit hashes; sized for at most half full. */
struct hash_set {
    uint64_t *slots; /* owned: free(slots) when done */
    size_t mask;
};

/* Sizes s for n entries; 0, or -1 when out of memory. */
int datagen_set_init(struct hash_set *s, size_t n);

/* Adds h (non-zero); false when it was already there. */
bool datagen_set_add(struct hash_set *s, uint64_t h);

#endif
