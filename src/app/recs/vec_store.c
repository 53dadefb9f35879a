#include "config.h"
#include "core/common.h"
#include "app/recs/vec_store.h"

#include <math.h>
#include <sys/mman.h>

#if defined(__GNUC__) && defined(__x86_64__)
#include <immintrin.h>
#define VEC_X86 1
#endif

#define MAX_GENRES 65535

void vec_store_init(struct vec_store *s)
{
    memset(s, 0, sizeof(*s));
}

void vec_store_release(struct vec_store *s)
{
    for (size_t i = 1; i < s->ngenres; i++)
        free(s->genres[i]);
    free(s->genres);
    free(s->ids);
    free(s->q);
    free(s->scale);
    free(s->sum);
    free(s->genre);
    free(s->slots);
    vec_store_init(s);
}

size_t vec_store_bytes(const struct vec_store *s)
{
    return s->cap *
               (sizeof(*s->ids) + EMBED_DIMS + sizeof(float) + sizeof(int32_t) + sizeof(uint16_t)) +
           s->nslots * sizeof(uint32_t);
}

void vec_quantise(const float *v, int8_t *q, float *scale)
{
    float max = 0;
    for (int i = 0; i < EMBED_DIMS; i++)
        max = fabsf(v[i]) > max ? fabsf(v[i]) : max;
    *scale = max > 0 ? max / 127.0f : 1.0f;
    for (int i = 0; i < EMBED_DIMS; i++) {
        long r = lroundf(v[i] / *scale);
        q[i] = (int8_t)(r > 127 ? 127 : r < -127 ? -127 : r);
    }
}

static uint32_t hash_id(const char *id)
{
    uint32_t h = 2166136261u;
    for (int i = 0; i < VEC_ID_LEN && id[i]; i++)
        h = (h ^ (unsigned char)id[i]) * 16777619u;
    return h;
}

/* The slot holding id, or the empty slot where it would go. */
static size_t find_slot(const struct vec_store *s, const char *id)
{
    size_t mask = s->nslots - 1, i = hash_id(id) & mask;
    while (s->slots[i] && strcmp(s->ids[s->slots[i] - 1], id) != 0)
        i = (i + 1) & mask;
    return i;
}

static bool rehash(struct vec_store *s, size_t nslots)
{
    uint32_t *slots = calloc(nslots, sizeof(*slots));
    if (!slots)
        return false;
    free(s->slots);
    s->slots = slots;
    s->nslots = nslots;
    for (size_t k = 0; k < s->n; k++)
        s->slots[find_slot(s, s->ids[k])] = (uint32_t)k + 1;
    return true;
}

static bool grow(struct vec_store *s)
{
    size_t cap = s->cap ? s->cap * 2 : 1024;
    void *ids = realloc(s->ids, cap * sizeof(*s->ids));
    if (ids)
        s->ids = ids;
    void *q = realloc(s->q, cap * EMBED_DIMS);
    if (q)
        s->q = q;
#ifdef MADV_HUGEPAGE
    /* every search reads the whole array: 2 MiB pages spare the TLB */
    if (q && cap * EMBED_DIMS >= (4u << 20)) {
        uintptr_t from = ((uintptr_t)q + 4095) & ~(uintptr_t)4095;
        uintptr_t to = ((uintptr_t)q + cap * EMBED_DIMS) & ~(uintptr_t)4095;
        if (to > from)
            madvise((void *)from, to - from, MADV_HUGEPAGE);
    }
#endif
    void *scale = realloc(s->scale, cap * sizeof(*s->scale));
    if (scale)
        s->scale = scale;
    void *genre = realloc(s->genre, cap * sizeof(*s->genre));
    if (genre)
        s->genre = genre;
    void *sum = realloc(s->sum, cap * sizeof(*s->sum));
    if (sum)
        s->sum = sum;
    if (!ids || !q || !scale || !genre || !sum)
        return false;
    s->cap = cap;
    return rehash(s, cap * 2);
}

static uint16_t genre_index(struct vec_store *s, const char *genre)
{
    if (!genre)
        return 0;
    for (size_t i = 1; i < s->ngenres; i++) {
        if (strcmp(s->genres[i], genre) == 0)
            return (uint16_t)i;
    }
    if (s->ngenres >= MAX_GENRES)
        return 0; /* XXX: more genres than any catalogue has; lumped with "none" */
    if (s->ngenres == 0)
        s->ngenres = 1;
    char **g = realloc(s->genres, (s->ngenres + 1) * sizeof(*g));
    char *copy = strdup(genre);
    if (!g || !copy) {
        free(copy);
        if (g)
            s->genres = g;
        return 0;
    }
    s->genres = g;
    s->genres[s->ngenres] = copy;
    return (uint16_t)s->ngenres++;
}

