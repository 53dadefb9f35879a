#include "config.h"
#include "core/common.h"
#include "tests/fuzz/fuzz.h"
#include "app/ingest/ingest_store.h"
#include "core/buf.h"
#include "core/jsonw.h"
#include "core/log.h"
#include "infra/json.h"

#include <stdarg.h>

void fuzz_setup(void)
{
    /* Above every level: lines are still built by their callers, not written. */
    log_set_level((enum log_level)(LOG_ERROR + 1));
}

void fuzz_fail(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("fuzz: invariant failed: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    abort();
}

void fuzz_split(struct arena *a, const uint8_t *data, size_t size, struct fuzz_parts *out)
{
    const char *s = (const char *)data, *end = s + size;
    for (size_t i = 0; i < FUZZ_MAX_PARTS; i++) {
        const char *sep = NULL;
        if (i + 1 < FUZZ_MAX_PARTS)
            sep = memchr(s, FUZZ_SEP, (size_t)(end - s));
        size_t n = sep ? (size_t)(sep - s) : (size_t)(end - s);
        out->s[i] = arena_strndup(a, s, n);
        out->len[i] = n;
        s = sep ? sep + 1 : end;
    }
}

void fuzz_req_init(struct fuzz_req *f, const char *method)
{
    memset(f, 0, sizeof(*f));
    arena_init(&f->arena, 0);
    f->cfg.jwt_secret = FUZZ_JWT_KEY;
    f->cfg.session_ttl_s = 3600;
    f->ctx.cfg = &f->cfg;
    f->req.arena = &f->arena;
    f->req.ctx = &f->ctx;
    f->req.method = method;
    f->req.path = "/";
    response_init(&f->res);
}

void fuzz_req_release(struct fuzz_req *f)
{
    response_release(&f->res);
    arena_release(&f->arena);
}

void fuzz_check_json(struct arena *a, const char *what, const char *text, size_t n)
{
    char err[128];
    if (!json_parse_strict(a, text, n, err, sizeof(err)))
        fuzz_fail("%s is not strict JSON (%s): %.*s", what, err, (int)(n > 400 ? 400 : n), text);
}

void fuzz_check_reply(struct arena *a, const struct response *res)
{
    if (res->status == 0 || (res->status >= 200 && res->status < 300))
        return;
    if (res->status < 400 || res->status >= 500)
        fuzz_fail("status %d for input alone", res->status);
    fuzz_check_json(a, "the error reply", res->body.data ? res->body.data : "", res->body.len);
    if (!strstr(res->body.data, "{\"errors\":[{"))
        fuzz_fail("status %d without the error envelope: %s", res->status, res->body.data);
}

static bool digits_in(const char *s, size_t n, int lo, int hi)
{
    int v = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return false;
        v = v * 10 + (s[i] - '0');
    }
    return v >= lo && v <= hi;
}

/* "YYYY-MM-DD" with a year Postgres' date takes from us (1..9999). */
static bool is_date(const char *s)
{
    return strlen(s) >= 10 && digits_in(s, 4, 1, 9999) && s[4] == '-' &&
           digits_in(s + 5, 2, 1, 12) && s[7] == '-' && digits_in(s + 8, 2, 1, 31);
}

/* "HH:MM:SS" at s (more may follow). */
static bool is_time(const char *s)
{
    return strnlen(s, 8) == 8 && digits_in(s, 2, 0, 23) && s[2] == ':' &&
           digits_in(s + 3, 2, 0, 59) && s[5] == ':' && digits_in(s + 6, 2, 0, 59);
}

static bool is_local_time(const char *s)
{
    return strlen(s) == 8 && is_time(s);
}

static bool is_day(const char *s)
{
    return strlen(s) == 10 && is_date(s);
}

static bool is_utc(const char *s)
{
    return strlen(s) == 20 && is_date(s) && s[10] == 'T' && is_time(s + 11) && s[19] == 'Z';
}

static void check_typed(const char *id, const char *field, const char *v, bool (*ok)(const char *))
{
    if (v && !ok(v))
        fuzz_fail("event %s: %s \"%s\" would fail its SQL cast", id, field, v);
}

void fuzz_check_event(struct arena *a, const struct row *r)
{
    const struct tm_event *e = &r->ev;
    struct row copy = *r;
    struct buf *b = buf_new_arena(a, 0);
    struct jsonw w;

    if (!e->id || !*e->id || !e->venue_name)
        fuzz_fail("a mapped event without an id or a venue name");
    check_typed(e->id, "start_utc", e->start_utc, is_utc);
    check_typed(e->id, "end_utc", e->end_utc, is_utc);
    check_typed(e->id, "sales_start", e->sales_start, is_utc);
    check_typed(e->id, "sales_end", e->sales_end, is_utc);
    check_typed(e->id, "local_date", e->local_date, is_day);
    check_typed(e->id, "local_time", e->local_time, is_local_time);
    /* The mapped columns as sent to Postgres (raw, the upstream bytes, is
     * Postgres' to refuse: a refused row is skipped and logged). */
    copy.raw = "0";
    copy.raw_len = 1;
    copy.obj = NULL;
    memset(copy.hash, 0, sizeof(copy.hash)); /* hashed only on the way to Postgres */
    jsonw_init(&w, b);
    ingest_write_record(&w, &copy);
    fuzz_check_json(a, "an ingest record", b->data, b->len);
}
