/*
 * The unit test runner: registers every suite in suites.h and runs them
 * with CUnit's basic interface. Exit status is non-zero if any test failed,
 * 77 (automake's SKIP) if none failed but some were skipped (testskip.h).
 * Tests that need the recorded fixtures find tests/fixtures through
 * $MQ_FIXTURES.
 */
#include "config.h"
#include "core/common.h"
#include "tests/unit/suites.h"
#include "tests/testskip.h"

#include <CUnit/Basic.h>

static int (*const suites[])(void) = {
    suite_buf,       suite_arena,         suite_jsonw,   suite_str,
    suite_timeutil,  suite_conf,          suite_json,    suite_router,
    suite_tm_event,  suite_genres_import, suite_datagen, suite_jwt,
    suite_password,  suite_cookies,       suite_body,    suite_auth,
    suite_cache,     suite_ratelimit,     suite_base64,  suite_search,
    suite_es,        suite_qdrant,        suite_recs,    suite_imgbb,
    suite_tm_client, suite_events_totals, suite_pay,     suite_uuid5,
    suite_kv,        suite_html,          suite_log,     suite_shared,
};

int main(void)
{
    if (CU_initialize_registry() != CUE_SUCCESS)
        return 2;
    for (size_t i = 0; i < MQ_ARRAY_LEN(suites); i++) {
        if (suites[i]() != 0) {
            fprintf(stderr, "cannot register suite %zu: %s\n", i, CU_get_error_msg());
            CU_cleanup_registry();
            return 2;
        }
    }
    CU_basic_set_mode(CU_BRM_VERBOSE);
    CU_basic_run_tests();
    unsigned failed = CU_get_number_of_failures() + CU_get_number_of_tests_failed();
    unsigned run = CU_get_number_of_tests_run();
    unsigned skipped = test_skips_report();
    CU_cleanup_registry();
    if (failed || run == 0)
        return 1;
    return skipped ? 77 : 0;
}
