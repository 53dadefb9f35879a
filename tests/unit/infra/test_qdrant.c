/*
 * Contract tests of the Qdrant client against the OpenAPI document in
 * tests/fixtures/qdrant (v1.19): every request body it sends validates
 * against the operation's request schema, and answers shaped like the
 * documented responses (validated against the response schemas first)
 * parse, error bodies included. The validator below covers the subset of
 * JSON Schema the document uses; it is stricter than Qdrant on one point:
 * a key that no `properties` lists is an error, so a misspelt field fails.
 */
#include "config.h"
#include "core/common.h"
#include "core/arena.h"
#include "core/buf.h"
#include "infra/json.h"
#include "infra/qdrant.h"
#include "tests/unit/suites.h"
#include "tests/unit/testutil.h"

#include <json-c/json.h>

static struct json_object *spec;
static struct arena A;

static struct json_object *load_spec(void)
{
    const char *dir = test_fixtures_dir("infra/qdrant");
    char path[1024], err[128];
    size_t len;
    if (!dir)
        return NULL;
    snprintf(path, sizeof(path), "%s/qdrant/openapi-v1.19.x.json", dir);
    char *text = test_read_file(path, &len);
    CU_ASSERT_PTR_NOT_NULL_FATAL(text);
    struct json_object *o = json_parse(&A, text, len, err, sizeof(err));
    free(text);
    CU_ASSERT_PTR_NOT_NULL(o);
    return o;
}

static struct json_object *member(struct json_object *o, const char *key)
{
    struct json_object *v = NULL;
    return json_is_object(o) && json_object_object_get_ex(o, key, &v) ? v : NULL;
}

static bool valid(struct json_object *schema, struct json_object *v, const char *where, int depth);

static bool is_uuid(const char *s)
{
    if (strlen(s) != 36)
        return false;
    for (int i = 0; i < 36; i++) {
        bool dash = i == 8 || i == 13 || i == 18 || i == 23;
        if (dash ? s[i] != '-' : !strchr("0123456789abcdefABCDEF", s[i]))
            return false;
    }
    return true;
}

static bool type_ok(const char *type, struct json_object *v)
{
    enum json_type t = json_object_get_type(v);
    if (!strcmp(type, "object"))
        return t == json_type_object;
    if (!strcmp(type, "array"))
        return t == json_type_array;
    if (!strcmp(type, "string"))
        return t == json_type_string;
    if (!strcmp(type, "integer"))
        return t == json_type_int;
    if (!strcmp(type, "number"))
        return t == json_type_int || t == json_type_double;
    if (!strcmp(type, "boolean"))
        return t == json_type_boolean;
    return false;
}

/* A schema that only says nullable (the "or null" branch of an anyOf). */
static bool only_null(struct json_object *schema)
{
    return json_path_bool(schema, "nullable", false) && !member(schema, "type") &&
           !member(schema, "$ref") && !member(schema, "anyOf") && !member(schema, "properties");
}

static bool any_of(struct json_object *list, struct json_object *v, const char *where, int depth)
{
    for (size_t i = 0; i < json_arr_len(list); i++) {
        if (valid(json_arr_get(list, i), v, where, depth + 1))
            return true;
    }
    return false;
}

static bool object_ok(struct json_object *schema, struct json_object *v, const char *where,
                      int depth)
{
    struct json_object *props = member(schema, "properties"),
                       *extra = member(schema, "additionalProperties");
    struct json_object *req = member(schema, "required");
    for (size_t i = 0; i < json_arr_len(req); i++) {
        if (!member(v, json_str(json_arr_get(req, i))))
            return false;
    }
    json_object_object_foreach(v, key, val)
    {
        struct json_object *ps = member(props, key);
        if (ps) {
            if (!valid(ps, val, key, depth + 1))
                return false;
        } else if (extra && json_object_is_type(extra, json_type_object)) {
            if (!valid(extra, val, key, depth + 1))
                return false;
        } else if (!(extra && json_object_get_boolean(extra)) && props) {
            return false; /* stricter than Qdrant: unknown key */
        }
    }
    MQ_UNUSED(where);
    return true;
}

