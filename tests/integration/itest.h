/*
 * itest.h - helpers for the integration tests, which drive the real stack
 * (nginx + marquee-api + Postgres + Redis) over HTTP on loopback.
 * Environment: MQ_BASE_URL (http://127.0.0.1:18080), DATABASE_URL,
 * MQ_DEV (scripts/dev, acting on the test stack), MQ_FIXTURES.
 */
#ifndef MQ_ITEST_H
#define MQ_ITEST_H

#include "core/common.h"
#include "core/arena.h"
#include "core/buf.h"
#include "tests/testskip.h"

#include <CUnit/CUnit.h>

struct json_object;

struct http_resp {
    long status;
    char allow[128];
    char content_type[128];
    char retry_after[32];
    char x_cache[16];
    char set_cookie[4][1536]; /* the Set-Cookie lines, in order */
    int nset_cookie;
    struct buf body;
    struct buf headers; /* every header line as received */
    double seconds;
};

/* Requests MQ_BASE_URL + path (method GET unless given, optional body).
 * Returns 0 when an HTTP answer arrived; status 0 otherwise. resp->body
 * is released by http_resp_release. Timeout 10 s. */
int http_request(const char *method, const char *path, const char *body, size_t body_len,
                 struct http_resp *resp);
int http_get(const char *path, struct http_resp *resp);
/* The same with extra request headers ("Name: value", NULL-terminated,
 * may be NULL) and the body's content type (NULL: application/json).
 * Requests say "Cache-Control: no-cache" (nginx answers them fresh, see
 * nginx/marquee.conf) unless headers hold a Cache-Control line. */
/* Requests from here on leave from a loopback address of their own
 * (127.a.b.c, new each call, returned), so per-address limits (nginx's on
 * sign-in attempts, the app's on failures) start afresh for a test that
 * measures them; itest_from_default_address goes back. Set it before
 * starting threads. */
const char *itest_from_fresh_address(void);
void itest_from_default_address(void);

int http_request_ex(const char *method, const char *path, const char *const *headers,
                    const char *content_type, const char *body, size_t body_len,
                    struct http_resp *resp);
void http_resp_release(struct http_resp *resp);
/* The value of the first header called name (any case), or NULL. Arena copy. */
const char *http_header(struct arena *a, const struct http_resp *r, const char *name);

/* GETs path and parses the JSON body into the arena; NULL if either fails
 * (*status is set whenever an answer arrived). */
struct json_object *http_get_json(struct arena *a, const char *path, long *status);

/* s percent-encoded for a query string (all but ASCII letters and digits),
 * in the arena. */
const char *itest_url_encode(struct arena *a, const char *s);

/* Asserts GET path answers 400 with errors[0].field == field. */
void assert_400_field(const char *path, const char *field);

/* Waits for an event, not for a time: asks cond(arg) every step_ms until
 * it holds, for at most timeout_ms. Returns whether it held; the caller
 * asserts it (a condition that never comes is a failure, not a hang). */
bool itest_poll(bool (*cond)(void *arg), void *arg, int timeout_ms, int step_ms);

/* Runs "$MQ_DEV cmd" (e.g. "pg-stop"); returns its exit status. */
int itest_dev(const char *cmd);

/* The test stack's DATABASE_URL. */
const char *itest_database_url(void);

/* Registers a suite of (name, fn) pairs terminated by { NULL, NULL }. */
struct itest_case {
    const char *name;
    void (*fn)(void);
};
/* setup/teardown may be NULL. */
int itest_register(const char *suite, const struct itest_case *cases, int (*setup)(void),
                   int (*teardown)(void));

int suite_pg(void);
int suite_catalogue_api(void);
int suite_resilience(void);
int suite_sync_db(void);
int suite_sync_resume(void);
int suite_images(void);
int suite_tm_client(void);
int suite_ingest_db(void);
int suite_search_api(void);
int suite_similar_api(void);
int suite_upstream_nodes(void);
int suite_auth_api(void);
int suite_favorites_api(void);
int suite_cache_api(void);
int suite_redis_down(void);
int suite_relay(void);
int suite_market_api(void);
int suite_expire(void);
int suite_waitroom_api(void);
int suite_web(void);
int suite_web_event(void);
int suite_web_market(void);
int suite_web_catalogue(void);
int suite_web_account(void);

#endif
