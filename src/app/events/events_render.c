#include "config.h"
#include "core/common.h"
#include "app/events/events_render.h"
#include "core/timeutil.h"
#include "infra/pg.h"

void render_time(struct jsonw *w, const char *key, const struct pg_result *r, int row, int col)
{
    const char *v = pg_get(r, row, col);
    jsonw_key(w, key);
    if (!v) {
        jsonw_null(w);
        return;
    }
    char out[TIME_ISO_LEN];
    time_format_iso(strtoll(v, NULL, 10), out);
    jsonw_str(w, out);
}

void render_session_open(struct jsonw *w, const struct pg_result *r, int row, int col)
{
    jsonw_obj_open(w);
    jsonw_kstr(w, "id", pg_get(r, row, col));
    jsonw_kstr(w, "eventId", pg_get(r, row, col + 1));
    render_time(w, "startDate", r, row, col + 2);
    render_time(w, "endDate", r, row, col + 3);
    jsonw_kstr(w, "localDate", pg_get(r, row, col + 4));
    jsonw_kstr(w, "localTime", pg_get(r, row, col + 5));
    jsonw_kstr(w, "timezone", pg_get(r, row, col + 6));
    jsonw_kstr(w, "url", pg_get(r, row, col + 7));
    render_time(w, "salesStart", r, row, col + 8);
    render_time(w, "salesEnd", r, row, col + 9);
    jsonw_kstr(w, "status", pg_get(r, row, col + 10));
}

void render_session(struct jsonw *w, const struct pg_result *r, int row, int col)
{
    if (pg_is_null(r, row, col)) {
        jsonw_null(w);
        return;
    }
    render_session_open(w, r, row, col);
    jsonw_obj_close(w);
}

void render_summary_open(struct jsonw *w, const struct pg_result *r, int row, int col, int next_col)
{
    jsonw_obj_open(w);
    jsonw_kstr(w, "id", pg_get(r, row, col));
    jsonw_kstr(w, "name", pg_get(r, row, col + 1));
    jsonw_kstr(w, "genre", pg_get(r, row, col + 2));
    jsonw_kstr(w, "subGenre", pg_get(r, row, col + 3));
    jsonw_kstr(w, "venueName", pg_get(r, row, col + 4));
    jsonw_kstr(w, "venueAddress", pg_get(r, row, col + 5));
    jsonw_kstr(w, "imageUrl", pg_get(r, row, col + 6));
    jsonw_key(w, "nextSession");
    render_session(w, r, row, next_col);
    jsonw_kint(w, "favoriteCount", pg_get_i64(r, row, col + 7));
}

/* What the marketplace offers for a session: {"available", "lowestPriceCents",
 * "currency"}. */
void render_resale(struct jsonw *w, const struct pg_result *r, int row, int col)
{
    jsonw_key(w, "resale");
    jsonw_obj_open(w);
    jsonw_kint(w, "available", pg_get_i64(r, row, col));
    jsonw_key(w, "lowestPriceCents");
    if (pg_is_null(r, row, col + 1))
        jsonw_null(w);
    else
        jsonw_int(w, pg_get_i64(r, row, col + 1));
    jsonw_kstr(w, "currency", pg_get(r, row, col + 2));
    jsonw_obj_close(w);
}
