/*
 * fake_http.h - a one-connection-at-a-time HTTP/1.1 server on 127.0.0.1
 * in a thread, answering every request with a canned status and body and
 * keeping the last request body. Stands in for Elasticsearch, Qdrant and
 * embedding providers, which cannot run here.
 */
#ifndef MQ_FAKE_HTTP_H
#define MQ_FAKE_HTTP_H

#include "core/common.h"

struct fake_http;

/* Starts a server answering status + body (copied); NULL on failure. */
struct fake_http *fake_http_start(int status, const char *body);
/* Changes the canned answer. */
void fake_http_answer(struct fake_http *f, int status, const char *body);
/* Answers with fn(line, body, &status) instead (a malloc'd body), e.g. to
 * count the items of a _bulk request. NULL: back to the canned answer. */
typedef char *(*fake_http_fn)(const char *line, const char *body, int *status);
void fake_http_handler(struct fake_http *f, fake_http_fn fn);
/* "http://127.0.0.1:<port>" (borrowed). */
const char *fake_http_url(const struct fake_http *f);
/* The last request line ("POST /path") and body (malloc'd copies: free them). */
char *fake_http_last_request(struct fake_http *f, char **body);
int fake_http_requests(struct fake_http *f);
void fake_http_stop(struct fake_http *f);

#endif
