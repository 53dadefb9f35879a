/*
 * GET /api/genres: {"items":[{id,name,subGenres:[{id,name}]}]} by name.
 */
#include "config.h"
#include "core/common.h"
#include "app/genres/genres.h"
#include "app/genres/genres_store.h"
#include "infra/pg.h"
#include "server/worker.h"

static void get_genres(struct request *req, struct response *res)
{
    struct pg_result *r;
    enum status st = genres_store_list(worker_read_db(req->ctx, req->arena), req->arena, &r);
    if (st != ST_OK) {
        reply_status(res, st);
        return;
    }
    struct jsonw *w = reply_items_open(res);
    for (int i = 0; i < pg_nrows(r); i++) {
        bool first = i == 0 || strcmp(pg_get(r, i, GENRES_ID), pg_get(r, i - 1, GENRES_ID)) != 0;
        if (first) {
            if (i > 0) {
                jsonw_arr_close(w);
                jsonw_obj_close(w);
            }
            jsonw_obj_open(w);
            jsonw_kstr(w, "id", pg_get(r, i, GENRES_ID));
            jsonw_kstr(w, "name", pg_get(r, i, GENRES_NAME));
            jsonw_key(w, "subGenres");
            jsonw_arr_open(w);
        }
        if (pg_is_null(r, i, GENRES_SUB_ID))
            continue;
        jsonw_obj_open(w);
        jsonw_kstr(w, "id", pg_get(r, i, GENRES_SUB_ID));
        jsonw_kstr(w, "name", pg_get(r, i, GENRES_SUB_NAME));
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
    { "GET", "/api/genres", AUTH_PUBLIC, get_genres, CACHE_JSON(NULL) },
    { NULL, NULL, AUTH_PUBLIC, NULL, CACHE_NONE },
};
