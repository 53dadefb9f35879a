/*
 * fuzz_tm_page: a Ticketmaster Discovery page (a search response, a bare
 * array of events or one event) through both paths of marquee-ingest
 * (app/ingest/ingest.c) up to the database: the scanner's (ingest_scan,
 * page_scan.c: events found without parsing, each then parsed and mapped
 * as parse_rows does) and the parser's (ingest_parse with its UTF-8
 * repair, then ingest_rows: mapped, deduplicated), and the page counts
 * the API client reads (tm_page_count). The scanner's id of an
 * event is the one mapping finds, and every mapped row is one Postgres
 * takes (fuzz_check_event).
 */
#include "config.h"
#include "core/common.h"
#include "tests/fuzz/fuzz.h"
#include "app/ingest/ingest.h"
#include "app/ingest/ingest_store.h"
#include "app/ingest/page_scan.h"
#include "app/ingest/tm_fetch.h"
#include "app/ingest/tm_window.h"
#include "infra/json.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    MQ_UNUSED(argc);
    MQ_UNUSED(argv);
    fuzz_setup();
    return 0;
}

static void scanned(struct arena *a, const char *text, size_t n)
{
    struct page_scan sc;
    char err[128];
    struct row r;

    if (!ingest_scan(a, text, n, &sc))
        return;
    if (sc.close >= n || sc.open >= sc.close || text[sc.open] != '[' || text[sc.close] != ']')
        fuzz_fail("the events array is not at [%zu, %zu]", sc.open, sc.close);
    for (size_t i = 0; i < sc.n; i++) {
        const struct page_span *sp = &sc.events[i];
        if (sp->text < text + sc.open || sp->text + sp->len > text + sc.close)
            fuzz_fail("event %zu lies outside the events array", i);
        struct json_object *ev = json_parse(a, sp->text, sp->len, err, sizeof(err));
        if (!ev)
            continue; /* ingest then parses the whole page: the other path */
        memset(&r, 0, sizeof(r));
        if (tm_event_map(a, ev, &r.ev, err, sizeof(err)) != ST_OK || strcmp(r.ev.id, sp->id) != 0)
            fuzz_fail("the scanner's id %s is not the mapped one", sp->id);
        fuzz_check_event(a, &r);
    }
}

static void parsed(struct arena *a, const char *text, size_t n)
{
    struct tally t = { 0 };
    struct row *rows;
    size_t m;
    bool repaired;
    char err[128];

    struct json_object *root = ingest_parse(a, &text, &n, &repaired, err, sizeof(err));
    /* What the API client reads first (tm_fetch.c): how far to page. */
    int64_t total = tm_page_count(root, "page.totalElements");
    if (total < 0 || total > TM_MAX_COUNT || tm_pages_for(total, TM_PAGE_SIZE) < 0)
        fuzz_fail("page.totalElements read as %lld", (long long)total);
    tm_window_too_big(total);
    tm_page_count(root, "page.totalPages");
    if (!root || ingest_rows(a, text, root, repaired, &rows, &m, &t) != ST_OK)
        return;
    for (size_t i = 0; i < m; i++) {
        fuzz_check_event(a, &rows[i]);
        if (i > 0 && strcmp(rows[i - 1].ev.id, rows[i].ev.id) >= 0)
            fuzz_fail("rows not unique and sorted by id at %zu", i);
    }
    if ((int64_t)m + t.skipped != t.events)
        fuzz_fail("%zu rows + %lld skipped != %lld events", m, (long long)t.skipped,
                  (long long)t.events);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct arena a;

    arena_init(&a, 0);
    const char *text = arena_strndup(&a, (const char *)data, size);
    scanned(&a, text, size);
    parsed(&a, text, size);
    arena_release(&a);
    return 0;
}
