/*
 * users_render.h - JSON for User {id, email, username, createdAt}
 * (spec/API.md, "Objects"); never a password hash.
 */
#ifndef MQ_USERS_RENDER_H
#define MQ_USERS_RENDER_H

#include "core/jsonw.h"

struct auth_user;

void users_render(struct jsonw *w, const struct auth_user *u);

#endif
