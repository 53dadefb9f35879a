#include "config.h"
#include "core/common.h"
#include "app/images/images_sync.h"
#include "app/images/images_store.h"
#include "app/images/imgbb.h"
#include "core/arena.h"
#include "core/conf.h"
#include "core/log.h"
#include "infra/http.h"
#include "infra/pg.h"

struct run {
    struct pg *db;
    struct http_client http;
    struct imgbb_conf conf;
    struct images_sync_stats *st;
    int unavailable; /* failures in a row without a usable answer */
};

/* An answer could quote what it was sent; the key must not reach a log. */
static const char *safe_message(const struct run *r, const char *msg)
{
    return msg && strstr(msg, r->conf.key) ? "(withheld: the answer quotes the key)" : msg;
}

static void log_failure(const struct run *r, struct arena *a, const char *source,
                        const struct imgbb_result *res)
{
    char q1[512], q2[320];
    log_quote(q1, sizeof(q1), http_url_for_log(a, source));
    log_quote(q2, sizeof(q2), safe_message(r, res->message));
    if (res->outcome == IMGBB_AUTH || res->outcome == IMGBB_RATE)
        log_error("imgbb_stopped",
                  "reason=%s status=%ld code=%d error=%s source=%s "
                  "note=\"no more uploads this run\"",
                  imgbb_outcome_name(res->outcome), res->status, res->code, q2, q1);
    else
        log_warn("imgbb_upload_failed", "reason=%s status=%ld code=%d error=%s source=%s",
                 imgbb_outcome_name(res->outcome), res->status, res->code, q2, q1);
}

/* One source image; *go_on = false when uploads should stop for this run. */
static enum status upload_one(struct run *r, struct arena *a, const char *source, bool *go_on)
{
    struct imgbb_result res;
    int64_t events = 0;

    imgbb_upload(&r->http, a, &r->conf, source, &res);
    if (res.outcome == IMGBB_OK) {
        r->unavailable = 0;
        r->st->uploaded++;
        enum status s = images_store_uploaded(r->db, a, source, res.url, &events);
        r->st->events_updated += events;
        return s;
    }
    log_failure(r, a, source, &res);
    r->st->failed++;
    if (res.outcome == IMGBB_AUTH || res.outcome == IMGBB_RATE) {
        *go_on = false; /* not this image's fault: it keeps its schedule */
        return ST_OK;
    }
    if (res.outcome == IMGBB_TRANSIENT && ++r->unavailable >= IMAGES_MAX_UNAVAILABLE)
        *go_on = false;
    if (res.outcome == IMGBB_REJECTED)
        r->unavailable = 0;
    return images_store_failed(r->db, a, source, safe_message(r, res.message));
}

static enum status upload_pending(struct run *r)
{
    struct arena a, page;
    const char *after = "";
    enum status s = ST_OK;
    bool go_on = true;
    int n = IMAGES_PAGE;

    arena_init(&a, 0);
    arena_init(&page, 0);
    while (s == ST_OK && go_on && n == IMAGES_PAGE) {
        struct pg_result *res;
        arena_reset(&page);
        if ((s = images_store_pending(r->db, &page, after, IMAGES_PAGE, &res)) != ST_OK)
            break;
        n = pg_nrows(res);
        for (int i = 0; i < n && s == ST_OK && go_on; i++)
            s = upload_one(r, &page, pg_get(res, i, 0), &go_on);
        if (n > 0)
            after = arena_strdup(&a, pg_get(res, n - 1, 0));
    }
    r->st->stopped = !go_on;
    arena_release(&page);
    arena_release(&a);
    return s;
}

enum status images_sync_run(struct pg *db, const struct config *cfg, struct images_sync_stats *st)
{
    memset(st, 0, sizeof(*st));
    if (!cfg->imgbb_api_key)
        return ST_OK;
    st->enabled = true;
    struct run r = {
        .db = db,
        .conf = { cfg->imgbb_url, cfg->imgbb_api_key, cfg->imgbb_timeout_ms },
        .st = st,
    };
    http_client_init(&r.http);
    enum status s = upload_pending(&r);
    http_client_release(&r.http);
    return s;
}
