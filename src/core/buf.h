/*
 * buf.h - the one growable byte buffer, always NUL-terminated, with a cap.
 *
 * Appends past the cap fail with ST_NOMEM and leave the buffer as it was
 * before the call; the failure is sticky (buf->failed) so a sequence of
 * appends can be checked once at the end. Memory is malloc'd and owned by
 * the buf: release it with buf_release, or get one that an arena
 * releases with buf_new_arena.
 */
#ifndef MQ_BUF_H
#define MQ_BUF_H

#include "core/common.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

#include "core/status.h"

struct arena;

struct buf {
    char *data; /* never NULL after init; data[len] == '\0' */
    size_t len;
    size_t cap; /* allocated bytes */
    size_t max; /* content cap in bytes, 0 = unlimited */
    bool failed;
};

void buf_init(struct buf *b, size_t max);
/* A buf allocated in the arena and released at its next reset. */
struct buf *buf_new_arena(struct arena *a, size_t max);
void buf_release(struct buf *b);
/* Empties the buffer, keeps its memory, clears the failure flag. */
void buf_reset(struct buf *b);

enum status buf_append(struct buf *b, const void *data, size_t n);
enum status buf_puts(struct buf *b, const char *s);
enum status buf_putc(struct buf *b, char c);
enum status buf_printf(struct buf *b, const char *fmt, ...) MQ_PRINTF(2, 3);
enum status buf_vprintf(struct buf *b, const char *fmt, va_list ap) MQ_PRINTF(2, 0);
/* Truncates to n bytes (n <= len). */
void buf_truncate(struct buf *b, size_t n);

#endif
