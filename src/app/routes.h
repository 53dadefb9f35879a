/*
 * routes.h - every domain's route table, in matching order.
 */
#ifndef MQ_ROUTES_H
#define MQ_ROUTES_H

#include "server/router.h"

extern const struct route *const app_routes[];

#endif
