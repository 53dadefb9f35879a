/*
 * timeutil.h - UTC timestamps as int64 seconds since the epoch.
 */
#ifndef MQ_TIMEUTIL_H
#define MQ_TIMEUTIL_H

#include <stdint.h>

#include "core/status.h"

struct arena;

#define TIME_ISO_LEN 21 /* "2026-11-22T19:30:00Z" + NUL */

/* Parses "YYYY-MM-DD" (00:00 UTC) or "YYYY-MM-DDTHH:MM:SS[.frac](Z|+HH:MM|-HH:MM|+HHMM)"
 * (fraction dropped); ST_INVALID for anything else or an impossible date. */
enum status time_parse_iso(const char *s, int64_t *out);

/* Writes t as "YYYY-MM-DDTHH:MM:SSZ". */
void time_format_iso(int64_t t, char out[TIME_ISO_LEN]);

/* t as a Postgres timestamptz parameter: "YYYY-MM-DDTHH:MM:SSZ" in arena
 * memory, or the static "infinity"/"-infinity" for INT64_MAX/INT64_MIN, the
 * open ends of a range. */
const char *time_format_pg(struct arena *a, int64_t t);

/* Days since 1970-01-01 for a proleptic Gregorian date, and back. */
int64_t time_days_from_civil(int64_t y, unsigned m, unsigned d);
void time_civil_from_days(int64_t z, int64_t *y, unsigned *m, unsigned *d);

int64_t time_now(void);
/* Monotonic clock in microseconds. */
int64_t time_mono_us(void);

#endif
