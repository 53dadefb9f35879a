/*
 * fake_tm_http.c - just enough HTTP/1.1: GET requests with keep-alive (curl
 * reuses its connection), one thread per connection, answers with
 * Content-Length. A connection idle for 30 s is closed.
 */
#include "config.h"
#include "core/common.h"
#include "tests/fakeupstream/fake_tm.h"
#include "core/buf.h"
#include "core/str.h"

#include <errno.h>
#include <poll.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#define HEAD_MAX    16384
#define IDLE_MS     30000
#define BODY_MAX    ((size_t)64 << 20)
#define QUOTA_RESET 3600000 /* ms after the refusal */

/* Percent-decodes s[0..n) into out (size outlen), '+' as a space. */
static void decode(const char *s, size_t n, char *out, size_t outlen)
{
    size_t o = 0;
    for (size_t i = 0; i < n && o + 1 < outlen; i++) {
        if (s[i] == '%' && i + 2 < n && str_hexval(s[i + 1]) >= 0 && str_hexval(s[i + 2]) >= 0) {
            out[o++] = (char)(str_hexval(s[i + 1]) * 16 + str_hexval(s[i + 2]));
            i += 2;
        } else {
            out[o++] = s[i] == '+' ? ' ' : s[i];
        }
    }
    out[o] = '\0';
}

/* Copies src, cut to fit (a cut date no longer parses: 400 as upstream). */
static void copy(char *dst, size_t len, const char *src)
{
    size_t n = strnlen(src, len - 1);
    memcpy(dst, src, n);
    dst[n] = '\0';
}

static void set_param(struct fake_req *r, const char *key, const char *val)
{
    int64_t v;
    if (strcmp(key, "apikey") == 0)
        copy(r->apikey, sizeof(r->apikey), val);
    else if (strcmp(key, "startDateTime") == 0)
        copy(r->start, sizeof(r->start), val);
    else if (strcmp(key, "endDateTime") == 0)
        copy(r->end, sizeof(r->end), val);
    else if (strcmp(key, "page") == 0 && str_to_i64(val, &v) == ST_OK)
        r->page = v, r->has_page = true;
    else if (strcmp(key, "size") == 0 && str_to_i64(val, &v) == ST_OK)
        r->size = v, r->has_size = true;
}

/* "GET /path?query HTTP/1.1" -> r; false if it is not a GET line. */
static bool parse_target(const char *line, struct fake_req *r)
{
    char key[64], val[256];

    memset(r, 0, sizeof(*r));
    if (strncmp(line, "GET ", 4) != 0)
        return false;
    const char *t = line + 4, *end = t + strcspn(t, " \r\n"),
               *q = memchr(t, '?', (size_t)(end - t));
    decode(t, (size_t)((q ? q : end) - t), r->path, sizeof(r->path));
    for (const char *p = q ? q + 1 : end; p < end;) {
        size_t n = strcspn(p, "&");
        if (p + n > end)
            n = (size_t)(end - p);
        const char *eq = memchr(p, '=', n);
        if (eq) {
            decode(p, (size_t)(eq - p), key, sizeof(key));
            decode(eq + 1, (size_t)(p + n - eq - 1), val, sizeof(val));
            set_param(r, key, val);
        }
        p += n + 1;
    }
    return true;
}

static int write_all(int fd, const char *p, size_t n)
{
    while (n > 0) {
        ssize_t w = write(fd, p, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return -1;
        p += w;
        n -= (size_t)w;
    }
    return 0;
}

static const char *reason(int status)
{
    switch (status) {
    case 200:
        return "OK";
    case 400:
        return "Bad Request";
    case 401:
        return "Unauthorized";
    case 404:
        return "Not Found";
    case 429:
        return "Too Many Requests";
    default:
        return "Internal Server Error";
    }
}

/* Sends status + body; with cut, only half the body (after a full
 * Content-Length when cut_len is false). */
static int respond(int fd, int status, const char *extra, const struct buf *body, bool cut,
                   bool keep)
{
    char head[512];
    size_t send = cut ? body->len / 2 : body->len;
    int n = snprintf(head, sizeof(head),
                     "HTTP/1.1 %d %s\r\nContent-Type: application/json;charset=utf-8\r\n"
                     "Content-Length: %zu\r\n%sConnection: %s\r\n\r\n",
                     status, reason(status), body->len, extra ? extra : "",
                     keep ? "keep-alive" : "close");
    if (write_all(fd, head, (size_t)n) != 0 || write_all(fd, body->data, send) != 0)
        return -1;
    return 0;
}

/* The quota body names the key ("Identifier : {apikey}"): the client must
 * not print it. */
static void quota_body(struct fake *f, const struct fake_req *r, struct buf *b)
{
    const char *p = strstr(f->err_quota, "{apikey}");
    if (!p) {
        buf_puts(b, f->err_quota);
        return;
    }
    buf_append(b, f->err_quota, (size_t)(p - f->err_quota));
    buf_puts(b, r->apikey);
    buf_puts(b, p + 8);
}

static void sleep_ms(int ms)
{
    struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000L };
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
        ;
}

