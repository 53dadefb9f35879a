#include "config.h"
#include "core/common.h"
#include "server/shared.h"
#include "core/timeutil.h"
#include "tests/unit/suites.h"
#include "tests/unit/testutil.h"

#include <unistd.h>

/* Issue 14: hashing could take every worker. At most n hashes at once; a
 * slot comes back when its hash ends, and one held past
 * SHARED_HASH_STALE_S (its holder died) is taken over. */
static void hash_slots_cap_concurrent_hashes(void)
{
    struct shared *s = shared_create();
    int a, b, c;

    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    CU_ASSERT_EQUAL(shared_hash_slots(1), 1);
    CU_ASSERT_EQUAL(shared_hash_slots(2), 1);
    CU_ASSERT_EQUAL(shared_hash_slots(8), 4);
    CU_ASSERT_TRUE(shared_hash_begin(s, 2, &a));
    CU_ASSERT_TRUE(shared_hash_begin(s, 2, &b));
    CU_ASSERT_NOT_EQUAL(a, b);
    CU_ASSERT_FALSE(shared_hash_begin(s, 2, &c)); /* both busy: refused, not waited for */
    shared_hash_end(s, a);
    CU_ASSERT_TRUE(shared_hash_begin(s, 2, &c));
    CU_ASSERT_EQUAL(c, a);
    /* A holder that died mid-hash: its slot is stale after SHARED_HASH_STALE_S. */
    s->hashing[b] =
        (uint64_t)(getpid() + 1) << 32 | (uint32_t)(time_now() - SHARED_HASH_STALE_S - 1);
    shared_hash_end(s, c);
    CU_ASSERT_TRUE(shared_hash_begin(s, 1, &a));
    CU_ASSERT_TRUE(shared_hash_begin(s, 2, &b)); /* the stale one, taken over */
    CU_ASSERT_FALSE(shared_hash_begin(s, 2, &c));
    /* Without a shared block (tests, tools) there is no cap. */
    CU_ASSERT_TRUE(shared_hash_begin(NULL, 1, &c));
    shared_free(s);
}

int suite_shared(void)
{
    static const struct test_case cases[] = {
        { "hash slots cap concurrent hashes", hash_slots_cap_concurrent_hashes },
        { NULL, NULL },
    };
    return test_register("server/shared", cases);
}
