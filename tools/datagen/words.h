/*
 * words.h - the vocabulary the name makers combine (words.c).
 *
 * Each list datagen_X has its length in datagen_nX; DATAGEN_WORD(r, X)
 * draws one word from it.
 */
#ifndef MQ_DATAGEN_WORDS_H
#define MQ_DATAGEN_WORDS_H

#include <stddef.h>

#include "tools/datagen/rng.h"

#define DATAGEN_WORD(r, list) (datagen_##list[datagen_rng_below((r), (uint32_t)datagen_n##list)])

extern const char *const datagen_first_names[];
extern const size_t datagen_nfirst_names;
extern const char *const datagen_last_names[];
extern const size_t datagen_nlast_names;
extern const char *const datagen_adjectives[];
extern const size_t datagen_nadjectives;
extern const char *const datagen_nouns[];
extern const size_t datagen_nnouns;
extern const char *const datagen_plurals[];
extern const size_t datagen_nplurals;
extern const char *const datagen_streets[];
extern const size_t datagen_nstreets;
extern const char *const datagen_sponsors[];
extern const size_t datagen_nsponsors;
extern const char *const datagen_tribute_acts[];
extern const size_t datagen_ntribute_acts;
extern const char *const datagen_composers[];
extern const size_t datagen_ncomposers;
extern const char *const datagen_works[];
extern const size_t datagen_nworks;
extern const char *const datagen_ballets[];
extern const size_t datagen_nballets;
extern const char *const datagen_operas[];
extern const size_t datagen_noperas;
extern const char *const datagen_animals[];
extern const size_t datagen_nanimals;
extern const char *const datagen_foods[];
extern const size_t datagen_nfoods;
extern const char *const datagen_hobbies[];
extern const size_t datagen_nhobbies;
extern const char *const datagen_fight_brands[];
extern const size_t datagen_nfight_brands;
extern const char *const datagen_wrestling_shows[];
extern const size_t datagen_nwrestling_shows;
extern const char *const datagen_motor_shows[];
extern const size_t datagen_nmotor_shows;
extern const char *const datagen_theme_nights[];
extern const size_t datagen_ntheme_nights;
extern const char *const datagen_listing_suffixes[];
extern const size_t datagen_nlisting_suffixes;
extern const char *const datagen_presales[];
extern const size_t datagen_npresales;
extern const char *const datagen_number_words[];
extern const size_t datagen_nnumber_words;

#endif
