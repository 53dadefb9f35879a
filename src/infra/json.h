/*
 * json.h - parsing JSON input (json-c). Output is written with core/jsonw.h.
 *
 * Parsed trees are registered on an arena and released at its reset.
 * Lookups take dotted paths ("dates.start.localDate"); a missing member or a
 * value of the wrong type reads as absent (NULL / false / the default), so
 * mapping code never crashes on surprising upstream data.
 */
#ifndef MQ_JSON_H
#define MQ_JSON_H

#include "core/common.h"
#include "core/status.h"

struct arena;
struct json_object;

/* Parses text[0..n). NULL on malformed input, with a short reason (and
 * the byte offset) in err. The tree belongs to the arena. For upstream
 * answers: tolerates what json-c tolerates in strict mode (raw control
 * characters in strings, NaN, lone surrogate escapes), which real feeds
 * send now and then. */
struct json_object *json_parse(struct arena *a, const char *text, size_t n, char *err,
                               size_t errlen);
/* The same for what clients send: RFC 8259 only, none of the above. */
struct json_object *json_parse_strict(struct arena *a, const char *text, size_t n, char *err,
                                      size_t errlen);

/* Member at a dotted path, or NULL. Borrowed from the tree. */
struct json_object *json_path(struct json_object *o, const char *path);
/* String at path, or NULL if missing or not a string. Borrowed. */
const char *json_path_str(struct json_object *o, const char *path);
/* Number at path (int, double, or a numeric string); false if absent. */
bool json_path_num(struct json_object *o, const char *path, double *out);
/* Boolean at path, def if missing or not a boolean. */
bool json_path_bool(struct json_object *o, const char *path, bool def);

/* Array access: length 0 and NULL for a non-array. */
size_t json_arr_len(struct json_object *arr);
struct json_object *json_arr_get(struct json_object *arr, size_t i);

bool json_is_object(struct json_object *o);
bool json_is_string(struct json_object *o);
/* String value of o, or NULL if o is not a string. Borrowed. */
const char *json_str(struct json_object *o);
/* The same with its length, which counts any NUL bytes ("\u0000") in it. */
const char *json_strn(struct json_object *o, size_t *len);

/* true and *out if o is a JSON integer (not a float, not a string). */
bool json_int64(struct json_object *o, int64_t *out);

/* Compact serialisation of o, borrowed from the tree (valid until reset). */
const char *json_text(struct json_object *o, size_t *len);

#endif
