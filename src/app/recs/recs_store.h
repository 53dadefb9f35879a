/*
 * recs_store.h - the SQL of similar events: event_vectors
 * (sql/004_search.sql) read by the API workers and written by the vector
 * step of marquee-sync.
 */
#ifndef MQ_RECS_STORE_H
#define MQ_RECS_STORE_H

#include "core/common.h"
#include "core/status.h"

struct arena;
struct pg;
struct pg_result;

/* The event's genre (NULL when it has none) into *genre (arena);
 * ST_NOT_FOUND if there is no such event. */
enum status recs_event_genre(struct pg *db, struct arena *a, const char *id, const char **genre);

/* max(seq) of event_vectors (0 when empty). */
enum status recs_vectors_seq(struct pg *db, struct arena *a, int64_t *seq);

/* Up to limit vectors written after seq, in seq order: seq, event_id,
 * genre, q8 (bytea, hex text), q8_scale, live ("t"/"f": false when the
 * event has no session, so no similar answer may hold it). */
#define RV_SEQ   0
#define RV_ID    1
#define RV_GENRE 2
#define RV_Q8    3
#define RV_SCALE 4
#define RV_LIVE  5
enum status recs_vectors_after(struct pg *db, struct arena *a, int64_t seq, int limit,
                               struct pg_result **out);

/* The vector step of marquee-sync. */

/* Marks for re-embedding every event whose vector came from another model. */
enum status recs_mark_other_models(struct pg *db, struct arena *a, const char *model,
                                   int64_t *marked);

/* Up to limit pending events after last_id: id, text, md5(text), the
 * stored text_hash and model (NULL without a vector). */
#define RP_ID    0
#define RP_TEXT  1
#define RP_HASH  2
#define RP_OLD   3
#define RP_MODEL 4
enum status recs_pending(struct pg *db, struct arena *a, const char *last_id, int limit,
                         struct pg_result **out);

/* Writes vectors given as a JSON array of {id, embedding, q8 (hex), scale,
 * hash} made by model, and clears vector_pending for every id of done (a
 * JSON array). live follows session_count > 0: the vectors of done whose
 * event lost its last session or got one back are marked for Qdrant and
 * the workers again (*relived counts them). */
enum status recs_store_vectors(struct pg *db, struct arena *a, const char *vectors_json,
                               const char *done_json, const char *model, int64_t *written,
                               int64_t *relived);

/* Qdrant: up to limit vectors not yet pushed (or deleted): event_id,
 * embedding (hex), genre, sub_genre, seq, live ("f": delete the point). */
#define RQ_ID       0
#define RQ_VECTOR   1
#define RQ_GENRE    2
#define RQ_SUBGENRE 3
#define RQ_SEQ      4
#define RQ_LIVE     5
enum status recs_qdrant_pending(struct pg *db, struct arena *a, int limit, struct pg_result **out);
/* Clears qdrant_pending for the pushed or deleted (id, seq) pairs (JSON
 * arrays). */
enum status recs_qdrant_done(struct pg *db, struct arena *a, const char *ids_json,
                             const char *seqs_json);

#endif
