/*
 * search_backend.h - one interface, two implementations of /api/search:
 * Postgres (search_pg.c, the default) and Elasticsearch (search_es.c, when
 * ELASTICSEARCH_URL is set). Both answer with the same rows (the layout of
 * events_by_ids.h), so the handler renders the same JSON whichever ran.
 */
#ifndef MQ_SEARCH_BACKEND_H
#define MQ_SEARCH_BACKEND_H

#include "core/common.h"
#include "core/status.h"
#include "app/search/search_cursor.h"
#include "app/search/search_text.h"
#include "infra/es.h"

struct app_ctx;
struct pg_result;
struct search_dict;

/* The search domain's worker-lifetime state (struct app_state's search),
 * made by search_init and freed by search_release (search.h). */
struct search_state {
    struct search_dict *dict; /* search_dict.h */
    struct es_client es;      /* set up when ELASTICSEARCH_URL is */
    bool es_ready;
};

struct search_request {
    struct search_word words[SEARCH_MAX_WORDS];
    int nwords;         /* >= 1 */
    const char *joined; /* the words joined by spaces */
    const char *genre;  /* NULL: any */
    bool has_range;
    int64_t from, to; /* INT64_MIN / INT64_MAX when only one was given */
    int64_t limit;
    struct search_cursor after; /* after.set false: the first page */
    uint32_t fingerprint;       /* of words, genre and range */
};

struct search_result {
    struct pg_result *rows;  /* summary at column 0, next session at EV_SUMMARY_COLS */
    int n;                   /* rows to render, in order (the first n) */
    double *scores;          /* [n], arena */
    const char *next_cursor; /* arena; NULL on the last page */
};

struct search_backend {
    const char *name; /* "postgres", "elasticsearch" (logs, metrics) */
    char cursor_tag;  /* search_cursor.backend */
    /* ST_UPSTREAM when the backend could not answer (the caller may fall
     * back); other statuses are final. */
    enum status (*find)(const struct app_ctx *app, const struct search_request *sr,
                        struct search_result *out);
};

extern const struct search_backend search_pg;
extern const struct search_backend search_es;

/* The parameters of GET /api/search (q, genre, from, to, limit, cursor)
 * into sr, or a 400 naming the field (and -1), as params.h. No I/O. */
struct request;
struct response;
int search_request_parse(struct request *req, struct response *res, struct search_request *sr);

/* Runs sr on the configured backend, falling back to Postgres (logged and
 * counted) when Elasticsearch cannot answer a first page: what
 * /api/search does, for pages that search too. */
enum status search_run(const struct app_ctx *app, const struct search_request *sr,
                       struct search_result *out);

/* sr as the Elasticsearch query search_es sends (words in the arena). */
struct arena;
void search_es_query(struct arena *a, const struct search_request *sr, struct es_query *q);

/* search_es's part of search_init / search_release. */
struct config;
enum status search_es_init(struct search_state *st, const struct config *cfg);
void search_es_release(struct search_state *st);

#endif
