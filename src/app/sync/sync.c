#include "config.h"
#include "core/common.h"
#include "app/sync/sync.h"
#include "app/sync/sync_store.h"
#include "app/recs/vectors_sync.h"
#include "app/search/search_index.h"
#include "core/arena.h"
#include "infra/pg.h"

enum status sync_run(struct pg *db, int batch_size, struct sync_stats *st,
                     sync_progress_fn progress, void *arg)
{
    struct arena a, batch;
    enum status rc;
    const char *last_id = "";
    int64_t n = 0;

    memset(st, 0, sizeof(*st));
    arena_init(&a, 0);
    arena_init(&batch, 0);
    if ((rc = sync_store_start(db, &a, &st->pending)) != ST_OK)
        goto out;
    do {
        /* The keyset cursor outlives the batch arena. */
        const char *prev = last_id;
        rc = sync_store_batch(db, &batch, batch_size, &last_id, st, &n);
        if (rc == ST_OK && last_id != prev)
            last_id = arena_strdup(&a, last_id);
        arena_reset(&batch);
        if (rc == ST_OK && progress && n > 0)
            progress(st, arg);
    } while (rc == ST_OK && n > 0);
out:
    arena_release(&batch);
    arena_release(&a);
    return rc;
}

enum status sync_backends(struct pg *db, const struct config *cfg, struct sync_backend_stats *st)
{
    struct vectors_sync_stats v;
    struct search_index_stats i;
    memset(st, 0, sizeof(*st));
    enum status rv = vectors_sync_run(db, cfg, &v);
    /* the search index does not depend on the vectors: try it either way */
    enum status ri = search_index_run(db, cfg, &i);
    st->vectors_checked = v.checked;
    st->vectors_embedded = v.embedded;
    st->vectors_pushed = v.pushed;
    st->vectors_relived = v.relived;
    st->vectors_deleted = v.deleted;
    st->search_indexed = i.indexed;
    st->search_deleted = i.deleted;
    st->search_failed = i.failed;
    return rv != ST_OK ? rv : ri;
}
