/*
 * vec_store.h - the in-process vector store of an API worker: every
 * event's embedding, quantised to int8 (v[i] ~ q[i] * scale), with exact
 * nearest-neighbour search by dot product (cosine, the vectors being unit
 * length). Each genre's vectors sit in one contiguous block of their own,
 * so a same-genre search streams through that genre only.
 *
 * int8 keeps 100,000 events in about 40 MB per worker instead of 154 MB of
 * float32; the search is exact over what is stored (see bench/RESULTS.md
 * for how close that is to float32). An id is stored once: putting it
 * again replaces its vector (moving it when its genre changed), so results
 * never hold duplicates. Worker lifetime, malloc'd.
 */
#ifndef MQ_VEC_STORE_H
#define MQ_VEC_STORE_H

#include "core/common.h"
#include "app/recs/embed.h"

#define VEC_ID_LEN 64

/* One genre's vectors, contiguous: a same-genre search streams through
 * this block only. Rows are dense; entry[r] is row r's index in the
 * store's ids. */
struct vec_part {
    size_t n, cap;
    int8_t *q;       /* n * EMBED_DIMS */
    float *scale;    /* n */
    int32_t *sum;    /* n: sum of q, for the unsigned-by-signed dot product */
    uint32_t *entry; /* n */
};

struct vec_store {
    size_t n, cap; /* entries: one per event */
    char (*ids)[VEC_ID_LEN + 1];
    uint16_t *part; /* n: its genre's part (0 = no genre) */
    uint32_t *row;  /* n: its row in that part */
    struct vec_part *parts;
    char **genres; /* [0] unused: part 0 holds the events without a genre */
    size_t nparts;
    uint32_t *slots; /* open addressing: entry + 1, 0 = empty */
    size_t nslots;   /* a power of two, at least twice n */
};

struct vec_hit {
    char id[VEC_ID_LEN + 1];
    float score;
};

void vec_store_init(struct vec_store *s);
void vec_store_release(struct vec_store *s);
/* Bytes held (reported by the benchmark). */
size_t vec_store_bytes(const struct vec_store *s);

/* q[i] = round(v[i] / scale), scale = max|v| / 127. */
void vec_quantise(const float *v, int8_t *q, float *scale);

/* Adds or replaces id's vector; genre may be NULL. false when out of memory. */
bool vec_store_put(struct vec_store *s, const char *id, const char *genre, const int8_t *q,
                   float scale);

/* Removes id's vector (its event has no session left); false when it
 * was not there. */
bool vec_store_remove(struct vec_store *s, const char *id);

/* The k nearest events to id (never id itself), best first, only those of
 * id's genre when same_genre (no genre matches no genre). Returns how many
 * were written to out; -1 when id has no vector. */
int vec_store_knn(const struct vec_store *s, const char *id, bool same_genre, int k,
                  struct vec_hit *out);

/* Tests: true makes every search take the portable loop instead of the
 * widest the CPU has (they must give the same answers). */
void vec_store_portable(bool on);

#endif
