#include "config.h"
#include "core/common.h"
#include "app/events/events_totals.h"

#define SLOTS 64

struct slot {
    char key[TOTALS_KEY_MAX];
    int64_t total;
    int64_t computed; /* 0: empty */
};

static struct slot slots[SLOTS]; /* worker lifetime */

static struct slot *slot_for(const char *key)
{
    uint32_t h = 2166136261u;
    for (const char *p = key; *p; p++)
        h = (h ^ (unsigned char)*p) * 16777619u;
    return &slots[h % SLOTS];
}

enum totals_state totals_get(const char *key, int64_t now, int64_t *total)
{
    struct slot *s = slot_for(key);
    if (s->computed == 0 || strcmp(s->key, key) != 0 || now - s->computed >= TOTALS_MAX_AGE_S)
        return TOTALS_MISS;
    *total = s->total;
    return now - s->computed < TOTALS_FRESH_S ? TOTALS_FRESH : TOTALS_STALE;
}

void totals_put(const char *key, int64_t total, int64_t now)
{
    size_t n = strlen(key);
    if (n >= TOTALS_KEY_MAX)
        return;
    struct slot *s = slot_for(key);
    memcpy(s->key, key, n + 1);
    s->total = total;
    s->computed = now > 0 ? now : 1;
}

void totals_clear(void)
{
    memset(slots, 0, sizeof(slots));
}
