/*
 * Contract tests of the Elasticsearch client: the bodies it sends follow
 * the rules and shapes of the recorded spec examples, and every recorded
 * answer and error body in tests/fixtures/elasticsearch parses.
 */
#include "config.h"
#include "core/common.h"
#include "core/arena.h"
#include "core/buf.h"
#include "infra/es.h"
#include "infra/json.h"
#include "tests/unit/suites.h"
#include "tests/unit/testutil.h"

#include <json-c/json.h>

#define EX "elasticsearch/spec-examples/extracted-json/"

/* Cuts an NDJSON body into its lines in place (each must end in '\n'). */
static int split_lines(char *data, char **lines, int max)
{
    int n = 0;
    for (char *p = data; *p && n < max; n++) {
        lines[n] = p;
        char *nl = strchr(p, '\n');
        CU_ASSERT_PTR_NOT_NULL_FATAL(nl);
        *nl = '\0';
        p = nl + 1;
    }
    return n;
}

static char *fixture(const char *rel, size_t *len)
{
    const char *dir = test_fixtures_dir("infra/es");
    char path[1024];
    if (!dir)
        return NULL;
    snprintf(path, sizeof(path), "%s/%s", dir, rel);
    char *text = test_read_file(path, len);
    CU_ASSERT_PTR_NOT_NULL(text);
    return text;
}

static struct json_object *parse(struct arena *a, const char *text)
{
    char err[128];
    struct json_object *o = json_parse(a, text, strlen(text), err, sizeof(err));
    if (!o)
        fprintf(stderr, "invalid JSON (%s): %.300s\n", err, text);
    CU_ASSERT_PTR_NOT_NULL(o);
    return o;
}

/* Fuzziness is refused by ES for these multi_match types. */
static bool fuzziness_where_refused(struct json_object *o)
{
    if (json_object_is_type(o, json_type_array)) {
        for (size_t i = 0; i < json_arr_len(o); i++) {
            if (fuzziness_where_refused(json_arr_get(o, i)))
                return true;
        }
        return false;
    }
    if (!json_is_object(o))
        return false;
    const char *type = json_path_str(o, "multi_match.type");
    if (type && json_path(o, "multi_match.fuzziness") &&
        (!strcmp(type, "cross_fields") || !strcmp(type, "phrase") ||
         !strcmp(type, "phrase_prefix")))
        return true;
    json_object_object_foreach(o, key, val)
    {
        MQ_UNUSED(key);
        if (fuzziness_where_refused(val))
            return true;
    }
    return false;
}

static bool only_keys(struct json_object *o, const char *const *allowed)
{
    json_object_object_foreach(o, key, val)
    {
        MQ_UNUSED(val);
        bool ok = false;
        for (const char *const *k = allowed; *k; k++)
            ok = ok || strcmp(*k, key) == 0;
        if (!ok) {
            fprintf(stderr, "unexpected key %s\n", key);
            return false;
        }
    }
    return true;
}

