#include "config.h"
#include "core/common.h"
#include "web/web_events.h"
#include "app/events/events_store.h"
#include "core/arena.h"
#include "core/buf.h"
#include "core/timeutil.h"
#include "infra/pg.h"
#include "web/templates.h"

/* Session columns (events_store.h): id, event_id, start, end, local_date,
 * local_time, timezone, url, sales_start, sales_end, status. */
enum { S_START = 2, S_LOCAL_DATE = 4, S_LOCAL_TIME = 5, S_TZ = 6 };

static bool parse_local(const char *date, const char *clock, int64_t *days, int *secs)
{
    int y, m, d, hh = 0, mm = 0, ss = 0;
    if (!date || sscanf(date, "%4d-%2d-%2d", &y, &m, &d) != 3 || m < 1 || m > 12 || d < 1 || d > 31)
        return false;
    if (clock && sscanf(clock, "%2d:%2d:%2d", &hh, &mm, &ss) < 2)
        return false;
    *days = time_days_from_civil(y, (unsigned)m, (unsigned)d);
    *secs = hh * 3600 + mm * 60 + ss;
    return true;
}

bool web_session_offset(const struct pg_result *r, int row, int col, int *offset)
{
    int64_t days;
    int secs;
    const char *clock = pg_get(r, row, col + S_LOCAL_TIME);
    if (pg_is_null(r, row, col + S_START) || !clock ||
        !parse_local(pg_get(r, row, col + S_LOCAL_DATE), clock, &days, &secs))
        return false;
    int64_t off = days * 86400 + secs - pg_get_i64(r, row, col + S_START);
    /* Zones are whole quarter hours; anything else is bad data. */
    if (off % 900 != 0 || off < -14 * 3600 || off > 14 * 3600)
        return false;
    *offset = (int)off;
    return true;
}

const char *web_session_when(struct arena *a, const struct pg_result *r, int row, int col)
{
    static const char *const wd[] = { "Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed" };
    static const char *const mon[] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                       "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
    int64_t days, y;
    unsigned m, d;
    int secs, off;
    const char *clock = pg_get(r, row, col + S_LOCAL_TIME);
    const char *tz = pg_get(r, row, col + S_TZ);
    if (!parse_local(pg_get(r, row, col + S_LOCAL_DATE), clock, &days, &secs))
        return "Date to be announced";
    time_civil_from_days(days, &y, &m, &d);
    const char *date =
        arena_printf(a, "%s %u %s %lld", wd[((days % 7) + 7) % 7], d, mon[m - 1], (long long)y);
    if (!clock)
        return tz ? arena_printf(a, "%s (%s)", date, tz) : date;
    const char *when = arena_printf(a, "%s, %02d:%02d", date, secs / 3600, secs / 60 % 60);
    if (!web_session_offset(r, row, col, &off))
        return tz ? arena_printf(a, "%s (%s)", when, tz) : when;
    int ao = off < 0 ? -off : off;
    return arena_printf(a, "%s (UTC%c%02d:%02d%s%s)", when, off < 0 ? '-' : '+', ao / 3600,
                        ao / 60 % 60, tz ? ", " : "", tz ? tz : "");
}

/* Digits after the point: the ISO 4217 currencies that do not have two
 * (sql/013_market.sql's currencies table, where every code is three
 * capital letters: in these lists, a match is always a whole code). */
static int minor_digits(const char *currency)
{
    static const char zero[] = "BIF CLP DJF GNF ISK JPY KMF KRW PYG RWF UGX VND VUV XAF XOF XPF";
    static const char three[] = "BHD IQD JOD KWD LYD OMR TND";
    if (!currency || strlen(currency) != 3)
        return 2;
    return strstr(zero, currency) ? 0 : strstr(three, currency) ? 3 : 2;
}

static void put_amount(struct buf *b, int64_t cents, const char *currency, bool group)
{
    int digits = minor_digits(currency);
    uint64_t scale = digits == 0 ? 1 : digits == 3 ? 1000 : 100;
    uint64_t v = cents < 0 ? -(uint64_t)cents : (uint64_t)cents;
    char units[24];
    int n = snprintf(units, sizeof(units), "%llu", (unsigned long long)(v / scale));
    if (cents < 0)
        buf_putc(b, '-');
    for (int i = 0; i < n; i++) {
        if (group && i > 0 && (n - i) % 3 == 0)
            buf_putc(b, ',');
        buf_putc(b, units[i]);
    }
    if (digits)
        buf_printf(b, ".%0*llu", digits, (unsigned long long)(v % scale));
}

const char *web_price(struct arena *a, int64_t cents, const char *currency)
{
    /* The symbols English-speaking readers know (CLDR's "en": euro,
     * pound, yen signs in UTF-8); the code after the amount for the rest. */
    static const char *const symbols[][2] = {
        { "EUR", "\xe2\x82\xac" }, { "GBP", "\xc2\xa3" }, { "JPY", "\xc2\xa5" },
        { "USD", "US$" },          { "CAD", "CA$" },      { "AUD", "A$" },
    };
    struct buf *b = buf_new_arena(a, 0);
    for (size_t i = 0; currency && i < MQ_ARRAY_LEN(symbols); i++) {
        if (strcmp(currency, symbols[i][0]) == 0) {
            buf_puts(b, symbols[i][1]);
            put_amount(b, cents, currency, true);
            return b->data;
        }
    }
    put_amount(b, cents, currency, true);
    if (currency)
        buf_printf(b, " %s", currency);
    return b->data;
}

const char *web_amount(struct arena *a, int64_t cents, const char *currency)
{
    struct buf *b = buf_new_arena(a, 0);
    put_amount(b, cents, currency, false);
    return b->data;
}

const char *web_event_href(struct arena *a, const char *id)
{
    return arena_printf(a, "/events/%s", id);
}

void web_card(struct buf *o, struct arena *a, const struct pg_result *r, int row, int col,
              int next_col)
{
    web_card_with(o, a, r, row, col, next_col, NULL);
}

void web_card_with(struct buf *o, struct arena *a, const struct pg_result *r, int row, int col,
                   int next_col, const char *extra)
{
    const char *href = web_event_href(a, pg_get(r, row, col));
    const char *name = pg_get(r, row, col + 1), *genre = pg_get(r, row, col + 2);
    const char *venue = pg_get(r, row, col + 4), *image = pg_get(r, row, col + 6);
    const char *when =
        pg_is_null(r, row, next_col) ? "No upcoming dates" : web_session_when(a, r, row, next_col);
    if (image)
        tpl_card(o, href, image, name, venue, when, genre, extra);
    else
        tpl_card_noimage(o, href, name, venue, when, genre, extra);
}
