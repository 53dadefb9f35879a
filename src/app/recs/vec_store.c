#include "config.h"
#include "core/common.h"
#include "app/recs/vec_store.h"

#include <math.h>
#include <sys/mman.h>

#if defined(__GNUC__) && defined(__x86_64__)
#include <cpuid.h>
#include <immintrin.h>
#define VEC_X86 1
#endif

#define MAX_PARTS 65535

void vec_store_init(struct vec_store *s)
{
    memset(s, 0, sizeof(*s));
}

static void part_release(struct vec_part *p)
{
    free(p->q);
    free(p->scale);
    free(p->sum);
    free(p->entry);
}

void vec_store_release(struct vec_store *s)
{
    for (size_t i = 0; i < s->nparts; i++) {
        part_release(&s->parts[i]);
        free(s->genres[i]);
    }
    free(s->parts);
    free(s->genres);
    free(s->ids);
    free(s->part);
    free(s->row);
    free(s->slots);
    vec_store_init(s);
}

size_t vec_store_bytes(const struct vec_store *s)
{
    size_t bytes = s->cap * (sizeof(*s->ids) + sizeof(*s->part) + sizeof(*s->row)) +
                   s->nslots * sizeof(*s->slots);
    for (size_t i = 0; i < s->nparts; i++)
        bytes += s->parts[i].cap * (EMBED_DIMS + sizeof(float) + 2 * sizeof(int32_t));
    return bytes;
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

/* Room for one more entry. */
static bool grow_entries(struct vec_store *s)
{
    if (s->n < s->cap)
        return true;
    size_t cap = s->cap ? s->cap * 2 : 1024;
    void *ids = realloc(s->ids, cap * sizeof(*s->ids));
    if (ids)
        s->ids = ids;
    void *part = realloc(s->part, cap * sizeof(*s->part));
    if (part)
        s->part = part;
    void *row = realloc(s->row, cap * sizeof(*s->row));
    if (row)
        s->row = row;
    if (!ids || !part || !row)
        return false;
    s->cap = cap;
    return rehash(s, cap * 2);
}

/* Room for one more row in p. */
static bool grow_part(struct vec_part *p)
{
    if (p->n < p->cap)
        return true;
    size_t cap = p->cap ? p->cap * 2 : 256;
    void *q = realloc(p->q, cap * EMBED_DIMS);
    if (q)
        p->q = q;
#ifdef MADV_HUGEPAGE
    /* every search reads the whole block: 2 MiB pages spare the TLB */
    if (q && cap * EMBED_DIMS >= (4u << 20)) {
        uintptr_t from = ((uintptr_t)q + 4095) & ~(uintptr_t)4095;
        uintptr_t to = ((uintptr_t)q + cap * EMBED_DIMS) & ~(uintptr_t)4095;
        if (to > from)
            madvise((void *)from, to - from, MADV_HUGEPAGE);
    }
#endif
    void *scale = realloc(p->scale, cap * sizeof(*p->scale));
    if (scale)
        p->scale = scale;
    void *sum = realloc(p->sum, cap * sizeof(*p->sum));
    if (sum)
        p->sum = sum;
    void *entry = realloc(p->entry, cap * sizeof(*p->entry));
    if (entry)
        p->entry = entry;
    if (!q || !scale || !sum || !entry)
        return false;
    p->cap = cap;
    return true;
}

/* genre's part, made on first use; false when out of memory (or past
 * MAX_PARTS genres, more than any catalogue has). */
static bool part_of(struct vec_store *s, const char *genre, uint16_t *out)
{
    for (size_t i = 1; genre && i < s->nparts; i++) {
        if (strcmp(s->genres[i], genre) == 0) {
            *out = (uint16_t)i;
            return true;
        }
    }
    if (!genre && s->nparts > 0) {
        *out = 0;
        return true;
    }
    size_t want = s->nparts ? s->nparts + 1 : genre ? 2 : 1;
    if (want > MAX_PARTS)
        return false;
    void *parts = realloc(s->parts, want * sizeof(*s->parts));
    if (parts)
        s->parts = parts;
    void *genres = realloc(s->genres, want * sizeof(*s->genres));
    if (genres)
        s->genres = genres;
    char *copy = genre ? strdup(genre) : NULL;
    if (!parts || !genres || (genre && !copy)) {
        free(copy);
        return false;
    }
    for (size_t i = s->nparts; i < want; i++) {
        memset(&s->parts[i], 0, sizeof(s->parts[i]));
        s->genres[i] = NULL;
    }
    s->nparts = want;
    s->genres[want - 1] = copy; /* NULL for part 0 */
    *out = genre ? (uint16_t)(want - 1) : 0;
    return true;
}

/* Drops row r of part p: the last row fills the gap, so the block stays
 * dense. */
static void part_drop(struct vec_store *s, uint16_t p, uint32_t r)
{
    struct vec_part *part = &s->parts[p];
    size_t last = part->n - 1;
    if (r != last) {
        memcpy(part->q + (size_t)r * EMBED_DIMS, part->q + last * EMBED_DIMS, EMBED_DIMS);
        part->scale[r] = part->scale[last];
        part->sum[r] = part->sum[last];
        part->entry[r] = part->entry[last];
        s->row[part->entry[r]] = r;
    }
    part->n--;
}

static void part_write(struct vec_part *p, uint32_t r, uint32_t entry, const int8_t *q, float scale)
{
    int32_t sum = 0;
    for (int i = 0; i < EMBED_DIMS; i++)
        sum += q[i];
    memcpy(p->q + (size_t)r * EMBED_DIMS, q, EMBED_DIMS);
    p->scale[r] = scale;
    p->sum[r] = sum;
    p->entry[r] = entry;
}

bool vec_store_put(struct vec_store *s, const char *id, const char *genre, const int8_t *q,
                   float scale)
{
    uint16_t p;
    if (strlen(id) != VEC_ID_LEN || !grow_entries(s) || !part_of(s, genre, &p) ||
        !grow_part(&s->parts[p]))
        return false;
    size_t slot = find_slot(s, id);
    uint32_t k = s->slots[slot] ? s->slots[slot] - 1 : (uint32_t)s->n;
    if (!s->slots[slot]) {
        memcpy(s->ids[k], id, VEC_ID_LEN + 1);
        s->slots[slot] = k + 1;
        s->n++;
    } else if (s->part[k] == p) {
        part_write(&s->parts[p], s->row[k], k, q, scale);
        return true;
    } else {
        part_drop(s, s->part[k], s->row[k]); /* its genre changed */
    }
    s->part[k] = p;
    s->row[k] = (uint32_t)s->parts[p].n++;
    part_write(&s->parts[p], s->row[k], k, q, scale);
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
    part_drop(s, s->part[k], s->row[k]);
    if (k != last) { /* the last entry fills the gap: the arrays stay dense */
        memcpy(s->ids[k], s->ids[last], VEC_ID_LEN + 1);
        s->part[k] = s->part[last];
        s->row[k] = s->row[last];
        s->parts[s->part[k]].entry[s->row[k]] = (uint32_t)k;
        s->slots[find_slot(s, s->ids[k])] = (uint32_t)k + 1;
    }
    s->n--;
    return true;
}

/* A min-heap of the best k (the worst at the root), of store entries.
 * Equal scores are ordered by id, so every worker answers the same
 * whatever its load order. */
struct heap {
    const struct vec_store *s;
    float score[64];
    uint32_t entry[64];
    int n, k;
};

static bool worse(const struct heap *h, float sa, uint32_t ea, float sb, uint32_t eb)
{
    if (sa != sb)
        return sa < sb;
    return strcmp(h->s->ids[ea], h->s->ids[eb]) > 0;
}

static void swap(struct heap *h, int a, int b)
{
    float ts = h->score[a];
    uint32_t te = h->entry[a];
    h->score[a] = h->score[b];
    h->entry[a] = h->entry[b];
    h->score[b] = ts;
    h->entry[b] = te;
}

static bool worse_at(const struct heap *h, int a, int b)
{
    return worse(h, h->score[a], h->entry[a], h->score[b], h->entry[b]);
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

static void heap_offer(struct heap *h, float score, uint32_t entry)
{
    if (h->n < h->k) {
        int i = h->n++;
        h->score[i] = score;
        h->entry[i] = entry;
        while (i > 0 && worse_at(h, i, (i - 1) / 2)) {
            swap(h, i, (i - 1) / 2);
            i = (i - 1) / 2;
        }
        return;
    }
    if (!worse(h, h->score[0], h->entry[0], score, entry))
        return;
    h->score[0] = score;
    h->entry[0] = entry;
    sift_down(h, 0);
}

/* Offers row r of p to the heap unless it cannot make the top k. */
static inline void consider(const struct vec_part *p, struct heap *h, size_t r, int32_t dot)
{
    float score = (float)dot * p->scale[r];
    if (h->n == h->k && score < h->score[0])
        return; /* most candidates: no call */
    heap_offer(h, score, p->entry[r]);
}

/* A scan offers every row of p but self (a row of p, or SIZE_MAX) to h,
 * scored against the query q. */
typedef void (*scan_fn)(const struct vec_part *p, const int8_t *q, size_t self, struct heap *h);

/* A fixed trip count and int32 sums: the compiler vectorises this. */
static inline int32_t dot(const int8_t *a, const int8_t *b)
{
    int32_t sum = 0;
    for (int i = 0; i < EMBED_DIMS; i++)
        sum += (int32_t)a[i] * (int32_t)b[i];
    return sum;
}

static void scan_plain(const struct vec_part *p, const int8_t *q, size_t self, struct heap *h)
{
    for (size_t r = 0; r < p->n; r++) {
        if (r != self)
            consider(p, h, r, dot(q, p->q + r * EMBED_DIMS));
    }
}

#ifdef VEC_X86
/* 16 products at a time: the query widened to int16 once, each candidate
 * sign-extended, multiplied and pair-added into int32 (vpmaddwd). */
__attribute__((target("avx2"))) static void scan_avx2(const struct vec_part *p, const int8_t *q,
                                                      size_t self, struct heap *h)
{
    __m256i qw[EMBED_DIMS / 16];
    for (int j = 0; j < EMBED_DIMS / 16; j++)
        qw[j] = _mm256_cvtepi8_epi16(_mm_loadu_si128((const __m128i *)(q + 16 * j)));
    for (size_t r = 0; r < p->n; r++) {
        if (r == self)
            continue;
        const int8_t *v = p->q + r * EMBED_DIMS;
        __m256i acc = _mm256_setzero_si256();
        for (int j = 0; j < EMBED_DIMS / 16; j++) {
            __m256i vw = _mm256_cvtepi8_epi16(_mm_loadu_si128((const __m128i *)(v + 16 * j)));
            acc = _mm256_add_epi32(acc, _mm256_madd_epi16(qw[j], vw));
        }
        __m128i x = _mm_add_epi32(_mm256_castsi256_si128(acc), _mm256_extracti128_si256(acc, 1));
        x = _mm_add_epi32(x, _mm_shuffle_epi32(x, 0x4e));
        x = _mm_add_epi32(x, _mm_shuffle_epi32(x, 0xb1));
        consider(p, h, r, _mm_cvtsi128_si32(x));
    }
}

/* 32 products per instruction (vpdpbusd multiplies unsigned by signed
 * bytes): the query is shifted to q + 128, and q.v = (q+128).v - 128 sum(v),
 * exactly, in int32. Four partial sums, unrolled so they stay in registers:
 * each instruction no longer waits for the one before (a third faster on a
 * 34,000-row scan in isolation; with one sum the loop waited on its chain). */
__attribute__((target("avx2,avxvnni"))) static void
scan_vnni(const struct vec_part *p, const int8_t *q, size_t self, struct heap *h)
{
    __m256i qu[EMBED_DIMS / 32];
    uint8_t shifted[EMBED_DIMS];
    for (int j = 0; j < EMBED_DIMS; j++)
        shifted[j] = (uint8_t)(q[j] + 128);
    for (int j = 0; j < EMBED_DIMS / 32; j++)
        qu[j] = _mm256_loadu_si256((const __m256i *)(shifted + 32 * j));
    for (size_t r = 0; r < p->n; r++) {
        if (r == self)
            continue;
        const int8_t *v = p->q + r * EMBED_DIMS;
        __m256i part[4] = { _mm256_setzero_si256(), _mm256_setzero_si256(), _mm256_setzero_si256(),
                            _mm256_setzero_si256() };
#pragma GCC unroll 12
        for (int j = 0; j < EMBED_DIMS / 32; j++)
            part[j % 4] = _mm256_dpbusd_avx_epi32(
                part[j % 4], qu[j], _mm256_loadu_si256((const __m256i *)(v + 32 * j)));
        __m256i acc = _mm256_add_epi32(_mm256_add_epi32(part[0], part[1]),
                                       _mm256_add_epi32(part[2], part[3]));
        __m128i x = _mm_add_epi32(_mm256_castsi256_si128(acc), _mm256_extracti128_si256(acc, 1));
        x = _mm_add_epi32(x, _mm_shuffle_epi32(x, 0x4e));
        x = _mm_add_epi32(x, _mm_shuffle_epi32(x, 0xb1));
        consider(p, h, r, _mm_cvtsi128_si32(x) - 128 * p->sum[r]);
    }
}
#endif

static bool portable;

void vec_store_portable(bool on)
{
    portable = on;
}

#ifdef VEC_X86
/* AVX-VNNI: cpuid leaf 7 subleaf 1, EAX bit 4. Asked directly because
 * clang 14's __builtin_cpu_supports does not know "avxvnni"; the caller
 * checks avx2 first, which covers the OS saving the ymm registers. */
static bool cpu_has_avxvnni(void)
{
    unsigned int eax, ebx, ecx, edx;

    if (!__get_cpuid_count(7, 1, &eax, &ebx, &ecx, &edx))
        return false;
    return (eax >> 4) & 1u;
}
#endif

/* The widest the CPU has; every variant computes the same integers. */
static scan_fn widest(void)
{
#ifdef VEC_X86
    if (getenv("MQ_VEC_PLAIN"))
        return scan_plain;
    if (__builtin_cpu_supports("avx2") && cpu_has_avxvnni())
        return scan_vnni;
    if (__builtin_cpu_supports("avx2"))
        return scan_avx2;
#endif
    return scan_plain;
}

/* Chosen once per process: a search asks no more than a flag. */
static scan_fn pick_scan(void)
{
    static scan_fn best;
    if (!best)
        best = widest();
    return portable ? scan_plain : best;
}

int vec_store_knn(const struct vec_store *s, const char *id, bool same_genre, int k,
                  struct vec_hit *out)
{
    struct heap h = { .s = s, .n = 0, .k = k < 64 ? k : 64 };
    size_t slot = s->n ? find_slot(s, id) : 0;
    if (!s->n || !s->slots[slot])
        return -1;
    if (k <= 0)
        return 0;
    size_t self = s->slots[slot] - 1;
    const struct vec_part *home = &s->parts[s->part[self]];
    uint32_t row = s->row[self];
    const int8_t *q = home->q + (size_t)row * EMBED_DIMS;
    scan_fn scan = pick_scan();
    for (size_t p = 0; p < s->nparts; p++) {
        if (&s->parts[p] == home)
            scan(home, q, row, &h);
        else if (!same_genre)
            scan(&s->parts[p], q, SIZE_MAX, &h);
    }
    /* pop worst first, fill from the back: best first */
    int n = h.n;
    for (int j = n - 1; j >= 0; j--) {
        memcpy(out[j].id, s->ids[h.entry[0]], VEC_ID_LEN + 1);
        out[j].score = h.score[0] * home->scale[row];
        h.score[0] = h.score[h.n - 1];
        h.entry[0] = h.entry[h.n - 1];
        h.n--;
        sift_down(&h, 0);
    }
    return n;
}
