#include "config.h"
#include "core/common.h"
#include "server/worker.h"
#include "core/log.h"
#include "core/timeutil.h"
#include "infra/fcgi.h"
#include "server/auth.h"
#include "server/cache.h"
#include "server/cookies.h"
#include "server/metrics.h"
#include "server/request.h"
#include "server/response.h"
#include "server/router.h"

#include <errno.h>
#include <signal.h>

/* The longest a worker waits without looking at stopping (fcgi.h). */
#define ACCEPT_WAIT_MS 250

static volatile sig_atomic_t stopping;

static void on_stop(int sig)
{
    MQ_UNUSED(sig);
    stopping = 1;
    fcgi_shutdown();
}

static void install_signals(void)
{
    struct sigaction sa;
    sigset_t none;
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = on_stop; /* no SA_RESTART: a blocked accept returns */
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGHUP, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);
    sa.sa_handler = SIG_IGN;
    sigaction(SIGPIPE, &sa, NULL);
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL); /* the master blocks them */
}

static const char *reason(int status)
{
    switch (status) {
    case 200:
        return "OK";
    case 201:
        return "Created";
    case 202:
        return "Accepted";
    case 204:
        return "No Content";
    case 303:
        return "See Other";
    case 400:
        return "Bad Request";
    case 401:
        return "Unauthorized";
    case 402:
        return "Payment Required";
    case 403:
        return "Forbidden";
    case 404:
        return "Not Found";
    case 405:
        return "Method Not Allowed";
    case 409:
        return "Conflict";
    case 413:
        return "Payload Too Large";
    case 415:
        return "Unsupported Media Type";
    case 422:
        return "Unprocessable Content";
    case 429:
        return "Too Many Requests";
    case 503:
        return "Service Unavailable";
    default:
        return status >= 500 ? "Internal Server Error" : "Unknown";
    }
}

/* Reads the body when there is one; replies 413/400 itself. */
static int read_body(struct request *req, struct response *res)
{
    const char *cl = request_header(req, "CONTENT_LENGTH");
    char *end;
    if (!cl || !*cl)
        return 0;
    unsigned long long n = strtoull(cl, &end, 10);
    if (*end || cl[0] == '-')
        return reply_error(res, ST_INVALID, NULL, "invalid content-length");
    if (n > REQUEST_MAX_BODY)
        return reply_error(res, ST_TOO_LARGE, NULL, "request body exceeds %d bytes",
                           REQUEST_MAX_BODY);
    char *body = arena_alloc(req->arena, (size_t)n + 1);
    req->body_len = fcgi_read(req->conn, body, (size_t)n);
    body[req->body_len] = '\0';
    req->body = body;
    if (req->body_len != n)
        return reply_error(res, ST_INVALID, NULL, "request body shorter than content-length");
    return 0;
}

static bool is_loopback(const char *addr)
{
    return addr && (strcmp(addr, "127.0.0.1") == 0 || strcmp(addr, "::1") == 0);
}

static void dispatch(struct request *req, struct response *res)
{
    char allow[128];
    if (req->query_error && strcmp(req->query_error, "query") == 0) {
        reply_error(res, ST_INVALID, "query", "more than %d query parameters", REQUEST_MAX_QUERY);
        return;
    }
    if (req->query_error) {
        reply_error(res, ST_INVALID, req->query_error, "must not contain a NUL byte (%%00)");
        return;
    }
    switch (router_match(req->ctx->routes, req, allow, sizeof(allow))) {
    case ROUTE_NOT_FOUND:
        if (req->ctx->not_found_page && strncmp(req->path, "/api/", 5) != 0) {
            req->ctx->not_found_page(req, res);
            return;
        }
        reply_error(res, ST_NOT_FOUND, NULL, "no such path: %.200s", req->path);
        return;
    case ROUTE_BAD_METHOD:
        response_header(res, "Allow", allow);
        reply_error(res, ST_METHOD, NULL, "method %.16s not allowed here; allowed: %s", req->method,
                    allow);
        return;
    case ROUTE_FOUND:
        break;
    }
    if (read_body(req, res))
        return;
    if (req->route->auth == AUTH_LOOPBACK && !is_loopback(req->remote_addr)) {
        reply_error(res, ST_DENIED, NULL, "only available from the local machine");
        return;
    }
    if (auth_guard(req, res) || cache_serve(req, res))
        return;
    req->route->handler(req, res);
    cache_store(req, res);
}

/* The Cache-Control line of an answer: nothing personal may be stored by a
 * browser or a shared cache; an anonymous answer of a cached route may be
 * kept by nginx (and browsers) for EDGE_CACHE_SECONDS, refreshed in the
 * background meanwhile, and served up to EDGE_STALE_SECONDS longer when
 * the app cannot answer (stale-if-error, RFC 5861). */
static const char *cache_control(const struct request *req, const struct response *res, char *buf,
                                 size_t len)
{
    const struct config *cfg = req->ctx->cfg;
    if (req->user)
        return "Cache-Control: private, no-store\r\n";
    if (!req->route || !req->route->cache || res->status != 200 || res->error != ST_OK ||
        cfg->edge_cache_s <= 0 || cookie_get(req, AUTH_SESSION_COOKIE) ||
        request_header(req, "HTTP_AUTHORIZATION"))
        return "";
    snprintf(buf, len,
             "Cache-Control: public, max-age=%d, stale-while-revalidate=%d, stale-if-error=%d\r\n",
             cfg->edge_cache_s, cfg->edge_cache_s, cfg->edge_stale_s);
    return buf;
}

