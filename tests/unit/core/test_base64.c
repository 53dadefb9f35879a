#include "config.h"
#include "core/common.h"
#include "core/base64.h"
#include "core/sha1.h"
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

static void sha1_and_uuid5_match_known_values(void)
{
    /* NAMESPACE_URL of RFC 4122; expected values from Python's hashlib/uuid */
    static const unsigned char ns_url[16] = { 0x6b, 0xa7, 0xb8, 0x11, 0x9d, 0xad, 0x11, 0xd1,
                                              0x80, 0xb4, 0x00, 0xc0, 0x4f, 0xd4, 0x30, 0xc8 };
    unsigned char h[SHA1_LEN];
    char hex[2 * SHA1_LEN + 1], u[UUID_STR_LEN];
    char *big = malloc(1000);
    CU_ASSERT_PTR_NOT_NULL_FATAL(big);
    sha1("abc", 3, h);
    for (int i = 0; i < SHA1_LEN; i++)
        snprintf(hex + 2 * i, 3, "%02x", h[i]);
    CU_ASSERT_STRING_EQUAL(hex, "a9993e364706816aba3e25717850c26c9cd0d89d");
    memset(big, 'a', 1000);
    sha1(big, 1000, h);
    for (int i = 0; i < SHA1_LEN; i++)
        snprintf(hex + 2 * i, 3, "%02x", h[i]);
    CU_ASSERT_STRING_EQUAL(hex, "291e9a6c66994949b57ba5e650361e98fc36b1ba");
    memset(big, 'a', 64);
    uuid_v5(ns_url, big, 64, u);
    CU_ASSERT_STRING_EQUAL(u, "37a282a8-9bf9-58e8-af1a-344d9b593c37");
    free(big);
}

int suite_base64(void)
{
    static const struct test_case cases[] = {
        { "base64url round-trips every length", round_trips_every_length },
        { "base64url refuses what it would not write", refuses_what_it_would_not_write },
        { "sha1 and uuid5 match known values", sha1_and_uuid5_match_known_values },
        { NULL, NULL },
    };
    return test_register("core/base64+sha1", cases);
}
