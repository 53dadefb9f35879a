#include "config.h"
#include "core/common.h"
#include "app/recs/recs_store.h"
#include "core/arena.h"
#include "infra/pg.h"

static const struct pg_stmt event_genre = { "recs_event_genre",
                                            "SELECT genre FROM events WHERE id = $1", 1,
                                            PG_READONLY };

static const struct pg_stmt vectors_seq = { "recs_vectors_seq",
                                            "SELECT COALESCE(max(seq), 0) FROM event_vectors", 0,
                                            PG_READONLY };

static const struct pg_stmt vectors_after = {
    "recs_vectors_after",
    "SELECT v.seq, v.event_id, e.genre, v.q8, v.q8_scale, v.live FROM event_vectors v "
    "JOIN events e ON e.id = v.event_id WHERE v.seq > $1 ORDER BY v.seq LIMIT $2",
    2, PG_READONLY
};

static const struct pg_stmt other_models = {
    "recs_other_models",
    "WITH m AS (UPDATE events e SET vector_pending = true FROM event_vectors v "
    "  WHERE v.event_id = e.id AND v.model <> $1 AND NOT e.vector_pending RETURNING 1) "
    "SELECT count(*) FROM m",
    1, 0
};

/* The text embedded: name, genre, sub-genre, venue, description (embed.h). */
#define EMBED_TEXT                                                                                 \
    "e.name || E'\\n' || COALESCE(e.genre, '') || E'\\n' || COALESCE(e.sub_genre, '') || "         \
    "E'\\n' || e.venue_name || E'\\n' || COALESCE(e.description, '')"

static const struct pg_stmt pending = {
    "recs_pending",
    "SELECT e.id, " EMBED_TEXT ", md5(" EMBED_TEXT "), v.text_hash, v.model FROM events e "
    "LEFT JOIN event_vectors v ON v.event_id = e.id "
    "WHERE e.vector_pending AND e.id > $1 ORDER BY e.id LIMIT $2",
    2, 0
};

/* seq moves on every write, so the workers load the row again. live
 * follows the event's sessions (sql/008): a vector not rewritten (l) is
 * still written again when its event lost its last session or got one
 * back, so Qdrant and the workers drop it or take it back. */
static const struct pg_stmt store_vectors = {
    "recs_store_vectors",
    "WITH w AS (INSERT INTO event_vectors (event_id, embedding, q8, q8_scale, model, text_hash, "
    "  live) "
    "  SELECT x.id, decode(x.embedding, 'hex'), decode(x.q8, 'hex'), x.scale, $3, x.hash, "
    "  e.session_count > 0 "
    "  FROM jsonb_to_recordset($1::jsonb) AS x(id text, embedding text, q8 text, scale real, "
    "  hash text) JOIN events e ON e.id = x.id "
    "  ON CONFLICT (event_id) DO UPDATE SET embedding = EXCLUDED.embedding, q8 = EXCLUDED.q8, "
    "  q8_scale = EXCLUDED.q8_scale, model = EXCLUDED.model, text_hash = EXCLUDED.text_hash, "
    "  live = EXCLUDED.live, qdrant_pending = true, seq = nextval('event_vectors_seq'), "
    "  updated_at = now() "
    "  RETURNING 1), "
    "l AS (UPDATE event_vectors v SET live = e.session_count > 0, qdrant_pending = true, "
    "  seq = nextval('event_vectors_seq'), updated_at = now() FROM events e "
    "  WHERE e.id = v.event_id AND v.live <> (e.session_count > 0) "
    "  AND v.event_id IN (SELECT jsonb_array_elements_text($2::jsonb)) "
    "  AND v.event_id NOT IN (SELECT x.id FROM jsonb_to_recordset($1::jsonb) AS x(id text)) "
    "  RETURNING 1), "
    "d AS (UPDATE events SET vector_pending = false "
    "  WHERE id IN (SELECT jsonb_array_elements_text($2::jsonb)) AND vector_pending) "
    "SELECT count(*), (SELECT count(*) FROM l) FROM w",
    3, 0
};

static const struct pg_stmt qdrant_pending = {
    "recs_qdrant_pending",
    "SELECT v.event_id, encode(v.embedding, 'hex'), e.genre, e.sub_genre, v.seq, v.live "
    "FROM event_vectors v JOIN events e ON e.id = v.event_id "
    "WHERE v.qdrant_pending ORDER BY v.event_id LIMIT $1",
    1, 0
};

/* Only if the vector was not rewritten since it was read. */
static const struct pg_stmt qdrant_done = {
    "recs_qdrant_done",
    "UPDATE event_vectors v SET qdrant_pending = false "
    "FROM (SELECT jsonb_array_elements_text($1::jsonb) AS id, "
    "  jsonb_array_elements_text($2::jsonb)::int8 AS seq) d "
    "WHERE v.event_id = d.id AND v.seq = d.seq",
    2, 0
};

enum status recs_event_genre(struct pg *db, struct arena *a, const char *id, const char **genre)
{
    struct pg_result *r;
    const char *params[] = { id };
    enum status st = pg_exec(db, a, &event_genre, params, &r);
    if (st != ST_OK)
        return st;
    if (pg_nrows(r) == 0)
        return ST_NOT_FOUND;
    *genre = pg_get(r, 0, 0);
    return ST_OK;
}

enum status recs_vectors_seq(struct pg *db, struct arena *a, int64_t *seq)
{
    struct pg_result *r;
    enum status st = pg_exec(db, a, &vectors_seq, NULL, &r);
    if (st == ST_OK)
        *seq = pg_get_i64(r, 0, 0);
    return st;
}

enum status recs_vectors_after(struct pg *db, struct arena *a, int64_t seq, int limit,
                               struct pg_result **out)
{
    const char *params[] = { arena_printf(a, "%lld", (long long)seq),
                             arena_printf(a, "%d", limit) };
    return pg_exec(db, a, &vectors_after, params, out);
}

enum status recs_mark_other_models(struct pg *db, struct arena *a, const char *model,
                                   int64_t *marked)
{
    struct pg_result *r;
    const char *params[] = { model };
    enum status st = pg_exec(db, a, &other_models, params, &r);
    if (st == ST_OK)
        *marked = pg_get_i64(r, 0, 0);
    return st;
}

enum status recs_pending(struct pg *db, struct arena *a, const char *last_id, int limit,
                         struct pg_result **out)
{
    const char *params[] = { last_id, arena_printf(a, "%d", limit) };
    return pg_exec(db, a, &pending, params, out);
}

enum status recs_store_vectors(struct pg *db, struct arena *a, const char *vectors_json,
                               const char *done_json, const char *model, int64_t *written,
                               int64_t *relived)
{
    struct pg_result *r;
    const char *params[] = { vectors_json, done_json, model };
    enum status st = pg_exec(db, a, &store_vectors, params, &r);
    if (st == ST_OK) {
        *written = pg_get_i64(r, 0, 0);
        *relived = pg_get_i64(r, 0, 1);
    }
    return st;
}

enum status recs_qdrant_pending(struct pg *db, struct arena *a, int limit, struct pg_result **out)
{
    const char *params[] = { arena_printf(a, "%d", limit) };
    return pg_exec(db, a, &qdrant_pending, params, out);
}

enum status recs_qdrant_done(struct pg *db, struct arena *a, const char *ids_json,
                             const char *seqs_json)
{
    struct pg_result *r;
    const char *params[] = { ids_json, seqs_json };
    return pg_exec(db, a, &qdrant_done, params, &r);
}
