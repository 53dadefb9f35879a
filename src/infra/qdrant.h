/*
 * qdrant.h - the Qdrant REST calls Marquee makes (see
 * tests/fixtures/qdrant/qdrant-notes.md): create the collection
 * `events` (384 dimensions, cosine), upsert and delete points, and the
 * universal query endpoint for "similar events".
 *
 * Point ids must be unsigned integers or UUIDs, so an event's point id is
 * the UUIDv5 of its event id in the RFC 4122 URL namespace: re-pushing an
 * event overwrites its point, never duplicates it. The event id itself
 * travels in the payload (eventId, with genre and subGenre).
 *
 * Bodies and answers are separate functions so the contract tests can
 * check them against the Qdrant OpenAPI document.
 */
#ifndef MQ_QDRANT_H
#define MQ_QDRANT_H

#include "core/common.h"
#include "infra/uuid5.h"
#include "core/status.h"
#include "infra/http.h"
#include "infra/http_nodes.h"

struct arena;
struct buf;

#define QDRANT_COLLECTION "events"
#define QDRANT_DIMS       384

struct qdrant_client {
    struct http_client http;
    struct http_nodes nodes; /* QDRANT_URL: one or more base URLs, comma-separated */
    long timeout_ms;
};

struct qdrant_point {
    const char *event_id;
    const float *vector; /* QDRANT_DIMS */
    const char *genre, *sub_genre;
};

struct qdrant_hit {
    const char *event_id; /* from the payload */
    double score;
};

/* urls: QDRANT_URL (borrowed), one base URL or several separated by commas
 * (http_nodes.h: the next node is tried on no answer or a 5xx). */
void qdrant_client_init(struct qdrant_client *c, const char *urls, long timeout_ms);
void qdrant_client_release(struct qdrant_client *c);

void qdrant_point_id(const char *event_id, char out[UUID_STR_LEN]);

/* Request bodies. */
void qdrant_collection_body(struct buf *b);
void qdrant_upsert_body(struct buf *b, const struct qdrant_point *p, size_t n);
/* {"points":[...]}: the point ids of n events (a PointIdsList selector). */
void qdrant_delete_body(struct buf *b, const char *const *event_ids, size_t n);
/* The nearest points to event_id's own point, without it; only genre's
 * (genre NULL: points without one) when same_genre. */
void qdrant_query_body(struct buf *b, const char *event_id, bool same_genre, const char *genre,
                       int limit);

/* Answers. ST_INVALID when not the documented shape. */
enum status qdrant_parse_query(struct arena *a, const char *text, size_t len,
                               struct qdrant_hit **hits, int *n);
/* result.status of an update ("acknowledged", "completed", ...). */
enum status qdrant_parse_update(struct arena *a, const char *text, size_t len, const char **status);
/* result.exists of GET /collections/{name}/exists. */
bool qdrant_parse_exists(struct arena *a, const char *text, size_t len);
/* The message of an error answer {"status":{"error":"..."}}, or NULL. */
const char *qdrant_parse_error(struct arena *a, const char *text, size_t len);

/* Calls: ST_UPSTREAM when Qdrant did not answer or answered an error
 * (logged). A missing point (the event was never pushed) is ST_NOT_FOUND. */
enum status qdrant_create_collection(struct qdrant_client *c, struct arena *a);
/* ST_OK when the collection exists (GET .../exists), within timeout_ms. */
enum status qdrant_ping(struct qdrant_client *c, struct arena *a, long timeout_ms);
enum status qdrant_upsert(struct qdrant_client *c, struct arena *a, const struct qdrant_point *p,
                          size_t n);
/* Deletes the points of n events (POST .../points/delete?wait=true). Qdrant
 * completes a delete of points it does not have: that is ST_OK too. */
enum status qdrant_delete(struct qdrant_client *c, struct arena *a, const char *const *event_ids,
                          size_t n);
enum status qdrant_query(struct qdrant_client *c, struct arena *a, const char *event_id,
                         bool same_genre, const char *genre, int limit, struct qdrant_hit **hits,
                         int *n);

#endif
