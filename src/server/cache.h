/*
 * cache.h - the response cache: hot public answers (event pages, event
 * lists, genres, trending) kept for RESPONSE_CACHE_TTL seconds.
 *
 * A route opts in with `cache` (router.h); only public GET/HEAD answers
 * with status 200 are stored, so nothing personal is ever cached: a page
 * (CACHE_PAGE) only for requests without a session cookie, and only its
 * body (a cacheable page sets no cookie). The key
 * is the path plus the query parameters the route reads (router.h, struct
 * route_cache), in the route's order, so neither parameter order nor
 * parameters the route ignores split the cache, under the catalogue version, a counter in
 * Redis (CACHE_VERSION_KEY). Whatever changes what these pages show
 * (marquee-sync, marquee-genres, a favorite) bumps the version after
 * committing, which makes every cached answer stale at once.
 *
 * Two levels. Redis holds "cache:<version>:<key>" for every worker and
 * host. In front of it each worker keeps the answers it served in its own
 * memory (CACHE_L1_SLOTS entries, at most CACHE_L1_BYTES), valid only
 * under the current version: a hit there costs no I/O at all. Workers read
 * the version from Redis at most every CACHE_VERSION_CHECK_MS and share it
 * through the shared block (server/shared.h); a favorite stores the new
 * version there too. So a change made through this host's API shows on the
 * next request, one made by a job or another host within
 * CACHE_VERSION_CHECK_MS. With Redis unavailable nothing is served from
 * either level.
 */
#ifndef MQ_CACHE_H
#define MQ_CACHE_H

#include "core/common.h"
#include "core/status.h"
#include "server/request.h"
#include "server/response.h"

struct kv;
struct shared;

#define CACHE_VERSION_KEY      "marquee:catalogue:version"
#define CACHE_PREFIX           "cache:"
#define CACHE_MAX_KEY          1024 /* longer keys (odd queries) are not cached */
#define CACHE_VERSION_CHECK_MS 100
#define CACHE_L1_SLOTS         1024
#define CACHE_L1_BYTES         (16u << 20) /* per worker */
#define CACHE_L1_MAX_ENTRY     (256u << 10)

/* For a cached route: answers from the cache and returns true, or notes in
 * req where cache_store is to put the answer (sets X-Cache either way). */
bool cache_serve(struct request *req, struct response *res);

/* After the handler: stores a 200 answer where cache_serve noted. */
void cache_store(struct request *req, const struct response *res);

/* Bumps the catalogue version: every cached answer is stale from now on.
 * sh (may be NULL) is the workers' shared block to publish it in. When
 * Redis cannot be told, this worker stops serving cached answers and tries
 * again before its next cache read (a job just logs it: entries expire
 * within the TTL). */
enum status cache_invalidate(struct kv *kv, struct shared *sh);

/* Frees this worker's in-memory entries (at worker exit). */
void cache_release(void);

/* The cache key of req's path and query, without the version (arena), or
 * NULL when over CACHE_MAX_KEY. For tests. */
const char *cache_key(struct request *req);

/* The query part of that key: the parameters req's cached route reads, in
 * its order, percent-encoded ("limit=5&offset=0"; "" for none, also on an
 * uncached route); NULL when over CACHE_MAX_KEY. Arena. A cached page
 * builds its own links with it, so they never carry what it was not keyed
 * by. */
const char *cache_query(struct request *req);

#endif
