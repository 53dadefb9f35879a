/*
 * suites.h - every CUnit suite of the unit test runner. A suite function
 * registers its tests and returns 0, or -1 if CUnit failed.
 */
#ifndef MQ_TEST_SUITES_H
#define MQ_TEST_SUITES_H

/* core */
int suite_buf(void);
int suite_arena(void);
int suite_jsonw(void);
int suite_str(void);
int suite_timeutil(void);
int suite_conf(void);

/* infra */
int suite_json(void);

/* server */
int suite_router(void);

/* app */
int suite_datagen(void);
int suite_tm_event(void);
int suite_genres_import(void);

#endif
