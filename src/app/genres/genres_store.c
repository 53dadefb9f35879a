#include "config.h"
#include "core/common.h"
#include "app/genres/genres_store.h"
#include "core/buf.h"
#include "core/jsonw.h"
#include "infra/pg.h"

#define GENRES_JSON_MAX (64u << 20) /* the rows parameter sent to Postgres */

/* clang-format off */
static const struct pg_stmt list_genres = {
    "genres_list",
    "SELECT g.id, g.name, sg.id, sg.name FROM genres g "
    "LEFT JOIN subgenres sg ON sg.genre_id = g.id "
    "ORDER BY g.name, g.id, sg.name, sg.id",
    0, PG_READONLY
};

/*
 * Both upserts take a JSON array of rows with their position (ord):
 * DISTINCT ON keeps the last copy of an id, as one INSERT cannot touch a
 * row twice. The WHERE on the update leaves equal rows alone. They answer
 * (distinct ids, inserted, updated).
 */
enum { UPSERT_P_ROWS, UPSERT_NPARAMS };
enum { UPSERT_DISTINCT, UPSERT_INSERTED, UPSERT_UPDATED };

static const struct pg_stmt upsert_genres = {
    "genres_upsert",
    "WITH src AS (\n"
    "  SELECT DISTINCT ON (r.id) r.id, r.name\n"
    "  FROM jsonb_to_recordset($1::jsonb) AS r(id text, name text, ord int)\n"
    "  ORDER BY r.id, r.ord DESC\n"
    "), up AS (\n"
    "  INSERT INTO genres (id, name)\n"
    "  SELECT id, name FROM src\n"
    "  ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, updated_at = now()\n"
    "  WHERE genres.name IS DISTINCT FROM EXCLUDED.name\n"
    "  RETURNING (xmax = 0) AS inserted\n"
    ")\n"
    "SELECT (SELECT count(*) FROM src),\n"
    "       count(*) FILTER (WHERE inserted),\n"
    "       count(*) FILTER (WHERE NOT inserted)\n"
    "FROM up",
    UPSERT_NPARAMS, 0
};

static const struct pg_stmt upsert_subgenres = {
    "subgenres_upsert",
    "WITH src AS (\n"
    "  SELECT DISTINCT ON (r.id) r.id, r.name, r.genre_id\n"
    "  FROM jsonb_to_recordset($1::jsonb) AS r(id text, name text, genre_id text, ord int)\n"
    "  ORDER BY r.id, r.ord DESC\n"
    "), up AS (\n"
    "  INSERT INTO subgenres (id, name, genre_id)\n"
    "  SELECT id, name, genre_id FROM src\n"
    "  ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, genre_id = EXCLUDED.genre_id,\n"
    "    updated_at = now()\n"
    "  WHERE (subgenres.name, subgenres.genre_id)\n"
    "    IS DISTINCT FROM (EXCLUDED.name, EXCLUDED.genre_id)\n"
    "  RETURNING (xmax = 0) AS inserted\n"
    ")\n"
    "SELECT (SELECT count(*) FROM src),\n"
    "       count(*) FILTER (WHERE inserted),\n"
    "       count(*) FILTER (WHERE NOT inserted)\n"
    "FROM up",
    UPSERT_NPARAMS, 0
};
/* clang-format on */

enum status genres_store_list(struct pg *db, struct arena *a, struct pg_result **out)
{
    return pg_exec(db, a, &list_genres, NULL, out);
}

/* Runs stmt over rows[0..n), sent as the JSON array it reads. */
static enum status upsert(struct pg *db, struct arena *a, const struct pg_stmt *stmt,
                          const struct genre_row *rows, size_t n, struct genres_upserted *out)
{
    struct buf *b = buf_new_arena(a, GENRES_JSON_MAX);
    struct jsonw w;
    struct pg_result *res;

    jsonw_init(&w, b);
    jsonw_arr_open(&w);
    for (size_t i = 0; i < n; i++) {
        jsonw_obj_open(&w);
        jsonw_kstr(&w, "id", rows[i].id);
        jsonw_kstr(&w, "name", rows[i].name);
        if (rows[i].genre_id)
            jsonw_kstr(&w, "genre_id", rows[i].genre_id);
        jsonw_kint(&w, "ord", (int64_t)i);
        jsonw_obj_close(&w);
    }
    jsonw_arr_close(&w);
    if (b->failed)
        return ST_NOMEM;
    const char *params[UPSERT_NPARAMS] = { [UPSERT_P_ROWS] = b->data };
    enum status st = pg_exec(db, a, stmt, params, &res);
    if (st != ST_OK || pg_nrows(res) != 1)
        return st != ST_OK ? st : ST_INTERNAL;
    out->distinct = pg_get_i64(res, 0, UPSERT_DISTINCT);
    out->inserted = pg_get_i64(res, 0, UPSERT_INSERTED);
    out->updated = pg_get_i64(res, 0, UPSERT_UPDATED);
    return ST_OK;
}

enum status genres_store_upsert_genres(struct pg *db, struct arena *a, const struct genre_row *rows,
                                       size_t n, struct genres_upserted *out)
{
    return upsert(db, a, &upsert_genres, rows, n, out);
}

enum status genres_store_upsert_subgenres(struct pg *db, struct arena *a,
                                          const struct genre_row *rows, size_t n,
                                          struct genres_upserted *out)
{
    return upsert(db, a, &upsert_subgenres, rows, n, out);
}
