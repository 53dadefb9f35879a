#include "config.h"
#include "core/common.h"
#include "app/events/events_totals.h"
#include "tests/unit/suites.h"
#include "tests/unit/testutil.h"

static struct events_totals T;

/* Fresh, then stale (served, to be recomputed after the response), then
 * gone: a reader never gets a total older than TOTALS_MAX_AGE_S. */
static void a_total_ages_from_fresh_to_stale_to_gone(void)
{
    int64_t t0 = 1800000000, total = -1;
    totals_clear(&T);
    CU_ASSERT_EQUAL(totals_get(&T, "k", t0, &total), TOTALS_MISS);
    totals_put(&T, "k", 42, t0);
    CU_ASSERT_EQUAL(totals_get(&T, "k", t0, &total), TOTALS_FRESH);
    CU_ASSERT_EQUAL(total, 42);
    CU_ASSERT_EQUAL(totals_get(&T, "k", t0 + TOTALS_FRESH_S - 1, &total), TOTALS_FRESH);
    total = -1;
    CU_ASSERT_EQUAL(totals_get(&T, "k", t0 + TOTALS_FRESH_S, &total), TOTALS_STALE);
    CU_ASSERT_EQUAL(total, 42);
    CU_ASSERT_EQUAL(totals_get(&T, "k", t0 + TOTALS_MAX_AGE_S - 1, &total), TOTALS_STALE);
    CU_ASSERT_EQUAL(totals_get(&T, "k", t0 + TOTALS_MAX_AGE_S, &total), TOTALS_MISS);
    /* a refresh makes it fresh again */
    totals_put(&T, "k", 43, t0 + TOTALS_FRESH_S);
    CU_ASSERT_EQUAL(totals_get(&T, "k", t0 + TOTALS_FRESH_S + 1, &total), TOTALS_FRESH);
    CU_ASSERT_EQUAL(total, 43);
}

/* Keys are compared whole: another query never gets this one's total,
 * whatever slot it falls in. */
static void keys_never_mix(void)
{
    char key[32];
    int64_t t0 = 1800000000, total;
    totals_clear(&T);
    for (int i = 0; i < 500; i++) {
        snprintf(key, sizeof(key), "q%d", i);
        totals_put(&T, key, i, t0);
    }
    int hits = 0;
    for (int i = 0; i < 500; i++) {
        snprintf(key, sizeof(key), "q%d", i);
        if (totals_get(&T, key, t0, &total) != TOTALS_MISS) {
            hits++;
            CU_ASSERT_EQUAL(total, i);
        }
    }
    CU_ASSERT_TRUE(hits > 0 && hits < 500); /* a bounded cache: some were replaced */
    CU_ASSERT_EQUAL(totals_get(&T, "q", t0, &total), TOTALS_MISS);
}

static void overlong_keys_are_not_cached(void)
{
    char key[TOTALS_KEY_MAX + 1];
    int64_t total;
    memset(key, 'g', sizeof(key) - 1);
    key[sizeof(key) - 1] = '\0';
    totals_clear(&T);
    totals_put(&T, key, 7, 1800000000);
    CU_ASSERT_EQUAL(totals_get(&T, key, 1800000000, &total), TOTALS_MISS);
}

int suite_events_totals(void)
{
    static const struct test_case cases[] = {
        { "a total ages from fresh to stale to gone", a_total_ages_from_fresh_to_stale_to_gone },
        { "keys never mix", keys_never_mix },
        { "overlong keys are not cached", overlong_keys_are_not_cached },
        { NULL, NULL },
    };
    return test_register("app/events_totals", cases);
}
