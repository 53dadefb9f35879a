/*
 * entities.h - decoding the HTML character references Ticketmaster leaves
 * in descriptions ("R&amp;B", "Caf&#233;").
 */
#ifndef MQ_ENTITIES_H
#define MQ_ENTITIES_H

#include "core/common.h"

struct arena;

/*
 * Decodes &amp; &lt; &gt; &quot; &apos; &nbsp; and numeric references
 * (&#233; &#xE9;) into UTF-8. Unknown entities, references without the
 * closing ';' and numbers that are not a valid code point (0, surrogates,
 * above U+10FFFF) are kept literally. Returns s itself (borrowed) when it
 * holds no '&', else an arena copy; NULL for NULL.
 */
const char *entities_decode(struct arena *a, const char *s);

#endif
