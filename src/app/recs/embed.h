/*
 * embed.h - text embeddings for "similar events": 384 float dimensions,
 * L2-normalised, one vector per event text.
 *
 * The text of an event is its name, genre, sub-genre, venue name and
 * description, one per line in that order (recs_store.c writes it in SQL,
 * so its md5 can be compared there). Two providers, chosen by
 * EMBEDDINGS_KIND:
 *   builtin  (default) deterministic hashed word, word-pair and character
 *            3-gram features, no model download (embed_builtin.c)
 *   openai   an OpenAI-compatible POST /v1/embeddings (embed_http.c)
 *   hf       a Hugging Face feature-extraction endpoint (embed_http.c),
 *            e.g. sentence-transformers/all-MiniLM-L6-v2
 */
#ifndef MQ_EMBED_H
#define MQ_EMBED_H

#include "core/common.h"
#include "core/status.h"

struct arena;
struct config;
struct buf;
struct http_client;

#define EMBED_DIMS          384
#define EMBED_BUILTIN_MODEL "builtin-hash-v1"

enum embed_kind { EMBED_BUILTIN, EMBED_OPENAI, EMBED_HF };

struct embedder {
    enum embed_kind kind;
    const char *model; /* stored with each vector; a change re-embeds everything */
    const char *url;
    const char *api_key; /* secret: never logged */
    int batch;           /* texts per HTTP request */
    long timeout_ms;
    struct http_client *http; /* owned; NULL for builtin */
};

/* From EMBEDDINGS_* in cfg. ST_INVALID (with a message in err) when the
 * configuration cannot work (e.g. openai without a URL). */
enum status embedder_init(struct embedder *e, const struct config *cfg, char *err, size_t errlen);
void embedder_release(struct embedder *e);

/* Embeds texts[0..n) into out (n * EMBED_DIMS floats), batching HTTP
 * requests. ST_UPSTREAM when the provider failed (logged). */
enum status embed_texts(struct embedder *e, struct arena *a, const char *const *texts, size_t n,
                        float *out);

/* The built-in embedder: deterministic, L2-normalised. */
void embed_builtin(const char *text, float out[EMBED_DIMS]);

/* Scales v to unit length; a zero vector becomes the first unit vector. */
void embed_normalise(float *v);

/* HTTP provider internals, for the contract tests. */
void embed_http_body(const struct embedder *e, const char *const *texts, size_t n, struct buf *out);
enum status embed_http_parse(const struct embedder *e, struct arena *a, const char *body,
                             size_t len, size_t n, float *out);

#endif
