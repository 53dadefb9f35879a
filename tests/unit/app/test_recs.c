/*
 * Similar events without a database: the built-in embedder, the HTTP
 * providers' bodies and answers, the in-process vector store.
 */
#include "config.h"
#include "core/common.h"
#include "app/recs/embed.h"
#include "app/recs/vec_store.h"
#include "core/arena.h"
#include "core/buf.h"
#include "core/conf.h"
#include "infra/json.h"
#include "tests/unit/suites.h"
#include "tests/unit/testutil.h"

#include <math.h>

static double dotf(const float *a, const float *b)
{
    double s = 0;
    for (int i = 0; i < EMBED_DIMS; i++)
        s += (double)a[i] * b[i];
    return s;
}

static void builtin_is_deterministic_and_unit_length(void)
{
    static float a[EMBED_DIMS], b[EMBED_DIMS];
    const char *t = "Toronto Raptors vs Boston Celtics\nSports\nBasketball\nScotiabank Arena\n";
    embed_builtin(t, a);
    embed_builtin(t, b);
    CU_ASSERT_EQUAL(memcmp(a, b, sizeof(a)), 0);
    CU_ASSERT_DOUBLE_EQUAL(dotf(a, a), 1.0, 1e-5);
    /* a known value, so a change of the features is noticed (every stored
     * vector would have to be recomputed: bump EMBED_BUILTIN_MODEL) */
    double x = 0;
    for (int i = 0; i < EMBED_DIMS; i++)
        x += (i % 7 + 1) * a[i];
    CU_ASSERT_DOUBLE_EQUAL(x, -0.950009, 1e-5);
    embed_builtin("", b);
    CU_ASSERT_DOUBLE_EQUAL(dotf(b, b), 1.0, 1e-5); /* even with nothing to embed */
}

static void builtin_puts_related_events_closer(void)
{
    static float raptors[EMBED_DIMS], raptors2[EMBED_DIMS], opera[EMBED_DIMS];
    embed_builtin("Toronto Raptors vs Boston Celtics\nSports\nBasketball\nScotiabank Arena\n",
                  raptors);
    embed_builtin("Toronto Raptors vs Chicago Bulls\nSports\nBasketball\nScotiabank Arena\n",
                  raptors2);
    embed_builtin("Berlin Opera: Rusalka\nArts & Theatre\nOpera\nTempodrom\nDvorak's fairy tale",
                  opera);
    CU_ASSERT_TRUE(dotf(raptors, raptors2) > 0.6);
    CU_ASSERT_TRUE(dotf(raptors, opera) < 0.3);
    CU_ASSERT_TRUE(dotf(raptors, raptors2) > dotf(raptors, opera) + 0.3);
}

static struct embedder http_embedder(enum embed_kind kind)
{
    struct embedder e = { .kind = kind, .model = "m", .batch = 2 };
    return e;
}

static void openai_body_and_answer(void)
{
    struct arena a;
    struct buf b;
    char err[128];
    static float out[2 * EMBED_DIMS];
    struct embedder e = http_embedder(EMBED_OPENAI);
    const char *texts[] = { "one", "two \"quoted\"" };
    arena_init(&a, 0);
    buf_init(&b, 0);
    embed_http_body(&e, texts, 2, &b);
    struct json_object *o = json_parse(&a, b.data, b.len, err, sizeof(err));
    CU_ASSERT_STRING_EQUAL(json_path_str(o, "model"), "m");
    CU_ASSERT_EQUAL(json_arr_len(json_path(o, "input")), 2);
    double dims = 0;
    CU_ASSERT_TRUE(json_path_num(o, "dimensions", &dims) && dims == EMBED_DIMS);
    /* answers in any order, by index; vectors normalised here */
    buf_reset(&b);
    buf_puts(&b, "{\"object\":\"list\",\"data\":[");
    for (int k = 1; k >= 0; k--) {
        buf_printf(&b, "%s{\"object\":\"embedding\",\"index\":%d,\"embedding\":[", k ? "" : ",", k);
        for (int i = 0; i < EMBED_DIMS; i++)
            buf_printf(&b, "%s%d", i ? "," : "", i == k ? 3 : 0);
        buf_puts(&b, "]}");
    }
    buf_puts(&b, "],\"model\":\"m\",\"usage\":{\"prompt_tokens\":2,\"total_tokens\":2}}");
    CU_ASSERT_EQUAL(embed_http_parse(&e, &a, b.data, b.len, 2, out), ST_OK);
    CU_ASSERT_DOUBLE_EQUAL(out[0], 1.0, 1e-6);
    CU_ASSERT_DOUBLE_EQUAL(out[EMBED_DIMS + 1], 1.0, 1e-6);
    CU_ASSERT_EQUAL(embed_http_parse(&e, &a, b.data, b.len, 3, out), ST_INVALID);
    const char *wrong = "{\"data\":[{\"index\":0,\"embedding\":[1,2,3]}]}";
    CU_ASSERT_EQUAL(embed_http_parse(&e, &a, wrong, strlen(wrong), 1, out), ST_INVALID);
    const char *error = "{\"error\":{\"message\":\"Incorrect API key provided\",\"type\":"
                        "\"invalid_request_error\"}}";
    CU_ASSERT_EQUAL(embed_http_parse(&e, &a, error, strlen(error), 1, out), ST_INVALID);
    buf_release(&b);
    arena_release(&a);
}

