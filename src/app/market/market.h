/*
 * market.h - the resale marketplace (spec/MARKET.md; spec/API.md,
 * "Marketplace"): listings, orders with holds, payments.
 */
#ifndef MQ_MARKET_H
#define MQ_MARKET_H

#include "server/router.h"

extern const struct route tickets_routes[];
extern const struct route orders_routes[];
extern const struct route payments_routes[];

#endif
