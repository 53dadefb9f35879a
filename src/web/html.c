#include "config.h"
#include "core/common.h"
#include "web/html.h"
#include "core/str.h"

void html_text(struct buf *o, const char *s)
{
    if (!s)
        return;
    size_t n = strlen(s), run = 0;
    for (size_t i = 0; i < n;) {
        unsigned char c = (unsigned char)s[i];
        const char *esc = NULL;
        size_t len = 1;
        switch (c) {
        case '&':
            esc = "&amp;";
            break;
        case '<':
            esc = "&lt;";
            break;
        case '>':
            esc = "&gt;";
            break;
        case '"':
            esc = "&quot;";
            break;
        case '\'':
            esc = "&#39;";
            break;
        default:
            if (c >= 0x80 && (len = str_utf8_seq(s + i, n - i)) == 0) {
                esc = "\xef\xbf\xbd"; /* U+FFFD */
                len = 1;
            }
        }
        if (esc) {
            buf_append(o, s + run, i - run);
            buf_puts(o, esc);
            run = i + len;
        }
        i += len;
    }
    buf_append(o, s + run, n - run);
}

void html_url(struct buf *o, const char *s)
{
    static const char hex[] = "0123456789ABCDEF";
    if (!s)
        return;
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
            c == '-' || c == '.' || c == '_' || c == '~') {
            buf_putc(o, (char)c);
        } else {
            char e[3] = { '%', hex[c >> 4], hex[c & 15] };
            buf_append(o, e, 3);
        }
    }
}

void html_raw(struct buf *o, const char *s)
{
    if (s)
        buf_puts(o, s);
}
