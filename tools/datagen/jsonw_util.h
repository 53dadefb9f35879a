/*
 * jsonw_util.h - jsonw shorthands shared by the generator's writers
 * (event objects, page wrappers, classifications.json).
 */
#ifndef MQ_DATAGEN_JSONW_UTIL_H
#define MQ_DATAGEN_JSONW_UTIL_H

#include "core/common.h"

#include <stdarg.h>

#include "tools/datagen/tables.h"
#include "core/jsonw.h"
#include "core/timeutil.h"

static inline void kbool(struct jsonw *w, const char *key, bool v)
{
    jsonw_key(w, key);
    jsonw_bool(w, v);
}

static inline void kobj(struct jsonw *w, const char *key)
{
    jsonw_key(w, key);
    jsonw_obj_open(w);
}

static inline void karr(struct jsonw *w, const char *key)
{
    jsonw_key(w, key);
    jsonw_arr_open(w);
}

/* {"key":{"href":"..."}}, or a bare {"href":"..."} when key is NULL. */
static inline void MQ_PRINTF(3, 4) href(struct jsonw *w, const char *key, const char *fmt, ...)
{
    char s[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(s, sizeof(s), fmt, ap);
    va_end(ap);
    if (key)
        jsonw_key(w, key);
    jsonw_obj_open(w);
    jsonw_kstr(w, "href", s);
    jsonw_obj_close(w);
}

static inline void kiso(struct jsonw *w, const char *key, int64_t t)
{
    char s[TIME_ISO_LEN];
    time_format_iso(t, s);
    jsonw_kstr(w, key, s);
}

static inline void klevel(struct jsonw *w, const char *key, const struct datagen_level *l)
{
    kobj(w, key);
    jsonw_kstr(w, "id", l->id);
    jsonw_kstr(w, "name", l->name);
    jsonw_obj_close(w);
}

#endif
