#include "config.h"
#include "core/common.h"
#include "core/timeutil.h"
#include "core/arena.h"

#include <time.h>

/* Howard Hinnant's days_from_civil / civil_from_days. */
int64_t time_days_from_civil(int64_t y, unsigned m, unsigned d)
{
    y -= m <= 2;
    const int64_t era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = (unsigned)(y - era * 400);
    const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + (int64_t)doe - 719468;
}

void time_civil_from_days(int64_t z, int64_t *y, unsigned *m, unsigned *d)
{
    z += 719468;
    const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const unsigned doe = (unsigned)(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    *d = doy - (153 * mp + 2) / 5 + 1;
    *m = mp < 10 ? mp + 3 : mp - 9;
    *y = (int64_t)yoe + era * 400 + (*m <= 2);
}

static bool digits(const char *s, int n, int *out)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return false;
        v = v * 10 + (s[i] - '0');
    }
    *out = v;
    return true;
}

static unsigned days_in_month(int y, int m)
{
    static const unsigned dm[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return m == 2 && leap ? 29 : dm[m - 1];
}

/* Parses the zone suffix at s into an offset in seconds east of UTC. */
static enum status parse_zone(const char *s, int *offset)
{
    int hh, mm;
    if (s[0] == 'Z' && s[1] == '\0') {
        *offset = 0;
        return ST_OK;
    }
    if (s[0] != '+' && s[0] != '-')
        return ST_INVALID;
    if (!digits(s + 1, 2, &hh))
        return ST_INVALID;
    const char *p = s + 3;
    if (*p == ':')
        p++;
    if (!digits(p, 2, &mm) || p[2] != '\0' || hh > 23 || mm > 59)
        return ST_INVALID;
    *offset = (hh * 3600 + mm * 60) * (s[0] == '-' ? -1 : 1);
    return ST_OK;
}

enum status time_parse_iso(const char *s, int64_t *out)
{
    int y, mo, d, h = 0, mi = 0, se = 0, offset = 0;

    if (!digits(s, 4, &y) || s[4] != '-' || !digits(s + 5, 2, &mo) || s[7] != '-' ||
        !digits(s + 8, 2, &d))
        return ST_INVALID;
    if (y < 1 || mo < 1 || mo > 12 || d < 1 || (unsigned)d > days_in_month(y, mo))
        return ST_INVALID;
    if (s[10] != '\0') {
        if (s[10] != 'T' || !digits(s + 11, 2, &h) || s[13] != ':' || !digits(s + 14, 2, &mi) ||
            s[16] != ':' || !digits(s + 17, 2, &se))
            return ST_INVALID;
        if (h > 23 || mi > 59 || se > 59)
            return ST_INVALID;
        const char *p = s + 19;
        if (*p == '.') {
            p++;
            if (*p < '0' || *p > '9')
                return ST_INVALID;
            while (*p >= '0' && *p <= '9')
                p++;
        }
        if (parse_zone(p, &offset) != ST_OK)
            return ST_INVALID;
    }
    *out = time_days_from_civil(y, (unsigned)mo, (unsigned)d) * 86400 + h * 3600 + mi * 60 + se -
           offset;
    return ST_OK;
}

static void put2(char *p, unsigned v)
{
    p[0] = (char)('0' + v / 10 % 10);
    p[1] = (char)('0' + v % 10);
}

void time_format_iso(int64_t t, char out[TIME_ISO_LEN])
{
    int64_t days = t >= 0 ? t / 86400 : -((-t + 86399) / 86400);
    unsigned secs = (unsigned)(t - days * 86400);
    int64_t y;
    unsigned m, d;

    time_civil_from_days(days, &y, &m, &d);
    if (y < 0 || y > 9999)
        y = y < 0 ? 0 : 9999;
    /* Hand-written: this runs for every timestamp of every response. */
    put2(out, (unsigned)(y / 100));
    put2(out + 2, (unsigned)(y % 100));
    out[4] = '-';
    put2(out + 5, m);
    out[7] = '-';
    put2(out + 8, d);
    out[10] = 'T';
    put2(out + 11, secs / 3600);
    out[13] = ':';
    put2(out + 14, secs / 60 % 60);
    out[16] = ':';
    put2(out + 17, secs % 60);
    out[19] = 'Z';
    out[20] = '\0';
}

const char *time_format_pg(struct arena *a, int64_t t)
{
    if (t == INT64_MAX)
        return "infinity";
    if (t == INT64_MIN)
        return "-infinity";
    char *s = arena_alloc(a, TIME_ISO_LEN);
    time_format_iso(t, s);
    return s;
}

int64_t time_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return ts.tv_sec;
}

int64_t time_mono_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}
