#include "config.h"
#include "core/common.h"
#include "core/arena.h"

#include <stdalign.h>

struct arena_block {
    struct arena_block *next;
    size_t size;
    size_t used;
    alignas(max_align_t) unsigned char data[];
};

struct arena_cleanup {
    struct arena_cleanup *next;
    arena_cleanup_fn fn;
    void *ptr;
};

static struct arena_block *block_new(size_t size)
{
    struct arena_block *b = malloc(sizeof(*b) + size);
    if (!b) {
        fputs("arena: out of memory\n", stderr);
        abort();
    }
    b->next = NULL;
    b->size = size;
    b->used = 0;
    return b;
}

void arena_init(struct arena *a, size_t block_size)
{
    a->block_size = block_size ? block_size : 16384;
    a->first = block_new(a->block_size);
    a->head = a->first;
    a->cleanups = NULL;
    a->allocated = 0;
}

static void run_cleanups(struct arena *a)
{
    /* Cleanups may allocate nothing; they run newest first. */
    while (a->cleanups) {
        struct arena_cleanup *c = a->cleanups;
        a->cleanups = c->next;
        c->fn(c->ptr);
    }
}

static void free_extra_blocks(struct arena *a)
{
    struct arena_block *b = a->head;
    while (b && b != a->first) {
        struct arena_block *next = b->next;
        free(b);
        b = next;
    }
    a->head = a->first;
}

void arena_reset(struct arena *a)
{
    run_cleanups(a);
    free_extra_blocks(a);
    a->first->used = 0;
    a->allocated = 0;
}

void arena_release(struct arena *a)
{
    if (!a->first)
        return;
    run_cleanups(a);
    free_extra_blocks(a);
    free(a->first);
    a->first = a->head = NULL;
}

void *arena_alloc(struct arena *a, size_t size)
{
    const size_t align = alignof(max_align_t);
    size_t need = (size + align - 1) & ~(align - 1);
    struct arena_block *b = a->head;

    if (need < size) {
        fputs("arena: allocation size overflow\n", stderr);
        abort();
    }
    if (b->size - b->used < need) {
        /* Large requests get a block of their own. */
        size_t sz = need > a->block_size ? need : a->block_size;
        b = block_new(sz);
        b->next = a->head;
        a->head = b;
    }
    void *p = b->data + b->used;
    b->used += need;
    a->allocated += need;
    return p;
}

void *arena_zalloc(struct arena *a, size_t size)
{
    void *p = arena_alloc(a, size);
    memset(p, 0, size);
    return p;
}

char *arena_strndup(struct arena *a, const char *s, size_t n)
{
    char *p = arena_alloc(a, n + 1);
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

char *arena_strdup(struct arena *a, const char *s)
{
    return arena_strndup(a, s, strlen(s));
}

char *arena_vprintf(struct arena *a, const char *fmt, va_list ap)
{
    va_list cp;
    va_copy(cp, ap);
    int n = vsnprintf(NULL, 0, fmt, cp);
    va_end(cp);
    if (n < 0)
        return arena_strdup(a, "");
    char *p = arena_alloc(a, (size_t)n + 1);
    vsnprintf(p, (size_t)n + 1, fmt, ap);
    return p;
}

char *arena_printf(struct arena *a, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *p = arena_vprintf(a, fmt, ap);
    va_end(ap);
    return p;
}

void arena_on_reset(struct arena *a, arena_cleanup_fn fn, void *ptr)
{
    struct arena_cleanup *c = arena_alloc(a, sizeof(*c));
    c->fn = fn;
    c->ptr = ptr;
    c->next = a->cleanups;
    a->cleanups = c;
}
