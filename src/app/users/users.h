/*
 * users.h - accounts: register, sign in and out, who am I
 * (spec/API.md, "Auth and users"). Sessions themselves are server/auth.h.
 */
#ifndef MQ_USERS_H
#define MQ_USERS_H

#include "server/router.h"

extern const struct route users_routes[];

/* The SQL of sessions, for server/auth.c (server/session_store.h). */
struct session_store;
extern const struct session_store users_session_store;

#endif
