/*
 * fake_tm_faults.c - which request gets which fault, the per-second and
 * daily limits, and the request log (one logfmt line per request; the API
 * key is never written).
 */
#include "config.h"
#include "core/common.h"
#include "tests/fakeupstream/fake_tm.h"
#include "core/str.h"
#include "core/timeutil.h"

static const char *const names[NFAULTS] = {
    [FAULT_NONE] = "none",       [FAULT_500] = "500",           [FAULT_SPIKE] = "spike",
    [FAULT_QUOTA] = "quota",     [FAULT_401] = "401",           [FAULT_SLOW] = "slow",
    [FAULT_DROP] = "drop",       [FAULT_TRUNCATE] = "truncate", [FAULT_BADJSON] = "badjson",
    [FAULT_BADUTF8] = "badutf8",
};

const char *fake_fault_name(enum fault_kind k)
{
    return (size_t)k < NFAULTS ? names[k] : "?";
}

/* KIND, KIND@N (the Nth request) or KIND%N (every Nth request). */
int fake_parse_rule(const char *spec, struct fault_rule *out)
{
    size_t n = strcspn(spec, "@%");
    int64_t v = 0;

    memset(out, 0, sizeof(*out));
    for (int k = 1; k < NFAULTS; k++) {
        if (strlen(names[k]) == n && strncmp(spec, names[k], n) == 0)
            out->kind = (enum fault_kind)k;
    }
    if (out->kind == FAULT_NONE)
        return -1;
    if (!spec[n])
        return 0;
    if (str_to_i64(spec + n + 1, &v) != ST_OK || v < 1)
        return -1;
    if (spec[n] == '@')
        out->at = v;
    else
        out->every = v;
    return 0;
}

static bool rule_hits(const struct fault_rule *r, int64_t n)
{
    if (r->at)
        return n == r->at;
    if (r->every)
        return n % r->every == 0;
    return true;
}

/* true if a request starting now makes more than rps in the last second. */
static bool over_rps(struct fake *f, int64_t now)
{
    size_t cap = MQ_ARRAY_LEN(f->window_us), k = (size_t)f->rps;
    if (f->rps <= 0 || k >= cap)
        return false;
    /* window_us is a ring of the last starts; slot of the request k back */
    int64_t kth = f->window_us[(size_t)(f->requests - 1 - (int64_t)k) % cap];
    return f->requests > (int64_t)k && now - kth < 1000000;
}

enum fault_kind fake_admit(struct fake *f, int64_t *n, bool *rps, bool *quota)
{
    enum fault_kind k = FAULT_NONE;
    int64_t now = time_mono_us();

    pthread_mutex_lock(&f->mu);
    *n = ++f->requests;
    f->window_us[(size_t)(*n - 1) % MQ_ARRAY_LEN(f->window_us)] = now;
    *rps = over_rps(f, now);
    *quota = f->quota > 0 && *n > f->quota;
    for (size_t i = 0; i < f->nrules && k == FAULT_NONE; i++) {
        if (rule_hits(&f->rules[i], *n))
            k = f->rules[i].kind;
    }
    if (*rps || *quota || k != FAULT_NONE)
        f->refused++;
    pthread_mutex_unlock(&f->mu);
    return k;
}

void fake_note_depth(struct fake *f, const struct fake_req *r, bool violation)
{
    int64_t depth = ((r->has_page ? r->page : 0) + 1) * (r->has_size ? r->size : 20);

    pthread_mutex_lock(&f->mu);
    if (depth > f->max_depth)
        f->max_depth = depth;
    if (violation)
        f->cap_violations++;
    pthread_mutex_unlock(&f->mu);
}

void fake_log(struct fake *f, int64_t n, const struct fake_req *r, int status, const char *fault,
              const char *extra)
{
    if (!f->log)
        return;
    pthread_mutex_lock(&f->mu);
    fprintf(f->log,
            "n=%lld t_us=%lld path=%s page=%lld size=%lld start=%s end=%s status=%d fault=%s%s%s\n",
            (long long)n, (long long)time_mono_us(), r->path,
            (long long)(r->has_page ? r->page : 0), (long long)(r->has_size ? r->size : 20),
            r->start[0] ? r->start : "-", r->end[0] ? r->end : "-", status, fault, extra ? " " : "",
            extra ? extra : "");
    fflush(f->log);
    pthread_mutex_unlock(&f->mu);
}
