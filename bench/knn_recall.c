/*
 * bench/knn-recall: how exact is the API's in-process similar-events
 * search? Loads every vector of event_vectors twice, as the float32
 * embeddings and as the int8 copies the workers keep (vec_store.h), and
 * for QUERIES events compares the int8 top 10 (same genre, as
 * /api/events/{id}/similar answers by default) with the exact float32 top
 * 10: prints recall@10, the store's size and the time of one search.
 * Usage: knn-recall [QUERIES]   (DATABASE_URL from the environment;
 * KNN_ALL=1 searches all genres, MQ_VEC_PLAIN=1 the scalar loop.)
 */
#include "config.h"
#include "core/common.h"
#include "app/recs/vec_store.h"
#include "core/arena.h"
#include "core/timeutil.h"
#include "infra/pg.h"

#define K     10
#define CHUNK 5000

static const struct pg_stmt rows = {
    "knn_rows",
    "SELECT v.event_id, e.genre, encode(v.embedding, 'hex'), v.q8, v.q8_scale, v.seq "
    "FROM event_vectors v JOIN events e ON e.id = v.event_id WHERE v.seq > $1 ORDER BY v.seq "
    "LIMIT $2",
    2, PG_READONLY
};

struct all {
    size_t n, cap;
    float *f;
    char (*ids)[VEC_ID_LEN + 1];
    char **genre;
};

static int hexv(char c)
{
    return c <= '9' ? c - '0' : c - 'a' + 10;
}

static void floats(const char *hex, float *v)
{
    for (int i = 0; i < EMBED_DIMS; i++) {
        uint32_t u = 0;
        for (int b = 0; b < 4; b++)
            u |= (uint32_t)(hexv(hex[8 * i + 2 * b]) * 16 + hexv(hex[8 * i + 2 * b + 1]))
                 << (8 * b);
        memcpy(&v[i], &u, 4);
    }
}

static void q8(const char *hex, int8_t *q)
{
    for (int i = 0; i < EMBED_DIMS; i++)
        q[i] = (int8_t)(uint8_t)(hexv(hex[2 + 2 * i]) * 16 + hexv(hex[3 + 2 * i]));
}

static void add(struct all *all, struct vec_store *s, struct pg_result *r, int i)
{
    int8_t q[EMBED_DIMS];
    if (all->n == all->cap) {
        all->cap = all->cap ? all->cap * 2 : 4096;
        all->f = realloc(all->f, all->cap * EMBED_DIMS * sizeof(float));
        all->ids = realloc(all->ids, all->cap * sizeof(*all->ids));
        all->genre = realloc(all->genre, all->cap * sizeof(char *));
        if (!all->f || !all->ids || !all->genre)
            abort();
    }
    floats(pg_get(r, i, 2), all->f + all->n * EMBED_DIMS);
    snprintf(all->ids[all->n], VEC_ID_LEN + 1, "%s", pg_get(r, i, 0));
    all->genre[all->n] = pg_get(r, i, 1) ? strdup(pg_get(r, i, 1)) : NULL;
    q8(pg_get(r, i, 3), q);
    vec_store_put(s, pg_get(r, i, 0), pg_get(r, i, 1), q, strtof(pg_get(r, i, 4), NULL));
    all->n++;
}

static bool same(const char *a, const char *b)
{
    return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

/* The exact float32 top K of event x (same genre, not itself): indexes. */
static void exact(const struct all *all, size_t x, size_t *top)
{
    float best[K];
    for (int k = 0; k < K; k++)
        best[k] = -2, top[k] = SIZE_MAX;
    const float *q = all->f + x * EMBED_DIMS;
    for (size_t i = 0; i < all->n; i++) {
        if (i == x || !same(all->genre[i], all->genre[x]))
            continue;
        const float *v = all->f + i * EMBED_DIMS;
        float d = 0;
        for (int j = 0; j < EMBED_DIMS; j++)
            d += q[j] * v[j];
        if (d <= best[K - 1])
            continue;
        int k = K - 1;
        while (k > 0 && best[k - 1] < d) {
            best[k] = best[k - 1];
            top[k] = top[k - 1];
            k--;
        }
        best[k] = d;
        top[k] = i;
    }
}

int main(int argc, char **argv)
{
    struct pg db;
    struct arena a;
    struct all all = { 0 };
    struct vec_store s;
    int64_t seq = 0;
    int queries = argc > 1 ? (int)strtol(argv[1], NULL, 10) : 200;

    pg_init(&db, getenv("DATABASE_URL"), 5, 600000, "knn-recall");
    arena_init(&a, 0);
    vec_store_init(&s);
    for (;;) {
        struct pg_result *r;
        arena_reset(&a);
        const char *p[] = { arena_printf(&a, "%lld", (long long)seq),
                            arena_printf(&a, "%d", CHUNK) };
        if (pg_exec(&db, &a, &rows, p, &r) != ST_OK)
            return 1;
        for (int i = 0; i < pg_nrows(r); i++) {
            add(&all, &s, r, i);
            seq = pg_get_i64(r, i, 5);
        }
        if (pg_nrows(r) < CHUNK)
            break;
    }
    if (all.n < 2 || queries < 1)
        return 1;
    double hits = 0, total_us = 0, worst_us = 0;
    size_t step = all.n / (size_t)queries ? all.n / (size_t)queries : 1;
    int done = 0;
    for (size_t x = 0; x < all.n && done < queries; x += step, done++) {
        size_t top[K];
        struct vec_hit h[K];
        exact(&all, x, top);
        int64_t t0 = time_mono_us();
        int n = vec_store_knn(&s, all.ids[x], !getenv("KNN_ALL"), K, h);
        double us = (double)(time_mono_us() - t0);
        total_us += us;
        worst_us = us > worst_us ? us : worst_us;
        for (int k = 0; k < K && top[k] != SIZE_MAX; k++) {
            for (int j = 0; j < n; j++)
                hits += strcmp(h[j].id, all.ids[top[k]]) == 0;
        }
    }
    printf("vectors=%zu store_bytes=%zu float32_bytes=%zu queries=%d recall_at_10=%.4f "
           "knn_avg_us=%.0f knn_max_us=%.0f\n",
           all.n, vec_store_bytes(&s), all.n * EMBED_DIMS * sizeof(float), done,
           hits / ((double)done * K), total_us / done, worst_us);
    return 0;
}
