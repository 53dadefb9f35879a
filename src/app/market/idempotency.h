/*
 * idempotency.h - the Idempotency-Key header of POST /api/orders and POST
 * /api/payments (spec/MARKET.md): the first answer to a (user, key) is kept
 * for 24 hours and replayed, status and body, to every repeat of the same
 * request; the same key with another request is a 409, and so is a repeat
 * that arrives while the first is still running.
 *
 * While a request works under a key it holds a Postgres advisory lock on
 * it, on the worker's connection: a concurrent repeat fails to take it and
 * gets its 409 at once, and a worker that dies mid-request drops the lock
 * with its connection. A key whose first request stopped before it had an
 * answer (a payment whose provider call timed out) keeps the id of what it
 * started (resource), so the repeat finishes that instead of starting anew.
 */
#ifndef MQ_IDEMPOTENCY_H
#define MQ_IDEMPOTENCY_H

#include "core/common.h"
#include "core/status.h"
#include "server/request.h"
#include "server/response.h"

#define IDEM_HEADER  "Idempotency-Key"
#define IDEM_MAX_KEY 255

struct idem_key {
    struct pg *db;
    const char *user_id;
    const char *key;         /* NULL: the request carries none */
    const char *fingerprint; /* what the request asks: method, path and body */
    const char *resource;    /* an unfinished earlier attempt's resource, or NULL */
    int64_t lock_id;
    bool locked;
    int replay_status;       /* IDEM_REPLAY: the stored answer */
    const char *replay_body; /* IDEM_REPLAY: its body (arena), may be NULL */
};

/* What claiming a key found. */
enum idem_claim {
    IDEM_GO,            /* claimed and locked: do the work (resource may be set) */
    IDEM_REPLAY,        /* answered before: replay_status and replay_body */
    IDEM_BUSY,          /* a request with this key is still running */
    IDEM_OTHER_REQUEST, /* the key was used with another fingerprint */
};

/* 1 to IDEM_MAX_KEY visible ASCII characters. */
bool idem_key_ok(const char *key);

/*
 * Claims (user, key) for a request whose fingerprint says what it asks,
 * whoever made it (an API header, a form's hidden field). On IDEM_GO the
 * key's lock is held until idem_end or the arena's reset; on the other
 * answers nothing is held. *out (arena) is set on IDEM_GO and IDEM_REPLAY.
 */
enum status idem_claim(struct pg *db, struct arena *a, const char *user, const char *key,
                       const char *fingerprint, enum idem_claim *claim, struct idem_key **out);

/*
 * Reads the header of req (signed in) and claims the key. Returns 0 to go
 * on: *out is NULL when there is no key (and it is not required), else the
 * claimed key. Replies and returns -1: a missing required key or a
 * malformed one (400), a key in use by a running request or sent with
 * another request (409), or a replay of the stored answer.
 */
int idem_begin(struct request *req, struct response *res, bool required, struct idem_key **out);

/* Stores res (status and body) as the key's answer, with the resource it
 * made; resource alone (res NULL) marks an attempt under way. Call it in
 * the transaction that makes the change, so the two commit together. */
enum status idem_save(struct arena *a, const struct idem_key *k, const char *resource,
                      const struct response *res);
/* The same with the answer given as status and body (status 0: none yet). */
enum status idem_store(struct arena *a, const struct idem_key *k, const char *resource, int status,
                       const char *body);

/* Releases the key's lock (also done when the request's arena is reset,
 * should a handler return early). NULL is fine. */
void idem_end(struct idem_key *k);

#endif