static void search_body_follows_the_multi_match_rules(void)
{
    static const char *const top[] = { "size", "track_total_hits", "_source", "query",
                                       "sort", "search_after",     NULL };
    static const char *const words[] = { "tayler", "swi" };
    struct es_query q = { .words = words,
                          .nwords = 2,
                          .last_prefix = true,
                          .joined = "tayler swi",
                          .genre = "Music",
                          .has_range = true,
                          .from = 1924992000,
                          .to = INT64_MAX,
                          .size = 16,
                          .after = true,
                          .after_score = 1.3862942,
                          .after_id = "abc" };
    struct arena a;
    struct buf b;
    arena_init(&a, 0);
    buf_init(&b, 0);
    es_search_body(&b, &q);
    struct json_object *o = parse(&a, b.data);
    CU_ASSERT_TRUE(only_keys(o, top));
    CU_ASSERT_FALSE(fuzziness_where_refused(o));
    struct json_object *must = json_path(o, "query.bool.must");
    CU_ASSERT_EQUAL(json_arr_len(must), 2);
    struct json_object *mm = json_path(json_arr_get(must, 0), "multi_match");
    CU_ASSERT_STRING_EQUAL(json_path_str(mm, "query"), "tayler");
    CU_ASSERT_STRING_EQUAL(json_path_str(mm, "fuzziness"), "AUTO");
    CU_ASSERT_STRING_EQUAL(json_path_str(mm, "type"), "best_fields");
    CU_ASSERT_STRING_EQUAL(json_str(json_arr_get(json_path(mm, "fields"), 0)), "name^3");
    CU_ASSERT_STRING_EQUAL(json_str(json_arr_get(json_path(mm, "fields"), 1)), "venueName");
    /* the last word: fuzzy or prefix */
    struct json_object *last = json_path(json_arr_get(must, 1), "bool.should");
    CU_ASSERT_EQUAL(json_arr_len(last), 2);
    CU_ASSERT_STRING_EQUAL(json_path_str(json_arr_get(last, 1), "multi_match.type"),
                           "phrase_prefix");
    /* filters: sessions, genre, range with only the bound given */
    struct json_object *f = json_path(o, "query.bool.filter");
    CU_ASSERT_EQUAL(json_arr_len(f), 3);
    CU_ASSERT_STRING_EQUAL(json_path_str(json_arr_get(f, 1), "term.genre.value"), "Music");
    CU_ASSERT_STRING_EQUAL(json_path_str(json_arr_get(f, 2), "range.starts.gte"),
                           "2031-01-01T00:00:00Z");
    CU_ASSERT_PTR_NULL(json_path(json_arr_get(f, 2), "range.starts.lt"));
    /* sort by score then id; search_after carries the exact double */
    CU_ASSERT_STRING_EQUAL(json_path_str(json_arr_get(json_path(o, "sort"), 1), "id"), "asc");
    struct json_object *after = json_path(o, "search_after");
    CU_ASSERT_TRUE(json_object_get_double(json_arr_get(after, 0)) == 1.3862942);
    CU_ASSERT_STRING_EQUAL(json_str(json_arr_get(after, 1)), "abc");
    double size = 0;
    CU_ASSERT_TRUE(json_path_num(o, "size", &size) && size == 16);
    buf_release(&b);
    arena_release(&a);
}

static void bulk_body_is_ndjson_like_the_spec_example(void)
{
    static const int64_t starts[] = { 1924992000, 1925078400 };
    struct es_doc d = {
        "e1", "Jazz \"Night\"\n", "Hall", "jazz night", "Music", NULL, 1924992000, starts, 2, 2
    };
    struct arena a;
    struct buf b;
    size_t len;
    arena_init(&a, 0);
    buf_init(&b, 0);
    es_bulk_add(&b, &d);
    d.id = "e2";
    d.next_start = INT64_MIN;
    d.nstarts = 0;
    es_bulk_add(&b, &d);
    CU_ASSERT_EQUAL(b.data[b.len - 1], '\n'); /* "must be terminated by a newline" */
    char *lines[8];
    int n = split_lines(b.data, lines, 8);
    CU_ASSERT_EQUAL_FATAL(n, 4);
    char *ex = fixture(EX "_global_bulk__request_BulkRequestExample1.ndjson", &len);
    if (ex) {
        *strchr(ex, '\n') = '\0';
        struct json_object *want = parse(&a, ex), *got = parse(&a, lines[0]);
        /* same action, same metadata keys as the spec's first line */
        CU_ASSERT_PTR_NOT_NULL(json_path(want, "index._index"));
        CU_ASSERT_STRING_EQUAL(json_path_str(got, "index._index"), ES_INDEX);
        CU_ASSERT_STRING_EQUAL(json_path_str(got, "index._id"), "e1");
        free(ex);
    }
    struct json_object *src = parse(&a, lines[1]);
    CU_ASSERT_STRING_EQUAL(json_path_str(src, "name"), "Jazz \"Night\"\n");
    CU_ASSERT_STRING_EQUAL(json_path_str(src, "nextStart"), "2031-01-01T00:00:00Z");
    CU_ASSERT_EQUAL(json_arr_len(json_path(src, "starts")), 2);
    src = parse(&a, lines[3]);
    CU_ASSERT_TRUE(json_path(src, "nextStart") == NULL); /* null */
    buf_release(&b);
    arena_release(&a);
}

static void index_body_has_the_spec_mapping(void)
{
    static const char *const want[][2] = { { "id", "keyword" },
                                           { "name", "text" },
                                           { "venueName", "text" },
                                           { "genre", "keyword" },
                                           { "nextStart", "date" } };
    struct arena a;
    struct buf b;
    size_t len;
    char path[64];
    arena_init(&a, 0);
    buf_init(&b, 0);
    es_index_body(&b);
    struct json_object *o = parse(&a, b.data);
    for (size_t i = 0; i < MQ_ARRAY_LEN(want); i++) {
        snprintf(path, sizeof(path), "mappings.properties.%s.type", want[i][0]);
        CU_ASSERT_STRING_EQUAL(json_path_str(o, path), want[i][1]);
    }
    char *ex = fixture(EX "indices_create__request_indicesCreateRequestExample2.json", &len);
    if (ex) {
        struct json_object *spec = parse(&a, ex);
        double s1 = 0, s2 = 0;
        CU_ASSERT_TRUE(json_path_num(spec, "settings.number_of_shards", &s1));
        CU_ASSERT_TRUE(json_path_num(o, "settings.number_of_shards", &s2));
        CU_ASSERT_STRING_EQUAL(json_path_str(spec, "mappings.properties.field1.type"), "text");
        free(ex);
    }
    buf_release(&b);
    arena_release(&a);
}

