#include "config.h"
#include "core/common.h"
#include "app/genres/genres_store.h"
#include "infra/pg.h"

/* clang-format off */
static const struct pg_stmt list_genres = {
    "genres_list",
    "SELECT g.id, g.name, sg.id, sg.name FROM genres g "
    "LEFT JOIN subgenres sg ON sg.genre_id = g.id "
    "ORDER BY g.name, g.id, sg.name, sg.id",
    0, PG_READONLY
};
/* clang-format on */

enum status genres_store_list(struct pg *db, struct arena *a, struct pg_result **out)
{
    return pg_exec(db, a, &list_genres, NULL, out);
}
