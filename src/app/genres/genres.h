/*
 * genres.h - the genre tree (segments and their sub-genres).
 */
#ifndef MQ_GENRES_H
#define MQ_GENRES_H

#include "server/router.h"

extern const struct route genres_routes[];

#endif
