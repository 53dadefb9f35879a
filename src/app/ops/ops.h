/*
 * ops.h - operations endpoints: health and metrics.
 */
#ifndef MQ_OPS_H
#define MQ_OPS_H

#include "server/router.h"

extern const struct route ops_routes[];

#endif
