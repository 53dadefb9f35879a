/*
 * images_sync.h - the image step of marquee-sync (spec/INTEGRATION.md,
 * "Images"): with IMGBB_API_KEY set, uploads each distinct source image
 * shown by an event to imgBB by URL, once, and shows the hosted copy.
 *
 * Uploads never fail the sync: a failed one keeps the source URL shown,
 * is logged and counted, and is retried on a later run (backing off per
 * image, images_store.h). A refused key or a rate limit ends the uploads
 * for the rest of the run (one try per run, not one per image), and so do
 * IMAGES_MAX_UNAVAILABLE failures in a row with no usable answer (imgBB
 * down or timing out). Each upload is recorded on its own, so a killed run
 * loses at most the one in flight. The key is never logged.
 */
#ifndef MQ_IMAGES_SYNC_H
#define MQ_IMAGES_SYNC_H

#include "core/common.h"
#include "core/status.h"

struct config;
struct pg;

#define IMAGES_PAGE            100
#define IMAGES_MAX_UNAVAILABLE 3

struct images_sync_stats {
    bool enabled;           /* IMGBB_API_KEY is set */
    bool stopped;           /* uploads ended early: key refused, rate limit, imgBB down */
    int64_t uploaded;       /* source images now hosted */
    int64_t failed;         /* tries that failed (left pending) */
    int64_t events_updated; /* events now showing a hosted copy */
};

/* ST_OK unless the database failed (upload failures are only counted). */
enum status images_sync_run(struct pg *db, const struct config *cfg, struct images_sync_stats *st);

#endif
