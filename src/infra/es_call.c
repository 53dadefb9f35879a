/*
 * Elasticsearch answers (parsed with infra/json) and the calls themselves.
 */
#include "config.h"
#include "core/common.h"
#include "infra/es.h"
#include "core/arena.h"
#include "core/buf.h"
#include "core/log.h"
#include "infra/json.h"

#include <json-c/json.h>

enum status es_parse_search(struct arena *a, const char *text, size_t len, struct es_hit **hits,
                            int *n)
{
    char err[128];
    struct json_object *root = json_parse(a, text, len, err, sizeof(err));
    struct json_object *arr = json_path(root, "hits.hits");
    if (!arr || json_object_get_type(arr) != json_type_array)
        return ST_INVALID;
    *n = (int)json_arr_len(arr);
    *hits = arena_alloc(a, sizeof(**hits) * (size_t)(*n + 1));
    for (int i = 0; i < *n; i++) {
        struct json_object *h = json_arr_get(arr, (size_t)i);
        struct json_object *sort = json_path(h, "sort");
        double score = 0;
        (*hits)[i].id = json_path_str(h, "_id");
        if (!(*hits)[i].id)
            return ST_INVALID;
        struct json_object *first = json_arr_get(sort, 0);
        if (first && (json_object_is_type(first, json_type_double) ||
                      json_object_is_type(first, json_type_int)))
            score = json_object_get_double(first);
        else
            json_path_num(h, "_score", &score); /* null when sorted otherwise */
        (*hits)[i].score = score;
    }
    return ST_OK;
}

/* An HTTP status read from an answer, or def when it is not one (the
 * conversion of a double out of range would be undefined). */
static long http_status(double s, long def)
{
    return s >= 100 && s < 600 ? (long)s : def;
}

void es_parse_error(struct arena *a, const char *text, size_t len, long status,
                    struct es_error *out)
{
    char err[128];
    struct json_object *root = json_parse(a, text, len, err, sizeof(err));
    double s;
    out->status = json_path_num(root, "status", &s) ? http_status(s, status) : status;
    out->type = json_path_str(root, "error.type");
    out->reason = json_path_str(root, "error.reason");
    /* routing-level failures carry a bare string */
    if (!out->type && json_path_str(root, "error")) {
        out->type = "error";
        out->reason = json_path_str(root, "error");
    }
}

/* The one member of a bulk item: {"index": {...}} -> {...}; its key
 * (the action) into *action. */
static struct json_object *item_body(struct json_object *item, const char **action)
{
    *action = "";
    if (!json_is_object(item))
        return NULL;
    json_object_object_foreach(item, key, val)
    {
        *action = key;
        return val;
    }
    return NULL;
}

/* A delete of a document that is not there: 404 with result not_found and
 * no error (a missing index is an error item, and stays one). */
static bool deleted_already(const char *action, struct json_object *it, double status)
{
    const char *result = json_path_str(it, "result");
    return strcmp(action, "delete") == 0 && status == 404 && !json_path(it, "error") && result &&
           strcmp(result, "not_found") == 0;
}

enum status es_parse_bulk(struct arena *a, const char *text, size_t len, bool *ok, int n,
                          int *failed, struct es_error *first)
{
    char err[128];
    struct json_object *root = json_parse(a, text, len, err, sizeof(err));
    struct json_object *items = json_path(root, "items");
    *failed = 0;
    memset(first, 0, sizeof(*first));
    if (!items || json_arr_len(items) != (size_t)n)
        return ST_INVALID;
    for (int i = 0; i < n; i++) {
        const char *action;
        struct json_object *it = item_body(json_arr_get(items, (size_t)i), &action);
        double status = 0;
        bool has_status = json_path_num(it, "status", &status);
        ok[i] = it && !json_path(it, "error") && has_status &&
                ((status >= 200 && status < 300) || deleted_already(action, it, status));
        if (ok[i])
            continue;
        if (++*failed == 1) {
            first->status = http_status(status, 0);
            first->type = json_path_str(it, "error.type");
            first->reason = json_path_str(it, "error.reason");
        }
    }
    return ST_OK;
}

static const char *const json_headers[] = { "Content-Type: application/json", NULL };
static const char *const ndjson_headers[] = { "Content-Type: application/x-ndjson", NULL };

