/*
 * users_account.h - registering and signing in, shared by the JSON API
 * (users_handlers.c) and the pages (web/account_pages.c): each parses its
 * input, calls these and answers in its own format. Starting the session
 * (server/auth.h, auth_sign_in) is the caller's, since it sets cookies.
 */
#ifndef MQ_USERS_ACCOUNT_H
#define MQ_USERS_ACCOUNT_H

#include "core/common.h"
#include "core/status.h"
#include "server/request.h"

struct auth_user;

/* Field bounds in bytes (spec/API.md, "Auth and users"). */
#define USERS_EMAIL_MIN    3
#define USERS_EMAIL_MAX    254
#define USERS_USERNAME_MIN 3
#define USERS_USERNAME_MAX 32
#define USERS_PASSWORD_MIN 8
#define USERS_PASSWORD_MAX 128
#define USERS_LOGIN_MAX    254

/* Why a call was refused: the field at fault (NULL: none in particular)
 * and a message for the person (lowercase, static or arena memory);
 * retry_after is the wait in seconds for ST_RATE_LIMITED. */
struct users_refusal {
    const char *field;
    const char *message;
    int64_t retry_after;
};

/* What is wrong with a field of a registration, or NULL when it is fine.
 * Static messages, e.g. "email must be an address like name@example.com". */
const char *users_check_email(const char *email, size_t len);
const char *users_check_username(const char *username, size_t len);
const char *users_check_password(const char *password, size_t len);

/* Creates an account: checks the three fields in that order, then that
 * the email and username are free (before hashing: a duplicate costs no
 * Argon2), hashes the password, inserts. ST_INVALID (the first bad field)
 * or ST_CONFLICT (the email or username is taken) fill *why;
 * ST_UNAVAILABLE with why->retry_after when every hash slot of the pool
 * is busy (server/shared.h); ST_OK fills *u (arena strings). req gives
 * the connections and the arena. */
enum status users_register(struct request *req, const char *email, const char *username,
                           const char *password, size_t pwlen, struct auth_user *u,
                           struct users_refusal *why);

/* Checks login (an email or a username) and password under the sign-in
 * rate limits of server/ratelimit.h, counted per account found (whatever
 * the spelling) and per address: counts a failure, or clears the
 * account's count on success. ST_UNAUTH for a wrong login and a wrong
 * password alike, after the same Argon2 work; ST_RATE_LIMITED or (every
 * hash slot busy) ST_UNAVAILABLE with why->retry_after; ST_INVALID for a
 * field out of bounds. ST_OK fills *u. */
enum status users_login(struct request *req, const char *login, const char *password, size_t pwlen,
                        struct auth_user *u, struct users_refusal *why);

#endif