static void recorded_search_answer_parses(void)
{
    struct arena a;
    struct es_hit *hits;
    int n = 0;
    size_t len;
    char *text = fixture(EX "_global_search__200_response_SearchResponseExample1.json", &len);
    if (!text)
        return;
    arena_init(&a, 0);
    CU_ASSERT_EQUAL_FATAL(es_parse_search(&a, text, len, &hits, &n), ST_OK);
    CU_ASSERT_EQUAL_FATAL(n, 1);
    CU_ASSERT_STRING_EQUAL(hits[0].id, "0");
    CU_ASSERT_DOUBLE_EQUAL(hits[0].score, 1.3862942, 1e-9);
    /* with sort values, the first one is the score */
    const char *sorted =
        "{\"hits\":{\"hits\":[{\"_id\":\"x\",\"_score\":null,\"sort\":[2.5,\"x\"]}]}}";
    CU_ASSERT_EQUAL(es_parse_search(&a, sorted, strlen(sorted), &hits, &n), ST_OK);
    CU_ASSERT_DOUBLE_EQUAL(hits[0].score, 2.5, 1e-12);
    const char *bad[] = { "{}", "{\"hits\":{\"hits\":[{\"_score\":1}]}}", "not json" };
    for (size_t i = 0; i < MQ_ARRAY_LEN(bad); i++)
        CU_ASSERT_EQUAL(es_parse_search(&a, bad[i], strlen(bad[i]), &hits, &n), ST_INVALID);
    free(text);
    arena_release(&a);
}

static void recorded_bulk_answers_flag_each_item(void)
{
    static const struct {
        const char *file;
        int n;
        bool ok[4];
        int failed;
        const char *type;
    } cases[] = {
        /* its delete of a missing document (404 not_found) is done */
        { "_global_bulk__response_BulkResponseExample1.json", 4, { 1, 1, 1, 1 }, 0, NULL },
        { "_global_bulk__response_BulkResponseExample2.json",
          3,
          { 0, 0, 1 },
          2,
          "document_missing_exception" },
        { "_global_bulk__response_BulkResponseExample3.json",
          2,
          { 0, 0 },
          2,
          "document_missing_exception" },
    };
    struct arena a;
    arena_init(&a, 0);
    for (size_t i = 0; i < MQ_ARRAY_LEN(cases); i++) {
        size_t len;
        char path[256];
        bool ok[4];
        int failed;
        struct es_error first;
        snprintf(path, sizeof(path), EX "%s", cases[i].file);
        char *text = fixture(path, &len);
        if (!text)
            continue;
        CU_ASSERT_EQUAL(es_parse_bulk(&a, text, len, ok, cases[i].n, &failed, &first), ST_OK);
        CU_ASSERT_EQUAL(failed, cases[i].failed);
        for (int k = 0; k < cases[i].n; k++)
            CU_ASSERT_EQUAL(ok[k], cases[i].ok[k]);
        if (cases[i].type)
            CU_ASSERT_STRING_EQUAL(first.type, cases[i].type);
        /* a count that does not match the request is not trusted */
        CU_ASSERT_EQUAL(es_parse_bulk(&a, text, len, ok, cases[i].n + 1, &failed, &first),
                        ST_INVALID);
        free(text);
    }
    arena_release(&a);
}

