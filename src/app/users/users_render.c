#include "config.h"
#include "core/common.h"
#include "app/users/users_render.h"
#include "core/timeutil.h"
#include "server/auth.h"

void users_render(struct jsonw *w, const struct auth_user *u)
{
    char created[TIME_ISO_LEN];
    time_format_iso(u->created_at, created);
    jsonw_obj_open(w);
    jsonw_kstr(w, "id", u->id);
    jsonw_kstr(w, "email", u->email);
    jsonw_kstr(w, "username", u->username);
    jsonw_kstr(w, "createdAt", created);
    jsonw_obj_close(w);
}
