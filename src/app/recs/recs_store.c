#include "config.h"
#include "core/common.h"
#include "app/recs/recs_store.h"
#include "core/arena.h"
#include "infra/pg.h"

enum { GENRE_P_ID, GENRE_NPARAMS };
/* clang-format off */
static const struct pg_stmt event_genre = {
    "recs_event_genre",
    "SELECT genre FROM events WHERE id = $1",
    GENRE_NPARAMS, PG_READONLY
};

static const struct pg_stmt vectors_seq = {
    "recs_vectors_seq",
    "SELECT COALESCE(max(seq), 0) FROM event_vectors",
    0, PG_READONLY
};
/* clang-format on */

enum { AFTER_P_SEQ, AFTER_P_LIMIT, AFTER_NPARAMS };
/* clang-format off */
static const struct pg_stmt vectors_after = {
    "recs_vectors_after",
    "SELECT v.seq, v.event_id, e.genre, v.q8, v.q8_scale, v.live FROM event_vectors v "
    "JOIN events e ON e.id = v.event_id "
    "WHERE v.seq > $1 "
    "ORDER BY v.seq "
    "LIMIT $2",
    AFTER_NPARAMS, PG_READONLY
};
/* clang-format on */

enum { OTHER_P_MODEL, OTHER_NPARAMS };
/* clang-format off */
static const struct pg_stmt other_models = {
    "recs_other_models",
    "WITH m AS ("
    "  UPDATE events e SET vector_pending = true FROM event_vectors v "
    "  WHERE v.event_id = e.id AND v.model <> $1 AND NOT e.vector_pending "
    "  RETURNING 1) "
    "SELECT count(*) FROM m",
    OTHER_NPARAMS, 0
};
/* clang-format on */

/* The text embedded: name, genre, sub-genre, venue, description (embed.h),
 * and its md5. */
enum { PENDING_P_AFTER, PENDING_P_LIMIT, PENDING_NPARAMS };
/* clang-format off */
static const struct pg_stmt pending = {
    "recs_pending",
    "SELECT e.id, "
    "  e.name || E'\\n' || COALESCE(e.genre, '') || E'\\n' || COALESCE(e.sub_genre, '') || "
    "  E'\\n' || e.venue_name || E'\\n' || COALESCE(e.description, ''), "
    "  md5(e.name || E'\\n' || COALESCE(e.genre, '') || E'\\n' || COALESCE(e.sub_genre, '') || "
    "  E'\\n' || e.venue_name || E'\\n' || COALESCE(e.description, '')), "
    "  v.text_hash, v.model "
    "FROM events e "
    "LEFT JOIN event_vectors v ON v.event_id = e.id "
    "WHERE e.vector_pending AND e.id > $1 "
    "ORDER BY e.id "
    "LIMIT $2",
    PENDING_NPARAMS, 0
};
/* clang-format on */

/* seq moves on every write, so the workers load the row again. live
 * follows the event's sessions (sql/008): a vector not rewritten (l) is
 * still written again when its event lost its last session or got one
 * back, so Qdrant and the workers drop it or take it back. $1 the vectors
 * (JSON records), $2 the ids of every event embedded (JSON array), $3 the
 * model; answers how many were written and how many only flipped live. */
enum { STORE_P_VECTORS, STORE_P_DONE, STORE_P_MODEL, STORE_NPARAMS };
enum { STORE_WRITTEN, STORE_RELIVED };
/* clang-format off */
static const struct pg_stmt store_vectors = {
    "recs_store_vectors",
    "WITH w AS ("
    "  INSERT INTO event_vectors (event_id, embedding, q8, q8_scale, model, text_hash, live) "
    "  SELECT x.id, decode(x.embedding, 'hex'), decode(x.q8, 'hex'), x.scale, $3, x.hash, "
    "    e.session_count > 0 "
    "  FROM jsonb_to_recordset($1::jsonb) AS x(id text, embedding text, q8 text, scale real, hash text) "
    "  JOIN events e ON e.id = x.id "
    "  ON CONFLICT (event_id) DO UPDATE SET embedding = EXCLUDED.embedding, q8 = EXCLUDED.q8, "
    "    q8_scale = EXCLUDED.q8_scale, model = EXCLUDED.model, text_hash = EXCLUDED.text_hash, "
    "    live = EXCLUDED.live, qdrant_pending = true, seq = nextval('event_vectors_seq'), "
    "    updated_at = now() "
    "  RETURNING 1), "
    "l AS ("
    "  UPDATE event_vectors v SET live = e.session_count > 0, qdrant_pending = true, "
    "    seq = nextval('event_vectors_seq'), updated_at = now() "
    "  FROM events e "
    "  WHERE e.id = v.event_id AND v.live <> (e.session_count > 0) "
    "    AND v.event_id IN (SELECT jsonb_array_elements_text($2::jsonb)) "
    "    AND v.event_id NOT IN (SELECT x.id FROM jsonb_to_recordset($1::jsonb) AS x(id text)) "
    "  RETURNING 1), "
    "d AS ("
    "  UPDATE events SET vector_pending = false "
    "  WHERE id IN (SELECT jsonb_array_elements_text($2::jsonb)) AND vector_pending) "
    "SELECT count(*), (SELECT count(*) FROM l) FROM w",
    STORE_NPARAMS, 0
};
/* clang-format on */