static void hf_answers_pooled_or_per_token(void)
{
    struct arena a;
    struct buf b;
    char err[128];
    static float out[EMBED_DIMS];
    struct embedder e = http_embedder(EMBED_HF);
    const char *texts[] = { "one" };
    arena_init(&a, 0);
    buf_init(&b, 0);
    embed_http_body(&e, texts, 1, &b);
    struct json_object *o = json_parse(&a, b.data, b.len, err, sizeof(err));
    CU_ASSERT_STRING_EQUAL(json_str(json_arr_get(json_path(o, "inputs"), 0)), "one");
    /* token vectors [[a],[b]] are mean-pooled */
    buf_reset(&b);
    buf_puts(&b, "[[");
    for (int t = 0; t < 2; t++) {
        buf_puts(&b, t ? ",[" : "[");
        for (int i = 0; i < EMBED_DIMS; i++)
            buf_printf(&b, "%s%s", i ? "," : "", i == t ? "2.0" : "0");
        buf_puts(&b, "]");
    }
    buf_puts(&b, "]]");
    CU_ASSERT_EQUAL(embed_http_parse(&e, &a, b.data, b.len, 1, out), ST_OK);
    CU_ASSERT_DOUBLE_EQUAL(out[0], out[1], 1e-6);
    CU_ASSERT_DOUBLE_EQUAL(out[0], sqrt(0.5), 1e-6);
    const char *loading = "{\"error\":\"Model is currently loading\",\"estimated_time\":20}";
    CU_ASSERT_EQUAL(embed_http_parse(&e, &a, loading, strlen(loading), 1, out), ST_INVALID);
    buf_release(&b);
    arena_release(&a);
}

static void config_picks_the_provider(void)
{
    struct config c;
    struct embedder e;
    char err[128];
    memset(&c, 0, sizeof(c));
    CU_ASSERT_EQUAL(embedder_init(&e, &c, err, sizeof(err)), ST_OK);
    CU_ASSERT_EQUAL(e.kind, EMBED_BUILTIN);
    CU_ASSERT_STRING_EQUAL(e.model, EMBED_BUILTIN_MODEL);
    embedder_release(&e);
    c.embeddings_kind = "openai";
    CU_ASSERT_EQUAL(embedder_init(&e, &c, err, sizeof(err)), ST_INVALID); /* no URL */
    c.embeddings_url = "http://127.0.0.1:9/v1/embeddings";
    c.embeddings_model = "text-embedding-3-small";
    CU_ASSERT_EQUAL(embedder_init(&e, &c, err, sizeof(err)), ST_OK);
    CU_ASSERT_EQUAL(e.kind, EMBED_OPENAI);
    CU_ASSERT_STRING_EQUAL(e.model, "text-embedding-3-small");
    embedder_release(&e);
}

static void put(struct vec_store *s, char c, const char *genre, float x, float y)
{
    float v[EMBED_DIMS] = { 0 };
    int8_t q[EMBED_DIMS];
    float scale;
    char id[VEC_ID_LEN + 1];
    memset(id, c, VEC_ID_LEN);
    id[VEC_ID_LEN] = '\0';
    v[0] = x;
    v[1] = y;
    embed_normalise(v);
    vec_quantise(v, q, &scale);
    CU_ASSERT_TRUE(vec_store_put(s, id, genre, q, scale));
}

