/*
 * fuzz_imgbb: imgBB upload answers through imgbb_parse
 * (app/images/imgbb.c) under an HTTP status chosen by the first byte. An
 * upload counts as done only with a hosted URL.
 */
#include "config.h"
#include "core/common.h"
#include "tests/fuzz/fuzz.h"
#include "app/images/imgbb.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    MQ_UNUSED(argc);
    MQ_UNUSED(argv);
    fuzz_setup();
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const long statuses[] = { 200, 400, 401, 403, 404, 429, 500, 502, 0 };
    struct arena a;
    struct imgbb_result r;

    if (size == 0)
        return 0;
    long status = statuses[data[0] % MQ_ARRAY_LEN(statuses)];
    arena_init(&a, 0);
    const char *body = arena_strndup(&a, (const char *)data + 1, size - 1);
    imgbb_parse(&a, status, body, size - 1, &r);
    if (r.outcome == IMGBB_OK && (!r.url || !*r.url || status != 200))
        fuzz_fail("an upload counted done without a URL, or under status %ld", status);
    if (r.outcome != IMGBB_OK && r.url)
        fuzz_fail("a failed upload with a URL");
    imgbb_outcome_name(r.outcome);
    arena_release(&a);
    return 0;
}