static void bulk_delete_line_is_the_spec_examples(void)
{
    struct arena a;
    struct buf b;
    size_t len;
    arena_init(&a, 0);
    buf_init(&b, 0);
    es_bulk_delete(&b, "e1");
    struct es_doc d = { "e2", "Jazz", "Hall", "jazz", "Music", NULL, INT64_MIN, NULL, 0, 1 };
    es_bulk_add(&b, &d);
    es_bulk_delete(&b, "e3");
    CU_ASSERT_EQUAL(b.data[b.len - 1], '\n');
    /* a delete has no source line: delete, index + source, delete */
    char *lines[8];
    int n = split_lines(b.data, lines, 8);
    CU_ASSERT_EQUAL_FATAL(n, 4);
    CU_ASSERT_STRING_EQUAL(lines[0], "{\"delete\":{\"_index\":\"events\",\"_id\":\"e1\"}}");
    CU_ASSERT_STRING_EQUAL(json_path_str(parse(&a, lines[1]), "index._id"), "e2");
    CU_ASSERT_STRING_EQUAL(json_path_str(parse(&a, lines[2]), "id"), "e2");
    CU_ASSERT_STRING_EQUAL(lines[3], "{\"delete\":{\"_index\":\"events\",\"_id\":\"e3\"}}");
    char *ex = fixture(EX "_global_bulk__request_BulkRequestExample1.ndjson", &len);
    if (ex) {
        /* the spec's delete line: the same single key, the same metadata
         * keys, and the next line is another action */
        char *line = strstr(ex, "{ \"delete\"");
        CU_ASSERT_PTR_NOT_NULL_FATAL(line);
        char *nl = strchr(line, '\n');
        CU_ASSERT_PTR_NOT_NULL_FATAL(nl);
        *nl = '\0';
        struct json_object *want = parse(&a, line), *got = parse(&a, lines[0]);
        CU_ASSERT_EQUAL(json_object_object_length(want), 1);
        CU_ASSERT_EQUAL(json_object_object_length(got), 1);
        struct json_object *wm = json_path(want, "delete"), *gm = json_path(got, "delete");
        CU_ASSERT_EQUAL(json_object_object_length(wm), json_object_object_length(gm));
        json_object_object_foreach(wm, key, val)
        {
            MQ_UNUSED(val);
            CU_ASSERT_PTR_NOT_NULL(json_path(gm, key));
        }
        char *next = nl + 1, *end = strchr(next, '\n');
        CU_ASSERT_PTR_NOT_NULL_FATAL(end);
        *end = '\0';
        CU_ASSERT_PTR_NOT_NULL(json_path(parse(&a, next), "create"));
        free(ex);
    }
    buf_release(&b);
    arena_release(&a);
}

/* Delete items as _bulk answers them (ResponseItem: result deleted or
 * not_found): deleted and not_found are done, an error is not. */
static void bulk_delete_items_are_done_unless_an_error(void)
{
    const char *text =
        "{\"took\":4,\"errors\":true,\"items\":["
        "{\"delete\":{\"_index\":\"events\",\"_id\":\"a\",\"_version\":2,\"result\":"
        "\"deleted\",\"_shards\":{\"total\":2,\"successful\":1,\"failed\":0},\"status\":200,"
        "\"_seq_no\":5,\"_primary_term\":1}},"
        "{\"delete\":{\"_index\":\"events\",\"_id\":\"b\",\"_version\":1,\"result\":"
        "\"not_found\",\"_shards\":{\"total\":2,\"successful\":1,\"failed\":0},\"status\":"
        "404,\"_seq_no\":6,\"_primary_term\":1}},"
        "{\"delete\":{\"_index\":\"events\",\"_id\":\"c\",\"status\":404,\"error\":{"
        "\"type\":\"index_not_found_exception\",\"reason\":\"no such index [events]\"}}},"
        "{\"delete\":{\"_index\":\"events\",\"_id\":\"d\",\"status\":429,\"error\":{"
        "\"type\":\"es_rejected_execution_exception\",\"reason\":\"rejected\"}}},"
        "{\"index\":{\"_index\":\"events\",\"_id\":\"e\",\"result\":\"not_found\","
        "\"status\":404}}]}";
    struct arena a;
    bool ok[5];
    int failed;
    struct es_error first;
    arena_init(&a, 0);
    CU_ASSERT_EQUAL_FATAL(es_parse_bulk(&a, text, strlen(text), ok, 5, &failed, &first), ST_OK);
    CU_ASSERT_TRUE(ok[0] && ok[1]);
    CU_ASSERT_FALSE(ok[2] || ok[3] || ok[4]); /* only a delete may find nothing */
    CU_ASSERT_EQUAL(failed, 3);
    CU_ASSERT_EQUAL(first.status, 404);
    CU_ASSERT_STRING_EQUAL(first.type, "index_not_found_exception");
    arena_release(&a);
}

