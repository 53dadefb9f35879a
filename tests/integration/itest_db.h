/*
 * itest_db.h - fresh databases and child programs for the integration
 * tests that need a catalogue of their own (sync resumability, images):
 * the shared test database holds the other suites' data.
 */
#ifndef MQ_ITEST_DB_H
#define MQ_ITEST_DB_H

#include "core/common.h"

struct arena;
struct pg;

/* Drops and creates database `name` on the test stack's server and
 * applies $MARQUEE_ROOT/sql (or ./sql) to it. Its conninfo (arena), or
 * NULL after a message on stderr. */
const char *itest_fresh_db(struct arena *a, const char *name);
void itest_drop_db(const char *name);

/* Runs argv[0] (found on PATH) with env ("NAME=value", NULL-terminated)
 * added to ours, its output appended to log. With kill_when, it is asked
 * every 2 ms while the program runs and a true answer sends SIGKILL.
 * Returns the exit status, 128 + signal when killed, or -1 if it could
 * not be started. */
int itest_spawn(const char *const *argv, const char *const *env, const char *log,
                bool (*kill_when)(void *), void *arg);

/* Upserts extracted_events row `row` (one Music session on 2031-02-01,
 * named name at venue, pending), runs the sync's batches on db, and returns
 * the id of the event its session now belongs to (arena). */
const char *itest_put_and_sync(struct pg *db, struct arena *a, const char *row, const char *name,
                               const char *venue);

/* The test data's latest session starting more than a day from now that is
 * not cancelled: its id into session (64 bytes) and, when event is not
 * NULL, its event's id into event (80 bytes). false if there is none. */
bool itest_upcoming_session(struct pg *db, struct arena *a, char session[64], char event[80]);

/* Milliseconds on the monotonic clock. */
int64_t itest_now_ms(void);

#endif
