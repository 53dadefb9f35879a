/*
 * uuid5.h - name-based UUIDs (RFC 4122 version 5, SHA-1), from libuuid:
 * Qdrant point ids are derived from event ids (infra/qdrant.h).
 */
#ifndef MQ_UUID5_H
#define MQ_UUID5_H

#include "core/common.h"

#define UUID_STR_LEN 37 /* 36 characters and a NUL, as <uuid/uuid.h> has it */

/* The version-5 UUID of name[0..n) in namespace ns (16 bytes), written
 * into out as lowercase "xxxxxxxx-xxxx-5xxx-yxxx-xxxxxxxxxxxx". */
void uuid5(const unsigned char ns[16], const char *name, size_t n, char out[UUID_STR_LEN]);

#endif
