#include "config.h"
#include "core/common.h"
#include "core/timeutil.h"
#include "core/arena.h"
#include "tests/unit/suites.h"
#include "tests/unit/testutil.h"

static void parses_dates_and_timestamps(void)
{
    int64_t t;
    CU_ASSERT_EQUAL(time_parse_iso("1970-01-01", &t), ST_OK);
    CU_ASSERT_EQUAL(t, 0);
    CU_ASSERT_EQUAL(time_parse_iso("2026-11-22T19:30:00Z", &t), ST_OK);
    CU_ASSERT_EQUAL(t, 1795375800);
    CU_ASSERT_EQUAL(time_parse_iso("2026-11-22T20:30:00+01:00", &t), ST_OK);
    CU_ASSERT_EQUAL(t, 1795375800);
    CU_ASSERT_EQUAL(time_parse_iso("2026-11-22T14:30:00.250-0500", &t), ST_OK);
    CU_ASSERT_EQUAL(t, 1795375800);
    CU_ASSERT_EQUAL(time_parse_iso("2024-02-29", &t), ST_OK);
}

static void rejects_impossible_or_ambiguous_input(void)
{
    int64_t t;
    const char *bad[] = { "",
                          "2026-11-2",
                          "2026-13-01",
                          "2025-02-29",
                          "2026-11-22T25:00:00Z",
                          "2026-11-22T19:30:00",
                          "2026-11-22 19:30:00Z",
                          "2026-11-22T19:30Z",
                          "2026-11-22T19:30:00+1",
                          "2026-11-22x",
                          "tomorrow" };
    for (size_t i = 0; i < MQ_ARRAY_LEN(bad); i++)
        CU_ASSERT_EQUAL(time_parse_iso(bad[i], &t), ST_INVALID);
}

static void formats_and_round_trips(void)
{
    char out[TIME_ISO_LEN];
    time_format_iso(1795375800, out);
    CU_ASSERT_STRING_EQUAL(out, "2026-11-22T19:30:00Z");
    time_format_iso(951782400, out);
    CU_ASSERT_STRING_EQUAL(out, "2000-02-29T00:00:00Z");
    for (int64_t t = -86400 * 400; t < 86400LL * 365 * 200; t += 86400 * 37 + 3607) {
        int64_t back;
        time_format_iso(t, out);
        CU_ASSERT_EQUAL_FATAL(time_parse_iso(out, &back), ST_OK);
        CU_ASSERT_EQUAL_FATAL(back, t);
    }
}

static void formats_postgres_parameters_with_open_ends(void)
{
    struct arena a;
    arena_init(&a, 0);
    CU_ASSERT_STRING_EQUAL(time_format_pg(&a, 1795375800), "2026-11-22T19:30:00Z");
    CU_ASSERT_STRING_EQUAL(time_format_pg(&a, INT64_MAX), "infinity");
    CU_ASSERT_STRING_EQUAL(time_format_pg(&a, INT64_MIN), "-infinity");
    arena_release(&a);
}

int suite_timeutil(void)
{
    static const struct test_case cases[] = {
        { "parses dates and timestamps with offsets", parses_dates_and_timestamps },
        { "rejects impossible or ambiguous input", rejects_impossible_or_ambiguous_input },
        { "formats UTC and round-trips", formats_and_round_trips },
        { "formats Postgres parameters with open ends",
          formats_postgres_parameters_with_open_ends },
        { NULL, NULL },
    };
    return test_register("core/timeutil", cases);
}
