#include "config.h"
#include "core/common.h"
#include "infra/json.h"
#include "core/arena.h"

#include <errno.h>
#include <json-c/json.h>

/* The 4 hex digits at s as a number, or -1. */
static long hex4(const char *s, size_t left)
{
    long v = 0;
    for (size_t i = 0; i < 4; i++) {
        if (i >= left)
            return -1;
        char c = s[i];
        int d = c >= '0' && c <= '9'   ? c - '0'
                : c >= 'a' && c <= 'f' ? c - 'a' + 10
                : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                       : -1;
        if (d < 0)
            return -1;
        v = v * 16 + d;
    }
    return v;
}

/* Inside a string, the escape at s[i] == '\\': the index of its last byte,
 * or 0 when it is a lone or reversed UTF-16 surrogate. */
static size_t escape_end(const char *s, size_t n, size_t i)
{
    if (i + 1 >= n || s[i + 1] != 'u')
        return i + 1; /* json-c checks the other escapes */
    long u = hex4(s + i + 2, n - i - 2);
    if (u >= 0xDC00 && u <= 0xDFFF)
        return 0;
    if (u < 0xD800 || u > 0xDBFF)
        return i + 5;
    if (i + 7 >= n || s[i + 6] != '\\' || s[i + 7] != 'u')
        return 0;
    long lo = hex4(s + i + 8, n - i - 8);
    return lo >= 0xDC00 && lo <= 0xDFFF ? i + 11 : 0;
}

/*
 * What json-c accepts beyond RFC 8259 even in strict mode: NaN, Infinity
 * and single-quoted strings (outside strings only true, false and null
 * are words), raw control characters inside strings, lone surrogate
 * escapes (which it turns into U+FFFD). false if s has any.
 */
static bool lexically_strict(const char *s, size_t n)
{
    bool in_str = false;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (!in_str) {
            if (c == '"')
                in_str = true;
            else if ((c >= 'A' && c <= 'Z' && c != 'E') || c == '\'' ||
                     ((c >= 'a' && c <= 'z') && !strchr("truefalsn", c)))
                return false;
        } else if (c == '"') {
            in_str = false;
        } else if (c < 0x20) {
            return false;
        } else if (c == '\\' && (i = escape_end(s, n, i)) == 0) {
            return false;
        }
    }
    return true;
}

static void put_cb(void *o)
{
    json_object_put(o);
}

/* json-c accepts single-quoted strings even in strict mode; JSON does not. */
static bool has_single_quote_outside_strings(const char *s, size_t n)
{
    bool in_str = false;
    for (size_t i = 0; i < n; i++) {
        if (in_str && s[i] == '\\')
            i++;
        else if (s[i] == '"')
            in_str = !in_str;
        else if (!in_str && s[i] == '\'')
            return true;
    }
    return false;
}

static struct json_object *parse(struct arena *a, const char *text, size_t n, bool strict,
                                 char *err, size_t errlen)
{
    if (n > INT32_MAX) {
        snprintf(err, errlen, "document too large");
        return NULL;
    }
    json_tokener *tok = json_tokener_new_ex(64);
    if (!tok) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    json_tokener_set_flags(tok, JSON_TOKENER_STRICT | JSON_TOKENER_VALIDATE_UTF8);
    json_object *o = json_tokener_parse_ex(tok, text, (int)n);
    enum json_tokener_error jerr = json_tokener_get_error(tok);
    size_t off = json_tokener_get_parse_end(tok);
    if (!o && jerr == json_tokener_continue) {
        /* A number that ends the text ("1") could go on: json-c waits for
         * more. One space ends it; a text really cut short stays unfinished. */
        o = json_tokener_parse_ex(tok, " ", 1);
        jerr = json_tokener_get_error(tok);
        off = n;
    }
    if (jerr == json_tokener_success && off < n) {
        /* Only whitespace may follow the value. */
        for (size_t i = off; i < n && jerr == json_tokener_success; i++) {
            if (!strchr(" \t\r\n", text[i]))
                jerr = json_tokener_error_parse_unexpected;
        }
    }
    if (jerr == json_tokener_success &&
        (strict ? !lexically_strict(text, n) : has_single_quote_outside_strings(text, n)))
        jerr = json_tokener_error_parse_unexpected;
    if (!o && jerr == json_tokener_success)
        jerr = json_tokener_continue; /* truncated input */
    if (jerr != json_tokener_success) {
        snprintf(err, errlen, "%s at byte %zu",
                 jerr == json_tokener_continue ? "unexpected end of input"
                                               : json_tokener_error_desc(jerr),
                 off);
        json_object_put(o);
        json_tokener_free(tok);
        return NULL;
    }
    json_tokener_free(tok);
    if (o)
        arena_on_reset(a, put_cb, o);
    return o;
}

