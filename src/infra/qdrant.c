#include "config.h"
#include "core/common.h"
#include "infra/qdrant.h"
#include "core/arena.h"
#include "core/buf.h"
#include "core/jsonw.h"
#include "core/log.h"
#include "infra/json.h"

#include <json-c/json.h>

/* RFC 4122 NAMESPACE_URL */
static const unsigned char ns_url[16] = { 0x6b, 0xa7, 0xb8, 0x11, 0x9d, 0xad, 0x11, 0xd1,
                                          0x80, 0xb4, 0x00, 0xc0, 0x4f, 0xd4, 0x30, 0xc8 };

void qdrant_client_init(struct qdrant_client *c, const char *urls, long timeout_ms)
{
    http_client_init(&c->http);
    http_nodes_init(&c->nodes, urls);
    c->timeout_ms = timeout_ms;
}

void qdrant_client_release(struct qdrant_client *c)
{
    http_client_release(&c->http);
}

void qdrant_point_id(const char *event_id, char out[UUID_STR_LEN])
{
    uuid5(ns_url, event_id, strlen(event_id), out);
}

void qdrant_collection_body(struct buf *b)
{
    struct jsonw w;
    jsonw_init(&w, b);
    jsonw_obj_open(&w);
    jsonw_key(&w, "vectors");
    jsonw_obj_open(&w);
    jsonw_kint(&w, "size", QDRANT_DIMS);
    jsonw_kstr(&w, "distance", "Cosine");
    jsonw_obj_close(&w);
    jsonw_obj_close(&w);
}

void qdrant_upsert_body(struct buf *b, const struct qdrant_point *p, size_t n)
{
    struct jsonw w;
    char id[UUID_STR_LEN];
    jsonw_init(&w, b);
    jsonw_obj_open(&w);
    jsonw_key(&w, "points");
    jsonw_arr_open(&w);
    for (size_t i = 0; i < n; i++) {
        qdrant_point_id(p[i].event_id, id);
        jsonw_obj_open(&w);
        jsonw_kstr(&w, "id", id);
        jsonw_key(&w, "vector");
        jsonw_arr_open(&w);
        for (int d = 0; d < QDRANT_DIMS; d++)
            jsonw_double(&w, p[i].vector[d]);
        jsonw_arr_close(&w);
        jsonw_key(&w, "payload");
        jsonw_obj_open(&w);
        jsonw_kstr(&w, "eventId", p[i].event_id);
        jsonw_kstr(&w, "genre", p[i].genre);
        jsonw_kstr(&w, "subGenre", p[i].sub_genre);
        jsonw_obj_close(&w);
        jsonw_obj_close(&w);
    }
    jsonw_arr_close(&w);
    jsonw_obj_close(&w);
}

void qdrant_delete_body(struct buf *b, const char *const *event_ids, size_t n)
{
    struct jsonw w;
    char id[UUID_STR_LEN];
    jsonw_init(&w, b);
    jsonw_obj_open(&w);
    jsonw_key(&w, "points");
    jsonw_arr_open(&w);
    for (size_t i = 0; i < n; i++) {
        qdrant_point_id(event_ids[i], id);
        jsonw_str(&w, id);
    }
    jsonw_arr_close(&w);
    jsonw_obj_close(&w);
}

static void genre_condition(struct jsonw *w, const char *genre)
{
    jsonw_obj_open(w);
    if (genre) {
        jsonw_kstr(w, "key", "genre");
        jsonw_key(w, "match");
        jsonw_obj_open(w);
        jsonw_kstr(w, "value", genre);
        jsonw_obj_close(w);
    } else {
        jsonw_key(w, "is_null");
        jsonw_obj_open(w);
        jsonw_kstr(w, "key", "genre");
        jsonw_obj_close(w);
    }
    jsonw_obj_close(w);
}

void qdrant_query_body(struct buf *b, const char *event_id, bool same_genre, const char *genre,
                       int limit)
{
    struct jsonw w;
    char id[UUID_STR_LEN];
    qdrant_point_id(event_id, id);
    jsonw_init(&w, b);
    jsonw_obj_open(&w);
    /* a point id as the query: the nearest points to its stored vector */
    jsonw_kstr(&w, "query", id);
    jsonw_key(&w, "filter");
    jsonw_obj_open(&w);
    if (same_genre) {
        jsonw_key(&w, "must");
        jsonw_arr_open(&w);
        genre_condition(&w, genre);
        jsonw_arr_close(&w);
    }
    jsonw_key(&w, "must_not");
    jsonw_arr_open(&w);
    jsonw_obj_open(&w);
    jsonw_key(&w, "has_id");
    jsonw_arr_open(&w);
    jsonw_str(&w, id);
    jsonw_arr_close(&w);
    jsonw_obj_close(&w);
    jsonw_arr_close(&w);
    jsonw_obj_close(&w);
    jsonw_kint(&w, "limit", limit);
    jsonw_key(&w, "with_payload");
    jsonw_arr_open(&w);
    jsonw_str(&w, "eventId");
    jsonw_arr_close(&w);
    jsonw_obj_close(&w);
}

enum status qdrant_parse_query(struct arena *a, const char *text, size_t len,
                               struct qdrant_hit **hits, int *n)
{
    char err[128];
    struct json_object *root = json_parse(a, text, len, err, sizeof(err));
    struct json_object *points = json_path(root, "result.points");
    if (!points || !json_object_is_type(points, json_type_array))
        return ST_INVALID;
    *n = 0;
    *hits = arena_alloc(a, sizeof(**hits) * (json_arr_len(points) + 1));
    for (size_t i = 0; i < json_arr_len(points); i++) {
        struct json_object *p = json_arr_get(points, i);
        struct qdrant_hit *h = &(*hits)[*n];
        h->event_id = json_path_str(p, "payload.eventId");
        if (!h->event_id || !json_path_num(p, "score", &h->score))
            return ST_INVALID;
        (*n)++;
    }
    return ST_OK;
}

enum status qdrant_parse_update(struct arena *a, const char *text, size_t len, const char **status)
{
    char err[128];
    struct json_object *root = json_parse(a, text, len, err, sizeof(err));
    *status = json_path_str(root, "result.status");
    return *status && json_path_str(root, "status") ? ST_OK : ST_INVALID;
}

bool qdrant_parse_exists(struct arena *a, const char *text, size_t len)
{
    char err[128];
    return json_path_bool(json_parse(a, text, len, err, sizeof(err)), "result.exists", false);
}

const char *qdrant_parse_error(struct arena *a, const char *text, size_t len)
{
    char err[128];
    struct json_object *root = json_parse(a, text, len, err, sizeof(err));
    return json_path_str(root, "status.error");
}
