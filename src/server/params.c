#include "config.h"
#include "core/common.h"
#include "server/params.h"
#include "core/str.h"
#include "core/timeutil.h"

int param_int(struct request *req, struct response *res, const char *name, int64_t def, int64_t min,
              int64_t max, int64_t *out)
{
    const char *v = request_query(req, name);
    int64_t n;
    if (!v) {
        *out = def;
        return 0;
    }
    if (str_to_i64(v, &n) != ST_OK || n < min || n > max)
        return reply_error(res, ST_INVALID, name, "%s must be an integer between %lld and %lld",
                           name, (long long)min, (long long)max);
    *out = n;
    return 0;
}

int param_time(struct request *req, struct response *res, const char *name, int64_t def,
               int64_t *out, bool *present)
{
    const char *v = request_query(req, name);
    *present = v != NULL;
    if (!v) {
        *out = def;
        return 0;
    }
    if (time_parse_iso(v, out) != ST_OK)
        return reply_error(res, ST_INVALID, name,
                           "%s must be a date (2026-11-22) or a timestamp with offset "
                           "(2026-11-22T19:30:00Z)",
                           name);
    return 0;
}

int param_enum(struct request *req, struct response *res, const char *name,
               const char *const *allowed, const char *def, const char **out)
{
    const char *v = request_query(req, name);
    char list[256] = "";
    if (!v) {
        *out = def;
        return 0;
    }
    for (const char *const *a = allowed; *a; a++) {
        if (strcmp(*a, v) == 0) {
            *out = *a;
            return 0;
        }
        size_t used = strlen(list);
        snprintf(list + used, sizeof(list) - used, "%s%s", used ? ", " : "", *a);
    }
    return reply_error(res, ST_INVALID, name, "%s must be one of %s", name, list);
}

int param_bool(struct request *req, struct response *res, const char *name, bool def, bool *out)
{
    const char *v = request_query(req, name);
    if (!v) {
        *out = def;
        return 0;
    }
    if (strcmp(v, "true") == 0 || strcmp(v, "1") == 0) {
        *out = true;
        return 0;
    }
    if (strcmp(v, "false") == 0 || strcmp(v, "0") == 0) {
        *out = false;
        return 0;
    }
    return reply_error(res, ST_INVALID, name, "%s must be true or false", name);
}

int param_str(struct request *req, struct response *res, const char *name, size_t maxlen,
              const char **out)
{
    const char *v = request_query(req, name);
    *out = NULL;
    if (!v)
        return 0;
    size_t len = strlen(v);
    if (len == 0 || len > maxlen)
        return reply_error(res, ST_INVALID, name, "%s must be 1 to %zu bytes long", name, maxlen);
    if (!str_is_utf8(v, len))
        return reply_error(res, ST_INVALID, name, "%s must be valid UTF-8", name);
    *out = v;
    return 0;
}

int param_page(struct request *req, struct response *res, int64_t def_limit, int64_t *limit,
               int64_t *offset)
{
    if (param_int(req, res, "limit", def_limit, 1, 100, limit))
        return -1;
    return param_int(req, res, "offset", 0, 0, 10000, offset);
}

int param_range(struct response *res, int64_t from, int64_t to)
{
    if (to < from)
        return reply_error(res, ST_INVALID, "to", "to must not be before from");
    return 0;
}
