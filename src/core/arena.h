/*
 * arena.h - bump allocator with cleanup hooks (nginx's pool).
 *
 * A request (or a job's batch) allocates from one arena and never frees;
 * arena_reset() runs the cleanup hooks in reverse order of registration,
 * frees every block but the first and rewinds it. Foreign objects
 * (PGresult, json_object, ...) are released through arena_on_reset().
 * Allocation failure aborts the process: a worker that cannot allocate a
 * few KiB cannot answer anyway, and the master respawns it.
 */
#ifndef MQ_ARENA_H
#define MQ_ARENA_H

#include "core/common.h"

#include <stdarg.h>
#include <stddef.h>

struct arena_block;
struct arena_cleanup;

struct arena {
    struct arena_block *head;  /* current block (first of the chain) */
    struct arena_block *first; /* kept across resets */
    struct arena_cleanup *cleanups;
    size_t block_size;
    size_t allocated; /* bytes handed out since the last reset */
};

typedef void (*arena_cleanup_fn)(void *ptr);

void arena_init(struct arena *a, size_t block_size);
/* Runs the cleanups and frees all memory; the arena may be re-initialised. */
void arena_release(struct arena *a);
/* Runs the cleanups and rewinds to an empty first block. */
void arena_reset(struct arena *a);

/* Arena memory, aligned for any type; zeroed by arena_zalloc. */
void *arena_alloc(struct arena *a, size_t size);
void *arena_zalloc(struct arena *a, size_t size);
/* Arena copies of s (NUL-terminated). */
char *arena_strdup(struct arena *a, const char *s);
char *arena_strndup(struct arena *a, const char *s, size_t n);
char *arena_printf(struct arena *a, const char *fmt, ...) MQ_PRINTF(2, 3);
char *arena_vprintf(struct arena *a, const char *fmt, va_list ap) MQ_PRINTF(2, 0);

/* Calls fn(ptr) at the next reset or release. */
void arena_on_reset(struct arena *a, arena_cleanup_fn fn, void *ptr);

#endif