/* Sends and logs failures; ST_OK with the answer in resp on a 2xx. */
static enum status call(struct es_client *c, struct arena *a, const char *method, const char *path,
                        const struct buf *body, const char *const *headers,
                        struct http_result *resp)
{
    struct http_req req = {
        .method = method,
        .url = path,
        .headers = headers,
        .body = body ? body->data : NULL,
        .body_len = body ? body->len : 0,
        .timeout_ms = c->timeout_ms,
    };
    enum status st = http_nodes_do(&c->nodes, &c->http, a, "elasticsearch", &req, resp);
    if (st != ST_OK) {
        log_warn("es_unreachable", "path=%s error=\"%s\"", path, resp->error);
        return ST_UPSTREAM;
    }
    return resp->status >= 200 && resp->status < 300 ? ST_OK : ST_UPSTREAM;
}

static void log_error_answer(struct arena *a, const char *what, const struct http_result *resp)
{
    struct es_error e;
    char reason[256];
    es_parse_error(a, resp->body->data, resp->body->len, resp->status, &e);
    log_warn("es_error", "call=%s status=%ld type=%s reason=%s", what, resp->status,
             e.type ? e.type : "-", log_quote(reason, sizeof(reason), e.reason ? e.reason : "-"));
}

enum status es_search(struct es_client *c, struct arena *a, const struct es_query *q,
                      struct es_hit **hits, int *n)
{
    struct buf *body = buf_new_arena(a, 1 << 20);
    struct http_result resp;
    es_search_body(body, q);
    if (body->failed)
        return ST_NOMEM;
    enum status st = call(c, a, "POST", "/" ES_INDEX "/_search", body, json_headers, &resp);
    if (st != ST_OK) {
        if (resp.status)
            log_error_answer(a, "search", &resp);
        return ST_UPSTREAM;
    }
    if (es_parse_search(a, resp.body->data, resp.body->len, hits, n) != ST_OK) {
        log_warn("es_error", "call=search error=%s", "unexpected answer");
        return ST_UPSTREAM;
    }
    return ST_OK;
}

enum status es_ping(struct es_client *c, struct arena *a, long timeout_ms)
{
    struct http_result res;
    struct http_req req = { .method = "HEAD",
                            .url = "/" ES_INDEX,
                            .timeout_ms = timeout_ms,
                            .connect_timeout_ms = timeout_ms };
    if (http_nodes_do(&c->nodes, &c->http, a, "elasticsearch", &req, &res) != ST_OK)
        return ST_UPSTREAM;
    return res.status == 200 ? ST_OK : ST_UPSTREAM;
}

enum status es_create_index(struct es_client *c, struct arena *a)
{
    struct buf *body = buf_new_arena(a, 0);
    struct http_result resp;
    struct es_error e;
    es_index_body(body);
    if (call(c, a, "PUT", "/" ES_INDEX, body, json_headers, &resp) == ST_OK)
        return ST_OK;
    if (!resp.status)
        return ST_UPSTREAM;
    es_parse_error(a, resp.body->data, resp.body->len, resp.status, &e);
    if (resp.status == 400 && e.type && strcmp(e.type, "resource_already_exists_exception") == 0)
        return ST_OK;
    log_error_answer(a, "create_index", &resp);
    return ST_UPSTREAM;
}

enum status es_bulk(struct es_client *c, struct arena *a, const struct buf *body, bool *ok, int n,
                    int *failed)
{
    struct http_result resp;
    struct es_error first;
    if (call(c, a, "POST", "/_bulk", body, ndjson_headers, &resp) != ST_OK) {
        if (resp.status)
            log_error_answer(a, "bulk", &resp);
        return ST_UPSTREAM;
    }
    /* HTTP 200 even when items failed: every item is checked. */
    if (es_parse_bulk(a, resp.body->data, resp.body->len, ok, n, failed, &first) != ST_OK) {
        log_warn("es_error", "call=bulk error=%s", "unexpected answer");
        return ST_UPSTREAM;
    }
    if (*failed) {
        char reason[256];
        log_warn("es_bulk_items_failed", "failed=%d of=%d status=%ld type=%s reason=%s", *failed, n,
                 first.status, first.type ? first.type : "-",
                 log_quote(reason, sizeof(reason), first.reason ? first.reason : "-"));
    }
    return ST_OK;
}