enum { QPENDING_P_LIMIT, QPENDING_NPARAMS };
/* clang-format off */
static const struct pg_stmt qdrant_pending = {
    "recs_qdrant_pending",
    "SELECT v.event_id, encode(v.embedding, 'hex'), e.genre, e.sub_genre, v.seq, v.live "
    "FROM event_vectors v "
    "JOIN events e ON e.id = v.event_id "
    "WHERE v.qdrant_pending "
    "ORDER BY v.event_id "
    "LIMIT $1",
    QPENDING_NPARAMS, 0
};
/* clang-format on */

/* Only if the vector was not rewritten since it was read; $1 the ids, $2
 * their seqs (JSON arrays, in the same order). */
enum { QDONE_P_IDS, QDONE_P_SEQS, QDONE_NPARAMS };
/* clang-format off */
static const struct pg_stmt qdrant_done = {
    "recs_qdrant_done",
    "UPDATE event_vectors v SET qdrant_pending = false "
    "FROM (SELECT jsonb_array_elements_text($1::jsonb) AS id, "
    "        jsonb_array_elements_text($2::jsonb)::int8 AS seq) d "
    "WHERE v.event_id = d.id AND v.seq = d.seq",
    QDONE_NPARAMS, 0
};
/* clang-format on */

enum status recs_event_genre(struct pg *db, struct arena *a, const char *id, const char **genre)
{
    struct pg_result *r;
    const char *params[GENRE_NPARAMS] = { [GENRE_P_ID] = id };
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
    const char *params[AFTER_NPARAMS] = {
        [AFTER_P_SEQ] = arena_printf(a, "%lld", (long long)seq),
        [AFTER_P_LIMIT] = arena_printf(a, "%d", limit),
    };
    return pg_exec(db, a, &vectors_after, params, out);
}

enum status recs_mark_other_models(struct pg *db, struct arena *a, const char *model,
                                   int64_t *marked)
{
    struct pg_result *r;
    const char *params[OTHER_NPARAMS] = { [OTHER_P_MODEL] = model };
    enum status st = pg_exec(db, a, &other_models, params, &r);
    if (st == ST_OK)
        *marked = pg_get_i64(r, 0, 0);
    return st;
}

enum status recs_pending(struct pg *db, struct arena *a, const char *last_id, int limit,
                         struct pg_result **out)
{
    const char *params[PENDING_NPARAMS] = {
        [PENDING_P_AFTER] = last_id,
        [PENDING_P_LIMIT] = arena_printf(a, "%d", limit),
    };
    return pg_exec(db, a, &pending, params, out);
}

enum status recs_store_vectors(struct pg *db, struct arena *a, const char *vectors_json,
                               const char *done_json, const char *model, int64_t *written,
                               int64_t *relived)
{
    struct pg_result *r;
    const char *params[STORE_NPARAMS] = {
        [STORE_P_VECTORS] = vectors_json,
        [STORE_P_DONE] = done_json,
        [STORE_P_MODEL] = model,
    };
    enum status st = pg_exec(db, a, &store_vectors, params, &r);
    if (st == ST_OK) {
        *written = pg_get_i64(r, 0, STORE_WRITTEN);
        *relived = pg_get_i64(r, 0, STORE_RELIVED);
    }
    return st;
}

enum status recs_qdrant_pending(struct pg *db, struct arena *a, int limit, struct pg_result **out)
{
    const char *params[QPENDING_NPARAMS] = { [QPENDING_P_LIMIT] = arena_printf(a, "%d", limit) };
    return pg_exec(db, a, &qdrant_pending, params, out);
}

enum status recs_qdrant_done(struct pg *db, struct arena *a, const char *ids_json,
                             const char *seqs_json)
{
    struct pg_result *r;
    const char *params[QDONE_NPARAMS] = { [QDONE_P_IDS] = ids_json, [QDONE_P_SEQS] = seqs_json };
    return pg_exec(db, a, &qdrant_done, params, &r);
}
