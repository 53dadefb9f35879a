/*
 * fuzz_tm_event: one Ticketmaster event object through tm_event_map
 * (app/ingest/tm_event.c, with entities.c for descriptions): every field
 * may be missing or of any type; what is mapped must be a row Postgres
 * takes (fuzz_check_event).
 */
#include "config.h"
#include "core/common.h"
#include "tests/fuzz/fuzz.h"
#include "app/ingest/ingest_store.h"
#include "app/ingest/tm_event.h"
#include "infra/json.h"

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
    struct row r;
    char err[128];

    arena_init(&a, 0);
    struct json_object *ev = json_parse(&a, (const char *)data, size, err, sizeof(err));
    memset(&r, 0, sizeof(r));
    if (ev && tm_event_map(&a, ev, &r.ev, err, sizeof(err)) == ST_OK)
        fuzz_check_event(&a, &r);
    arena_release(&a);
    return 0;
}