static void send_response(struct request *req, struct response *res)
{
    char head[512];
    if (res->body.failed) {
        log_error("response_too_large", "route=%s", req->route ? req->route->pattern : "-");
        reply_error(res, ST_INTERNAL, NULL, "internal error");
    }
    bool with_body = res->status != 204 && strcmp(req->method, "HEAD") != 0;
    char cc[160];
    int n = snprintf(head, sizeof(head),
                     "Status: %d %s\r\nContent-Type: %s\r\nX-Content-Type-Options: nosniff\r\n%s",
                     res->status, reason(res->status), res->content_type,
                     cache_control(req, res, cc, sizeof(cc)));
    fcgi_write(req->conn, head, (size_t)n);
    if (res->status != 204) {
        n = snprintf(head, sizeof(head), "Content-Length: %zu\r\n", res->body.len);
        fcgi_write(req->conn, head, (size_t)n);
    }
    fcgi_write(req->conn, res->headers.data, res->headers.len);
    fcgi_write(req->conn, "\r\n", 2);
    if (with_body)
        fcgi_write(req->conn, res->body.data, res->body.len);
}

static const char *param_copy(struct arena *a, struct fcgi_conn *c, const char *name,
                              const char *def)
{
    const char *v = fcgi_param(c, name);
    return v ? arena_strdup(a, v) : def;
}

struct pg *worker_read_db(struct worker_ctx *w, struct arena *a)
{
    return w->replica.state == PG_REPLICA_NONE ? &w->db : pg_replica_pick(&w->replica, a);
}

static void serve_one(struct worker_ctx *ctx, struct fcgi_conn *c, struct arena *a,
                      struct response *res)
{
    int64_t t0 = time_mono_us();
    struct request req;
    char qpath[256];

    memset(&req, 0, sizeof(req));
    req.arena = a;
    req.ctx = ctx;
    req.conn = c;
    /* Copied: libfcgi frees its parameters when the request finishes. */
    req.method = param_copy(a, c, "REQUEST_METHOD", "GET");
    req.path = param_copy(a, c, "DOCUMENT_URI", "/");
    req.request_id = param_copy(a, c, "REQUEST_ID", "-");
    req.remote_addr = param_copy(a, c, "REMOTE_ADDR", "");
    request_parse_query(&req, fcgi_param(c, "QUERY_STRING"));
    cookies_parse(&req, param_copy(a, c, "HTTP_COOKIE", NULL));
    response_reset(res);
    response_header(res, "X-Request-Id", req.request_id);
    dispatch(&req, res);
    send_response(&req, res);
    fcgi_finish(c);

    int64_t us = time_mono_us() - t0;
    if (req.after)
        req.after(&req, req.after_arg);
    int ri = req.route ? router_index(ctx->routes, req.route) : -1;
    metrics_observe(ctx->metrics, ri, res->status, us);
    if (res->error == ST_UNAVAILABLE)
        metrics_inc(ctx->metrics->pg_unavailable);
    log_info("request", "method=%s route=%s path=%s status=%d ms=%.3f request_id=%s", req.method,
             req.route ? req.route->pattern : "-", log_quote(qpath, sizeof(qpath), req.path),
             res->status, (double)us / 1000.0, req.request_id);
    arena_reset(a);
}

int worker_run(int listen_fd, const struct config *cfg, const struct worker_app *app,
               struct metrics *metrics, struct shared *shared)
{
    struct worker_ctx ctx = { .cfg = cfg,
                              .metrics = metrics,
                              .shared = shared,
                              .routes = app->routes,
                              .sessions = app->sessions,
                              .not_found_page = app->not_found_page };
    struct arena arena;
    struct response res;
    long served = 0;

    install_signals();
    struct fcgi_conn *c = fcgi_new(listen_fd);
    if (!c) {
        log_error("worker_start", "error=%s", "cannot initialise the fastcgi request");
        return 1;
    }
    pg_init(&ctx.db, cfg->database_url, cfg->pg_connect_timeout_s, cfg->pg_statement_timeout_ms,
            "marquee-api");
    pg_ensure(&ctx.db); /* connect now; a failure is retried per request */
    pg_replica_init(&ctx.replica, &ctx.db, cfg->database_read_url, cfg->pg_connect_timeout_s,
                    cfg->pg_statement_timeout_ms, cfg->read_max_lag_ms, "marquee-api");
    kv_setup(&ctx.kv, cfg); /* validated by marquee-api at start */
    ratelimit_init(&ctx.ratelimit);
    bool started = app->init(&ctx) == 0; /* the domains' state (release copes with a failure) */
    if (!started)
        log_error("worker_start", "error=%s", "cannot initialise the domains");
    arena_init(&arena, 64 * 1024);
    response_init(&res);
    metrics_inc(metrics->worker_starts);

    int rc = started ? 0 : -1;
    while (started && !stopping && (rc = fcgi_accept(c, ACCEPT_WAIT_MS)) >= 0) {
        if (rc > 0)
            continue; /* nothing to serve yet: look at stopping again */
        serve_one(&ctx, c, &arena, &res);
        if (cfg->max_requests && ++served >= cfg->max_requests)
            break;
    }
    if (rc < 0 && started)
        log_error("worker_accept", "errno=%d", errno);
    response_release(&res);
    arena_release(&arena);
    cache_release();
    app->release(&ctx);
    pg_replica_release(&ctx.replica);
    pg_release(&ctx.db);
    kv_release(&ctx.kv);
    fcgi_free(c);
    log_info("worker_exit", "served=%ld reason=%s", served,
             rc < 0     ? "error"
             : stopping ? "signal"
                        : "recycle");
    return rc < 0 ? 1 : 0;
}
