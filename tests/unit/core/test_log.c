#include "config.h"
#include "core/common.h"
#include "core/log.h"
#include "tests/unit/suites.h"
#include "tests/unit/testutil.h"

#include <unistd.h>

/* Runs n log lines of level lvl for event into a temporary file in place of
 * stderr; returns how many lines were written. */
static int lines_logged(enum log_level lvl, const char *event, int n)
{
    char path[] = "/tmp/mq-test-log-XXXXXX", buf[4096];
    int fd = mkstemp(path), saved = dup(STDERR_FILENO), lines = 0;
    CU_ASSERT_FATAL(fd >= 0 && saved >= 0);
    dup2(fd, STDERR_FILENO);
    for (int i = 0; i < n; i++)
        log_event(lvl, event, "i=%d", i);
    dup2(saved, STDERR_FILENO);
    close(saved);
    lseek(fd, 0, SEEK_SET);
    ssize_t got;
    while ((got = read(fd, buf, sizeof(buf))) > 0) {
        for (ssize_t i = 0; i < got; i++)
            lines += buf[i] == '\n';
    }
    close(fd);
    unlink(path);
    return lines;
}

/* An outage makes every request fail alike: its warnings are capped per
 * event, other events still show, and request lines are never capped. */
static void repeated_warnings_are_capped_per_event(void)
{
    CU_ASSERT_EQUAL(lines_logged(LOG_WARN, "unit_flood", 3 * LOG_BURST), LOG_BURST);
    CU_ASSERT_EQUAL(lines_logged(LOG_ERROR, "unit_other", 3), 3);
    CU_ASSERT_EQUAL(lines_logged(LOG_INFO, "unit_request", 3 * LOG_BURST), 3 * LOG_BURST);
}

int suite_log(void)
{
    static const struct test_case cases[] = {
        { "repeated warnings are capped per event", repeated_warnings_are_capped_per_event },
        { NULL, NULL },
    };
    return test_register("core/log", cases);
}
