/*
 * GET /api/genres: {"items":[{id,name,subGenres:[{id,name}]}]} by name.
 */
#include "config.h"
#include "core/common.h"
#include "app/genres/genres.h"
#include "infra/pg.h"
#include "server/worker.h"

static const struct pg_stmt list_genres = {
    "genres_list",
    "SELECT g.id, g.name, sg.id, sg.name FROM genres g "
    "LEFT JOIN subgenres sg ON sg.genre_id = g.id ORDER BY g.name, g.id, sg.name, sg.id",
    0, PG_READONLY
};

static void get_genres(struct request *req, struct response *res)
{
    struct pg_result *r;
    enum status st = pg_exec(&req->ctx->db, req->arena, &list_genres, NULL, &r);
    if (st != ST_OK) {
        reply_status(res, st);
        return;
    }
    struct jsonw *w = reply_json(res, 200);
    jsonw_obj_open(w);
    jsonw_key(w, "items");
    jsonw_arr_open(w);
    for (int i = 0; i < pg_nrows(r); i++) {
        bool first = i == 0 || strcmp(pg_get(r, i, 0), pg_get(r, i - 1, 0)) != 0;
        if (first) {
            if (i > 0) {
                jsonw_arr_close(w);
                jsonw_obj_close(w);
            }
            jsonw_obj_open(w);
            jsonw_kstr(w, "id", pg_get(r, i, 0));
            jsonw_kstr(w, "name", pg_get(r, i, 1));
            jsonw_key(w, "subGenres");
            jsonw_arr_open(w);
        }
        if (pg_is_null(r, i, 2))
            continue;
        jsonw_obj_open(w);
        jsonw_kstr(w, "id", pg_get(r, i, 2));
        jsonw_kstr(w, "name", pg_get(r, i, 3));
        jsonw_obj_close(w);
    }
    if (pg_nrows(r) > 0) {
        jsonw_arr_close(w);
        jsonw_obj_close(w);
    }
    jsonw_arr_close(w);
    jsonw_obj_close(w);
}

const struct route genres_routes[] = {
    { "GET", "/api/genres", AUTH_PUBLIC, get_genres, true },
    { NULL, NULL, AUTH_PUBLIC, NULL, false },
};