static void store_finds_neighbours_best_first(void)
{
    struct vec_store s;
    struct vec_hit h[8];
    char a[VEC_ID_LEN + 1];
    vec_store_init(&s);
    put(&s, 'a', "Music", 1, 0);
    put(&s, 'b', "Music", 1, 0.1f);
    put(&s, 'c', "Music", 1, 0.5f);
    put(&s, 'd', "Sports", 1, 0.01f);
    put(&s, 'e', NULL, 0, 1);
    put(&s, 'c', "Music", 0, 1); /* replaced, not added */
    CU_ASSERT_EQUAL(s.n, 5);
    memset(a, 'a', VEC_ID_LEN);
    a[VEC_ID_LEN] = '\0';
    int n = vec_store_knn(&s, a, true, 8, h);
    CU_ASSERT_EQUAL_FATAL(n, 2); /* same genre, never itself */
    CU_ASSERT_EQUAL(h[0].id[0], 'b');
    CU_ASSERT_EQUAL(h[1].id[0], 'c');
    CU_ASSERT_TRUE(h[0].score > 0.98f && h[0].score <= 1.001f);
    CU_ASSERT_TRUE(fabsf(h[1].score) < 0.02f);
    n = vec_store_knn(&s, a, false, 2, h);
    CU_ASSERT_EQUAL_FATAL(n, 2);
    CU_ASSERT_EQUAL(h[0].id[0], 'd');
    CU_ASSERT_EQUAL(h[1].id[0], 'b');
    memset(a, 'e', VEC_ID_LEN);
    CU_ASSERT_EQUAL(vec_store_knn(&s, a, true, 8, h), 0); /* no genre: only no genre */
    memset(a, 'z', VEC_ID_LEN);
    CU_ASSERT_EQUAL(vec_store_knn(&s, a, false, 8, h), -1); /* unknown: no vector */
    vec_store_release(&s);
}

/* Puts test event i into s: "event i genre i%3" embedded, id "%064x" of
 * i, genre A or B. Its float vector in v. */
static void put_event(struct vec_store *s, int i, float *v)
{
    char text[64], id[VEC_ID_LEN + 1];
    int8_t q[EMBED_DIMS];
    float scale;
    snprintf(text, sizeof(text), "event %d genre %d", i, i % 3);
    embed_builtin(text, v);
    vec_quantise(v, q, &scale);
    snprintf(id, sizeof(id), "%064x", i);
    CU_ASSERT_TRUE_FATAL(vec_store_put(s, id, i % 3 ? "A" : "B", q, scale));
}

static void store_grows_and_stays_exact(void)
{
    struct vec_store s;
    struct vec_hit h[20];
    static float v[EMBED_DIMS], probe[EMBED_DIMS];
    char id[VEC_ID_LEN + 1], first[VEC_ID_LEN + 1];
    vec_store_init(&s);
    for (int i = 0; i < 3000; i++) {
        put_event(&s, i, v);
        if (i == 0)
            memcpy(probe, v, sizeof(v));
    }
    snprintf(first, sizeof(first), "%064x", 0);
    CU_ASSERT_EQUAL(s.n, 3000);
    int n = vec_store_knn(&s, first, false, 20, h);
    CU_ASSERT_EQUAL_FATAL(n, 20);
    for (int i = 0; i < n; i++) {
        CU_ASSERT_STRING_NOT_EQUAL(h[i].id, first);
        if (i)
            CU_ASSERT_TRUE(h[i].score <= h[i - 1].score);
        for (int k = 0; k < i; k++)
            CU_ASSERT_STRING_NOT_EQUAL(h[i].id, h[k].id);
    }
    /* the int8 score is the float cosine to within quantisation error */
    embed_builtin("event 1 genre 1", v);
    snprintf(id, sizeof(id), "%064x", 1);
    for (int i = 0; i < n; i++) {
        if (strcmp(h[i].id, id) == 0)
            CU_ASSERT_DOUBLE_EQUAL(h[i].score, dotf(probe, v), 0.02);
    }
    CU_ASSERT_TRUE(vec_store_bytes(&s) >= 3000 * EMBED_DIMS);
    vec_store_release(&s);
}

/* Events that lost their last session are removed (vectors_mem.c): after
 * removals the store answers exactly as one built without them, and never
 * with a removed event. */
static void removed_events_are_never_answers(void)
{
    struct vec_store s, want;
    struct vec_hit h[10], w[10];
    static float v[EMBED_DIMS];
    char id[VEC_ID_LEN + 1];
    vec_store_init(&s);
    vec_store_init(&want);
    for (int i = 0; i < 2000; i++) {
        put_event(&s, i, v);
        if (i % 3 != 1)
            put_event(&want, i, v);
    }
    for (int i = 1; i < 2000; i += 3) {
        snprintf(id, sizeof(id), "%064x", i);
        CU_ASSERT_TRUE(vec_store_remove(&s, id));
        CU_ASSERT_FALSE(vec_store_remove(&s, id)); /* gone already */
        CU_ASSERT_EQUAL(vec_store_knn(&s, id, false, 10, h), -1);
    }
    CU_ASSERT_EQUAL(s.n, want.n);
    for (int i = 0; i < 2000; i++) {
        snprintf(id, sizeof(id), "%064x", i);
        for (int same = 0; same < 2; same++) {
            int n = vec_store_knn(&s, id, same, 10, h), m = vec_store_knn(&want, id, same, 10, w);
            CU_ASSERT_EQUAL_FATAL(n, m);
            CU_ASSERT_EQUAL(n, i % 3 == 1 ? -1 : 10);
            for (int k = 0; k < n; k++) {
                CU_ASSERT_STRING_EQUAL(h[k].id, w[k].id);
                CU_ASSERT_TRUE(h[k].score == w[k].score);
                CU_ASSERT_NOT_EQUAL(strtol(h[k].id + 56, NULL, 16) % 3, 1);
            }
        }
    }
    /* one that comes back is found again */
    put_event(&s, 4, v);
    snprintf(id, sizeof(id), "%064x", 4);
    CU_ASSERT_EQUAL(vec_store_knn(&s, id, true, 10, h), 10);
    vec_store_release(&s);
    vec_store_release(&want);
}

