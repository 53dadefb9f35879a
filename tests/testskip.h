/*
 * testskip.h - skipped tests, counted and reported, never passed silently.
 * Shared by the unit and the integration runners.
 *
 * A test whose prerequisite is missing (a fixture, a setting of the test
 * stack) calls test_skip and returns. Under CI=true that is a failure of
 * the test; otherwise the test is counted as skipped, and the runner
 * reports the count (test_skips_report) so that `scripts/dev test` shows it
 * in its closing "N passed, N failed, N skipped".
 */
#ifndef MQ_TESTSKIP_H
#define MQ_TESTSKIP_H

/* Records that the current test (or suite setup) cannot run: why says what
 * is missing. Prints it; fails the test when $CI is "true". A test that
 * calls it several times counts once. */
void test_skip(const char *why);

/* The number of tests skipped so far. Prints it when non-zero, and writes
 * it to the file $MQ_SKIPS names (when set) for scripts/lib/test.sh. */
unsigned test_skips_report(void);

#endif
