/*
 * images_store.h - the SQL of the image step (sql/006_images.sql): which
 * source images still need a hosted copy, and what became of an upload.
 */
#ifndef MQ_IMAGES_STORE_H
#define MQ_IMAGES_STORE_H

#include "core/common.h"
#include "core/status.h"

struct arena;
struct pg;
struct pg_result;

/* Up to limit source URLs after `after` (in order) without a hosted copy,
 * due for a try, and shown by at least one event. Column 0: source_url. */
enum status images_store_pending(struct pg *db, struct arena *a, const char *after, int limit,
                                 struct pg_result **r);

/* Records the hosted copy and shows it on every event using source;
 * *events = how many events changed. */
enum status images_store_uploaded(struct pg *db, struct arena *a, const char *source,
                                  const char *hosted, int64_t *events);

/* Records a failed try: the source stays shown, the next try waits
 * 5 minutes doubled per earlier try, at most a day. */
enum status images_store_failed(struct pg *db, struct arena *a, const char *source,
                                const char *error);

#endif