/* An event whose genre changed leaves its old genre's block: same-genre
 * answers come from the new one only, and nothing is held twice. */
static void genre_change_moves_the_vector(void)
{
    struct vec_store s;
    struct vec_hit h[8];
    char a[VEC_ID_LEN + 1], c[VEC_ID_LEN + 1];
    vec_store_init(&s);
    put(&s, 'a', "Music", 1, 0);
    put(&s, 'b', "Music", 1, 0.1f);
    put(&s, 'c', "Music", 1, 0.2f);
    put(&s, 'd', "Sports", 1, 0.3f);
    put(&s, 'c', "Sports", 1, 0.2f);
    CU_ASSERT_EQUAL(s.n, 4);
    memset(a, 'a', VEC_ID_LEN);
    a[VEC_ID_LEN] = '\0';
    memset(c, 'c', VEC_ID_LEN);
    c[VEC_ID_LEN] = '\0';
    int n = vec_store_knn(&s, a, true, 8, h);
    CU_ASSERT_EQUAL_FATAL(n, 1);
    CU_ASSERT_EQUAL(h[0].id[0], 'b');
    n = vec_store_knn(&s, c, true, 8, h);
    CU_ASSERT_EQUAL_FATAL(n, 1);
    CU_ASSERT_EQUAL(h[0].id[0], 'd');
    n = vec_store_knn(&s, c, false, 8, h);
    CU_ASSERT_EQUAL_FATAL(n, 3);
    CU_ASSERT_EQUAL(h[0].id[0], 'b'); /* (1, 0.1) is the closest to (1, 0.2) */
    CU_ASSERT_TRUE(vec_store_remove(&s, c));
    n = vec_store_knn(&s, a, false, 8, h);
    CU_ASSERT_EQUAL_FATAL(n, 2);
    CU_ASSERT_TRUE(h[0].id[0] != 'c' && h[1].id[0] != 'c');
    vec_store_release(&s);
}

/* The vectorised scans the CPU offers give exactly the portable loop's
 * answers: the same ids, the same scores. */
static void scan_variants_agree(void)
{
    struct vec_store s;
    struct vec_hit h[20], w[20];
    static float v[EMBED_DIMS];
    char id[VEC_ID_LEN + 1];
    vec_store_init(&s);
    for (int i = 0; i < 1500; i++)
        put_event(&s, i, v);
    for (int i = 0; i < 1500; i += 7) {
        snprintf(id, sizeof(id), "%064x", i);
        for (int same = 0; same < 2; same++) {
            vec_store_portable(true);
            int m = vec_store_knn(&s, id, same, 20, w);
            vec_store_portable(false);
            int n = vec_store_knn(&s, id, same, 20, h);
            CU_ASSERT_EQUAL_FATAL(n, m);
            for (int k = 0; k < n; k++) {
                CU_ASSERT_STRING_EQUAL(h[k].id, w[k].id);
                CU_ASSERT_TRUE(h[k].score == w[k].score);
            }
        }
    }
    vec_store_release(&s);
}

int suite_recs(void)
{
    static const struct test_case cases[] = {
        { "the built-in embedder is deterministic and unit length",
          builtin_is_deterministic_and_unit_length },
        { "the built-in embedder puts related events closer", builtin_puts_related_events_closer },
        { "openai-compatible body and answer", openai_body_and_answer },
        { "hugging face answers, pooled or per token", hf_answers_pooled_or_per_token },
        { "configuration picks the provider", config_picks_the_provider },
        { "the store finds neighbours best first", store_finds_neighbours_best_first },
        { "the store grows and stays exact", store_grows_and_stays_exact },
        { "removed events are never answers", removed_events_are_never_answers },
        { "a genre change moves the vector", genre_change_moves_the_vector },
        { "the vectorised scans agree with the portable loop", scan_variants_agree },
        { NULL, NULL },
    };
    return test_register("app/recs", cases);
}