static bool valid(struct json_object *schema, struct json_object *v, const char *where, int depth)
{
    if (depth > 64)
        return false;
    const char *ref = json_path_str(schema, "$ref");
    if (ref) {
        char path[256];
        snprintf(path, sizeof(path), "components.schemas.%s",
                 ref + strlen("#/components/schemas/"));
        return valid(json_path(spec, path), v, where, depth + 1);
    }
    if (!v)
        return json_path_bool(schema, "nullable", false) || only_null(schema);
    if (only_null(schema))
        return false;
    if (member(schema, "anyOf") && !any_of(member(schema, "anyOf"), v, where, depth))
        return false;
    if (member(schema, "oneOf") && !any_of(member(schema, "oneOf"), v, where, depth))
        return false;
    for (size_t i = 0; i < json_arr_len(member(schema, "allOf")); i++) {
        if (!valid(json_arr_get(member(schema, "allOf"), i), v, where, depth + 1))
            return false;
    }
    const char *type = json_path_str(schema, "type");
    if (type && !type_ok(type, v))
        return false;
    struct json_object *en = member(schema, "enum");
    if (en) {
        bool found = false;
        for (size_t i = 0; i < json_arr_len(en) && !found; i++)
            found = json_str(v) && json_str(json_arr_get(en, i)) &&
                    !strcmp(json_str(v), json_str(json_arr_get(en, i)));
        if (!found)
            return false;
    }
    const char *format = json_path_str(schema, "format");
    if (format && !strcmp(format, "uuid") && json_str(v) && !is_uuid(json_str(v)))
        return false;
    double min, x;
    if (json_path_num(schema, "minimum", &min) && (!json_path_num(v, "", &x) || x < min))
        return false;
    if (json_object_is_type(v, json_type_object) && !object_ok(schema, v, where, depth))
        return false;
    if (json_object_is_type(v, json_type_array) && member(schema, "items")) {
        for (size_t i = 0; i < json_arr_len(v); i++) {
            if (!valid(member(schema, "items"), json_arr_get(v, i), where, depth + 1))
                return false;
        }
    }
    return true;
}

/* The request schema of an operation, e.g. ("/collections/{collection_name}", "put"). */
static struct json_object *request_schema(const char *path, const char *method)
{
    struct json_object *op = member(member(member(spec, "paths"), path), method);
    CU_ASSERT_PTR_NOT_NULL_FATAL(op);
    return json_path(op, "requestBody.content.application/json.schema");
}

static struct json_object *response_schema(const char *path, const char *method, const char *status)
{
    struct json_object *op = member(member(member(spec, "paths"), path), method);
    return json_path(member(member(op, "responses"), status), "content.application/json.schema");
}

static struct json_object *doc(const char *text)
{
    char err[128];
    struct json_object *o = json_parse(&A, text, strlen(text), err, sizeof(err));
    CU_ASSERT_PTR_NOT_NULL(o);
    return o;
}

static bool spec_loaded(void)
{
    if (!spec)
        spec = load_spec();
    return spec != NULL;
}

static void the_validator_catches_mistakes(void)
{
    if (!spec_loaded())
        return;
    struct json_object *s = request_schema("/collections/{collection_name}/points/query", "post");
    CU_ASSERT_TRUE(valid(s, doc("{\"query\":[0.1,0.2],\"limit\":3}"), "", 0));
    CU_ASSERT_FALSE(valid(s, doc("{\"query\":[0.1,0.2],\"limt\":3}"), "", 0)); /* misspelt */
    CU_ASSERT_FALSE(valid(s, doc("{\"query\":\"not-a-uuid\",\"limit\":3}"), "", 0));
    CU_ASSERT_FALSE(valid(s, doc("{\"query\":[0.1],\"limit\":\"3\"}"), "", 0));
    CU_ASSERT_FALSE(valid(s, doc("{\"filter\":{\"must\":[{\"match\":{\"value\":1}}]}}"), "", 0));
    s = request_schema("/collections/{collection_name}", "put");
    CU_ASSERT_FALSE(valid(s, doc("{\"vectors\":{\"size\":4,\"distance\":\"cosine\"}}"), "", 0));
}

static void collection_body_validates(void)
{
    struct buf b;
    if (!spec_loaded())
        return;
    buf_init(&b, 0);
    qdrant_collection_body(&b);
    struct json_object *o = doc(b.data);
    CU_ASSERT_TRUE(valid(request_schema("/collections/{collection_name}", "put"), o, "", 0));
    CU_ASSERT_STRING_EQUAL(json_path_str(o, "vectors.distance"), "Cosine");
    double size = 0;
    CU_ASSERT_TRUE(json_path_num(o, "vectors.size", &size) && size == 384);
    buf_release(&b);
}

