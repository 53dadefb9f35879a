/*
 * fuzz_cursor: a nextCursor as a client may send it back, through
 * search_cursor_decode (app/search/search_cursor.c). A cursor that decodes
 * encodes again to one that decodes to the same position.
 */
#include "config.h"
#include "core/common.h"
#include "tests/fuzz/fuzz.h"
#include "app/search/search_cursor.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    MQ_UNUSED(argc);
    MQ_UNUSED(argv);
    fuzz_setup();
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct arena a;
    struct search_cursor c, again;

    arena_init(&a, 0);
    const char *s = arena_strndup(&a, (const char *)data, size);
    if (search_cursor_decode(s, &c) == ST_OK) {
        const char *enc = search_cursor_encode(&a, &c);
        if (!enc || search_cursor_decode(enc, &again) != ST_OK)
            fuzz_fail("cursor %s decodes but its encoding %s does not", s, enc ? enc : "(none)");
        if (again.backend != c.backend || again.query != c.query || again.key != c.key ||
            memcmp(&again.score, &c.score, sizeof(c.score)) != 0 || strcmp(again.id, c.id) != 0)
            fuzz_fail("cursor %s does not survive encoding", s);
    }
    arena_release(&a);
    return 0;
}
