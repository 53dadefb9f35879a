#include "config.h"
#include "core/common.h"
#include "app/ingest/tm_retry.h"
#include "core/str.h"
#include "infra/json.h"

static enum tm_error by_status(long status)
{
    if (status >= 200 && status < 300)
        return TM_OK;
    if (status == 0)
        return TM_TRANSPORT;
    if (status == 401)
        return TM_INVALID_KEY;
    if (status == 429)
        return TM_SPIKE;
    if (status >= 500)
        return TM_SERVER;
    if (status == 400)
        return TM_BAD_REQUEST;
    if (status == 404)
        return TM_NOT_FOUND;
    return TM_OTHER;
}

/* The code a gateway fault or Discovery error body carries, or NULL. */
static const char *body_code(struct arena *a, const char *body, size_t len)
{
    char err[64];
    struct json_object *root = body && len ? json_parse(a, body, len, err, sizeof(err)) : NULL;
    const char *code = json_path_str(root, "fault.detail.errorcode");

    return code ? code : json_path_str(json_arr_get(json_path(root, "errors"), 0), "code");
}

enum tm_error tm_classify(struct arena *a, long status, const char *body, size_t len,
                          const char **code)
{
    enum tm_error e = by_status(status);
    const char *c = e == TM_OK || e == TM_TRANSPORT ? NULL : body_code(a, body, len);

    if (code)
        *code = c;
    if (!c)
        return e;
    /* The gateway's code is what tells a quota from a throttle. */
    if (strstr(c, "QuotaViolation"))
        return TM_QUOTA;
    if (strstr(c, "SpikeArrest"))
        return TM_SPIKE;
    if (strstr(c, "InvalidApiKey"))
        return TM_INVALID_KEY;
    return e;
}

bool tm_retryable(enum tm_error e)
{
    return e == TM_SPIKE || e == TM_SERVER || e == TM_TRANSPORT;
}

const char *tm_error_name(enum tm_error e)
{
    static const char *const names[] = {
        [TM_OK] = "ok",
        [TM_INVALID_KEY] = "invalid_key",
        [TM_QUOTA] = "quota",
        [TM_SPIKE] = "spike_arrest",
        [TM_SERVER] = "server_error",
        [TM_TRANSPORT] = "no_answer",
        [TM_BAD_REQUEST] = "bad_request",
        [TM_NOT_FOUND] = "not_found",
        [TM_OTHER] = "unexpected_status",
    };
    return (size_t)e < MQ_ARRAY_LEN(names) ? names[e] : "unknown";
}

int64_t tm_backoff_ms(int attempt, int64_t base_ms, int64_t cap_ms, uint64_t rnd)
{
    int64_t d = base_ms > 0 ? base_ms : 1;

    for (int i = 1; i < attempt && d < cap_ms; i++)
        d *= 2;
    if (d > cap_ms)
        d = cap_ms;
    int64_t half = d / 2;
    return d - half + (int64_t)(rnd % (uint64_t)(half + 1));
}

bool tm_parse_reset(const char *value, int64_t *epoch_ms)
{
    int64_t v;

    if (!value || str_to_i64(value, &v) != ST_OK || v <= 0)
        return false;
    *epoch_ms = v;
    return true;
}
