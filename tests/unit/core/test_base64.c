#include "config.h"
#include "core/common.h"
#include "core/base64.h"
#include "tests/unit/suites.h"
#include "tests/unit/testutil.h"

static void round_trips_every_length(void)
{
    unsigned char in[64], out[64];
    char enc[128];
    for (size_t n = 0; n < sizeof(in); n++) {
        in[n] = (unsigned char)(n * 37 + 11);
        base64url_encode(enc, in, n);
        CU_ASSERT_EQUAL(strlen(enc), base64url_len(n));
        CU_ASSERT_PTR_NULL(strpbrk(enc, "+/="));
        CU_ASSERT_EQUAL(base64url_decode(out, enc, strlen(enc)), (long)n);
        CU_ASSERT_EQUAL(memcmp(in, out, n), 0);
    }
    base64url_encode(enc, (const unsigned char *)"\xfb\xff", 2);
    CU_ASSERT_STRING_EQUAL(enc, "-_8");
}

static void refuses_what_it_would_not_write(void)
{
    unsigned char out[16];
    CU_ASSERT_EQUAL(base64url_decode(out, "YQ==", 4), -1);  /* padding */
    CU_ASSERT_EQUAL(base64url_decode(out, "Y+8", 3), -1);   /* standard alphabet */
    CU_ASSERT_EQUAL(base64url_decode(out, "YWJjZ", 5), -1); /* impossible length */
    CU_ASSERT_EQUAL(base64url_decode(out, "YR", 2), -1);    /* non-zero trailing bits */
    CU_ASSERT_EQUAL(base64url_decode(out, "YQ", 2), 1);
}

int suite_base64(void)
{
    static const struct test_case cases[] = {
        { "base64url round-trips every length", round_trips_every_length },
        { "base64url refuses what it would not write", refuses_what_it_would_not_write },
        { NULL, NULL },
    };
    return test_register("core/base64", cases);
}
