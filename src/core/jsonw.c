#include "config.h"
#include "core/common.h"
#include "core/jsonw.h"
#include "core/str.h"

#include <math.h>

void jsonw_init(struct jsonw *w, struct buf *b)
{
    w->b = b;
    w->depth = 0;
    w->need_comma[0] = false;
    w->after_key = false;
}

/* Separator before a value or a key at the current depth. */
static void before_value(struct jsonw *w)
{
    if (w->after_key) {
        w->after_key = false;
        return;
    }
    if (w->need_comma[w->depth])
        buf_putc(w->b, ',');
    w->need_comma[w->depth] = true;
}

static void container_open(struct jsonw *w, char c)
{
    before_value(w);
    buf_putc(w->b, c);
    if (w->depth + 1 >= JSONW_MAX_DEPTH) {
        w->b->failed = true;
        return;
    }
    w->need_comma[++w->depth] = false;
}

static void container_close(struct jsonw *w, char c)
{
    buf_putc(w->b, c);
    if (w->depth > 0)
        w->depth--;
}

void jsonw_obj_open(struct jsonw *w)
{
    container_open(w, '{');
}

void jsonw_obj_close(struct jsonw *w)
{
    container_close(w, '}');
}

void jsonw_arr_open(struct jsonw *w)
{
    container_open(w, '[');
}

void jsonw_arr_close(struct jsonw *w)
{
    container_close(w, ']');
}

void jsonw_key(struct jsonw *w, const char *key)
{
    before_value(w);
    json_escape(w->b, key, strlen(key));
    buf_putc(w->b, ':');
    w->after_key = true;
}

void json_escape(struct buf *b, const char *s, size_t n)
{
    static const char hex[] = "0123456789abcdef";
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0, run = 0;

    buf_putc(b, '"');
    while (i < n) {
        unsigned char c = p[i];
        if (c >= 0x20 && c != '"' && c != '\\' && c < 0x80) {
            run++;
            i++;
            continue;
        }
        buf_append(b, p + i - run, run);
        run = 0;
        if (c >= 0x80) {
            size_t len = str_utf8_seq(s + i, n - i);
            if (len) {
                buf_append(b, p + i, len);
                i += len;
            } else {
                buf_puts(b, "\xef\xbf\xbd");
                i++;
            }
            continue;
        }
        switch (c) {
        case '"':
            buf_puts(b, "\\\"");
            break;
        case '\\':
            buf_puts(b, "\\\\");
            break;
        case '\n':
            buf_puts(b, "\\n");
            break;
        case '\r':
            buf_puts(b, "\\r");
            break;
        case '\t':
            buf_puts(b, "\\t");
            break;
        default: {
            char u[7] = { '\\', 'u', '0', '0', hex[c >> 4], hex[c & 15], 0 };
            buf_append(b, u, 6);
        }
        }
        i++;
    }
    buf_append(b, p + i - run, run);
    buf_putc(b, '"');
}

void jsonw_strn(struct jsonw *w, const char *s, size_t n)
{
    before_value(w);
    json_escape(w->b, s, n);
}

void jsonw_str(struct jsonw *w, const char *s)
{
    if (!s) {
        jsonw_null(w);
        return;
    }
    jsonw_strn(w, s, strlen(s));
}

void jsonw_int(struct jsonw *w, int64_t v)
{
    before_value(w);
    buf_printf(w->b, "%lld", (long long)v);
}

void jsonw_double(struct jsonw *w, double v)
{
    before_value(w);
    if (!isfinite(v)) {
        buf_puts(w->b, "null");
        return;
    }
    buf_printf(w->b, "%.6g", v);
}

void jsonw_bool(struct jsonw *w, bool v)
{
    before_value(w);
    buf_puts(w->b, v ? "true" : "false");
}

void jsonw_null(struct jsonw *w)
{
    before_value(w);
    buf_puts(w->b, "null");
}

void jsonw_raw(struct jsonw *w, const char *json, size_t n)
{
    before_value(w);
    buf_append(w->b, json, n);
}

void jsonw_kstr(struct jsonw *w, const char *key, const char *s)
{
    jsonw_key(w, key);
    jsonw_str(w, s);
}

void jsonw_kint(struct jsonw *w, const char *key, int64_t v)
{
    jsonw_key(w, key);
    jsonw_int(w, v);
}