struct json_object *json_parse(struct arena *a, const char *text, size_t n, char *err,
                               size_t errlen)
{
    return parse(a, text, n, false, err, errlen);
}

struct json_object *json_parse_strict(struct arena *a, const char *text, size_t n, char *err,
                                      size_t errlen)
{
    return parse(a, text, n, true, err, errlen);
}

struct json_object *json_path(struct json_object *o, const char *path)
{
    char key[128];
    const char *p = path;

    while (o && *p) {
        const char *dot = strchr(p, '.');
        size_t len = dot ? (size_t)(dot - p) : strlen(p);
        if (len >= sizeof(key) || !json_object_is_type(o, json_type_object))
            return NULL;
        memcpy(key, p, len);
        key[len] = '\0';
        if (!json_object_object_get_ex(o, key, &o))
            return NULL;
        p += len + (dot ? 1 : 0);
    }
    return o;
}

const char *json_str(struct json_object *o)
{
    return o && json_object_is_type(o, json_type_string) ? json_object_get_string(o) : NULL;
}

const char *json_strn(struct json_object *o, size_t *len)
{
    if (!o || !json_object_is_type(o, json_type_string))
        return NULL;
    *len = (size_t)json_object_get_string_len(o);
    return json_object_get_string(o);
}

bool json_int64(struct json_object *o, int64_t *out)
{
    if (!o || !json_object_is_type(o, json_type_int))
        return false;
    *out = json_object_get_int64(o);
    return true;
}

const char *json_path_str(struct json_object *o, const char *path)
{
    return json_str(json_path(o, path));
}

bool json_path_num(struct json_object *o, const char *path, double *out)
{
    json_object *v = json_path(o, path);
    if (!v)
        return false;
    switch (json_object_get_type(v)) {
    case json_type_int:
    case json_type_double:
        *out = json_object_get_double(v);
        return true;
    case json_type_string: {
        const char *s = json_object_get_string(v);
        char *end;
        errno = 0;
        double d = strtod(s, &end);
        if (end == s || *end || errno)
            return false;
        *out = d;
        return true;
    }
    default:
        return false;
    }
}

bool json_path_bool(struct json_object *o, const char *path, bool def)
{
    json_object *v = json_path(o, path);
    if (!v || !json_object_is_type(v, json_type_boolean))
        return def;
    return json_object_get_boolean(v);
}

size_t json_arr_len(struct json_object *arr)
{
    if (!arr || !json_object_is_type(arr, json_type_array))
        return 0;
    return json_object_array_length(arr);
}

struct json_object *json_arr_get(struct json_object *arr, size_t i)
{
    if (i >= json_arr_len(arr))
        return NULL;
    return json_object_array_get_idx(arr, i);
}

bool json_is_object(struct json_object *o)
{
    return o && json_object_is_type(o, json_type_object);
}

bool json_is_string(struct json_object *o)
{
    return o && json_object_is_type(o, json_type_string);
}

const char *json_text(struct json_object *o, size_t *len)
{
    return json_object_to_json_string_length(
        o, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE, len);
}