bool vec_store_put(struct vec_store *s, const char *id, const char *genre, const int8_t *q,
                   float scale)
{
    if (strlen(id) != VEC_ID_LEN)
        return false;
    if (s->n == s->cap && !grow(s))
        return false;
    size_t slot = find_slot(s, id);
    size_t k = s->slots[slot] ? s->slots[slot] - 1 : s->n;
    if (!s->slots[slot]) {
        memcpy(s->ids[k], id, VEC_ID_LEN + 1);
        s->slots[slot] = (uint32_t)k + 1;
        s->n++;
    }
    memcpy(s->q + k * EMBED_DIMS, q, EMBED_DIMS);
    s->scale[k] = scale;
    s->sum[k] = 0;
    for (int i = 0; i < EMBED_DIMS; i++)
        s->sum[k] += q[i];
    s->genre[k] = genre_index(s, genre);
    return true;
}

bool vec_store_remove(struct vec_store *s, const char *id)
{
    if (s->n == 0 || strlen(id) != VEC_ID_LEN)
        return false;
    size_t mask = s->nslots - 1, hole = find_slot(s, id);
    if (!s->slots[hole])
        return false;
    size_t k = s->slots[hole] - 1, last = s->n - 1;
    /* backward-shift deletion (linear probing): every entry after the hole
     * that may sit there moves up, so no probe stops early at it */
    for (size_t i = (hole + 1) & mask; s->slots[i]; i = (i + 1) & mask) {
        size_t home = hash_id(s->ids[s->slots[i] - 1]) & mask;
        if (((i - home) & mask) >= ((i - hole) & mask)) {
            s->slots[hole] = s->slots[i];
            hole = i;
        }
    }
    s->slots[hole] = 0;
    if (k != last) { /* the last entry fills the gap: the arrays stay dense */
        memcpy(s->ids[k], s->ids[last], VEC_ID_LEN + 1);
        memcpy(s->q + k * EMBED_DIMS, s->q + last * EMBED_DIMS, EMBED_DIMS);
        s->scale[k] = s->scale[last];
        s->sum[k] = s->sum[last];
        s->genre[k] = s->genre[last];
        s->slots[find_slot(s, s->ids[k])] = (uint32_t)k + 1;
    }
    s->n--;
    return true;
}

/* A fixed trip count and int32 sums: the compiler vectorises this. */
static inline int32_t dot(const int8_t *a, const int8_t *b)
{
    int32_t sum = 0;
    for (int i = 0; i < EMBED_DIMS; i++)
        sum += (int32_t)a[i] * (int32_t)b[i];
    return sum;
}

/* A min-heap of the best k (the worst at the root). Equal scores are
 * ordered by id, so every worker answers the same whatever its load order. */
struct heap {
    const struct vec_store *s;
    float score[64];
    uint32_t index[64];
    int n, k;
};

static bool worse(const struct heap *h, float sa, uint32_t ia, float sb, uint32_t ib)
{
    if (sa != sb)
        return sa < sb;
    return strcmp(h->s->ids[ia], h->s->ids[ib]) > 0;
}

static void swap(struct heap *h, int a, int b)
{
    float ts = h->score[a];
    uint32_t ti = h->index[a];
    h->score[a] = h->score[b];
    h->index[a] = h->index[b];
    h->score[b] = ts;
    h->index[b] = ti;
}

static bool worse_at(const struct heap *h, int a, int b)
{
    return worse(h, h->score[a], h->index[a], h->score[b], h->index[b]);
}

static void sift_down(struct heap *h, int i)
{
    for (;;) {
        int l = 2 * i + 1, r = l + 1, m = i;
        if (l < h->n && worse_at(h, l, m))
            m = l;
        if (r < h->n && worse_at(h, r, m))
            m = r;
        if (m == i)
            return;
        swap(h, i, m);
        i = m;
    }
}

static void heap_offer(struct heap *h, float score, uint32_t index)
{
    if (h->n < h->k) {
        int i = h->n++;
        h->score[i] = score;
        h->index[i] = index;
        while (i > 0 && worse_at(h, i, (i - 1) / 2)) {
            swap(h, i, (i - 1) / 2);
            i = (i - 1) / 2;
        }
        return;
    }
    if (!worse(h, h->score[0], h->index[0], score, index))
        return;
    h->score[0] = score;
    h->index[0] = index;
    sift_down(h, 0);
}

/* Offers candidate i to the heap unless it cannot make the top k. */
static inline void consider(const struct vec_store *s, struct heap *h, size_t i, int32_t dot)
{
    float score = (float)dot * s->scale[i];
    if (h->n == h->k && score < h->score[0])
        return; /* most candidates: no call */
    heap_offer(h, score, (uint32_t)i);
}

static bool skip(const struct vec_store *s, size_t i, size_t self, bool same_genre, uint16_t g)
{
    return i == self || (same_genre && s->genre[i] != g);
}

static void scan_plain(const struct vec_store *s, size_t self, bool same_genre, struct heap *h)
{
    const int8_t *q = s->q + self * EMBED_DIMS;
    for (size_t i = 0; i < s->n; i++) {
        if (!skip(s, i, self, same_genre, s->genre[self]))
            consider(s, h, i, dot(q, s->q + i * EMBED_DIMS));
    }
}

