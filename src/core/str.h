/*
 * str.h - small string helpers: strict number parsing, URL decoding,
 * case-insensitive comparison, hex.
 */
#ifndef MQ_STR_H
#define MQ_STR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/status.h"

struct arena;
struct buf;

/* Parses all of s as a base-10 integer (optional leading '-', no spaces,
 * no '+'); ST_INVALID on anything else or overflow. */
enum status str_to_i64(const char *s, int64_t *out);

/* Parses all of s as a finite double; ST_INVALID otherwise. */
enum status str_to_double(const char *s, double *out);

/* Decodes application/x-www-form-urlencoded s[0..n) ('+' is a space) into
 * arena memory. Malformed escapes are kept literally. */
char *str_url_decode(struct arena *a, const char *s, size_t n);

/* Appends s percent-encoded for application/x-www-form-urlencoded
 * (unreserved bytes kept, space as '+', everything else as %XX). */
enum status str_url_encode(struct buf *b, const char *s);

/* Appends one form field "name=value" (both encoded), after a '&' when b is
 * not empty: str_form_add(b, "metadata[order_id]", id). */
enum status str_form_add(struct buf *b, const char *name, const char *value);

bool str_eq_nocase(const char *a, const char *b);
bool str_starts_with(const char *s, const char *prefix);

/* true if s is exactly n lowercase hex digits. */
bool str_is_hex_lower(const char *s, size_t n);

/* The value of the hex digit c (either case), -1 if c is not one. */
int str_hexval(char c);

/* Writes 2*n lowercase hex digits and a NUL into out (size >= 2*n+1). */
/* s is a UUID in its text form (8-4-4-4-12 hex digits, either case). */
bool str_is_uuid(const char *s);

void str_hex(char *out, const unsigned char *in, size_t n);

/* Length of the valid UTF-8 sequence at s (n > 0 bytes left), 0 if the
 * bytes there are not valid UTF-8. */
size_t str_utf8_seq(const char *s, size_t n);

/* true if s[0..n) is valid UTF-8. */
bool str_is_utf8(const char *s, size_t n);

#endif
