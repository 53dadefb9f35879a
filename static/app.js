// Marquee: small enhancements on top of pages that work without this file.
'use strict';
