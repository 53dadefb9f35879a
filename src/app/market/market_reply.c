#include "config.h"
#include "core/common.h"
#include "app/market/market_reply.h"
#include "core/log.h"
#include "core/str.h"
#include "server/cache.h"
#include "server/worker.h"

int market_reply_result(struct response *res, const struct market_outcome *table,
                        const char *result)
{
    if (result && strcmp(result, "ok") == 0)
        return 0;
    for (const struct market_outcome *o = table; result && o->result; o++) {
        if (strcmp(o->result, result) == 0)
            return reply_error(res, o->st, o->field, "%s", o->message);
    }
    log_error("market", "event=unknown_result result=%s", result ? result : "(null)");
    return reply_status(res, ST_INTERNAL);
}

int market_uuid_or_reply(struct response *res, const char *id, const char *what, const char *field)
{
    if (id && str_is_uuid(id))
        return 0;
    return reply_error(res, ST_NOT_FOUND, field, "no %s with id %.40s", what, id ? id : "");
}

void market_changed(struct request *req)
{
    cache_invalidate(&req->ctx->kv, req->ctx->shared);
}
