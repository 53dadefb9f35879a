/*
 * fuzz_genres: a Ticketmaster classifications page through genres_parse
 * (app/ingest/genres_import.c), the classification import of
 * marquee-genres. Every row it keeps has an id and a name, and a
 * subgenre its parent's id.
 */
#include "config.h"
#include "core/common.h"
#include "tests/fuzz/fuzz.h"
#include "app/ingest/genres_import.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    MQ_UNUSED(argc);
    MQ_UNUSED(argv);
    fuzz_setup();
    return 0;
}

static void check_rows(const char *what, const struct genre_row *r, size_t n, bool parent)
{
    for (size_t i = 0; i < n; i++) {
        if (!r[i].id || !*r[i].id || !r[i].name || !*r[i].name || (parent && !r[i].genre_id))
            fuzz_fail("%s %zu lacks an id, a name or a parent", what, i);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct arena a;
    struct genres_page p;

    arena_init(&a, 0);
    if (genres_parse(&a, (const char *)data, size, &p) == ST_OK) {
        check_rows("genre", p.genres, p.ngenres, false);
        check_rows("subgenre", p.subgenres, p.nsubgenres, true);
    }
    arena_release(&a);
    return 0;
}
