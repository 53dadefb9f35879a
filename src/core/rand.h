/*
 * rand.h - unpredictable bytes from the kernel (getrandom(2)), for session
 * ids, CSRF tokens and password salts.
 */
#ifndef MQ_RAND_H
#define MQ_RAND_H

#include "core/common.h"
#include "core/status.h"

/* Fills out with n random bytes; ST_INTERNAL if the kernel refuses (never
 * falls back to a weaker source). */
enum status rand_bytes(void *out, size_t n);

/* Writes 2*n lowercase hex digits of n random bytes and a NUL into out
 * (size >= 2*n+1). */
enum status rand_hex(char *out, size_t n);

#endif
