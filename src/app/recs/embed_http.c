/*
 * Embedding providers over HTTP, and the choice of provider. OpenAI-style:
 * POST {"model","input":[...],"dimensions":384} answered by
 * {"data":[{"index":i,"embedding":[...]}]}. Hugging Face feature
 * extraction (also text-embeddings-inference): POST {"inputs":[...]}
 * answered by one vector per input, or one vector per token, which is
 * mean-pooled here. Every vector must have EMBED_DIMS dimensions (the
 * event_vectors column and the Qdrant collection are sized for it) and is
 * L2-normalised here, whatever the provider did.
 */
#include "config.h"
#include "core/common.h"
#include "app/recs/embed.h"
#include "core/arena.h"
#include "core/buf.h"
#include "core/conf.h"
#include "core/jsonw.h"
#include "core/log.h"
#include "infra/http.h"
#include "infra/json.h"

enum status embedder_init(struct embedder *e, const struct config *cfg, char *err, size_t errlen)
{
    memset(e, 0, sizeof(*e));
    const char *kind = cfg->embeddings_kind ? cfg->embeddings_kind : "builtin";
    e->kind = strcmp(kind, "openai") == 0 ? EMBED_OPENAI
              : strcmp(kind, "hf") == 0   ? EMBED_HF
                                          : EMBED_BUILTIN;
    e->batch = cfg->embeddings_batch > 0 ? cfg->embeddings_batch : 32;
    e->timeout_ms = cfg->embeddings_timeout_ms > 0 ? cfg->embeddings_timeout_ms : 10000;
    if (e->kind == EMBED_BUILTIN) {
        e->model = EMBED_BUILTIN_MODEL;
        return ST_OK;
    }
    if (!cfg->embeddings_url) {
        snprintf(err, errlen, "EMBEDDINGS_URL is required with EMBEDDINGS_KIND=%s", kind);
        return ST_INVALID;
    }
    e->url = cfg->embeddings_url;
    e->api_key = cfg->embeddings_api_key;
    e->model = cfg->embeddings_model ? cfg->embeddings_model : kind;
    e->http = malloc(sizeof(*e->http));
    if (!e->http) {
        snprintf(err, errlen, "out of memory");
        return ST_NOMEM;
    }
    http_client_init(e->http);
    return ST_OK;
}

void embedder_release(struct embedder *e)
{
    if (e->http) {
        http_client_release(e->http);
        free(e->http);
    }
    e->http = NULL;
}

void embed_http_body(const struct embedder *e, const char *const *texts, size_t n, struct buf *out)
{
    struct jsonw w;
    jsonw_init(&w, out);
    jsonw_obj_open(&w);
    if (e->kind == EMBED_OPENAI) {
        jsonw_kstr(&w, "model", e->model);
        jsonw_kint(&w, "dimensions", EMBED_DIMS);
        jsonw_kstr(&w, "encoding_format", "float");
        jsonw_key(&w, "input");
    } else {
        jsonw_key(&w, "inputs");
    }
    jsonw_arr_open(&w);
    for (size_t i = 0; i < n; i++)
        jsonw_str(&w, texts[i]);
    jsonw_arr_close(&w);
    jsonw_obj_close(&w);
}

static bool is_number(struct json_object *o)
{
    double d;
    return json_path_num(o, "", &d) && !json_is_string(o);
}

/* A flat array of EMBED_DIMS numbers into out (added with weight w). */
static bool read_vector(struct json_object *arr, float *out, float w)
{
    if (json_arr_len(arr) != EMBED_DIMS)
        return false;
    for (size_t i = 0; i < EMBED_DIMS; i++) {
        struct json_object *x = json_arr_get(arr, i);
        double d;
        if (!is_number(x) || !json_path_num(x, "", &d))
            return false;
        out[i] += (float)d * w;
    }
    return true;
}

