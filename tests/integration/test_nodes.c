/*
 * Elasticsearch and Qdrant clusters (infra/http_nodes.h): the clients get
 * several node URLs and move to the next node when one gives no answer or
 * a 5xx. Two local fakes serve the recorded answers (tests/fixtures); one
 * of them dies or fails.
 */
#include "config.h"
#include "core/common.h"
#include "tests/integration/itest.h"
#include "core/arena.h"
#include "infra/es.h"
#include "infra/http_nodes.h"
#include "infra/qdrant.h"
#include "tests/integration/fake_http.h"
#include "tests/testskip.h"

static struct arena A;
static char *Es_answer; /* the recorded _search answer */

/* A recorded answer of POST /collections/{name}/points/query (qdrant-notes.md). */
static const char qdrant_answer[] =
    "{\"result\":{\"points\":[{\"id\":\"5c56c793-69f3-4fbf-87e6-c4bf54c28c26\",\"version\":3,"
    "\"score\":0.91,\"payload\":{\"eventId\":\"e1\"}}]},\"status\":\"ok\",\"time\":0.002}";

static char *read_fixture(const char *rel)
{
    const char *dir = getenv("MQ_FIXTURES");
    char path[700];
    snprintf(path, sizeof(path), "%s/%s", dir ? dir : "tests/fixtures", rel);
    FILE *f = fopen(path, "rb");
    char *s = calloc(1, 1 << 16);
    if (f && s && fread(s, 1, (1 << 16) - 1, f) == 0)
        s[0] = '\0';
    if (f)
        fclose(f);
    return s;
}

static int setup(void)
{
    arena_init(&A, 1 << 16);
    Es_answer = read_fixture("elasticsearch/spec-examples/extracted-json/"
                             "_global_search__200_response_SearchResponseExample1.json");
    return 0;
}

static int teardown(void)
{
    arena_release(&A);
    free(Es_answer);
    return 0;
}

static bool no_fixture(void)
{
    if (Es_answer && strstr(Es_answer, "\"hits\""))
        return false;
    test_skip("upstream nodes tests need tests/fixtures/elasticsearch (MQ_FIXTURES)");
    return true;
}

static const struct es_query Q = { .words = (const char *const[]){ "kimchy" },
                                   .nwords = 1,
                                   .joined = "kimchy",
                                   .from = INT64_MIN,
                                   .to = INT64_MAX,
                                   .size = 10 };

static void node_lists_are_split_and_trimmed(void)
{
    const char *out[HTTP_NODES_MAX];
    CU_ASSERT_EQUAL(http_nodes_split(&A, " http://a:9200/ ,,http://b:9200//,", out), 2);
    CU_ASSERT_STRING_EQUAL(out[0], "http://a:9200");
    CU_ASSERT_STRING_EQUAL(out[1], "http://b:9200");
    CU_ASSERT_EQUAL(http_nodes_split(&A, "", out), 0);
    CU_ASSERT_EQUAL(http_nodes_split(&A, NULL, out), 0);
    arena_reset(&A);
}

static void es_moves_to_the_next_node_when_one_dies(void)
{
    if (no_fixture())
        return;
    struct fake_http *a = fake_http_start(200, Es_answer), *b = fake_http_start(200, Es_answer);
    CU_ASSERT_PTR_NOT_NULL_FATAL(a);
    CU_ASSERT_PTR_NOT_NULL_FATAL(b);
    struct es_client c;
    struct es_hit *hits;
    int n = 0;
    es_client_init(&c, arena_printf(&A, "%s,%s/", fake_http_url(a), fake_http_url(b)), 2000);
    CU_ASSERT_EQUAL(es_search(&c, &A, &Q, &hits, &n), ST_OK);
    CU_ASSERT_TRUE(n > 0);
    CU_ASSERT_STRING_EQUAL(n > 0 ? hits[0].id : "", "0");
    CU_ASSERT_EQUAL(fake_http_requests(a), 1);
    CU_ASSERT_EQUAL(fake_http_requests(b), 0);
    /* the first node dies: the same call is answered by the second */
    fake_http_stop(a);
    n = 0;
    CU_ASSERT_EQUAL(es_search(&c, &A, &Q, &hits, &n), ST_OK);
    CU_ASSERT_TRUE(n > 0);
    CU_ASSERT_EQUAL(fake_http_requests(b), 1);
    /* and the second stays current: the dead one is not tried again first */
    CU_ASSERT_EQUAL(es_ping(&c, &A, 1000), ST_OK);
    CU_ASSERT_EQUAL(fake_http_requests(b), 2);
    CU_ASSERT_EQUAL(c.nodes.current, 1);
    es_client_release(&c);
    fake_http_stop(b);
    arena_reset(&A);
}

