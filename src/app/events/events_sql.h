/*
 * events_sql.h - the SQL column lists behind EventSummary and Session, in
 * the order events_render.c reads them (see events_store.h): shared by
 * every store whose answers hold events (events, favorites, ...).
 */
#ifndef MQ_EVENTS_SQL_H
#define MQ_EVENTS_SQL_H

/* EV_SUMMARY_COLS columns of events e. */
#define EV_SQL_SUMMARY                                                                             \
    "e.id, e.name, e.genre, e.sub_genre, e.venue_name, e.venue_address, e.image_url, "             \
    "e.favorite_count"

/* EV_SESSION_COLS columns of the event_sessions row aliased s. */
#define EV_SQL_SESSION(s)                                                                          \
    s ".id, " s ".event_id, extract(epoch FROM " s ".start_at)::int8, "                            \
      "extract(epoch FROM " s ".end_at)::int8, " s ".local_date::text, " s ".local_time::text, " s \
      ".timezone, " s ".url, extract(epoch FROM " s ".sales_start_at)::int8, "                     \
      "extract(epoch FROM " s ".sales_end_at)::int8, " s ".status"

#endif
