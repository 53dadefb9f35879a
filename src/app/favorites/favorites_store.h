/*
 * favorites_store.h - the favorites table. events.favorite_count follows
 * it through a trigger (sql/003_accounts.sql), in the same transaction.
 */
#ifndef MQ_FAVORITES_STORE_H
#define MQ_FAVORITES_STORE_H

#include "core/common.h"
#include "app/events/events_store.h"
#include "core/status.h"

struct arena;
struct pg;
struct pg_result;

/* favorites_list: one page, newest first; columns: event id, created_at
 * (epoch), then the event's summary and next upcoming session
 * (events_store.h layouts). *total: the user's favorites in all. */
#define FAV_EVENT   0
#define FAV_CREATED 1
#define FAV_SUMMARY 2
#define FAV_SESSION (FAV_SUMMARY + EV_SUMMARY_COLS)
enum status favorites_list(struct pg *db, struct arena *a, const char *user_id, int64_t limit,
                           int64_t offset, int64_t *total, struct pg_result **out);

/* Adds one; *added false when it was there already. ST_NOT_FOUND if there
 * is no such event. */
enum status favorites_add(struct pg *db, struct arena *a, const char *user_id, const char *event_id,
                          bool *added);

enum status favorites_has(struct pg *db, struct arena *a, const char *user_id, const char *event_id,
                          bool *has);

/* Removes one (event_id) or all (event_id NULL); *removed counts them. */
enum status favorites_remove(struct pg *db, struct arena *a, const char *user_id,
                             const char *event_id, int64_t *removed);

#endif
