#include "config.h"
#include "core/common.h"
#include "app/ingest/tm_window.h"

bool tm_page_allowed(int64_t page, int64_t size)
{
    return page >= 0 && size > 0 && size <= TM_MAX_DEPTH && (page + 1) <= TM_MAX_DEPTH / size;
}

int64_t tm_pages_for(int64_t total, int64_t size)
{
    if (total <= 0 || size <= 0)
        return 0;
    int64_t pages = (total + size - 1) / size;
    int64_t max = TM_MAX_DEPTH / size;
    return pages < max ? pages : max;
}

bool tm_window_too_big(int64_t total)
{
    return total > TM_MAX_DEPTH;
}

bool tm_window_split(const struct tm_window *w, struct tm_window *lo, struct tm_window *hi)
{
    int64_t len = w->to - w->from;

    if (len < 1)
        return false;
    if (len == 1) {
        /* [t, t+1]: overlapping halves would be the window itself. */
        *lo = (struct tm_window){ w->from, w->from };
        *hi = (struct tm_window){ w->to, w->to };
        return true;
    }
    int64_t mid = w->from + len / 2;
    *lo = (struct tm_window){ w->from, mid };
    *hi = (struct tm_window){ mid, w->to };
    return true;
}
