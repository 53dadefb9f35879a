#include "config.h"
#include "core/common.h"
#include "core/arena.h"
#include "tests/unit/suites.h"
#include "tests/unit/testutil.h"

#include <stdalign.h>

static int cleanup_order[4];
static int cleanup_count;

static void record(void *p)
{
    cleanup_order[cleanup_count++] = *(int *)p;
}

static void allocations_are_aligned_and_distinct(void)
{
    struct arena a;
    arena_init(&a, 256);
    char *p1 = arena_alloc(&a, 3);
    char *p2 = arena_alloc(&a, 5);
    CU_ASSERT_PTR_NOT_EQUAL(p1, p2);
    CU_ASSERT_EQUAL((uintptr_t)p2 % alignof(max_align_t), 0);
    /* larger than a block: gets its own */
    char *big = arena_alloc(&a, 10000);
    memset(big, 1, 10000);
    CU_ASSERT_TRUE(a.allocated >= 10008);
    arena_release(&a);
}

static void reset_runs_cleanups_newest_first(void)
{
    struct arena a;
    static int one = 1, two = 2, three = 3;
    arena_init(&a, 128);
    cleanup_count = 0;
    arena_on_reset(&a, record, &one);
    arena_on_reset(&a, record, &two);
    arena_alloc(&a, 1000);
    arena_on_reset(&a, record, &three);
    arena_reset(&a);
    CU_ASSERT_EQUAL(cleanup_count, 3);
    CU_ASSERT_EQUAL(cleanup_order[0], 3);
    CU_ASSERT_EQUAL(cleanup_order[2], 1);
    CU_ASSERT_EQUAL(a.allocated, 0);
    arena_reset(&a);
    CU_ASSERT_EQUAL(cleanup_count, 3);
    arena_release(&a);
}

static void strings_are_copied(void)
{
    struct arena a;
    arena_init(&a, 0);
    char src[] = "marquee";
    char *d = arena_strdup(&a, src);
    src[0] = 'M';
    CU_ASSERT_STRING_EQUAL(d, "marquee");
    CU_ASSERT_STRING_EQUAL(arena_strndup(&a, "abcdef", 3), "abc");
    CU_ASSERT_STRING_EQUAL(arena_printf(&a, "%s=%d", "n", 7), "n=7");
    arena_release(&a);
}

int suite_arena(void)
{
    static const struct test_case cases[] = {
        { "allocations are aligned and distinct", allocations_are_aligned_and_distinct },
        { "reset runs cleanups newest first, once", reset_runs_cleanups_newest_first },
        { "strings are copied", strings_are_copied },
        { NULL, NULL },
    };
    return test_register("core/arena", cases);
}
