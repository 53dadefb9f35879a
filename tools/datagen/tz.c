/*
 * tz.c - the generator's time zones and their DST rules.
 *
 * The generator applies the rules itself so output does not depend on the
 * host's tz database; the unit test compares them with the system's
 * conversion.
 */
#include "config.h"
#include "core/common.h"
#include "tools/datagen/datagen_internal.h"
#include "core/timeutil.h"

const struct datagen_zone datagen_zones[] = {
    { "America/New_York", -300, DATAGEN_RULE_US },
    { "America/Chicago", -360, DATAGEN_RULE_US },
    { "America/Denver", -420, DATAGEN_RULE_US },
    { "America/Phoenix", -420, DATAGEN_RULE_NONE },
    { "America/Los_Angeles", -480, DATAGEN_RULE_US },
    { "America/Detroit", -300, DATAGEN_RULE_US },
    { "America/Indiana/Indianapolis", -300, DATAGEN_RULE_US },
    { "America/Toronto", -300, DATAGEN_RULE_US },
    { "America/Vancouver", -480, DATAGEN_RULE_US },
    { "America/Edmonton", -420, DATAGEN_RULE_US },
    { "America/Winnipeg", -360, DATAGEN_RULE_US },
    { "Europe/London", 0, DATAGEN_RULE_EU },
    { "Europe/Dublin", 0, DATAGEN_RULE_EU },
    { "Europe/Berlin", 60, DATAGEN_RULE_EU },
    { "Europe/Prague", 60, DATAGEN_RULE_EU },
    { "Europe/Amsterdam", 60, DATAGEN_RULE_EU },
    { "Australia/Brisbane", 600, DATAGEN_RULE_NONE },
    { "Australia/Sydney", 600, DATAGEN_RULE_AU },
    { "Australia/Melbourne", 600, DATAGEN_RULE_AU },
    { "Australia/Perth", 480, DATAGEN_RULE_NONE },
    { "Pacific/Auckland", 720, DATAGEN_RULE_NZ },
};
const size_t datagen_nzones = MQ_ARRAY_LEN(datagen_zones);

/* Day number of the nth (1..4, 5 = last) Sunday of y-m. */
static int64_t nth_sunday(int64_t y, unsigned m, int nth)
{
    if (nth == 5) {
        int64_t next =
            m == 12 ? time_days_from_civil(y + 1, 1, 1) : time_days_from_civil(y, m + 1, 1);
        return next - 1 - (next - 1 + 4) % 7;
    }
    int64_t d1 = time_days_from_civil(y, m, 1);
    return d1 + (7 - (d1 + 4) % 7) % 7 + 7 * (nth - 1);
}

/* UTC instants DST starts (on) and ends (off) in year y. */
static void dst_bounds(const struct datagen_zone *z, int64_t y, int64_t *on, int64_t *off)
{
    int64_t std = z->std_minutes * 60;
    switch (z->rule) {
    case DATAGEN_RULE_US:
        *on = nth_sunday(y, 3, 2) * DATAGEN_DAY + 7200 - std;
        *off = nth_sunday(y, 11, 1) * DATAGEN_DAY + 3600 - std;
        break;
    case DATAGEN_RULE_EU:
        *on = nth_sunday(y, 3, 5) * DATAGEN_DAY + 3600;
        *off = nth_sunday(y, 10, 5) * DATAGEN_DAY + 3600;
        break;
    case DATAGEN_RULE_AU:
        *on = nth_sunday(y, 10, 1) * DATAGEN_DAY + 7200 - std;
        *off = nth_sunday(y, 4, 1) * DATAGEN_DAY + 7200 - std;
        break;
    case DATAGEN_RULE_NZ:
        *on = nth_sunday(y, 9, 5) * DATAGEN_DAY + 7200 - std;
        *off = nth_sunday(y, 4, 1) * DATAGEN_DAY + 7200 - std;
        break;
    default:
        *on = *off = 0;
    }
}

static bool is_dst(const struct datagen_zone *z, int64_t t)
{
    int64_t y, on, off;
    unsigned m, d;
    if (z->rule == DATAGEN_RULE_NONE)
        return false;
    time_civil_from_days(t / DATAGEN_DAY, &y, &m, &d);
    dst_bounds(z, y, &on, &off);
    return on < off ? t >= on && t < off : t >= on || t < off;
}

/* local is the wall-clock time written as if it were UTC. Times in the
 * spring gap or the autumn overlap are never generated. */
int64_t datagen_zone_to_utc(const struct datagen_zone *z, int64_t local)
{
    int64_t summer = local - z->std_minutes * 60 - 3600;
    return is_dst(z, summer) ? summer : local - z->std_minutes * 60;
}

int64_t datagen_zone_to_local(const struct datagen_zone *z, int64_t utc)
{
    return utc + z->std_minutes * 60 + (is_dst(z, utc) ? 3600 : 0);
}

const struct datagen_zone *datagen_find_zone(const char *name)
{
    for (size_t i = 0; i < datagen_nzones; i++) {
        if (strcmp(datagen_zones[i].name, name) == 0)
            return &datagen_zones[i];
    }
    return NULL;
}

bool datagen_local_to_utc(const char *tz, int64_t y, unsigned mon, unsigned day, int minute_of_day,
                          int64_t *out)
{
    const struct datagen_zone *z = datagen_find_zone(tz);
    if (!z)
        return false;
    *out = datagen_zone_to_utc(z, time_days_from_civil(y, mon, day) * DATAGEN_DAY +
                                      minute_of_day * 60);
    return true;
}