static void recorded_error_bodies_parse(void)
{
    static const struct {
        const char *file;
        long status;
        const char *type;
        const char *reason_start;
    } cases[] = {
        { "elasticsearch/errors/400_bulk_not_terminated_by_newline.json", 400,
          "illegal_argument_exception", "The bulk request must be terminated by a newline [\\n]" },
        { "elasticsearch/errors/400_document_parsing_exception_es8.15.json", 400,
          "document_parsing_exception", "[1:14] failed to parse field [price]" },
        { "elasticsearch/errors/400_parsing_exception_unknown_query_es8.15.json", 400,
          "parsing_exception", "unknown query [matchh]" },
        { "elasticsearch/errors/400_resource_already_exists_exception_es8.15.json", 400,
          "resource_already_exists_exception", "index [posts/" },
        { "elasticsearch/errors/400_resource_already_exists_exception_gist-2018.json", 400,
          "resource_already_exists_exception", "index [movies/" },
        { "elasticsearch/errors/401_security_exception_es8.15.json", 401, "security_exception",
          "missing authentication credentials" },
        { "elasticsearch/errors/404_index_not_found_exception_es2.x_gist.json", 404,
          "index_not_found_exception", "no such index" },
        { "elasticsearch/errors/404_index_not_found_exception_es8.15.json", 404,
          "index_not_found_exception", "no such index [nope]" },
        { "elasticsearch/errors/405_string_error_es8.15.json", 405, "error",
          "Incorrect HTTP method" },
        { "elasticsearch/errors/409_version_conflict_engine_exception_es8.15.json", 409,
          "version_conflict_engine_exception", "[1]: version conflict" },
        { EX "streams_logs_enable__409_response_PostStreamsEnableResponseExample2.json", 409,
          "status_exception", "Cannot enable logs streams" },
        /* abbreviated with "...": not JSON; the HTTP status is all we know */
        { EX "synonyms_put_synonym__400_response_SynonymsPutResponseExample1.txt", 400, NULL,
          NULL },
    };
    struct arena a;
    arena_init(&a, 0);
    for (size_t i = 0; i < MQ_ARRAY_LEN(cases); i++) {
        size_t len;
        struct es_error e;
        char *text = fixture(cases[i].file, &len);
        if (!text)
            continue;
        es_parse_error(&a, text, len, cases[i].status, &e);
        CU_ASSERT_EQUAL(e.status, cases[i].status);
        if (cases[i].type) {
            CU_ASSERT_STRING_EQUAL(e.type ? e.type : "(null)", cases[i].type);
            CU_ASSERT_TRUE(e.reason && strncmp(e.reason, cases[i].reason_start,
                                               strlen(cases[i].reason_start)) == 0);
        } else {
            CU_ASSERT_PTR_NULL(e.type);
        }
        free(text);
    }
    arena_release(&a);
}

/* Found by tests/fuzz (fuzz_es): a status out of long's range was
 * converted anyway, which is undefined (UBSan: outside the range of
 * representable values). */
static void a_status_that_is_not_http_is_ignored(void)
{
    static const char *const answers[] = {
        "{\"error\":\"x\",\"status\":4222222222222222222222222}",
        "{\"error\":\"x\",\"status\":-1e300}",
        "{\"error\":\"x\",\"status\":99}",
    };
    const char *bulk = "{\"items\":[{\"index\":{\"status\":1e300,\"error\":{\"type\":\"t\"}}}]}";
    struct arena a;
    struct es_error e;
    bool ok[1];
    int failed = 0;
    arena_init(&a, 0);
    for (size_t i = 0; i < MQ_ARRAY_LEN(answers); i++) {
        es_parse_error(&a, answers[i], strlen(answers[i]), 503, &e);
        CU_ASSERT_EQUAL(e.status, 503);
    }
    CU_ASSERT_EQUAL(es_parse_bulk(&a, bulk, strlen(bulk), ok, 1, &failed, &e), ST_OK);
    CU_ASSERT_EQUAL(failed, 1);
    CU_ASSERT_EQUAL(e.status, 0);
    arena_release(&a);
}

int suite_es(void)
{
    static const struct test_case cases[] = {
        { "a status that is not HTTP is ignored", a_status_that_is_not_http_is_ignored },
        { "search body follows the multi_match rules", search_body_follows_the_multi_match_rules },
        { "bulk body is NDJSON like the spec example", bulk_body_is_ndjson_like_the_spec_example },
        { "index body has the spec's mapping", index_body_has_the_spec_mapping },
        { "the recorded search answer parses", recorded_search_answer_parses },
        { "recorded bulk answers flag each item", recorded_bulk_answers_flag_each_item },
        { "a bulk delete line is the spec example's", bulk_delete_line_is_the_spec_examples },
        { "bulk delete items are done unless an error",
          bulk_delete_items_are_done_unless_an_error },
        { "every recorded error body parses", recorded_error_bodies_parse },
        { NULL, NULL },
    };
    return test_register("infra/es", cases);
}
