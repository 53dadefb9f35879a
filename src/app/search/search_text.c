#include "config.h"
#include "core/common.h"
#include "app/search/search_text.h"
#include "core/arena.h"
#include "core/buf.h"
#include "core/str.h"

/* Non-ASCII punctuation that also separates words: inverted marks,
 * guillemets, dashes, curly quotes, bullet, ellipsis. */
static bool is_unicode_separator(uint32_t cp)
{
    return cp == 0xa1 || cp == 0xab || cp == 0xbb || cp == 0xbf || (cp >= 0x2010 && cp <= 0x2015) ||
           (cp >= 0x2018 && cp <= 0x201f) || cp == 0x2022 || cp == 0x2026;
}

/* Bytes of the separator at p (as marquee_words() splits), 0 if none. */
static size_t separator_len(const char *p)
{
    unsigned char c = (unsigned char)*p;
    if (c == 0)
        return 0;
    if (c < 0x80)
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ? 0 : 1;
    size_t len = str_utf8_seq(p, strnlen(p, 4));
    uint32_t cp;
    if (len < 2 || search_decode(p, len, &cp, 1) != 1)
        return 0;
    return is_unicode_separator(cp) ? len : 0;
}

int search_decode(const char *s, size_t n, uint32_t *out, int max)
{
    int k = 0;
    for (size_t i = 0; i < n && k < max;) {
        unsigned char c = (unsigned char)s[i];
        size_t len = str_utf8_seq(s + i, n - i);
        if (len == 0)
            len = 1; /* not reached for valid input; never loop forever */
        uint32_t cp = len == 1 ? c : (uint32_t)(c & (0xff >> (len + 1)));
        for (size_t j = 1; j < len; j++)
            cp = cp << 6 | ((unsigned char)s[i + j] & 0x3f);
        out[k++] = cp;
        i += len;
    }
    return k;
}

static void set_word(struct arena *a, struct search_word *w, const char *s, size_t len)
{
    char *t = arena_strndup(a, s, len);
    for (char *p = t; *p; p++) {
        if (*p >= 'A' && *p <= 'Z')
            *p = (char)(*p + 32);
    }
    w->text = t;
    w->len = len;
    w->cps = arena_alloc(a, sizeof(uint32_t) * (len < SEARCH_MAX_CHARS ? len : SEARCH_MAX_CHARS));
    w->chars = search_decode(t, len, w->cps, SEARCH_MAX_CHARS);
    w->edits = search_edit_budget(w->chars);
    w->prefix = false;
}

int search_split(struct arena *a, const char *q, struct search_word *out, int max)
{
    int n = 0;
    const char *p = q;
    while (*p) {
        size_t sep;
        while ((sep = separator_len(p)) > 0)
            p += sep;
        const char *start = p;
        while (*p && separator_len(p) == 0)
            p++;
        if (p == start)
            continue;
        if (n == max)
            return -1;
        set_word(a, &out[n++], start, (size_t)(p - start));
    }
    /* a one-letter prefix would match a good part of the catalogue */
    if (n > 0 && out[n - 1].chars >= 2)
        out[n - 1].prefix = true;
    return n;
}

const char *search_joined(struct arena *a, const struct search_word *w, int n)
{
    size_t len = 0;
    for (int i = 0; i < n; i++)
        len += w[i].len + 1;
    char *s = arena_alloc(a, len + 1), *p = s;
    for (int i = 0; i < n; i++) {
        if (i > 0)
            *p++ = ' ';
        memcpy(p, w[i].text, w[i].len);
        p += w[i].len;
    }
    *p = '\0';
    return s;
}

int search_edit_budget(int chars)
{
    return chars <= 2 ? 0 : chars <= 5 ? 1 : 2;
}

static int min3(int a, int b, int c)
{
    int m = a < b ? a : b;
    return m < c ? m : c;
}

int search_osa(const uint32_t *a, int na, const uint32_t *b, int nb, int max)
{
    /* three rows of the DP table: i-2, i-1, i */
    int rows[3][SEARCH_MAX_CHARS + 1];
    int *pp = rows[0], *prev = rows[1], *cur = rows[2];

    if (na - nb > max || nb - na > max)
        return max + 1;
    if (na > SEARCH_MAX_CHARS || nb > SEARCH_MAX_CHARS)
        return max + 1;
    for (int j = 0; j <= nb; j++)
        prev[j] = j;
    for (int i = 1; i <= na; i++) {
        int best = cur[0] = i;
        for (int j = 1; j <= nb; j++) {
            int cost = a[i - 1] != b[j - 1];
            cur[j] = min3(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
                pp[j - 2] + 1 < cur[j])
                cur[j] = pp[j - 2] + 1;
            if (cur[j] < best)
                best = cur[j];
        }
        if (best > max)
            return max + 1; /* every later row only grows */
        int *t = pp;
        pp = prev;
        prev = cur;
        cur = t;
    }
    return prev[nb] <= max ? prev[nb] : max + 1;
}
