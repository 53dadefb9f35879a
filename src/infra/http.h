/*
 * http.h - an HTTP client for upstream REST APIs (libcurl): Elasticsearch,
 * Qdrant, embedding providers, Ticketmaster.
 *
 * One client per process (a worker or a job), created after fork: it keeps
 * one curl easy handle, so connections are reused between calls. Every
 * call has a connect timeout and a total timeout and a cap on the response
 * body, so a slow or babbling upstream costs a bounded time and memory.
 * Nothing here logs: callers log with http_url_for_log, which drops the
 * user info and the query string (where API keys travel).
 */
#ifndef MQ_HTTP_H
#define MQ_HTTP_H

#include "core/common.h"
#include "core/status.h"

struct arena;
struct buf;

#define HTTP_CONNECT_TIMEOUT_MS 1000
#define HTTP_TIMEOUT_MS         5000
#define HTTP_MAX_BODY           (8u << 20)

struct http_client {
    void *curl; /* CURL *, created on first use */
};

struct http_req {
    const char *method;         /* "GET", "POST", "PUT", "DELETE", "HEAD" */
    const char *url;            /* full URL */
    const char *const *headers; /* "Name: value" lines, NULL-terminated; may be NULL */
    const char *body;           /* NULL: no body */
    size_t body_len;
    long connect_timeout_ms; /* 0: HTTP_CONNECT_TIMEOUT_MS */
    long timeout_ms;         /* whole exchange; 0: HTTP_TIMEOUT_MS */
    size_t max_body;         /* response cap in bytes; 0: HTTP_MAX_BODY */
};

struct http_result {
    long status;      /* HTTP status; 0 when no answer arrived */
    struct buf *body; /* arena buf, NUL-terminated */
    struct buf *head; /* the response header lines, arena buf */
    char error[160];  /* why no answer arrived (no URL in it) */
    double seconds;
    double sent_seconds; /* from the call until the request went out (curl's pretransfer) */
};

void http_client_init(struct http_client *c);
void http_client_release(struct http_client *c);

/*
 * Sends req and reads the answer into resp (arena memory). ST_OK when an
 * HTTP answer arrived, whatever its status (check resp->status);
 * ST_UPSTREAM when none did (refused, timed out, body over the cap...),
 * with resp->error saying why; ST_INVALID for a request curl refuses.
 */
enum status http_do(struct http_client *c, struct arena *a, const struct http_req *req,
                    struct http_result *resp);

/* The value of response header name (case-insensitive), arena copy, or NULL. */
const char *http_result_header(struct arena *a, const struct http_result *resp, const char *name);

/* scheme://host[:port]/path of url for logs: no user info, no query string
 * or fragment. Arena string. */
const char *http_url_for_log(struct arena *a, const char *url);

#endif
