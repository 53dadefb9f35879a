/*
 * body.h - request body fields for POST/PUT handlers (spec/API.md,
 * "Request bodies"): a JSON object (application/json) or an HTML form
 * (application/x-www-form-urlencoded), read through one API so a handler
 * does not care which. Like params.h, the helpers reply 400/415 themselves
 * naming the field and return -1, so a handler just returns.
 */
#ifndef MQ_BODY_H
#define MQ_BODY_H

#include "core/common.h"
#include "server/request.h"
#include "server/response.h"

struct json_object;

struct body_fields {
    struct json_object *json; /* the object, for a JSON body */
    struct query_param form[REQUEST_MAX_QUERY];
    size_t nform;
};

/* Parses req->body according to Content-Type into req->fields. No body at
 * all reads as no fields. Another content type is answered 415, malformed
 * JSON or JSON that is not an object 400 (field "body"). */
int body_parse(struct request *req, struct response *res);
/* The same with the content type given (tests, and body_parse itself). */
int body_parse_as(struct request *req, struct response *res, const char *content_type);

/*
 * A string field of minlen..maxlen bytes of valid UTF-8 without NUL bytes,
 * taken as is (not trimmed). Missing (or JSON null) is a 400 "is required";
 * a number, object, array or boolean a 400 "must be a string". *len may be
 * NULL. Call body_parse first.
 */
int body_str(struct request *req, struct response *res, const char *name, size_t minlen,
             size_t maxlen, const char **out, size_t *len);

/* Whether the field was sent (JSON null counts as not sent). */
bool body_has(struct request *req, const char *name);

/* An integer field in [min, max]: a JSON integer, or decimal digits in a
 * form. Missing is a 400 "is required", anything else out of range or not
 * an integer a 400 naming the field and the range. */
int body_int(struct request *req, struct response *res, const char *name, int64_t min, int64_t max,
             int64_t *out);

/* The raw value of a form field (parsing a form body on first use), or
 * NULL: no body, not a form, or no such field. Never replies. */
const char *body_form_field(struct request *req, const char *name);

#endif
