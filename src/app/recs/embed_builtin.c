/*
 * The built-in embedder: feature hashing. Every feature of the text (a
 * word, a pair of adjacent words, a character 3-gram of a word padded
 * with '#') is hashed (FNV-1a, 64 bits) to one of EMBED_DIMS dimensions
 * and a sign, so unrelated features cancel out on average instead of
 * piling up. Each line (field) is normalised on its own and weighted, so
 * a long description cannot drown the name, and events of the same genre
 * and sub-genre lean together. No randomness, no locale: the same text
 * gives the same vector everywhere.
 */
#include "config.h"
#include "core/common.h"
#include "app/recs/embed.h"

#include <math.h>

#define MAX_LINE  2000 /* bytes of one field that count */
#define MAX_WORD  64
#define WORD_W    1.0f
#define PAIR_W    0.5f
#define TRIGRAM_W 0.25f

/* name, genre, sub-genre, venue, description (and anything after). */
static const float line_weight[] = { 1.0f, 0.5f, 0.6f, 0.35f, 0.5f };

static uint64_t fnv(uint64_t h, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)s[i]) * 1099511628211ull;
    return h;
}

static void add(float *v, uint64_t h, float w)
{
    /* the low bits pick the dimension, a high bit the sign */
    v[h % EMBED_DIMS] += (h >> 63) ? -w : w;
}

static bool word_byte(unsigned char c)
{
    return c >= 0x80 || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

static void add_word(float *v, const char *w, size_t n, const char *prev, size_t pn)
{
    char padded[MAX_WORD + 2];
    add(v, fnv(1469598103934665603ull ^ 'w', w, n), WORD_W);
    if (prev) {
        uint64_t h = fnv(1469598103934665603ull ^ 'p', prev, pn);
        add(v, fnv(fnv(h, " ", 1), w, n), PAIR_W);
    }
    padded[0] = '#';
    memcpy(padded + 1, w, n);
    padded[n + 1] = '#';
    for (size_t i = 0; i + 3 <= n + 2; i++)
        add(v, fnv(1469598103934665603ull ^ 't', padded + i, 3), TRIGRAM_W);
}

/* The features of one line, lower-cased ASCII words of at most MAX_WORD bytes. */
static void add_line(float *v, const char *s, size_t len)
{
    char word[MAX_WORD], prev[MAX_WORD];
    size_t n = 0, pn = 0;
    bool has_prev = false;
    if (len > MAX_LINE)
        len = MAX_LINE;
    for (size_t i = 0; i <= len; i++) {
        unsigned char c = i < len ? (unsigned char)s[i] : ' ';
        if (c >= 'A' && c <= 'Z')
            c = (unsigned char)(c + 32);
        if (word_byte(c)) {
            if (n < MAX_WORD)
                word[n++] = (char)c;
            continue;
        }
        if (n == 0)
            continue;
        add_word(v, word, n, has_prev ? prev : NULL, pn);
        memcpy(prev, word, n);
        pn = n;
        has_prev = true;
        n = 0;
    }
}

void embed_normalise(float *v)
{
    double sum = 0;
    for (int i = 0; i < EMBED_DIMS; i++)
        sum += (double)v[i] * v[i];
    if (sum <= 0) {
        v[0] = 1;
        return;
    }
    float inv = (float)(1.0 / sqrt(sum));
    for (int i = 0; i < EMBED_DIMS; i++)
        v[i] *= inv;
}

void embed_builtin(const char *text, float out[EMBED_DIMS])
{
    float line[EMBED_DIMS];
    size_t k = 0;
    memset(out, 0, sizeof(float) * EMBED_DIMS);
    for (const char *p = text; p; k++) {
        const char *nl = strchr(p, '\n');
        size_t len = nl ? (size_t)(nl - p) : strlen(p);
        memset(line, 0, sizeof(line));
        add_line(line, p, len);
        bool empty = true;
        for (int i = 0; i < EMBED_DIMS && empty; i++)
            empty = line[i] == 0;
        if (!empty) {
            float w =
                line_weight[k < MQ_ARRAY_LEN(line_weight) ? k : MQ_ARRAY_LEN(line_weight) - 1];
            embed_normalise(line);
            for (int i = 0; i < EMBED_DIMS; i++)
                out[i] += w * line[i];
        }
        p = nl ? nl + 1 : NULL;
    }
    embed_normalise(out);
}
