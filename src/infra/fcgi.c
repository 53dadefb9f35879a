#include "config.h"
#include "core/common.h"
#include "infra/fcgi.h"

#include <errno.h>
#include <fcgiapp.h>
#include <fcntl.h>
#include <poll.h>
#include <sys/stat.h>
#include <unistd.h>

struct fcgi_conn {
    FCGX_Request req;
    bool active;
};

int fcgi_listen(const char *path, int backlog)
{
    bool is_unix = strchr(path, ':') == NULL;
    if (FCGX_Init() != 0)
        return -1;
    if (is_unix)
        unlink(path); /* a stale socket from a previous run */
    int fd = FCGX_OpenSocket(path, backlog);
    if (fd < 0)
        return -1;
    /* nginx runs as another user; the directory guards access. Accepted
     * sockets do not inherit O_NONBLOCK on Linux: requests stay blocking. */
    int flags = fcntl(fd, F_GETFL);
    if (flags < 0 || fcntl(fd, F_SETFL, flags | O_NONBLOCK) != 0 ||
        (is_unix && chmod(path, 0666) != 0)) {
        close(fd);
        return -1;
    }
    return fd;
}

struct fcgi_conn *fcgi_new(int listen_fd)
{
    struct fcgi_conn *c = calloc(1, sizeof(*c));
    if (!c)
        return NULL;
    if (FCGX_InitRequest(&c->req, listen_fd, FCGI_FAIL_ACCEPT_ON_INTR) != 0) {
        free(c);
        return NULL;
    }
    return c;
}

void fcgi_free(struct fcgi_conn *c)
{
    if (!c)
        return;
    if (c->active)
        FCGX_Finish_r(&c->req);
    FCGX_Free(&c->req, 1);
    free(c);
}

int fcgi_accept(struct fcgi_conn *c, int wait_ms)
{
    struct pollfd p = { .fd = c->req.listen_sock, .events = POLLIN };

    fcgi_finish(c);
    int n = poll(&p, 1, wait_ms);
    if (n <= 0)
        return n == 0 || errno == EINTR ? 1 : -1;
    int rc = FCGX_Accept_r(&c->req); /* libfcgi answers -errno */
    c->active = rc == 0;
    if (rc == -EAGAIN || rc == -EWOULDBLOCK || rc == -EINTR)
        return 1;
    return rc == 0 ? 0 : -1;
}

const char *fcgi_param(struct fcgi_conn *c, const char *name)
{
    return FCGX_GetParam(name, c->req.envp);
}

size_t fcgi_read(struct fcgi_conn *c, char *dst, size_t n)
{
    size_t got = 0;
    while (got < n) {
        size_t chunk = n - got > 65536 ? 65536 : n - got;
        int r = FCGX_GetStr(dst + got, (int)chunk, c->req.in);
        if (r <= 0)
            break;
        got += (size_t)r;
    }
    return got;
}

int fcgi_write(struct fcgi_conn *c, const char *data, size_t n)
{
    while (n > 0) {
        int chunk = n > 65536 ? 65536 : (int)n;
        if (FCGX_PutStr(data, chunk, c->req.out) != chunk)
            return -1;
        data += chunk;
        n -= (size_t)chunk;
    }
    return 0;
}

void fcgi_finish(struct fcgi_conn *c)
{
    if (c->active)
        FCGX_Finish_r(&c->req);
    c->active = false;
}

void fcgi_shutdown(void)
{
    FCGX_ShutdownPending();
}