static void es_moves_on_after_a_5xx_but_not_after_a_4xx(void)
{
    if (no_fixture())
        return;
    struct fake_http *a = fake_http_start(503, "{\"error\":{\"type\":\"cluster_block_exception\","
                                               "\"reason\":\"blocked\"},\"status\":503}");
    struct fake_http *b = fake_http_start(200, Es_answer);
    CU_ASSERT_PTR_NOT_NULL_FATAL(a);
    CU_ASSERT_PTR_NOT_NULL_FATAL(b);
    struct es_client c;
    struct es_hit *hits;
    int n = 0;
    es_client_init(&c, arena_printf(&A, "%s,%s", fake_http_url(a), fake_http_url(b)), 2000);
    CU_ASSERT_EQUAL(es_search(&c, &A, &Q, &hits, &n), ST_OK);
    CU_ASSERT_TRUE(n > 0);
    CU_ASSERT_EQUAL(fake_http_requests(a), 1);
    CU_ASSERT_EQUAL(fake_http_requests(b), 1);
    /* a 4xx is the answer: asking another node would get the same */
    char *missing = read_fixture("elasticsearch/errors/404_index_not_found_exception_es8.15.json");
    fake_http_answer(b, 404, missing);
    CU_ASSERT_EQUAL(es_search(&c, &A, &Q, &hits, &n), ST_UPSTREAM);
    CU_ASSERT_EQUAL(fake_http_requests(a), 1);
    CU_ASSERT_EQUAL(fake_http_requests(b), 2);
    /* every node failing is a failure, after one try each */
    fake_http_answer(b, 502, "bad gateway");
    CU_ASSERT_EQUAL(es_search(&c, &A, &Q, &hits, &n), ST_UPSTREAM);
    CU_ASSERT_EQUAL(fake_http_requests(a), 2);
    CU_ASSERT_EQUAL(fake_http_requests(b), 3);
    free(missing);
    es_client_release(&c);
    fake_http_stop(a);
    fake_http_stop(b);
    arena_reset(&A);
}

static void qdrant_moves_to_the_next_node_when_one_dies(void)
{
    struct fake_http *a = fake_http_start(200, qdrant_answer),
                     *b = fake_http_start(200, qdrant_answer);
    CU_ASSERT_PTR_NOT_NULL_FATAL(a);
    CU_ASSERT_PTR_NOT_NULL_FATAL(b);
    struct qdrant_client c;
    struct qdrant_hit *hits;
    int n = 0;
    qdrant_client_init(&c, arena_printf(&A, "%s,%s", fake_http_url(a), fake_http_url(b)), 2000);
    CU_ASSERT_EQUAL(qdrant_query(&c, &A, "e0", true, "Music", 3, &hits, &n), ST_OK);
    CU_ASSERT_EQUAL(n, 1);
    CU_ASSERT_EQUAL(fake_http_requests(a), 1);
    fake_http_stop(a);
    n = 0;
    CU_ASSERT_EQUAL(qdrant_query(&c, &A, "e0", true, "Music", 3, &hits, &n), ST_OK);
    CU_ASSERT_EQUAL(n, 1);
    CU_ASSERT_STRING_EQUAL(n == 1 ? hits[0].event_id : "", "e1");
    CU_ASSERT_EQUAL(fake_http_requests(b), 1);
    /* the last node dies too: an upstream failure, promptly */
    fake_http_stop(b);
    CU_ASSERT_EQUAL(qdrant_query(&c, &A, "e0", true, "Music", 3, &hits, &n), ST_UPSTREAM);
    qdrant_client_release(&c);
    arena_reset(&A);
}

int suite_upstream_nodes(void)
{
    static const struct itest_case cases[] = {
        { "node lists are split, blanks and trailing slashes dropped",
          node_lists_are_split_and_trimmed },
        { "elasticsearch: a dead node, the next one answers and stays current",
          es_moves_to_the_next_node_when_one_dies },
        { "elasticsearch: a 5xx moves on, a 4xx does not, all failing fails",
          es_moves_on_after_a_5xx_but_not_after_a_4xx },
        { "qdrant: a dead node, the next one answers; none left fails",
          qdrant_moves_to_the_next_node_when_one_dies },
        { NULL, NULL },
    };
    return itest_register("upstream nodes", cases, setup, teardown);
}
