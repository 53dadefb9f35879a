/*
 * base64.h - base64url without padding (RFC 4648 §5), for opaque tokens
 * such as search cursors that travel in query strings.
 */
#ifndef MQ_BASE64_H
#define MQ_BASE64_H

#include "core/common.h"

/* Encoded length of n bytes, without the NUL. */
size_t base64url_len(size_t n);

/* Writes the encoding of in[0..n) and a NUL into out, which holds at least
 * base64url_len(n) + 1 bytes. */
void base64url_encode(char *out, const unsigned char *in, size_t n);

/* Decodes s[0..len) into out (room for len * 3 / 4 bytes); -1 on a byte
 * outside the alphabet, padding, or an impossible length, else the number
 * of bytes written. Non-canonical trailing bits are refused too, so every
 * decodable string has exactly one encoding. */
long base64url_decode(unsigned char *out, const char *s, size_t len);

#endif
