/*
 * params.h - query parameter validation. Each helper reads one parameter;
 * on bad input it writes the 400 reply naming the field and returns -1, so
 * a handler just returns. Absent parameters take the default.
 */
#ifndef MQ_PARAMS_H
#define MQ_PARAMS_H

#include "core/common.h"
#include "server/request.h"
#include "server/response.h"

/* An integer in [min, max]. */
int param_int(struct request *req, struct response *res, const char *name, int64_t def, int64_t min,
              int64_t max, int64_t *out);

/* A date ("2026-11-22", 00:00 UTC) or timestamp with offset, as epoch
 * seconds; *present tells whether it was given. */
int param_time(struct request *req, struct response *res, const char *name, int64_t def,
               int64_t *out, bool *present);

/* One of the NULL-terminated allowed values (exact match). */
int param_enum(struct request *req, struct response *res, const char *name,
               const char *const *allowed, const char *def, const char **out);

/* A boolean: true/false (also 1/0). */
int param_bool(struct request *req, struct response *res, const char *name, bool def, bool *out);

/* An optional string of 1..maxlen bytes of valid UTF-8; NULL when absent. */
int param_str(struct request *req, struct response *res, const char *name, size_t maxlen,
              const char **out);

/* The standard page parameters: limit 1..100 (def_limit) and offset 0..10000. */
int param_page(struct request *req, struct response *res, int64_t def_limit, int64_t *limit,
               int64_t *offset);

/* Checks from <= to; replies 400 on "to" otherwise. */
int param_range(struct response *res, int64_t from, int64_t to);

#endif
