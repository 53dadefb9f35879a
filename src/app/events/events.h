/*
 * events.h - the catalogue domain: events and their sessions.
 */
#ifndef MQ_EVENTS_H
#define MQ_EVENTS_H

#include "server/router.h"

extern const struct route events_routes[];

#endif
