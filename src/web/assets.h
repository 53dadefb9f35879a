/*
 * assets.h - the site's static files as nginx serves them: content-hashed
 * names (/static/app.<hash>.css), so a page always names the version it
 * was made with and the files can be cached forever. The definitions are
 * generated at build time by tools/assets.sh from static/.
 */
#ifndef MQ_ASSETS_H
#define MQ_ASSETS_H

extern const char asset_css[];  /* "/static/app.<hash>.css" */
extern const char asset_js[];   /* "/static/app.<hash>.js" */
extern const char asset_icon[]; /* "/static/favicon.<hash>.svg" */

#endif