static void upsert_body_validates_with_uuid5_ids(void)
{
    static float v[QDRANT_DIMS];
    struct buf b;
    char id[UUID_STR_LEN];
    if (!spec_loaded())
        return;
    for (int i = 0; i < QDRANT_DIMS; i++)
        v[i] = (float)(i % 7) / 10.0f - 0.3f;
    struct qdrant_point p[2] = {
        { "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", v, "Music", "Rock" },
        { "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb", v, NULL, NULL },
    };
    buf_init(&b, 0);
    qdrant_upsert_body(&b, p, 2);
    struct json_object *o = doc(b.data);
    CU_ASSERT_TRUE(valid(request_schema("/collections/{collection_name}/points", "put"), o, "", 0));
    struct json_object *first = json_arr_get(json_path(o, "points"), 0);
    /* uuid5(NAMESPACE_URL, event id), as Python's uuid.uuid5 computes it */
    CU_ASSERT_STRING_EQUAL(json_path_str(first, "id"), "37a282a8-9bf9-58e8-af1a-344d9b593c37");
    qdrant_point_id(p[0].event_id, id);
    CU_ASSERT_STRING_EQUAL(id, "37a282a8-9bf9-58e8-af1a-344d9b593c37");
    CU_ASSERT_STRING_EQUAL(json_path_str(first, "payload.eventId"), p[0].event_id);
    CU_ASSERT_EQUAL(json_arr_len(json_path(first, "vector")), QDRANT_DIMS);
    buf_release(&b);
}

static void delete_body_validates_as_a_points_selector(void)
{
    struct buf b;
    char id[UUID_STR_LEN];
    const char *ev[] = { "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
                         "dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd" };
    const char *path = "/collections/{collection_name}/points/delete";
    if (!spec_loaded())
        return;
    struct json_object *op = member(member(member(spec, "paths"), path), "post");
    CU_ASSERT_STRING_EQUAL(json_path_str(op, "operationId"), "delete_points");
    struct json_object *s = request_schema(path, "post");
    CU_ASSERT_STRING_EQUAL(json_path_str(s, "$ref"), "#/components/schemas/PointsSelector");
    buf_init(&b, 0);
    qdrant_delete_body(&b, ev, 2);
    struct json_object *o = doc(b.data);
    CU_ASSERT_TRUE(valid(s, o, "", 0));
    /* the PointIdsList branch, not a filter: exactly the events' uuid5 ids */
    CU_ASSERT_TRUE(valid(json_path(spec, "components.schemas.PointIdsList"), o, "", 0));
    CU_ASSERT_FALSE(valid(json_path(spec, "components.schemas.FilterSelector"), o, "", 0));
    struct json_object *points = json_path(o, "points");
    CU_ASSERT_EQUAL_FATAL(json_arr_len(points), 2);
    CU_ASSERT_STRING_EQUAL(json_str(json_arr_get(points, 0)),
                           "37a282a8-9bf9-58e8-af1a-344d9b593c37");
    qdrant_point_id(ev[1], id);
    CU_ASSERT_STRING_EQUAL(json_str(json_arr_get(points, 1)), id);
    buf_release(&b);
    /* what the validator would refuse: event ids as point ids, a misspelt key */
    CU_ASSERT_FALSE(valid(s, doc("{\"points\":[\"G5vYZ98KcFtaq\"]}"), "", 0));
    CU_ASSERT_FALSE(valid(s, doc("{\"point\":[1]}"), "", 0));
    /* the answer: the upsert's UpdateResult envelope */
    const char *answer = "{\"result\":{\"operation_id\":9,\"status\":\"completed\"},"
                         "\"status\":\"ok\",\"time\":0.0003}";
    const char *status;
    CU_ASSERT_TRUE(valid(response_schema(path, "post", "200"), doc(answer), "", 0));
    CU_ASSERT_EQUAL(qdrant_parse_update(&A, answer, strlen(answer), &status), ST_OK);
    CU_ASSERT_STRING_EQUAL(status, "completed");
}

static void query_body_validates_and_excludes_the_event(void)
{
    struct buf b;
    char id[UUID_STR_LEN];
    const char *ev = "cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc";
    if (!spec_loaded())
        return;
    struct json_object *s = request_schema("/collections/{collection_name}/points/query", "post");
    qdrant_point_id(ev, id);
    for (int variant = 0; variant < 3; variant++) {
        buf_init(&b, 0);
        qdrant_query_body(&b, ev, variant < 2, variant == 0 ? "Music" : NULL, 7);
        struct json_object *o = doc(b.data);
        CU_ASSERT_TRUE(valid(s, o, "", 0));
        CU_ASSERT_STRING_EQUAL(json_path_str(o, "query"), id);
        CU_ASSERT_STRING_EQUAL(
            json_str(json_arr_get(
                json_path(json_arr_get(json_path(o, "filter.must_not"), 0), "has_id"), 0)),
            id);
        struct json_object *must = json_path(o, "filter.must");
        if (variant == 0)
            CU_ASSERT_STRING_EQUAL(json_path_str(json_arr_get(must, 0), "match.value"), "Music");
        if (variant == 1)
            CU_ASSERT_STRING_EQUAL(json_path_str(json_arr_get(must, 0), "is_null.key"), "genre");
        if (variant == 2)
            CU_ASSERT_PTR_NULL(must);
        buf_release(&b);
    }
}

