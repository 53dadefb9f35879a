#include "config.h"
#include "core/common.h"
#include "core/buf.h"
#include "core/arena.h"

static char empty_data[1];

void buf_init(struct buf *b, size_t max)
{
    b->data = empty_data;
    b->len = 0;
    b->cap = 0;
    b->max = max;
    b->failed = false;
}

static void release_cb(void *p)
{
    buf_release(p);
}

struct buf *buf_new_arena(struct arena *a, size_t max)
{
    struct buf *b = arena_alloc(a, sizeof(*b));
    buf_init(b, max);
    arena_on_reset(a, release_cb, b);
    return b;
}

void buf_release(struct buf *b)
{
    if (b->cap)
        free(b->data);
    buf_init(b, b->max);
}

void buf_reset(struct buf *b)
{
    b->len = 0;
    b->data[0] = '\0';
    b->failed = false;
}

static enum status grow(struct buf *b, size_t extra)
{
    if (extra > SIZE_MAX - b->len - 1)
        return ST_NOMEM;
    size_t need = b->len + extra;
    if (b->max && need > b->max)
        return ST_NOMEM;
    if (need + 1 <= b->cap)
        return ST_OK;
    size_t cap = b->cap ? b->cap : 256;
    while (cap < need + 1)
        cap = cap > SIZE_MAX / 2 ? need + 1 : cap * 2;
    char *p = b->cap ? realloc(b->data, cap) : malloc(cap);
    if (!p)
        return ST_NOMEM;
    if (!b->cap)
        p[0] = '\0';
    b->data = p;
    b->cap = cap;
    return ST_OK;
}

enum status buf_append(struct buf *b, const void *data, size_t n)
{
    if (grow(b, n) != ST_OK) {
        b->failed = true;
        return ST_NOMEM;
    }
    if (n)
        memcpy(b->data + b->len, data, n);
    b->len += n;
    b->data[b->len] = '\0';
    return ST_OK;
}

enum status buf_puts(struct buf *b, const char *s)
{
    return buf_append(b, s, strlen(s));
}

enum status buf_putc(struct buf *b, char c)
{
    return buf_append(b, &c, 1);
}

enum status buf_vprintf(struct buf *b, const char *fmt, va_list ap)
{
    va_list cp;
    va_copy(cp, ap);
    int n = vsnprintf(b->data + b->len, b->cap ? b->cap - b->len : 0, fmt, cp);
    va_end(cp);
    if (n < 0) {
        b->failed = true;
        return ST_NOMEM;
    }
    if (b->cap && (size_t)n < b->cap - b->len) {
        if (b->max && b->len + (size_t)n > b->max) {
            b->data[b->len] = '\0';
            b->failed = true;
            return ST_NOMEM;
        }
        b->len += (size_t)n;
        return ST_OK;
    }
    if (grow(b, (size_t)n) != ST_OK) {
        if (b->cap)
            b->data[b->len] = '\0';
        b->failed = true;
        return ST_NOMEM;
    }
    vsnprintf(b->data + b->len, b->cap - b->len, fmt, ap);
    b->len += (size_t)n;
    return ST_OK;
}

enum status buf_printf(struct buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    enum status st = buf_vprintf(b, fmt, ap);
    va_end(ap);
    return st;
}

void buf_truncate(struct buf *b, size_t n)
{
    if (n < b->len) {
        b->len = n;
        b->data[n] = '\0';
    }
}
