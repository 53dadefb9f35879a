/*
 * fcgi-static - the benchmark's floor for a FastCGI app behind nginx.
 *
 *   bench/fcgi-static SOCKET FILE WORKERS
 *
 * Reads FILE once, opens SOCKET (a unix socket path) and forks WORKERS
 * processes that answer every request with 200, the same headers
 * marquee-api sends (type, length, request id) and FILE's bytes: the cost
 * of libfcgi and nginx's FastCGI hop with no application work at all.
 * SIGTERM or SIGINT to the parent stops the workers and removes SOCKET.
 */
#include "config.h"
#include "core/common.h"

#include <errno.h>
#include <fcgiapp.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define MAX_WORKERS 256

static volatile sig_atomic_t stopping;

static void on_stop(int sig)
{
    MQ_UNUSED(sig);
    stopping = 1;
}

/* The whole file, NUL-terminated; owned by the caller. */
static char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    char *data = NULL;
    long n;

    if (!f)
        return NULL;
    if (fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) < 0 || fseek(f, 0, SEEK_SET) != 0)
        goto out;
    data = malloc((size_t)n + 1);
    if (!data)
        goto out;
    if (fread(data, 1, (size_t)n, f) != (size_t)n) {
        free(data);
        data = NULL;
        goto out;
    }
    data[n] = '\0';
    *len = (size_t)n;
out:
    fclose(f);
    return data;
}

static int serve(int fd, const char *body, size_t len)
{
    FCGX_Request req;
    char head[256];

    if (FCGX_InitRequest(&req, fd, 0) != 0)
        return 1;
    while (FCGX_Accept_r(&req) == 0) {
        const char *id = FCGX_GetParam("REQUEST_ID", req.envp);
        int n = snprintf(head, sizeof(head),
                         "Status: 200 OK\r\nContent-Type: application/json\r\n"
                         "Content-Length: %zu\r\nX-Request-Id: %.64s\r\n\r\n",
                         len, id ? id : "-");
        FCGX_PutStr(head, n, req.out);
        FCGX_PutStr(body, (int)len, req.out);
        FCGX_Finish_r(&req);
    }
    return 0;
}

int main(int argc, char **argv)
{
    pid_t pids[MAX_WORKERS];
    size_t len = 0;
    char *end;

    if (argc != 4) {
        fprintf(stderr, "usage: fcgi-static SOCKET FILE WORKERS\n");
        return 2;
    }
    long workers = strtol(argv[3], &end, 10);
    if (*end != '\0' || workers < 1 || workers > MAX_WORKERS) {
        fprintf(stderr, "fcgi-static: workers must be 1..%d, not %s\n", MAX_WORKERS, argv[3]);
        return 2;
    }
    char *body = read_file(argv[2], &len);
    if (!body || len > INT32_MAX) {
        fprintf(stderr, "fcgi-static: cannot read %s: %s\n", argv[2], strerror(errno));
        return 1;
    }
    if (FCGX_Init() != 0) {
        fprintf(stderr, "fcgi-static: FCGX_Init failed\n");
        return 1;
    }
    unlink(argv[1]);
    /* The backlog marquee-api uses (src/server/master.c). */
    int fd = FCGX_OpenSocket(argv[1], 1024);
    if (fd < 0 || chmod(argv[1], 0666) != 0) {
        fprintf(stderr, "fcgi-static: cannot listen on %s: %s\n", argv[1], strerror(errno));
        return 1;
    }

    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = on_stop;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);

    for (long i = 0; i < workers; i++) {
        pids[i] = fork();
        if (pids[i] < 0) {
            fprintf(stderr, "fcgi-static: fork failed: %s\n", strerror(errno));
            workers = i;
            stopping = 1;
            break;
        }
        if (pids[i] == 0) {
            signal(SIGTERM, SIG_DFL);
            signal(SIGINT, SIG_DFL);
            _exit(serve(fd, body, len));
        }
    }
    while (!stopping) {
        pid_t pid = wait(NULL);
        if (pid < 0 && errno == ECHILD)
            break;
    }
    for (long i = 0; i < workers; i++)
        kill(pids[i], SIGTERM);
    while (wait(NULL) > 0 || errno == EINTR)
        ;
    unlink(argv[1]);
    free(body);
    return 0;
}
