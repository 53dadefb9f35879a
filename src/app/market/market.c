#include "config.h"
#include "core/common.h"
#include "app/market/market.h"
#include "app/app.h"
#include "app/market/pay.h"

enum status market_init(struct app_state *st, const struct config *cfg)
{
    struct market_state *m = calloc(1, sizeof(*m));
    if (!m)
        return ST_NOMEM;
    m->provider = pay_provider_for(cfg);
    http_client_init(&m->http);
    st->market = m;
    return ST_OK;
}

void market_release(struct app_state *st)
{
    if (!st->market)
        return;
    http_client_release(&st->market->http);
    free(st->market);
    st->market = NULL;
}
