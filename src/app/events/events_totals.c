#include "config.h"
#include "core/common.h"
#include "app/events/events_totals.h"
#include "app/app.h"

static struct events_totals_slot *slot_for(const struct events_totals *t, const char *key)
{
    uint32_t h = 2166136261u;
    for (const char *p = key; *p; p++)
        h = (h ^ (unsigned char)*p) * 16777619u;
    return (struct events_totals_slot *)&t->slots[h % TOTALS_SLOTS];
}

enum totals_state totals_get(const struct events_totals *t, const char *key, int64_t now,
                             int64_t *total)
{
    const struct events_totals_slot *s = slot_for(t, key);
    if (s->computed == 0 || strcmp(s->key, key) != 0 || now - s->computed >= TOTALS_MAX_AGE_S)
        return TOTALS_MISS;
    *total = s->total;
    return now - s->computed < TOTALS_FRESH_S ? TOTALS_FRESH : TOTALS_STALE;
}

void totals_put(struct events_totals *t, const char *key, int64_t total, int64_t now)
{
    size_t n = strlen(key);
    if (n >= TOTALS_KEY_MAX)
        return;
    struct events_totals_slot *s = slot_for(t, key);
    memcpy(s->key, key, n + 1);
    s->total = total;
    s->computed = now > 0 ? now : 1;
}

void totals_clear(struct events_totals *t)
{
    memset(t, 0, sizeof(*t));
}

enum status events_init(struct app_state *st, const struct config *cfg)
{
    MQ_UNUSED(cfg);
    st->totals = calloc(1, sizeof(*st->totals));
    return st->totals ? ST_OK : ST_NOMEM;
}

void events_release(struct app_state *st)
{
    free(st->totals);
    st->totals = NULL;
}