/* One input's answer: a vector, or token vectors to mean-pool. */
static bool read_pooled(struct json_object *v, float *out)
{
    memset(out, 0, sizeof(float) * EMBED_DIMS);
    if (is_number(json_arr_get(v, 0)))
        return read_vector(v, out, 1);
    size_t tokens = json_arr_len(v);
    for (size_t t = 0; t < tokens; t++) {
        if (!read_vector(json_arr_get(v, t), out, 1.0f / (float)tokens))
            return false;
    }
    return tokens > 0;
}

enum status embed_http_parse(const struct embedder *e, struct arena *a, const char *body,
                             size_t len, size_t n, float *out)
{
    char err[128];
    struct json_object *root = json_parse(a, body, len, err, sizeof(err));
    if (!root)
        return ST_INVALID;
    if (e->kind == EMBED_OPENAI) {
        struct json_object *data = json_path(root, "data");
        if (json_arr_len(data) != n)
            return ST_INVALID;
        for (size_t i = 0; i < n; i++) {
            struct json_object *item = json_arr_get(data, i);
            double idx = (double)i;
            json_path_num(item, "index", &idx); /* answers may come in any order */
            if (idx < 0 || idx >= (double)n || idx != (double)(size_t)idx)
                return ST_INVALID;
            float *v = out + (size_t)idx * EMBED_DIMS;
            memset(v, 0, sizeof(float) * EMBED_DIMS);
            if (!read_vector(json_path(item, "embedding"), v, 1))
                return ST_INVALID;
        }
    } else {
        if (json_arr_len(root) != n)
            return ST_INVALID;
        for (size_t i = 0; i < n; i++) {
            if (!read_pooled(json_arr_get(root, i), out + i * EMBED_DIMS))
                return ST_INVALID;
        }
    }
    for (size_t i = 0; i < n; i++)
        embed_normalise(out + i * EMBED_DIMS);
    return ST_OK;
}

/* One request for texts[0..n). */
static enum status embed_batch(struct embedder *e, struct arena *a, const char *const *texts,
                               size_t n, float *out)
{
    struct buf *body = buf_new_arena(a, 0);
    struct http_result res;
    const char *headers[3] = { "Content-Type: application/json", NULL, NULL };
    if (e->api_key)
        headers[1] = arena_printf(a, "Authorization: Bearer %s", e->api_key);
    embed_http_body(e, texts, n, body);
    struct http_req req = { .method = "POST",
                            .url = e->url,
                            .headers = headers,
                            .body = body->data,
                            .body_len = body->len,
                            .timeout_ms = e->timeout_ms };
    const char *where = http_url_for_log(a, e->url);
    if (body->failed)
        return ST_NOMEM;
    if (http_do(e->http, a, &req, &res) != ST_OK) {
        log_warn("embed_failed", "url=%s error=\"%s\"", where, res.error);
        return ST_UPSTREAM;
    }
    if (res.status < 200 || res.status > 299) {
        char snippet[200];
        log_warn("embed_failed", "url=%s status=%ld body=%s", where, res.status,
                 log_quote(snippet, sizeof(snippet), res.body->data));
        return ST_UPSTREAM;
    }
    if (embed_http_parse(e, a, res.body->data, res.body->len, n, out) != ST_OK) {
        log_warn("embed_failed", "url=%s error=%s", where,
                 "unexpected answer (not one 384-dimension vector per text)");
        return ST_UPSTREAM;
    }
    return ST_OK;
}

enum status embed_texts(struct embedder *e, struct arena *a, const char *const *texts, size_t n,
                        float *out)
{
    if (e->kind == EMBED_BUILTIN) {
        for (size_t i = 0; i < n; i++)
            embed_builtin(texts[i], out + i * EMBED_DIMS);
        return ST_OK;
    }
    for (size_t i = 0; i < n; i += (size_t)e->batch) {
        size_t k = n - i < (size_t)e->batch ? n - i : (size_t)e->batch;
        enum status st = embed_batch(e, a, texts + i, k, out + i * EMBED_DIMS);
        if (st != ST_OK)
            return st;
    }
    return ST_OK;
}
