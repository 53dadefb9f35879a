// Marquee: small enhancements on top of pages that work without this file.
'use strict';

// == catalogue pages: "load more" on search ==

// == event page ==

// == account pages: favorites toggle in place ==

// == marketplace pages: checkout countdown ==
