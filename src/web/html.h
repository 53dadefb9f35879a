/*
 * html.h - writing HTML safely: what the generated templates
 * (src/web/templates/, tools/tmplc) call for each insertion, and what page
 * code calls for text it writes itself.
 */
#ifndef MQ_HTML_H
#define MQ_HTML_H

#include "core/common.h"
#include "core/buf.h"

/* s escaped for HTML text and quoted attribute values (& < > " '); an
 * invalid UTF-8 byte becomes U+FFFD. NULL writes nothing. */
void html_text(struct buf *o, const char *s);

/* s percent-encoded as one URL query component (all but A-Z a-z 0-9 - . _ ~),
 * which is also safe inside a quoted attribute. NULL writes nothing. */
void html_url(struct buf *o, const char *s);

/* s as is: HTML made by code that escaped its parts. NULL writes nothing. */
void html_raw(struct buf *o, const char *s);

#endif
