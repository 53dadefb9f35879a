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

void log_event(enum log_level lvl, const char *event, const char *fields, ...)
{
    char line[2048];
    char ts[TIME_ISO_LEN];
    va_list ap;

    if (lvl < min_level)
        return;
    time_format_iso(time_now(), ts);
    int n = snprintf(line, sizeof(line), "ts=%s level=%s pid=%d event=%s ", ts, level_names[lvl],
                     (int)getpid(), event);
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
