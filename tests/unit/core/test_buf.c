#include "config.h"
#include "core/common.h"
#include "core/buf.h"
#include "core/arena.h"
#include "tests/unit/suites.h"
#include "tests/unit/testutil.h"

static void appends_and_stays_nul_terminated(void)
{
    struct buf b;
    buf_init(&b, 0);
    CU_ASSERT_STRING_EQUAL(b.data, "");
    buf_puts(&b, "hello");
    buf_putc(&b, ' ');
    buf_printf(&b, "%d-%s", 42, "x");
    CU_ASSERT_STRING_EQUAL(b.data, "hello 42-x");
    CU_ASSERT_EQUAL(b.len, 10);
    buf_release(&b);
}

static void grows_past_initial_capacity(void)
{
    struct buf b;
    buf_init(&b, 0);
    for (int i = 0; i < 10000; i++)
        buf_printf(&b, "%04d", i % 10000);
    CU_ASSERT_EQUAL(b.len, 40000);
    CU_ASSERT_EQUAL(memcmp(b.data + 39996, "9999", 4), 0);
    CU_ASSERT_FALSE(b.failed);
    buf_release(&b);
}

static void cap_rejects_and_keeps_content(void)
{
    struct buf b;
    buf_init(&b, 8);
    CU_ASSERT_EQUAL(buf_puts(&b, "12345"), ST_OK);
    CU_ASSERT_EQUAL(buf_puts(&b, "6789"), ST_NOMEM);
    CU_ASSERT_STRING_EQUAL(b.data, "12345");
    CU_ASSERT_TRUE(b.failed);
    CU_ASSERT_EQUAL(buf_printf(&b, "%s", "abcdef"), ST_NOMEM);
    CU_ASSERT_STRING_EQUAL(b.data, "12345");
    CU_ASSERT_EQUAL(buf_puts(&b, "678"), ST_OK);
    CU_ASSERT_STRING_EQUAL(b.data, "12345678");
    buf_reset(&b);
    CU_ASSERT_FALSE(b.failed);
    CU_ASSERT_EQUAL(b.len, 0);
    buf_release(&b);
}

static void arena_owned_buf_is_released_on_reset(void)
{
    struct arena a;
    struct buf *b;
    arena_init(&a, 1024);
    b = buf_new_arena(&a, 0);
    buf_puts(b, "released by the arena (ASan checks the leak)");
    arena_reset(&a);
    CU_ASSERT_EQUAL(b->cap, 0);
    arena_release(&a);
}

int suite_buf(void)
{
    static const struct test_case cases[] = {
        { "appends and stays NUL-terminated", appends_and_stays_nul_terminated },
        { "grows past initial capacity", grows_past_initial_capacity },
        { "cap rejects an append and keeps the content", cap_rejects_and_keeps_content },
        { "arena-owned buf is released on reset", arena_owned_buf_is_released_on_reset },
        { NULL, NULL },
    };
    return test_register("core/buf", cases);
}
