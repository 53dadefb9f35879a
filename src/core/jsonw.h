/*
 * jsonw.h - streaming JSON writer into a buf.
 *
 * Output is written straight into the response (or job) buffer with no
 * intermediate tree; commas are inserted by the writer. json-c is used for
 * parsing only (infra/json.h). Strings are escaped and invalid UTF-8 is
 * replaced by U+FFFD, so the output is always valid JSON whatever the input.
 * Errors (buffer cap) are sticky on the buf: check w->b->failed at the end.
 */
#ifndef MQ_JSONW_H
#define MQ_JSONW_H

#include <stdbool.h>
#include <stdint.h>

#include "core/buf.h"

#define JSONW_MAX_DEPTH 32

struct jsonw {
    struct buf *b;
    int depth;
    bool need_comma[JSONW_MAX_DEPTH];
    bool after_key;
};

void jsonw_init(struct jsonw *w, struct buf *b);

void jsonw_obj_open(struct jsonw *w);
void jsonw_obj_close(struct jsonw *w);
void jsonw_arr_open(struct jsonw *w);
void jsonw_arr_close(struct jsonw *w);
void jsonw_key(struct jsonw *w, const char *key);

/* s == NULL writes null. */
void jsonw_str(struct jsonw *w, const char *s);
void jsonw_strn(struct jsonw *w, const char *s, size_t n);
void jsonw_int(struct jsonw *w, int64_t v);
void jsonw_double(struct jsonw *w, double v);
void jsonw_bool(struct jsonw *w, bool v);
void jsonw_null(struct jsonw *w);
/* Writes already-serialised JSON as one value. */
void jsonw_raw(struct jsonw *w, const char *json, size_t n);

/* Key + value shorthands. */
void jsonw_kstr(struct jsonw *w, const char *key, const char *s);
void jsonw_kint(struct jsonw *w, const char *key, int64_t v);

/* Appends the JSON string literal for s[0..n) to b (quotes included). */
void json_escape(struct buf *b, const char *s, size_t n);

#endif
