#include "config.h"
#include "core/common.h"
#include "app/search/search_cursor.h"
#include "core/arena.h"
#include "core/base64.h"
#include "core/str.h"

#include <math.h>

const char *search_cursor_encode(struct arena *a, const struct search_cursor *c)
{
    char text[160];
    int n;
    if (c->backend == 'p')
        n = snprintf(text, sizeof(text), "1|p|%08x|%lld|%s", c->query, (long long)c->key, c->id);
    else
        n = snprintf(text, sizeof(text), "1|e|%08x|%.17g|%s", c->query, c->score, c->id);
    if (n < 0 || (size_t)n >= sizeof(text))
        return NULL;
    char *out = arena_alloc(a, base64url_len((size_t)n) + 1);
    base64url_encode(out, (const unsigned char *)text, (size_t)n);
    return out;
}

/* Splits s at '|' into exactly n fields (NUL-terminated in place). */
static bool fields(char *s, char **f, int n)
{
    for (int i = 0; i < n; i++) {
        f[i] = s;
        char *bar = strchr(s, '|');
        if ((bar == NULL) != (i == n - 1))
            return false;
        if (bar) {
            *bar = '\0';
            s = bar + 1;
        }
    }
    return true;
}

static bool parse_query(const char *s, uint32_t *out)
{
    char *end;
    if (strlen(s) != 8 || !str_is_hex_lower(s, 8))
        return false;
    *out = (uint32_t)strtoul(s, &end, 16);
    return *end == '\0';
}

static bool parse_position(char backend, const char *s, struct search_cursor *out)
{
    if (backend == 'p')
        return str_to_i64(s, &out->key) == ST_OK && out->key >= 0;
    return str_to_double(s, &out->score) == ST_OK && isfinite(out->score);
}

enum status search_cursor_decode(const char *s, struct search_cursor *out)
{
    unsigned char raw[SEARCH_CURSOR_MAX];
    char *f[5];
    size_t len = strlen(s);

    memset(out, 0, sizeof(*out));
    if (len == 0 || len > SEARCH_CURSOR_MAX)
        return ST_INVALID;
    long n = base64url_decode(raw, s, len);
    if (n <= 0 || memchr(raw, '\0', (size_t)n))
        return ST_INVALID;
    raw[n] = '\0';
    if (!fields((char *)raw, f, 5) || strcmp(f[0], "1") != 0 || strlen(f[1]) != 1 ||
        (f[1][0] != 'p' && f[1][0] != 'e'))
        return ST_INVALID;
    out->backend = f[1][0];
    if (!parse_query(f[2], &out->query) || !parse_position(out->backend, f[3], out) ||
        strlen(f[4]) != 64 || !str_is_hex_lower(f[4], 64))
        return ST_INVALID;
    memcpy(out->id, f[4], 65);
    out->set = true;
    return ST_OK;
}

static uint32_t fnv(uint32_t h, const char *s)
{
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 16777619u;
    return (h ^ 0x1f) * 16777619u; /* field separator */
}

uint32_t search_fingerprint(const char *words, const char *genre, int64_t from, int64_t to)
{
    char range[64];
    char g[128] = "";
    snprintf(range, sizeof(range), "%lld|%lld", (long long)from, (long long)to);
    for (size_t i = 0; genre && genre[i] && i + 1 < sizeof(g); i++)
        g[i] = (char)(genre[i] >= 'A' && genre[i] <= 'Z' ? genre[i] + 32 : genre[i]);
    return fnv(fnv(fnv(2166136261u, words), g), range);
}
