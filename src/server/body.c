#include "config.h"
#include "core/common.h"
#include "server/body.h"
#include "core/str.h"
#include "infra/json.h"

#include <strings.h>

/* true if ct names type, ignoring case and any "; charset=..." after it. */
static bool is_type(const char *ct, const char *type)
{
    size_t n = strlen(type);
    if (!ct || strncasecmp(ct, type, n) != 0)
        return false;
    ct += n;
    while (*ct == ' ' || *ct == '\t')
        ct++;
    return *ct == '\0' || *ct == ';';
}

static int parse_json(struct request *req, struct response *res)
{
    char err[128];
    struct json_object *o =
        json_parse_strict(req->arena, req->body ? req->body : "", req->body_len, err, sizeof(err));
    if (!o)
        return reply_error(res, ST_INVALID, "body", "malformed JSON: %s", err);
    if (!json_is_object(o))
        return reply_error(res, ST_INVALID, "body", "body must be a JSON object");
    req->fields->json = o;
    return 0;
}

int body_parse_as(struct request *req, struct response *res, const char *content_type)
{
    req->fields = arena_zalloc(req->arena, sizeof(*req->fields));
    if (is_type(content_type, "application/json"))
        return parse_json(req, res);
    if (is_type(content_type, "application/x-www-form-urlencoded")) {
        const char *bad;
        /* The pairs are read as a C string: a raw NUL would silently drop
         * the rest ("password=12345678\0anything" read as 12345678). */
        if (req->body && memchr(req->body, '\0', req->body_len))
            return reply_error(res, ST_INVALID, "body", "must not contain a NUL byte");
        if (request_parse_pairs(req->arena, req->body, req->fields->form, REQUEST_MAX_QUERY,
                                &req->fields->nform, &bad) == 0)
            return 0;
        req->fields->nform = 0;
        if (bad)
            return reply_error(res, ST_INVALID, bad, "must not contain a NUL byte (%%00)");
        return reply_error(res, ST_INVALID, "body", "more than %d form fields", REQUEST_MAX_QUERY);
    }
    if (req->body_len == 0 && (!content_type || !*content_type))
        return 0; /* no body: every field is missing */
    return reply_error(res, ST_MEDIA_TYPE, NULL,
                       "content type %.80s is not supported; use application/json",
                       content_type && *content_type ? content_type : "(none)");
}

int body_parse(struct request *req, struct response *res)
{
    return body_parse_as(req, res, request_header(req, "CONTENT_TYPE"));
}

static const char *form_value(const struct body_fields *f, const char *name)
{
    for (size_t i = 0; i < f->nform; i++) {
        if (strcmp(f->form[i].name, name) == 0)
            return f->form[i].value;
    }
    return NULL;
}

/* The field as a string: 0 and *out, or a reply. */
static int lookup(struct request *req, struct response *res, const char *name, const char **out,
                  size_t *len)
{
    struct body_fields *f = req->fields;
    *out = NULL;
    if (f && f->json) {
        struct json_object *v = json_path(f->json, name);
        if (v && !(*out = json_strn(v, len)))
            return reply_error(res, ST_INVALID, name, "%s must be a string", name);
    } else if (f && (*out = form_value(f, name))) {
        *len = strlen(*out);
    }
    if (!*out)
        return reply_error(res, ST_INVALID, name, "%s is required", name);
    return 0;
}

int body_str(struct request *req, struct response *res, const char *name, size_t minlen,
             size_t maxlen, const char **out, size_t *len)
{
    size_t n = 0;
    if (lookup(req, res, name, out, &n))
        return -1;
    if (n < minlen || n > maxlen)
        return reply_error(res, ST_INVALID, name, "%s must be %zu to %zu bytes long", name, minlen,
                           maxlen);
    if (memchr(*out, '\0', n))
        return reply_error(res, ST_INVALID, name, "%s must not contain NUL bytes", name);
    if (!str_is_utf8(*out, n))
        return reply_error(res, ST_INVALID, name, "%s must be valid UTF-8", name);
    if (len)
        *len = n;
    return 0;
}

bool body_has(struct request *req, const char *name)
{
    struct body_fields *f = req->fields;
    if (f && f->json)
        return json_path(f->json, name) != NULL;
    return f && form_value(f, name) != NULL;
}

int body_int(struct request *req, struct response *res, const char *name, int64_t min, int64_t max,
             int64_t *out)
{
    struct body_fields *f = req->fields;
    const char *v;
    bool ok;

    if (!body_has(req, name))
        return reply_error(res, ST_INVALID, name, "%s is required", name);
    if (f->json)
        ok = json_int64(json_path(f->json, name), out);
    else
        ok = (v = form_value(f, name)) && str_to_i64(v, out) == ST_OK;
    if (!ok || *out < min || *out > max)
        return reply_error(res, ST_INVALID, name, "%s must be an integer between %lld and %lld",
                           name, (long long)min, (long long)max);
    return 0;
}

const char *body_form_field(struct request *req, const char *name)
{
    if (!req->fields) {
        if (!is_type(request_header(req, "CONTENT_TYPE"), "application/x-www-form-urlencoded"))
            return NULL;
        const char *bad;
        req->fields = arena_zalloc(req->arena, sizeof(*req->fields));
        if ((req->body && memchr(req->body, '\0', req->body_len)) ||
            request_parse_pairs(req->arena, req->body, req->fields->form, REQUEST_MAX_QUERY,
                                &req->fields->nform, &bad))
            req->fields->nform = 0; /* a refused form has no fields */
    }
    return req->fields->json ? NULL : form_value(req->fields, name);
}