#ifdef VEC_X86
/* 16 products at a time: the query widened to int16 once, each candidate
 * sign-extended, multiplied and pair-added into int32 (vpmaddwd). */
__attribute__((target("avx2"))) static void scan_avx2(const struct vec_store *s, size_t self,
                                                      bool same_genre, struct heap *h)
{
    __m256i qw[EMBED_DIMS / 16];
    const int8_t *q = s->q + self * EMBED_DIMS;
    for (int j = 0; j < EMBED_DIMS / 16; j++)
        qw[j] = _mm256_cvtepi8_epi16(_mm_loadu_si128((const __m128i *)(q + 16 * j)));
    for (size_t i = 0; i < s->n; i++) {
        if (skip(s, i, self, same_genre, s->genre[self]))
            continue;
        const int8_t *v = s->q + i * EMBED_DIMS;
        __m256i acc = _mm256_setzero_si256();
        for (int j = 0; j < EMBED_DIMS / 16; j++) {
            __m256i vw = _mm256_cvtepi8_epi16(_mm_loadu_si128((const __m128i *)(v + 16 * j)));
            acc = _mm256_add_epi32(acc, _mm256_madd_epi16(qw[j], vw));
        }
        __m128i x = _mm_add_epi32(_mm256_castsi256_si128(acc), _mm256_extracti128_si256(acc, 1));
        x = _mm_add_epi32(x, _mm_shuffle_epi32(x, 0x4e));
        x = _mm_add_epi32(x, _mm_shuffle_epi32(x, 0xb1));
        consider(s, h, i, _mm_cvtsi128_si32(x));
    }
}

/* 32 products per instruction (vpdpbusd multiplies unsigned by signed
 * bytes): the query is shifted to q + 128, and q.v = (q+128).v - 128 sum(v),
 * exactly, in int32. */
__attribute__((target("avx2,avxvnni"))) static void
scan_vnni(const struct vec_store *s, size_t self, bool same_genre, struct heap *h)
{
    __m256i qu[EMBED_DIMS / 32];
    uint8_t shifted[EMBED_DIMS];
    const int8_t *q = s->q + self * EMBED_DIMS;
    for (int j = 0; j < EMBED_DIMS; j++)
        shifted[j] = (uint8_t)(q[j] + 128);
    for (int j = 0; j < EMBED_DIMS / 32; j++)
        qu[j] = _mm256_loadu_si256((const __m256i *)(shifted + 32 * j));
    for (size_t i = 0; i < s->n; i++) {
        if (skip(s, i, self, same_genre, s->genre[self]))
            continue;
        const int8_t *v = s->q + i * EMBED_DIMS;
        __m256i acc = _mm256_setzero_si256();
        for (int j = 0; j < EMBED_DIMS / 32; j++)
            acc = _mm256_dpbusd_avx_epi32(acc, qu[j],
                                          _mm256_loadu_si256((const __m256i *)(v + 32 * j)));
        __m128i x = _mm_add_epi32(_mm256_castsi256_si128(acc), _mm256_extracti128_si256(acc, 1));
        x = _mm_add_epi32(x, _mm_shuffle_epi32(x, 0x4e));
        x = _mm_add_epi32(x, _mm_shuffle_epi32(x, 0xb1));
        consider(s, h, i, _mm_cvtsi128_si32(x) - 128 * s->sum[i]);
    }
}
#endif

typedef void (*scan_fn)(const struct vec_store *, size_t, bool, struct heap *);

/* The widest the CPU has; every variant computes the same integers. */
static scan_fn pick_scan(void)
{
#ifdef VEC_X86
    if (getenv("MQ_VEC_PLAIN"))
        return scan_plain; /* tests compare the variants */
    if (__builtin_cpu_supports("avxvnni"))
        return scan_vnni;
    if (__builtin_cpu_supports("avx2"))
        return scan_avx2;
#endif
    return scan_plain;
}

int vec_store_knn(const struct vec_store *s, const char *id, bool same_genre, int k,
                  struct vec_hit *out)
{
    struct heap h = { .s = s, .n = 0, .k = k < 64 ? k : 64 };
    if (!s->n || k <= 0)
        return 0;
    size_t slot = find_slot(s, id);
    if (!s->slots[slot])
        return 0;
    size_t self = s->slots[slot] - 1;
    static scan_fn scan;
    if (!scan)
        scan = pick_scan();
    scan(s, self, same_genre, &h);
    /* pop worst first, fill from the back: best first */
    int n = h.n;
    for (int j = n - 1; j >= 0; j--) {
        memcpy(out[j].id, s->ids[h.index[0]], VEC_ID_LEN + 1);
        out[j].score = h.score[0] * s->scale[self];
        h.score[0] = h.score[h.n - 1];
        h.index[0] = h.index[h.n - 1];
        h.n--;
        sift_down(&h, 0);
    }
    return n;
}
