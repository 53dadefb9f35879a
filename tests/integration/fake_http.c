#include "config.h"
#include "core/common.h"
#include "tests/integration/fake_http.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <sys/socket.h>
#include <unistd.h>

struct fake_http {
    int fd;
    char url[64];
    pthread_t thread;
    pthread_mutex_t lock;
    int status;
    char *body;
    char *last_line;
    char *last_body;
    int requests;
    fake_http_fn fn;
    volatile int stop;
};

static char *dup_n(const char *s, size_t n)
{
    char *d = malloc(n + 1);
    if (d) {
        memcpy(d, s, n);
        d[n] = '\0';
    }
    return d;
}

/* Reads one request (headers + Content-Length body) into buf; its length. */
static size_t read_request(int c, char *buf, size_t cap, size_t *head_len)
{
    size_t n = 0;
    *head_len = 0;
    while (n < cap - 1) {
        ssize_t r = read(c, buf + n, cap - 1 - n);
        if (r <= 0)
            break;
        n += (size_t)r;
        buf[n] = '\0';
        char *end = strstr(buf, "\r\n\r\n");
        if (!end)
            continue;
        *head_len = (size_t)(end - buf) + 4;
        char *cl = strcasestr(buf, "\r\ncontent-length:");
        size_t want = cl && cl < end ? strtoul(cl + 17, NULL, 10) : 0;
        if (n >= *head_len + want)
            break;
    }
    buf[n] = '\0';
    return n;
}

static void serve(struct fake_http *f, int c)
{
    static char buf[1 << 20];
    size_t head;
    size_t n = read_request(c, buf, sizeof(buf), &head);
    char *eol = strstr(buf, " HTTP/");
    pthread_mutex_lock(&f->lock);
    free(f->last_line);
    free(f->last_body);
    f->last_line = dup_n(buf, eol ? (size_t)(eol - buf) : 0);
    f->last_body = dup_n(buf + head, n > head ? n - head : 0);
    f->requests++;
    int status = f->status;
    char *made = f->fn ? f->fn(f->last_line, f->last_body, &status) : NULL;
    const char *text = made ? made : f->body;
    size_t alen = strlen(text);
    char *answer = malloc(alen + 256);
    int hl = snprintf(answer, 256,
                      "HTTP/1.1 %d X\r\nContent-Type: application/json\r\nContent-Length: "
                      "%zu\r\nConnection: close\r\n\r\n",
                      status, alen);
    memcpy(answer + hl, text, alen);
    free(made);
    pthread_mutex_unlock(&f->lock);
    for (size_t off = 0; off < (size_t)hl + alen;) {
        ssize_t w = write(c, answer + off, (size_t)hl + alen - off);
        if (w <= 0)
            break;
        off += (size_t)w;
    }
    free(answer);
}

static void *run(void *arg)
{
    struct fake_http *f = arg;
    while (!f->stop) {
        struct pollfd p = { f->fd, POLLIN, 0 };
        if (poll(&p, 1, 100) <= 0)
            continue;
        int c = accept(f->fd, NULL, NULL);
        if (c < 0)
            continue;
        serve(f, c);
        close(c);
    }
    return NULL;
}

struct fake_http *fake_http_start(int status, const char *body)
{
    struct fake_http *f = calloc(1, sizeof(*f));
    struct sockaddr_in sa = { .sin_family = AF_INET };
    socklen_t len = sizeof(sa);
    if (!f)
        return NULL;
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    f->fd = socket(AF_INET, SOCK_STREAM, 0);
    if (f->fd < 0 || bind(f->fd, (struct sockaddr *)&sa, sizeof(sa)) != 0 ||
        listen(f->fd, 16) != 0 || getsockname(f->fd, (struct sockaddr *)&sa, &len) != 0) {
        if (f->fd >= 0)
            close(f->fd);
        free(f);
        return NULL;
    }
    snprintf(f->url, sizeof(f->url), "http://127.0.0.1:%d", ntohs(sa.sin_port));
    pthread_mutex_init(&f->lock, NULL);
    f->status = status;
    f->body = dup_n(body, strlen(body));
    pthread_create(&f->thread, NULL, run, f);
    return f;
}

void fake_http_answer(struct fake_http *f, int status, const char *body)
{
    pthread_mutex_lock(&f->lock);
    free(f->body);
    f->status = status;
    f->body = dup_n(body, strlen(body));
    pthread_mutex_unlock(&f->lock);
}

void fake_http_handler(struct fake_http *f, fake_http_fn fn)
{
    pthread_mutex_lock(&f->lock);
    f->fn = fn;
    pthread_mutex_unlock(&f->lock);
}

const char *fake_http_url(const struct fake_http *f)
{
    return f->url;
}

char *fake_http_last_request(struct fake_http *f, char **body)
{
    pthread_mutex_lock(&f->lock);
    char *line = f->last_line ? dup_n(f->last_line, strlen(f->last_line)) : NULL;
    *body = f->last_body ? dup_n(f->last_body, strlen(f->last_body)) : NULL;
    pthread_mutex_unlock(&f->lock);
    return line;
}

int fake_http_requests(struct fake_http *f)
{
    pthread_mutex_lock(&f->lock);
    int n = f->requests;
    pthread_mutex_unlock(&f->lock);
    return n;
}

void fake_http_stop(struct fake_http *f)
{
    if (!f)
        return;
    f->stop = 1;
    pthread_join(f->thread, NULL);
    close(f->fd);
    pthread_mutex_destroy(&f->lock);
    free(f->body);
    free(f->last_line);
    free(f->last_body);
    free(f);
}
