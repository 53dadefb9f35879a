/*
 * Qdrant calls: send, check the status, log the error message Qdrant gave.
 */
#include "config.h"
#include "core/common.h"
#include "infra/qdrant.h"
#include "core/arena.h"
#include "core/buf.h"
#include "core/log.h"

static enum status call(struct qdrant_client *c, struct arena *a, const char *method,
                        const char *path, const struct buf *body, struct http_result *res)
{
    struct http_req req = { .method = method,
                            .url = path,
                            .body = body->data,
                            .body_len = body->len,
                            .timeout_ms = c->timeout_ms };
    if (body->failed)
        return ST_NOMEM;
    if (http_nodes_do(&c->nodes, &c->http, a, "qdrant", &req, res) != ST_OK) {
        log_warn("qdrant_unreachable", "path=%s error=\"%s\"", path, res->error);
        return ST_UPSTREAM;
    }
    return res->status >= 200 && res->status < 300 ? ST_OK : ST_UPSTREAM;
}

static void log_error_answer(struct arena *a, const char *what, const struct http_result *res)
{
    char msg[256];
    const char *e = qdrant_parse_error(a, res->body->data, res->body->len);
    log_warn("qdrant_error", "call=%s status=%ld error=%s", what, res->status,
             log_quote(msg, sizeof(msg), e ? e : "-"));
}

enum status qdrant_create_collection(struct qdrant_client *c, struct arena *a)
{
    struct buf *body = buf_new_arena(a, 0);
    struct http_result res;
    qdrant_collection_body(body);
    enum status st = call(c, a, "PUT", "/collections/" QDRANT_COLLECTION, body, &res);
    if (st == ST_OK || res.status == 409) /* 409: it exists already */
        return ST_OK;
    if (res.status)
        log_error_answer(a, "create_collection", &res);
    return ST_UPSTREAM;
}

enum status qdrant_ping(struct qdrant_client *c, struct arena *a, long timeout_ms)
{
    struct http_result res;
    struct http_req req = { .method = "GET",
                            .url = "/collections/" QDRANT_COLLECTION "/exists",
                            .timeout_ms = timeout_ms,
                            .connect_timeout_ms = timeout_ms };
    if (http_nodes_do(&c->nodes, &c->http, a, "qdrant", &req, &res) != ST_OK || res.status != 200)
        return ST_UPSTREAM;
    return qdrant_parse_exists(a, res.body->data, res.body->len) ? ST_OK : ST_UPSTREAM;
}

/* An update (upsert, delete) answered 200: it must say completed. */
static enum status completed(struct arena *a, const char *what, const struct http_result *res)
{
    const char *status;
    if (qdrant_parse_update(a, res->body->data, res->body->len, &status) != ST_OK ||
        strcmp(status, "completed") != 0) {
        log_warn("qdrant_error", "call=%s error=%s", what, "not completed");
        return ST_UPSTREAM;
    }
    return ST_OK;
}

enum status qdrant_upsert(struct qdrant_client *c, struct arena *a, const struct qdrant_point *p,
                          size_t n)
{
    struct buf *body = buf_new_arena(a, 0);
    struct http_result res;
    qdrant_upsert_body(body, p, n);
    if (call(c, a, "PUT", "/collections/" QDRANT_COLLECTION "/points?wait=true", body, &res) !=
        ST_OK) {
        if (res.status)
            log_error_answer(a, "upsert", &res);
        return ST_UPSTREAM;
    }
    return completed(a, "upsert", &res);
}

enum status qdrant_delete(struct qdrant_client *c, struct arena *a, const char *const *event_ids,
                          size_t n)
{
    struct buf *body = buf_new_arena(a, 0);
    struct http_result res;
    qdrant_delete_body(body, event_ids, n);
    if (call(c, a, "POST", "/collections/" QDRANT_COLLECTION "/points/delete?wait=true", body,
             &res) != ST_OK) {
        if (res.status)
            log_error_answer(a, "delete", &res);
        return ST_UPSTREAM;
    }
    return completed(a, "delete", &res);
}

enum status qdrant_query(struct qdrant_client *c, struct arena *a, const char *event_id,
                         bool same_genre, const char *genre, int limit, struct qdrant_hit **hits,
                         int *n)
{
    struct buf *body = buf_new_arena(a, 0);
    struct http_result res;
    qdrant_query_body(body, event_id, same_genre, genre, limit);
    enum status st =
        call(c, a, "POST", "/collections/" QDRANT_COLLECTION "/points/query", body, &res);
    if (st != ST_OK) {
        const char *e = res.status ? qdrant_parse_error(a, res.body->data, res.body->len) : NULL;
        /* the event has no point yet: nothing similar to tell */
        if (res.status == 404 && e && strncmp(e, "Not found: No point", 19) == 0)
            return ST_NOT_FOUND;
        if (res.status)
            log_error_answer(a, "query", &res);
        return ST_UPSTREAM;
    }
    if (qdrant_parse_query(a, res.body->data, res.body->len, hits, n) != ST_OK) {
        log_warn("qdrant_error", "call=query error=%s", "unexpected answer");
        return ST_UPSTREAM;
    }
    return ST_OK;
}
