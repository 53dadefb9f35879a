/*
 * common.h - included first (after config.h) by every .c file.
 *
 * Pulls in the libc basics every module uses and bans the unsafe libc calls
 * at compile time (see banned.h).
 */
#ifndef MQ_COMMON_H
#define MQ_COMMON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MQ_ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))
#define MQ_UNUSED(x)    ((void)(x))

#if defined(__GNUC__)
#define MQ_PRINTF(fmt, args) __attribute__((format(printf, fmt, args)))
#else
#define MQ_PRINTF(fmt, args)
#endif

#include "core/banned.h"

#endif
