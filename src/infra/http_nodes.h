/*
 * http_nodes.h - one upstream served by several nodes (an Elasticsearch or
 * Qdrant cluster): a comma-separated list of base URLs, as in
 * ELASTICSEARCH_URL=http://es1:9200,http://es2:9200.
 *
 * A call goes to the node that answered last; when it gives no answer
 * (refused, timed out) or a 5xx, the same request goes to the next node,
 * each node at most once per call. The node that answers becomes the
 * current one, so a dead node costs one connect timeout per process, not
 * one per call. No node is ever marked down for good: when all fail, the
 * next call starts again from the current one.
 */
#ifndef MQ_HTTP_NODES_H
#define MQ_HTTP_NODES_H

#include "core/common.h"
#include "core/status.h"
#include "infra/http.h"

struct arena;

#define HTTP_NODES_MAX 16

struct http_nodes {
    const char *list; /* comma-separated base URLs (borrowed) */
    int current;      /* index of the node that answered last */
};

void http_nodes_init(struct http_nodes *n, const char *list);

/* The base URLs of list without blanks or trailing slashes (arena); at
 * most HTTP_NODES_MAX, empty entries skipped. Returns how many. */
int http_nodes_split(struct arena *a, const char *list, const char **out);

/*
 * Sends req (whose url is the path, e.g. "/events/_search") to each node
 * in turn as described above. Returns like http_do for the last node
 * tried: ST_OK with resp holding an answer (a 5xx only when every node
 * gave one), ST_UPSTREAM when no node answered. With several nodes, each
 * failed one is logged (event=upstream_node_failed upstream=<what>).
 */
enum status http_nodes_do(struct http_nodes *n, struct http_client *c, struct arena *a,
                          const char *what, const struct http_req *req, struct http_result *resp);

#endif