static void documented_answers_parse(void)
{
    const char *query =
        "{\"result\":{\"points\":[{\"id\":\"37a282a8-9bf9-58e8-af1a-344d9b593c37\","
        "\"version\":3,\"score\":0.87,\"payload\":{\"eventId\":\"e1\"}},"
        "{\"id\":42,\"version\":0,\"score\":0.5,\"payload\":{\"eventId\":\"e2\"}}]},"
        "\"status\":\"ok\",\"time\":0.002}";
    const char *update = "{\"result\":{\"operation_id\":0,\"status\":\"completed\"},\"status\":"
                         "\"ok\",\"time\":0.000206061}";
    const char *errors[] = {
        "{\"status\":{\"error\":\"Not found: No point with id 37a282a8-9bf9-58e8-af1a-"
        "344d9b593c37 found\"},\"time\":0.0001}",
        "{\"status\":{\"error\":\"Wrong input: Collection `events` already exists!\"},"
        "\"time\":0.0001}",
        "{\"status\":{\"error\":\"Validation error in JSON body: [internal.limit: value 0 "
        "invalid, must be 1 or larger]\"},\"time\":0.0001}",
    };
    struct qdrant_hit *hits;
    const char *status;
    int n = 0;
    if (!spec_loaded())
        return;
    CU_ASSERT_TRUE(
        valid(response_schema("/collections/{collection_name}/points/query", "post", "200"),
              doc(query), "", 0));
    CU_ASSERT_EQUAL_FATAL(qdrant_parse_query(&A, query, strlen(query), &hits, &n), ST_OK);
    CU_ASSERT_EQUAL_FATAL(n, 2);
    CU_ASSERT_STRING_EQUAL(hits[0].event_id, "e1");
    CU_ASSERT_DOUBLE_EQUAL(hits[1].score, 0.5, 1e-12);
    CU_ASSERT_TRUE(valid(response_schema("/collections/{collection_name}/points", "put", "200"),
                         doc(update), "", 0));
    CU_ASSERT_EQUAL(qdrant_parse_update(&A, update, strlen(update), &status), ST_OK);
    CU_ASSERT_STRING_EQUAL(status, "completed");
    for (size_t i = 0; i < MQ_ARRAY_LEN(errors); i++) {
        CU_ASSERT_TRUE(
            valid(json_path(spec, "components.schemas.ErrorResponse"), doc(errors[i]), "", 0));
        const char *msg = qdrant_parse_error(&A, errors[i], strlen(errors[i]));
        CU_ASSERT_TRUE(msg && (strncmp(msg, "Not found:", 10) == 0 ||
                               strncmp(msg, "Wrong input:", 12) == 0 ||
                               strncmp(msg, "Validation error", 16) == 0));
        CU_ASSERT_EQUAL(qdrant_parse_query(&A, errors[i], strlen(errors[i]), &hits, &n),
                        ST_INVALID);
    }
    /* the pre-1.13 answer shape (points directly in result) is refused */
    const char *legacy = "{\"result\":[{\"id\":4,\"score\":1.362,\"payload\":null,\"version\":0}],"
                         "\"status\":\"ok\",\"time\":0.000055785}";
    CU_ASSERT_EQUAL(qdrant_parse_query(&A, legacy, strlen(legacy), &hits, &n), ST_INVALID);
    /* a point without our payload is not an answer we can use */
    const char *bare = "{\"result\":{\"points\":[{\"id\":4,\"version\":0,\"score\":1}]},"
                       "\"status\":\"ok\",\"time\":0.1}";
    CU_ASSERT_EQUAL(qdrant_parse_query(&A, bare, strlen(bare), &hits, &n), ST_INVALID);
}

int suite_qdrant(void)
{
    static const struct test_case cases[] = {
        { "the schema validator catches mistakes", the_validator_catches_mistakes },
        { "collection body validates", collection_body_validates },
        { "upsert body validates, ids are uuid5 of the event id",
          upsert_body_validates_with_uuid5_ids },
        { "delete body validates as a PointsSelector (delete_points)",
          delete_body_validates_as_a_points_selector },
        { "query body validates and excludes the event itself",
          query_body_validates_and_excludes_the_event },
        { "documented answers and error bodies parse", documented_answers_parse },
        { NULL, NULL },
    };
    arena_init(&A, 0);
    return test_register("infra/qdrant", cases);
}
