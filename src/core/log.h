/*
 * log.h - one structured (logfmt) line per event on stderr:
 *   ts=2026-11-22T19:30:00Z level=info pid=42 event=request method=GET ...
 * Each line is written with a single write(2) so lines from concurrent
 * workers never interleave. Never pass secrets or request URLs with keys.
 */
#ifndef MQ_LOG_H
#define MQ_LOG_H

#include "core/common.h"

enum log_level { LOG_DEBUG, LOG_INFO, LOG_WARN, LOG_ERROR };

/* Warnings and errors are rate-limited per event name: at most LOG_BURST
 * lines per LOG_WINDOW_S seconds per process, then the next line carries
 * suppressed=N. Info and debug lines (one per request) are not limited. */
#define LOG_BURST    10
#define LOG_WINDOW_S 10

void log_set_level(enum log_level lvl);
/* Parses "debug", "info", "warn", "error"; -1 if unknown. */
int log_level_parse(const char *s);

/* fields: printf-style "key=value key2=value2" text after event=NAME. */
void log_event(enum log_level lvl, const char *event, const char *fields, ...) MQ_PRINTF(3, 4);

#define log_debug(ev, ...) log_event(LOG_DEBUG, ev, __VA_ARGS__)
#define log_info(ev, ...)  log_event(LOG_INFO, ev, __VA_ARGS__)
#define log_warn(ev, ...)  log_event(LOG_WARN, ev, __VA_ARGS__)
#define log_error(ev, ...) log_event(LOG_ERROR, ev, __VA_ARGS__)

/* Copies s into out as a logfmt value: quoted and escaped when it holds
 * spaces, quotes or control bytes; truncated to fit. Returns out. */
const char *log_quote(char *out, size_t outlen, const char *s);

#endif
