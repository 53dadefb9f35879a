/*
 * fuzz_search: a query string for GET /api/search through the handler's
 * validation (search_request_parse: q, genre, from, to, limit, cursor),
 * then what the backends make of a valid request without I/O: the typo
 * expansion over a small dictionary (search_dict.c) and the Elasticsearch
 * request body (es_search_body), which must be strict JSON.
 */
#include "config.h"
#include "core/common.h"
#include "tests/fuzz/fuzz.h"
#include "app/search/search_backend.h"
#include "app/search/search_dict.h"
#include "core/buf.h"
#include "infra/es.h"

static struct search_dict *dict;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    static const char *const words[] = { "jazz", "jams", "opera", "rock", "rocky", "zürich",
                                         "café", "the",  "arena", "ab",   "a" };
    static const int counts[] = { 5, 2, 7, 9, 1, 3, 2, 40, 12, 1, 3 };
    MQ_UNUSED(argc);
    MQ_UNUSED(argv);
    fuzz_setup();
    dict = search_dict_new();
    if (!dict)
        abort();
    search_dict_set(dict, words, counts, MQ_ARRAY_LEN(words));
    return 0;
}

static void backends(struct fuzz_req *f, const struct search_request *sr)
{
    struct search_term *t;
    for (int i = 0; i < sr->nwords; i++) {
        int n = search_dict_expand(dict, &f->arena, &sr->words[i], &t);
        if (n < 1 || n > SEARCH_MAX_EXPANSIONS || strcmp(t[0].text, sr->words[i].text) != 0)
            fuzz_fail("word \"%s\": %d expansions", sr->words[i].text, n);
        search_dict_events(dict, &sr->words[i], t, n);
    }
    struct es_query q;
    search_es_query(&f->arena, sr, &q);
    struct buf *b = buf_new_arena(&f->arena, 1 << 20);
    es_search_body(b, &q);
    if (b->failed)
        fuzz_fail("the Elasticsearch body did not fit");
    fuzz_check_json(&f->arena, "the Elasticsearch search body", b->data, b->len);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct fuzz_req f;
    struct search_request sr;

    fuzz_req_init(&f, "GET");
    f.cfg.elasticsearch_url = "http://127.0.0.1:1"; /* cursors of both backends; never dialled */
    request_parse_query(&f.req, arena_strndup(&f.arena, (const char *)data, size));
    if (!f.req.query_error) {
        if (search_request_parse(&f.req, &f.res, &sr) == 0) {
            if (sr.nwords < 1 || sr.nwords > SEARCH_MAX_WORDS || sr.limit < 1 || sr.limit > 100)
                fuzz_fail("%d words, limit %lld", sr.nwords, (long long)sr.limit);
            backends(&f, &sr);
        }
        fuzz_check_reply(&f.arena, &f.res);
    }
    fuzz_req_release(&f);
    return 0;
}
