/*
 * fcgi.h - the FastCGI transport (libfcgi), one connection object per
 * worker. The master opens the socket before forking; each worker accepts
 * on it in a loop. The listening socket is non-blocking and a worker waits
 * for it in poll with a timeout, so no worker sleeps in accept(): a stop
 * signal that lands just before the wait (where it cannot interrupt it) is
 * still seen within one timeout, and a worker that lost a connection to
 * another worker goes back to waiting instead of blocking.
 */
#ifndef MQ_FCGI_H
#define MQ_FCGI_H

#include "core/common.h"

#include <sys/types.h>

struct fcgi_conn;

/* Opens the listening socket: a unix socket path (an old socket file there
 * is replaced, and the new one is made accessible to nginx) or ":port" /
 * "host:port" for TCP. Returns the fd, or -1 with errno set. */
int fcgi_listen(const char *path, int backlog);

/* Owned; release with fcgi_free. */
struct fcgi_conn *fcgi_new(int listen_fd);
void fcgi_free(struct fcgi_conn *c);

/* Waits up to wait_ms for the next request: 0 = a request, 1 = none yet
 * (time out, a signal, or another worker took it), -1 = error. */
int fcgi_accept(struct fcgi_conn *c, int wait_ms);
/* A request parameter (CGI variable) or NULL. Borrowed until finish. */
const char *fcgi_param(struct fcgi_conn *c, const char *name);
/* Reads up to n body bytes; returns the count (0 at end). */
size_t fcgi_read(struct fcgi_conn *c, char *dst, size_t n);
/* Writes the whole of data to the response stream; -1 on error. */
int fcgi_write(struct fcgi_conn *c, const char *data, size_t n);
/* Completes the current request (flushes and closes the stream). */
void fcgi_finish(struct fcgi_conn *c);

/* From a signal handler: stop accepting. */
void fcgi_shutdown(void);

#endif
