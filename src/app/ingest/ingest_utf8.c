#include "config.h"
#include "core/common.h"
#include "app/ingest/ingest_utf8.h"
#include "app/ingest/ingest.h"
#include "core/arena.h"
#include "core/log.h"
#include "core/str.h"
#include "infra/json.h"

#define UTF8_REPLACEMENT "\xEF\xBF\xBD" /* U+FFFD */

/* true if text holds a \u escape of a UTF-16 surrogate. json-c turns a lone
 * one into U+FFFD where Postgres' jsonb refuses it, so such an event is sent
 * as json-c serialises it (as before page_scan), not as received; its
 * source_hash is still of the bytes received. */
bool ingest_has_surrogate_escape(const char *text, size_t n)
{
    const char *p = text, *e = text + n;

    while ((p = memchr(p, '\\', (size_t)(e - p))) != NULL && e - p >= 4) {
        if (p[1] == '\\') {
            p += 2;
            continue;
        }
        if (p[1] == 'u' && (p[2] == 'd' || p[2] == 'D') && strchr("89abcdefABCDEF", p[3]) &&
            p[3] != '\0')
            return true;
        p += 2;
    }
    return false;
}

/* true for an event holding a byte that ingest_parse had to replace. */
bool ingest_has_replacement(struct json_object *ev)
{
    size_t len;
    const char *t = json_text(ev, &len);
    return t && memmem(t, len, UTF8_REPLACEMENT, 3) != NULL;
}

/* A copy of text[0..n) with every byte that is not valid UTF-8 replaced by
 * U+FFFD; *bad counts them. */
static size_t count_bad_utf8(const char *text, size_t n)
{
    size_t bad = 0;

    for (size_t i = 0; i < n;) {
        size_t k = str_utf8_seq(text + i, n - i);
        bad += k == 0;
        i += k ? k : 1;
    }
    return bad;
}

static char *repair_utf8(struct arena *a, const char *text, size_t n, size_t *out_n, size_t *bad)
{
    *bad = count_bad_utf8(text, n);
    char *out = arena_alloc(a, n + 2 * *bad + 1);
    size_t o = 0;

    for (size_t i = 0; i < n;) {
        size_t k = str_utf8_seq(text + i, n - i);
        if (k == 0) {
            memcpy(out + o, UTF8_REPLACEMENT, 3);
            o += 3;
            i++;
            continue;
        }
        memcpy(out + o, text + i, k);
        o += k;
        i += k;
    }
    out[o] = '\0';
    *out_n = o;
    return out;
}

struct json_object *ingest_parse(struct arena *a, const char **text, size_t *n, bool *repaired,
                                 char *err, size_t errlen)
{
    struct json_object *root = json_parse(a, *text, *n, err, errlen);
    size_t bad;

    *repaired = false;
    if (root || str_is_utf8(*text, *n))
        return root;
    /* One bad byte must cost its event, not the page: repair, and let
     * map_events skip the events that held one. */
    *text = repair_utf8(a, *text, *n, n, &bad);
    root = json_parse(a, *text, *n, err, errlen);
    if (root) {
        *repaired = true;
        log_warn("ingest_page_repaired", "invalid_utf8_bytes=%zu", bad);
    }
    return root;
}
