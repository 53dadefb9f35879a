/*
 * The integration test runner: needs the test stack brought up by
 * `scripts/dev test` (see itest.h for the environment).
 */
#include "config.h"
#include "core/common.h"
#include "tests/integration/itest.h"
#include "tests/testskip.h"

#include <CUnit/Basic.h>
#include <curl/curl.h>

/* suite_sync_resume and suite_images work on databases of their own. */
static int (*const suites[])(void) = {
    suite_pg,           suite_catalogue_api,
    suite_sync_db,      suite_sync_resume,
    suite_images,       suite_ingest_db,
    suite_search_api,   suite_similar_api,
    suite_auth_api,     suite_favorites_api,
    suite_cache_api,    suite_tm_client,
    suite_market_api,   suite_expire,
    suite_web,          suite_web_event,      /* before Redis stops */
    suite_web_market,   suite_web_catalogue,  /* likewise */
    suite_web_account,  suite_upstream_nodes, /* likewise; the second: two fake upstreams */
    suite_waitroom_api,                       /* restarts marquee-api with a waiting room */
    suite_relay,                              /* kills marquee-relay, stops and restarts Redis */
    suite_redis_down,                         /* stops and restarts Redis */
    suite_resilience,                         /* last: it restarts Postgres and kills workers */
};

/* MQ_ONLY=word: only the suites whose name holds it run (a quick loop
 * while working on one area); the others are inactive, not failed. */
static void only_suites(const char *word)
{
    if (!word || !*word)
        return;
    CU_set_fail_on_inactive(CU_FALSE);
    for (CU_pSuite s = CU_get_registry()->pSuite; s; s = s->pNext) {
        if (!strstr(s->pName, word))
            CU_set_suite_active(s, CU_FALSE);
    }
}

/* MQ_FAILURES=path: the failed assertions, one line each, for the summary
 * of `scripts/dev test` (the CUnit report scrolls away in a long log). */
static void write_failures(const char *path)
{
    FILE *f = path && *path ? fopen(path, "w") : NULL;
    if (!f)
        return;
    for (CU_pFailureRecord r = CU_get_failure_list(); r; r = r->pNext)
        fprintf(f, "%s: %s: %s:%u: %s\n", r->pSuite ? r->pSuite->pName : "?",
                r->pTest ? r->pTest->pName : "(suite setup/teardown)",
                r->strFileName ? r->strFileName : "?", r->uiLineNumber,
                r->strCondition ? r->strCondition : "");
    fclose(f);
}

int main(void)
{
    curl_global_init(CURL_GLOBAL_DEFAULT);
    if (CU_initialize_registry() != CUE_SUCCESS)
        return 2;
    for (size_t i = 0; i < MQ_ARRAY_LEN(suites); i++) {
        if (suites[i]() != 0) {
            fprintf(stderr, "cannot register suite %zu: %s\n", i, CU_get_error_msg());
            return 2;
        }
    }
    only_suites(getenv("MQ_ONLY"));
    CU_basic_set_mode(CU_BRM_VERBOSE);
    CU_basic_run_tests();
    unsigned failed = CU_get_number_of_failures() + CU_get_number_of_tests_failed();
    unsigned run = CU_get_number_of_tests_run();
    write_failures(getenv("MQ_FAILURES"));
    test_skips_report(); /* counted by scripts/lib/test.sh through $MQ_SKIPS */
    CU_cleanup_registry();
    curl_global_cleanup();
    return failed || run == 0 ? 1 : 0;
}
