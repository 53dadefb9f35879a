/*
 * users_store.h - the users table. Users come back as struct auth_user
 * (id, email, username, created_at) with arena strings.
 */
#ifndef MQ_USERS_STORE_H
#define MQ_USERS_STORE_H

#include "core/common.h"
#include "core/status.h"

struct arena;
struct auth_user;
struct pg;

/* Inserts a user (email stored lower-case). ST_CONFLICT when the email or
 * the username (case-insensitively) is taken: *field names which. The
 * database's unique indexes decide, so concurrent registrations of one
 * name cannot both succeed. */
enum status users_insert(struct pg *db, struct arena *a, const char *email, const char *username,
                         const char *password_hash, struct auth_user *u, const char **field);

/* Whether the email or the username (case-insensitively) is taken:
 * ST_CONFLICT with *field naming which (email first), ST_OK when both are
 * free. Registration asks before hashing, so a duplicate costs no Argon2;
 * the insert's unique indexes still decide races. */
enum status users_taken(struct pg *db, struct arena *a, const char *email, const char *username,
                        const char **field);

/* The user whose email or username (case-insensitively) is login, and its
 * password hash. ST_NOT_FOUND if none. */
enum status users_find_login(struct pg *db, struct arena *a, const char *login, struct auth_user *u,
                             const char **password_hash);

#endif
