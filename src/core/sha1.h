/*
 * sha1.h - SHA-1 (FIPS 180-4), only for name-based UUIDs (RFC 4122
 * version 5): Qdrant point ids are derived from event ids. Not for
 * anything that needs collision resistance.
 */
#ifndef MQ_SHA1_H
#define MQ_SHA1_H

#include "core/common.h"

#define SHA1_LEN     20
#define UUID_STR_LEN 37 /* 36 characters and a NUL */

void sha1(const void *data, size_t n, unsigned char out[SHA1_LEN]);

/* The version-5 UUID of name in namespace ns (16 bytes), written as
 * lowercase "xxxxxxxx-xxxx-5xxx-yxxx-xxxxxxxxxxxx". */
void uuid_v5(const unsigned char ns[16], const char *name, size_t n, char out[UUID_STR_LEN]);

#endif
