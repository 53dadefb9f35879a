/*
 * market.h - the resale marketplace (spec/MARKET.md; spec/API.md,
 * "Marketplace"): listings, orders with holds, payments.
 */
#ifndef MQ_MARKET_H
#define MQ_MARKET_H

#include "core/status.h"
#include "infra/http.h"
#include "server/router.h"

struct app_state;
struct config;

/* The market's worker-lifetime state (app/app.h): the payment provider
 * and the HTTP client it calls through. */
struct market_state {
    const struct pay_provider *provider;
    struct http_client http;
};

enum status market_init(struct app_state *st, const struct config *cfg);
void market_release(struct app_state *st);

extern const struct route tickets_routes[];
extern const struct route orders_routes[];
extern const struct route payments_routes[];

#endif
