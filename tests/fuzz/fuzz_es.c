/*
 * fuzz_es: Elasticsearch answers through the readers of infra/es_call.c:
 * a search answer, a _bulk answer (for 1..8 items, from the first byte)
 * and an error envelope.
 */
#include "config.h"
#include "core/common.h"
#include "tests/fuzz/fuzz.h"
#include "infra/es.h"

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
    struct es_hit *hits;
    struct es_error err;
    bool ok[8];
    int n, failed;

    if (size == 0)
        return 0;
    int items = 1 + data[0] % 8;
    const char *text = (const char *)data + 1;
    size--;
    arena_init(&a, 0);
    if (es_parse_search(&a, text, size, &hits, &n) == ST_OK) {
        if (n < 0)
            fuzz_fail("%d hits", n);
        for (int i = 0; i < n; i++) {
            if (!hits[i].id)
                fuzz_fail("hit %d without an id", i);
        }
    }
    if (es_parse_bulk(&a, text, size, ok, items, &failed, &err) == ST_OK &&
        (failed < 0 || failed > items))
        fuzz_fail("%d of %d bulk items failed", failed, items);
    es_parse_error(&a, text, size, 400, &err);
    arena_release(&a);
    return 0;
}