/* Answers one request; -1 to close the connection. */
static int handle(struct fake *f, int fd, const struct fake_req *r, bool keep)
{
    struct buf body;
    char extra[256] = "", bad_id[64] = "", note[96] = "";
    int64_t n;
    bool rps, quota, cut = false;
    int status, rc;
    enum fault_kind k = fake_admit(f, &n, &rps, &quota);

    buf_init(&body, BODY_MAX);
    if (k == FAULT_DROP) {
        fake_log(f, n, r, 0, "drop", NULL);
        buf_release(&body);
        return -1;
    }
    if (k == FAULT_SLOW) {
        /* logged now: the client may have given up before the answer */
        fake_log(f, n, r, 0, "slow", "phase=arrived");
        sleep_ms(f->slow_ms);
    }
    if (strcmp(r->path, "/_fake/stats") == 0) {
        pthread_mutex_lock(&f->mu);
        buf_printf(&body,
                   "{\"requests\":%lld,\"cap_violations\":%lld,\"max_depth\":%lld,"
                   "\"refused\":%lld}",
                   (long long)f->requests, (long long)f->cap_violations, (long long)f->max_depth,
                   (long long)f->refused);
        pthread_mutex_unlock(&f->mu);
        status = 200;
    } else if (k == FAULT_401 || (f->api_key && strcmp(r->apikey, f->api_key) != 0)) {
        buf_puts(&body, f->err_401), status = 401;
    } else if (k == FAULT_QUOTA || quota) {
        quota_body(f, r, &body);
        status = 429;
        snprintf(extra, sizeof(extra),
                 "Rate-Limit: 5000\r\nRate-Limit-Available: 0\r\n"
                 "Rate-Limit-Over: 1\r\nRate-Limit-Reset: %lld\r\n",
                 (long long)time(NULL) * 1000 + QUOTA_RESET);
    } else if (k == FAULT_SPIKE || rps) {
        buf_puts(&body, f->err_spike), status = 429;
    } else if (k == FAULT_500) {
        buf_puts(&body, "{\"fault\":{\"faultstring\":\"Internal Server Error\"}}"), status = 500;
    } else if (strcmp(r->path, "/discovery/v2/events.json") == 0 ||
               strcmp(r->path, "/discovery/v2/events") == 0) {
        status = fake_events_page(f, r, &body, k == FAULT_BADUTF8, bad_id, sizeof(bad_id));
    } else if (strcmp(r->path, "/discovery/v2/classifications.json") == 0) {
        status = fake_classifications(f, r, &body);
    } else {
        buf_puts(&body, f->err_404), status = 404;
    }
    if (k == FAULT_BADJSON)
        buf_truncate(&body, body.len / 2);
    cut = k == FAULT_TRUNCATE;
    if (bad_id[0])
        snprintf(note, sizeof(note), "bad_id=%s", bad_id);
    fake_log(f, n, r, status,
             rps     ? "rps"
             : quota ? "quota"
                     : fake_fault_name(k),
             note[0] ? note : NULL);
    rc = respond(fd, status, extra, &body, cut, keep && !cut);
    buf_release(&body);
    return rc != 0 || cut || !keep ? -1 : 0;
}

/* Reads one request head into head (NUL-terminated); its length, 0 on EOF
 * or idle timeout, -1 on error. Leftover bytes stay in *have. */
static ssize_t read_head(int fd, char *head, size_t *have)
{
    for (;;) {
        char *end = memmem(head, *have, "\r\n\r\n", 4);
        if (end)
            return end + 4 - head;
        if (*have + 1 >= HEAD_MAX)
            return -1;
        struct pollfd p = { fd, POLLIN, 0 };
        if (poll(&p, 1, IDLE_MS) <= 0)
            return 0;
        ssize_t r = read(fd, head + *have, HEAD_MAX - 1 - *have);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            return 0;
        *have += (size_t)r;
        head[*have] = '\0';
    }
}

void *fake_serve_conn(void *arg)
{
    struct conn *c = arg;
    char *head = malloc(HEAD_MAX);
    size_t have = 0;
    struct fake_req r;

    while (head) {
        head[have] = '\0';
        ssize_t n = read_head(c->fd, head, &have);
        if (n <= 0)
            break;
        bool keep = !strcasestr(head, "\r\nConnection: close") && strstr(head, "HTTP/1.1\r\n");
        if (!parse_target(head, &r) || handle(c->f, c->fd, &r, keep) != 0)
            break;
        memmove(head, head + n, have - (size_t)n);
        have -= (size_t)n;
    }
    free(head);
    close(c->fd);
    free(c);
    return NULL;
}
