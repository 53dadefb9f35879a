#include "config.h"
#include "core/common.h"
#include "core/log.h"
#include "core/timeutil.h"

#include <stdarg.h>
#include <unistd.h>

static enum log_level min_level = LOG_INFO;
static const char *const level_names[] = { "debug", "info", "warn", "error" };

void log_set_level(enum log_level lvl)
{
    min_level = lvl;
}

int log_level_parse(const char *s)
{
    for (size_t i = 0; i < MQ_ARRAY_LEN(level_names); i++) {
        if (strcmp(s, level_names[i]) == 0)
            return (int)i;
    }
    return -1;
}

/* Warnings and errors of one event: at most LOG_BURST lines per
 * LOG_WINDOW_S seconds per process; the next line after a window says how
 * many were left out. So an outage (every request failing the same way)
 * cannot flood the log, and the first lines of any new trouble still show. */
struct log_rate {
    const char *event;
    int64_t window;
    unsigned lines, suppressed;
};
static struct log_rate rates[64];

static bool log_allowed(const char *event, int64_t now, unsigned *suppressed)
{
    uint64_t h = 1469598103934665603ull;
    for (const char *c = event; *c; c++)
        h = (h ^ (unsigned char)*c) * 1099511628211ull;
    struct log_rate *r = &rates[h % MQ_ARRAY_LEN(rates)];
    if (!r->event || strcmp(r->event, event) != 0)
        *r = (struct log_rate){ .event = event, .window = now / LOG_WINDOW_S };
    *suppressed = 0;
    if (now / LOG_WINDOW_S != r->window) {
        *suppressed = r->suppressed;
        r->window = now / LOG_WINDOW_S;
        r->lines = r->suppressed = 0;
    }
    if (r->lines >= LOG_BURST) {
        r->suppressed++;
        return false;
    }
    r->lines++;
    return true;
}

void log_event(enum log_level lvl, const char *event, const char *fields, ...)
{
    char line[2048];
    char ts[TIME_ISO_LEN];
    va_list ap;
    unsigned suppressed = 0;

    if (lvl < min_level)
        return;
    int64_t now = time_now();
    if (lvl >= LOG_WARN && !log_allowed(event, now, &suppressed))
        return;
    time_format_iso(now, ts);
    int n = snprintf(line, sizeof(line), "ts=%s level=%s pid=%d event=%s ", ts, level_names[lvl],
                     (int)getpid(), event);
    if (suppressed && n > 0 && (size_t)n < sizeof(line))
        n += snprintf(line + n, sizeof(line) - (size_t)n, "suppressed=%u ", suppressed);
    if (n < 0 || (size_t)n >= sizeof(line))
        return;
    va_start(ap, fields);
    int m = vsnprintf(line + n, sizeof(line) - (size_t)n, fields, ap);
    va_end(ap);
    size_t len = (size_t)n + (m > 0 ? (size_t)m : 0);
    if (len > sizeof(line) - 2)
        len = sizeof(line) - 2;
    while (len > 0 && line[len - 1] == ' ')
        len--;
    line[len++] = '\n';
    ssize_t w = write(STDERR_FILENO, line, len);
    MQ_UNUSED(w);
}

const char *log_quote(char *out, size_t outlen, const char *s)
{
    bool plain = *s != '\0';
    for (const char *p = s; *p && plain; p++)
        plain = (unsigned char)*p > ' ' && *p != '"' && *p != '=' && *p != '\\';
    if (plain) {
        snprintf(out, outlen, "%s", s);
        return out;
    }
    size_t j = 0;
    if (outlen < 3) {
        out[0] = '\0';
        return out;
    }
    out[j++] = '"';
    for (const char *p = s; *p && j + 3 < outlen; p++) {
        unsigned char c = (unsigned char)*p;
        if (c == '"' || c == '\\') {
            out[j++] = '\\';
            out[j++] = (char)c;
        } else {
            out[j++] = c < ' ' ? '?' : (char)c;
        }
    }
    out[j++] = '"';
    out[j] = '\0';
    return out;
}
