/*
 * es.h - the Elasticsearch REST calls Marquee makes (see
 * tests/fixtures/elasticsearch/elasticsearch-notes.md): create the
 * index `events`, push documents with _bulk, search with multi_match.
 *
 * Bodies are written with jsonw and answers parsed with infra/json, in
 * functions separate from the network calls so the contract tests can
 * check them against the recorded requests and responses.
 *
 * The search has the same meaning as the Postgres one (search_store.h):
 * every query word must match name or venueName (fuzziness AUTO; the last
 * word may also be a prefix); exact and prefix matches of the normalised
 * name (searchName, a keyword) are boosted; sorted by _score then id, and
 * paged with search_after.
 */
#ifndef MQ_ES_H
#define MQ_ES_H

#include "core/common.h"
#include "core/status.h"
#include "infra/http.h"
#include "infra/http_nodes.h"

struct arena;
struct buf;

#define ES_INDEX "events"

struct es_client {
    struct http_client http;
    struct http_nodes nodes; /* ELASTICSEARCH_URL: one or more base URLs, comma-separated */
    long timeout_ms;
};

struct es_query {
    const char *const *words; /* normalised query words */
    int nwords;
    bool last_prefix;   /* the last word may also match as a prefix */
    const char *joined; /* the words joined by one space */
    const char *genre;  /* NULL: any */
    bool has_range;
    int64_t from, to; /* INT64_MIN / INT64_MAX: open */
    int size;
    bool after; /* search_after [after_score, after_id] */
    double after_score;
    const char *after_id;
};

struct es_hit {
    const char *id;
    double score; /* the first sort value, else _score */
};

struct es_error {
    long status;
    const char *type;   /* "index_not_found_exception", ...; NULL if none */
    const char *reason; /* may be NULL */
};

/* One event as indexed. Times are epoch seconds; next_start INT64_MIN: none. */
struct es_doc {
    const char *id, *name, *venue_name, *search_name, *genre, *sub_genre;
    int64_t next_start;
    const int64_t *starts;
    size_t nstarts;
    int64_t session_count;
};

/* urls: ELASTICSEARCH_URL (borrowed), one base URL or several separated by commas
 * (http_nodes.h: the next node is tried on no answer or a 5xx). */
void es_client_init(struct es_client *c, const char *urls, long timeout_ms);
void es_client_release(struct es_client *c);

/* Request bodies. */
void es_search_body(struct buf *b, const struct es_query *q);
void es_index_body(struct buf *b);
/* Appends the action and source lines of d to a _bulk body (NDJSON, every
 * line ends with \n). */
void es_bulk_add(struct buf *b, const struct es_doc *d);
/* Appends a delete action for id (no source line) to a _bulk body. */
void es_bulk_delete(struct buf *b, const char *id);

/* Answers. ST_INVALID when the text is not the expected shape. */
enum status es_parse_search(struct arena *a, const char *text, size_t len, struct es_hit **hits,
                            int *n);
/* ok[i] tells whether item i succeeded (n items expected); *failed counts
 * the others and *first describes the first failure. A delete of a
 * document that is not there (404, result not_found) succeeded: what it
 * asked for holds. */
enum status es_parse_bulk(struct arena *a, const char *text, size_t len, bool *ok, int n,
                          int *failed, struct es_error *first);
/* The error envelope {"error": {...}|"...", "status": N}; never fails
 * (unknown shapes give type NULL). */
void es_parse_error(struct arena *a, const char *text, size_t len, long status,
                    struct es_error *out);

/* Calls. ST_UPSTREAM when Elasticsearch did not answer or answered with an
 * error (logged with its type and reason). */
enum status es_search(struct es_client *c, struct arena *a, const struct es_query *q,
                      struct es_hit **hits, int *n);
/* ST_OK when the index answers (HEAD /events), within timeout_ms. */
enum status es_ping(struct es_client *c, struct arena *a, long timeout_ms);
/* Creates the index with its mapping; an existing index is success. */
enum status es_create_index(struct es_client *c, struct arena *a);
enum status es_bulk(struct es_client *c, struct arena *a, const struct buf *body, bool *ok, int n,
                    int *failed);

#endif
