#include "config.h"
#include "core/common.h"
#include "app/ingest/page_scan.h"
#include "core/arena.h"

/* One object member: its key (raw bytes between the quotes) and value. */
struct member {
    const char *key;
    size_t klen;
    bool escaped; /* the key holds a backslash: only json-c knows what it says */
    const char *val, *end;
};

static const char *skip_ws(const char *p, const char *e)
{
    while (p < e && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r'))
        p++;
    return p;
}

/* Bytes string_end must look at. */
static const unsigned char in_string[256] = { ['"'] = 1, ['\\'] = 1 };

/* p at '"': past the closing quote, or NULL if the text ends first. Most
 * strings are short keys, so a table beats memchr; this and value_end are
 * the whole cost of a scan. */
static const char *string_end(const char *p, const char *e, bool *escaped)
{
    *escaped = false;
    for (p++;;) {
        while (p < e && !in_string[(unsigned char)*p])
            p++;
        if (p >= e)
            return NULL;
        if (*p == '"')
            return p + 1;
        *escaped = true;
        p = e - p > 2 ? p + 2 : e; /* never past the end */
    }
}

/* Bytes value_end must look at inside an object or array. */
static const unsigned char structural[256] = {
    ['"'] = 1, ['{'] = 1, ['['] = 1, ['}'] = 1, [']'] = 1,
};

static bool is_delim(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == ',' || c == ']' || c == '}' ||
           c == ':';
}

/* p at the start of a value: past its end, or NULL if cut short. */
static const char *value_end(const char *p, const char *e)
{
    bool esc;
    size_t depth = 0;
    const char *s = p;

    if (p >= e)
        return NULL;
    if (*p == '"')
        return string_end(p, e, &esc);
    if (*p != '{' && *p != '[') {
        while (p < e && !is_delim(*p))
            p++;
        return p > s ? p : NULL;
    }
    for (;;) {
        while (p < e && !structural[(unsigned char)*p])
            p++;
        if (p >= e)
            return NULL;
        if (*p == '"') {
            if (!(p = string_end(p, e, &esc)))
                return NULL;
            continue;
        }
        if (*p == '{' || *p == '[')
            depth++;
        else if (--depth == 0)
            return p + 1;
        p++;
    }
}

/* The separator, key and colon of the next member of the object whose '{'
 * (first) or last value ends at *pp: 1 with m->key and m->val set (the
 * caller finds where the value ends), 0 past the closing brace, -1 if
 * malformed. */
static int member_key(const char **pp, const char *e, bool first, struct member *m)
{
    const char *p = skip_ws(*pp, e);

    if (p >= e)
        return -1;
    if (*p == '}') {
        *pp = p + 1;
        return 0;
    }
    if (!first) {
        if (*p != ',')
            return -1;
        p = skip_ws(p + 1, e);
    }
    if (p >= e || *p != '"')
        return -1;
    m->key = p + 1;
    if (!(p = string_end(p, e, &m->escaped)))
        return -1;
    m->klen = (size_t)(p - 1 - m->key);
    p = skip_ws(p, e);
    if (p >= e || *p != ':')
        return -1;
    m->val = skip_ws(p + 1, e);
    if (m->val >= e)
        return -1;
    *pp = m->val;
    return 1;
}

static bool key_is(const struct member *m, const char *key)
{
    return !m->escaped && m->klen == strlen(key) && memcmp(m->key, key, m->klen) == 0;
}

/* p at an event: past its end, or NULL. *id gets its "id" when the event is
 * an object with exactly one "id" member, a plain non-empty string, and no
 * escaped key (one could spell "id"). */
static const char *event_end(struct arena *a, const char *p, const char *e, const char **id)
{
    struct member m, idm = { 0 };
    int r, ids = 0;
    bool escaped_key = false, esc;

    *id = NULL;
    if (*p != '{')
        return value_end(p, e);
    p++;
    for (bool first = true; (r = member_key(&p, e, first, &m)) == 1; first = false) {
        if (!(p = m.end = value_end(m.val, e)))
            return NULL;
        escaped_key = escaped_key || m.escaped;
        if (key_is(&m, "id")) {
            ids++;
            idm = m;
        }
    }
    if (r < 0)
        return NULL;
    if (!escaped_key && ids == 1 && *idm.val == '"' && idm.end - idm.val > 2 &&
        string_end(idm.val, idm.end, &esc) == idm.end && !esc)
        *id = arena_strndup(a, idm.val + 1, (size_t)(idm.end - idm.val - 2));
    return p;
}

static void push(struct arena *a, struct page_scan *s, size_t *cap, struct page_span span)
{
    if (s->n == *cap) {
        size_t ncap = *cap ? *cap * 2 : 256;
        struct page_span *grown = arena_alloc(a, ncap * sizeof(*grown));
        if (s->n)
            memcpy(grown, s->events, s->n * sizeof(*grown));
        s->events = grown;
        *cap = ncap;
    }
    s->events[s->n++] = span;
}

/* p at the events array's '[': records its events in out; past its ']'. */
static const char *scan_array(struct arena *a, const char *text, const char *p, const char *e,
                              struct page_scan *out)
{
    size_t cap = 0;

    out->open = (size_t)(p - text);
    p = skip_ws(p + 1, e);
    if (p < e && *p == ']') {
        out->close = (size_t)(p - text);
        return p + 1;
    }
    for (;;) {
        struct page_span span = { p, 0, NULL };
        const char *end = p < e ? event_end(a, p, e, &span.id) : NULL;
        if (!end)
            return NULL;
        span.len = (size_t)(end - p);
        out->all_ids = out->all_ids && span.id;
        push(a, out, &cap, span);
        p = skip_ws(end, e);
        if (p >= e)
            return NULL;
        if (*p == ']')
            break;
        if (*p != ',')
            return NULL;
        p = skip_ws(p + 1, e);
    }
    out->close = (size_t)(p - text);
    return p + 1;
}

/* The members of the object at p, each key at most once and none escaped;
 * the value of `key` (an array when depth is 0, else an object searched at
 * depth - 1) is scanned into out. Past the object, or NULL. */
static const char *scan_object(struct arena *a, const char *text, const char *p, const char *e,
                               const char *const *path, int depth, struct page_scan *out,
                               bool *found)
{
    struct member m;
    bool seen = false;
    int r;

    p++;
    for (bool first = true; (r = member_key(&p, e, first, &m)) == 1; first = false) {
        if (m.escaped)
            return NULL;
        if (!key_is(&m, path[0])) {
            p = value_end(m.val, e);
        } else if (seen) {
            return NULL; /* json-c picks one copy; let it */
        } else if (depth == 0) {
            seen = *found = *m.val == '[';
            p = seen ? scan_array(a, text, m.val, e, out) : NULL;
        } else {
            seen = *m.val == '{';
            p = seen ? scan_object(a, text, m.val, e, path + 1, depth - 1, out, found) : NULL;
        }
        if (!p)
            return NULL;
    }
    return r == 0 ? p : NULL;
}

bool page_scan(struct arena *a, const char *text, size_t n, struct page_scan *out)
{
    static const char *const path[] = { "_embedded", "events" };
    const char *e = text + n, *p = skip_ws(text, e);
    bool found = false;

    memset(out, 0, sizeof(*out));
    out->all_ids = true;
    if (p < e && *p == '[')
        return scan_array(a, text, p, e, out) != NULL;
    if (p < e && *p == '{')
        return scan_object(a, text, p, e, path, 1, out, &found) && found;
    return false;
}

char *page_scan_skeleton(struct arena *a, const char *text, size_t n, const struct page_scan *s,
                         size_t *len)
{
    size_t head = s->open + 1, tail = n - s->close;
    char *out = arena_alloc(a, head + tail + 1);

    memcpy(out, text, head);
    memcpy(out + head, text + s->close, tail);
    out[head + tail] = '\0';
    *len = head + tail;
    return out;
}

static uint64_t rotl64(uint64_t x, int r)
{
    return (x << r) | (x >> (64 - r));
}

static uint64_t fmix64(uint64_t k)
{
    k ^= k >> 33;
    k *= 0xff51afd7ed558ccdULL;
    k ^= k >> 33;
    k *= 0xc4ceb9fe1a85ec53ULL;
    k ^= k >> 33;
    return k;
}

/* MurmurHash3_x64_128 (Austin Appleby, public domain), seed 0; words are
 * read in host order, so a big-endian host gets other hashes (which only
 * costs one rewrite of every row). */
void page_hash128(const void *data, size_t n, uint64_t out[2])
{
    static const uint64_t c1 = 0x87c37b91114253d5ULL, c2 = 0x4cf5ad432745937fULL;
    const unsigned char *p = data;
    uint64_t h1 = 0, h2 = 0, k1, k2;
    size_t blocks = n / 16, rest = n % 16;

    for (size_t i = 0; i < blocks; i++, p += 16) {
        memcpy(&k1, p, 8);
        memcpy(&k2, p + 8, 8);
        k1 *= c1;
        k1 = rotl64(k1, 31);
        k1 *= c2;
        h1 ^= k1;
        h1 = rotl64(h1, 27);
        h1 += h2;
        h1 = h1 * 5 + 0x52dce729;
        k2 *= c2;
        k2 = rotl64(k2, 33);
        k2 *= c1;
        h2 ^= k2;
        h2 = rotl64(h2, 31);
        h2 += h1;
        h2 = h2 * 5 + 0x38495ab5;
    }
    k1 = k2 = 0;
    for (size_t i = 0; i < rest; i++) {
        if (i < 8)
            k1 ^= (uint64_t)p[i] << (8 * i);
        else
            k2 ^= (uint64_t)p[i] << (8 * (i - 8));
    }
    if (rest > 8) {
        k2 *= c2;
        k2 = rotl64(k2, 33);
        k2 *= c1;
        h2 ^= k2;
    }
    if (rest > 0) {
        k1 *= c1;
        k1 = rotl64(k1, 31);
        k1 *= c2;
        h1 ^= k1;
    }
    h1 ^= (uint64_t)n;
    h2 ^= (uint64_t)n;
    h1 += h2;
    h2 += h1;
    h1 = fmix64(h1);
    h2 = fmix64(h2);
    h1 += h2;
    h2 += h1;
    out[0] = h1;
    out[1] = h2;
}
