/*
 * fuzz.h - what the libFuzzer targets of tests/fuzz share (see
 * tests/fuzz/README.md). Each fuzz_<name>.c feeds its bytes to one real
 * parser of src/ and checks what must hold whatever the bytes: no crash, no
 * sanitizer report, and an answer that is either a success or the API's
 * error envelope (a 4xx, never a 5xx, for input alone).
 */
#ifndef MQ_FUZZ_H
#define MQ_FUZZ_H

#include "core/common.h"
#include "core/arena.h"
#include "core/conf.h"
#include "server/request.h"
#include "server/response.h"
#include "server/worker.h"

/* libFuzzer's entry points (declared here for -Wmissing-prototypes). */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

/* A fixed test key (never a real one): JWTs of the jwt and auth targets. */
#define FUZZ_JWT_KEY "fuzz-test-key-0123456789abcdef0123456789abcdef"

/* Parts of an input: the bytes split on FUZZ_SEP (ASCII record
 * separator), so one input can carry several fields (a query string and a
 * body, a cookie header and a form). Each part is a NUL-terminated arena
 * copy; parts past the input are "" (len 0). */
#define FUZZ_SEP       '\x1e'
#define FUZZ_MAX_PARTS 4
struct fuzz_parts {
    const char *s[FUZZ_MAX_PARTS];
    size_t len[FUZZ_MAX_PARTS];
};
void fuzz_split(struct arena *a, const uint8_t *data, size_t size, struct fuzz_parts *out);

/* A request as the worker builds it, without a connection: no headers,
 * no Postgres or Redis (their configuration is empty, so nothing is ever
 * dialled), the fixed key as JWT_SECRET. */
struct fuzz_req {
    struct arena arena;
    struct config cfg;
    struct worker_ctx ctx;
    struct request req;
    struct response res;
};
void fuzz_req_init(struct fuzz_req *f, const char *method);
void fuzz_req_release(struct fuzz_req *f);

/* Aborts (a crash libFuzzer reports) unless res holds nothing yet, a 2xx,
 * or a 4xx whose body is the error envelope as strict JSON. */
void fuzz_check_reply(struct arena *a, const struct response *res);

/* Aborts unless text[0..n) is strict JSON (what we send must be). */
void fuzz_check_json(struct arena *a, const char *what, const char *text, size_t n);

/* Aborts with a message: an invariant the target checks did not hold. */
void fuzz_fail(const char *fmt, ...) MQ_PRINTF(1, 2);

/* Aborts unless a mapped event (app/ingest) has an id and a venue name,
 * typed columns Postgres' casts take (ingest promises the casts cannot
 * fail), and its record (ingest_write_record) is strict JSON. */
struct row;
void fuzz_check_event(struct arena *a, const struct row *r);

/* Once per process: quiets the log (each target calls it from
 * LLVMFuzzerInitialize). */
void fuzz_setup(void);

#endif
