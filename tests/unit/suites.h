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
int suite_log(void);

/* infra */
int suite_json(void);
int suite_jwt(void);
int suite_password(void);

/* server */
int suite_router(void);
int suite_cookies(void);
int suite_body(void);
int suite_auth(void);
int suite_cache(void);
int suite_ratelimit(void);
int suite_shared(void);

/* app */
int suite_datagen(void);
int suite_tm_event(void);
int suite_genres_import(void);
int suite_tm_client(void);
int suite_imgbb(void);
int suite_events_totals(void);

/* marketplace */
int suite_pay(void);

/* web */
int suite_html(void);

/* search and similar events */
int suite_base64(void);
int suite_search(void);
int suite_es(void);
int suite_uuid5(void);
int suite_kv(void);
int suite_qdrant(void);
int suite_recs(void);

#endif
