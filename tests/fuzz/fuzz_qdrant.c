/*
 * fuzz_qdrant: Qdrant answers through the readers of infra/qdrant.c: a
 * query answer, an update answer, an exists answer and an error.
 */
#include "config.h"
#include "core/common.h"
#include "tests/fuzz/fuzz.h"
#include "infra/qdrant.h"

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
    struct qdrant_hit *hits;
    const char *status, *text = (const char *)data;
    int n;

    arena_init(&a, 0);
    if (qdrant_parse_query(&a, text, size, &hits, &n) == ST_OK) {
        for (int i = 0; i < n; i++) {
            if (!hits[i].event_id)
                fuzz_fail("hit %d without an event id", i);
        }
    }
    if (qdrant_parse_update(&a, text, size, &status) == ST_OK && !status)
        fuzz_fail("an update answer without a status");
    qdrant_parse_exists(&a, text, size);
    qdrant_parse_error(&a, text, size);
    arena_release(&a);
    return 0;
}
