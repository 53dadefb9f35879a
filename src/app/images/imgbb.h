/*
 * imgbb.h - uploading an image to imgBB by URL (API v1, see
 * tests/fixtures/imgbb/imgbb-notes.md) and classifying the answer.
 *
 * The request is POST {base}/1/upload, form-encoded, with the key and the
 * image URL in the body: the key never appears in a URL, so no log line
 * built from the URL can carry it. Answers are parsed as strict JSON; the
 * documented example, whose trailing commas make it invalid JSON, is read
 * as a malformed answer like any other (real answers are valid JSON).
 */
#ifndef MQ_IMGBB_H
#define MQ_IMGBB_H

#include "core/common.h"

struct arena;
struct http_client;

#define IMGBB_MAX_URL 2048

enum imgbb_outcome {
    IMGBB_OK,        /* uploaded: url is the hosted copy */
    IMGBB_AUTH,      /* the key was refused: no upload can succeed this run */
    IMGBB_RATE,      /* rate limited: stop for this run */
    IMGBB_REJECTED,  /* imgBB refused this image (a 4xx): retry later, backing off */
    IMGBB_TRANSIENT, /* no answer, a 5xx, or a body not of the documented shape */
};

struct imgbb_result {
    enum imgbb_outcome outcome;
    long status;         /* HTTP status, 0 when no answer arrived */
    int code;            /* the answer's error.code, 0 if none */
    const char *url;     /* data.url when IMGBB_OK (arena) */
    const char *message; /* why it failed, for the log (arena), else NULL */
};

struct imgbb_conf {
    const char *base_url; /* "https://api.imgbb.com" */
    const char *key;      /* secret */
    long timeout_ms;
};

/* The request body: key=<key>&image=<image>, both percent-encoded. Arena. */
const char *imgbb_form(struct arena *a, const char *key, const char *image);

/* Classifies an answer (status 0: none arrived; body may then be NULL).
 * Strings in out are arena copies. */
void imgbb_parse(struct arena *a, long status, const char *body, size_t len,
                 struct imgbb_result *out);

/* Asks imgBB to fetch and host image (a URL); never fails otherwise than
 * through out->outcome. */
void imgbb_upload(struct http_client *c, struct arena *a, const struct imgbb_conf *conf,
                  const char *image, struct imgbb_result *out);

const char *imgbb_outcome_name(enum imgbb_outcome o);

#endif
