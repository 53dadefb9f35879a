/*
 * testutil.h - helpers shared by the unit tests.
 */
#ifndef MQ_TESTUTIL_H
#define MQ_TESTUTIL_H

#include "core/common.h"

#include <CUnit/CUnit.h>

/* Registers a suite of (name, fn) pairs terminated by { NULL, NULL }. */
struct test_case {
    const char *name;
    void (*fn)(void);
};
int test_register(const char *suite, const struct test_case *cases);

/* $MQ_FIXTURES (tests/fixtures), or NULL when it is absent: the calling
 * test is then skipped (test_skip: counted, or failed under CI=true) and
 * returns. */
const char *test_fixtures_dir(const char *who);

/* Reads a whole file into malloc'd memory (NUL-terminated); NULL on error. */
char *test_read_file(const char *path, size_t *len);

#endif
