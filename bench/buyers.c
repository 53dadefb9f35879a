/*
 * buyers - many buyers racing for the same listings (bench/rush.sh).
 *
 *   bench/buyers MODE PORT TOKENS TICKETS SECONDS SPREAD_MS
 *
 * One keep-alive connection to 127.0.0.1:PORT per line of TOKENS (a
 * buyer's session token, sent as a Bearer token); buyer i starts at
 * i * SPREAD_MS / buyers ms (its arrival, in the order of TOKENS) and
 * sends POST /api/orders for the listings of TICKETS (one id a line),
 * starting at listing i mod n and moving to the next one when told the
 * listing is taken. MODE:
 *   storm  every answer is followed at once by the next attempt, until
 *          SECONDS: the rate of order attempts under contention;
 *   rush   a buyer stops at a clear end (an order, sold out, all held, a
 *          refusal it cannot wait for) and waits Retry-After after a 202 or
 *          a 429; the run ends when every buyer has stopped or at SECONDS.
 * Prints key=value lines: answers, their rate, statuses, latency
 * percentiles of every answer, orders, buyers still waiting at the end,
 * and (rush) Spearman's rank correlation between arrival and the time of
 * the order among the buyers who got one. nginx's own 429 (too many order
 * attempts in flight, nginx/marquee.conf) is counted apart as busy, and
 * the buyer waits its Retry-After in both modes. Every buyer's line goes to
 * stderr: index, arrival ms, outcome, ms of its order (or -1), its first
 * queue position (or -1).
 */
#include "config.h"
#include "core/common.h"

#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <strings.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define MAX_BUYERS  20000
#define MAX_TICKETS 10000
#define RESP_MAX    16384
#define MAX_ANSWERS 4000000

enum phase { IDLE, WAITING, SENDING, READING, DONE };

struct buyer {
    int fd;
    enum phase phase;
    char token[512];
    size_t ticket;     /* index into tickets */
    int64_t due_us;    /* IDLE/WAITING: when to send next */
    int64_t arrive_us; /* first send */
    int64_t sent_us;
    int64_t won_us;
    int64_t first_pos;
    const char *outcome;
    char req[1024];
    size_t req_len, req_off;
    char resp[RESP_MAX];
    size_t resp_len;
};

static struct buyer *buyers;
static size_t nbuyers;
static char tickets[MAX_TICKETS][40];
static size_t ntickets;
static int port, epfd;
static bool storm;
static uint32_t *lat_us; /* every answer's latency */
static size_t nlat;
static long statuses[600];
static long orders, errors, busy; /* busy: nginx's 429 for too many in flight */

static int64_t now_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

/* Up to max non-empty lines of path into dst, width bytes each (cut). */
static int read_lines(const char *path, char *dst, size_t width, size_t max)
{
    FILE *f = fopen(path, "r");
    char line[1024];
    size_t n = 0;
    if (!f)
        return -1;
    while (n < max && fgets(line, sizeof(line), f)) {
        line[strcspn(line, "\r\n")] = '\0';
        if (!line[0])
            continue;
        size_t len = strlen(line) < width ? strlen(line) : width - 1;
        memcpy(dst + n * width, line, len);
        dst[n * width + len] = '\0';
        n++;
    }
    fclose(f);
    return (int)n;
}

static void conn_close(struct buyer *b)
{
    if (b->fd >= 0)
        close(b->fd);
    b->fd = -1;
}

static int conn_open(struct buyer *b)
{
    struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons((uint16_t)port) };
    int one = 1;
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    b->fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
    if (b->fd < 0)
        return -1;
    setsockopt(b->fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
    if (connect(b->fd, (struct sockaddr *)&sa, sizeof(sa)) != 0 && errno != EINPROGRESS) {
        conn_close(b);
        return -1;
    }
    struct epoll_event ev = { .events = EPOLLOUT | EPOLLIN, .data.ptr = b };
    return epoll_ctl(epfd, EPOLL_CTL_ADD, b->fd, &ev);
}

static void send_order(struct buyer *b)
{
    char body[128];
    int blen = snprintf(body, sizeof(body), "{\"ticketId\":\"%s\"}", tickets[b->ticket]);
    b->req_len = (size_t)snprintf(b->req, sizeof(b->req),
                                  "POST /api/orders HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                                  "Authorization: Bearer %s\r\nContent-Type: application/json\r\n"
                                  "Content-Length: %d\r\n\r\n%s",
                                  b->token, blen, body);
    b->req_off = 0;
    b->resp_len = 0;
    if (b->fd < 0 && conn_open(b) != 0) {
        errors++;
        b->phase = WAITING;
        b->due_us = now_us() + 100000;
        return;
    }
    b->sent_us = now_us();
    if (!b->arrive_us)
        b->arrive_us = b->sent_us;
    b->phase = SENDING;
    struct epoll_event ev = { .events = EPOLLOUT | EPOLLIN, .data.ptr = b };
    epoll_ctl(epfd, EPOLL_CTL_MOD, b->fd, &ev);
}

/* A header's value (case-insensitive name) as a number, or -1. */
static long header_num(const char *head, const char *name)
{
    size_t n = strlen(name);
    for (const char *p = strstr(head, "\r\n"); p; p = strstr(p + 2, "\r\n")) {
        if (strncasecmp(p + 2, name, n) == 0 && p[2 + n] == ':')
            return strtol(p + 3 + n, NULL, 10);
    }
    return -1;
}

static void wait_then_retry(struct buyer *b, long seconds, int64_t end_us)
{
    int64_t due = now_us() + (seconds > 0 ? seconds : 1) * 1000000;
    if (due >= end_us) {
        b->phase = DONE;
        b->outcome = "gave_up";
        return;
    }
    b->phase = WAITING;
    b->due_us = due;
}

/* What a rush buyer does with an answer. */
static void next_step(struct buyer *b, int status, long retry, const char *body, int64_t end_us)
{
    if (status == 429 && strstr(body, "being placed right now")) {
        busy++; /* nginx shed it before the app: come back as told */
        wait_then_retry(b, retry, end_us);
        if (b->phase == DONE)
            b->outcome = "gave_up";
        return;
    }
    if (storm) {
        b->ticket = (b->ticket + 1) % ntickets;
        b->phase = IDLE;
        b->due_us = 0;
        return;
    }
    if (status == 201) {
        b->phase = DONE;
        b->outcome = "order";
        b->won_us = now_us();
    } else if (status == 202) {
        const char *p = strstr(body, "\"position\":");
        if (p && b->first_pos < 0)
            b->first_pos = strtol(p + strlen("\"position\":"), NULL, 10);
        wait_then_retry(b, retry, end_us);
    } else if (status == 409 && retry < 0 && !strstr(body, "sold out")) {
        b->ticket = (b->ticket + 1) % ntickets; /* taken: the next listing at once */
        b->phase = IDLE;
        b->due_us = 0;
    } else if (status == 409) {
        b->phase = DONE;
        b->outcome = retry >= 0 ? "all_held" : "sold_out";
    } else if (status == 429 || status >= 500) {
        wait_then_retry(b, retry, end_us);
        if (b->phase == DONE)
            b->outcome = status == 429 ? "refused" : "error";
    } else {
        b->phase = DONE;
        b->outcome = "other";
    }
}

/* Reads what there is; on a whole answer records it and picks the next step. */
static void on_readable(struct buyer *b, int64_t end_us)
{
    ssize_t n = read(b->fd, b->resp + b->resp_len, sizeof(b->resp) - 1 - b->resp_len);
    if (n <= 0) {
        if (n < 0 && errno == EAGAIN)
            return;
        conn_close(b); /* closed between answers (keep-alive limit): resend */
        errors += b->phase == READING && b->resp_len > 0;
        b->phase = IDLE;
        b->due_us = 0;
        return;
    }
    b->resp_len += (size_t)n;
    b->resp[b->resp_len] = '\0';
    char *end = strstr(b->resp, "\r\n\r\n");
    if (!end)
        return;
    *end = '\0';
    long clen = header_num(b->resp, "Content-Length");
    size_t head = (size_t)(end - b->resp) + 4;
    if (clen < 0 || head + (size_t)clen > b->resp_len) {
        *end = '\r';
        return;
    }
    int status = (int)strtol(b->resp + 9, NULL, 10);
    long retry = header_num(b->resp, "Retry-After");
    bool closing = strcasestr(b->resp, "\r\nConnection: close") != NULL;
    if (nlat < MAX_ANSWERS)
        lat_us[nlat++] = (uint32_t)(now_us() - b->sent_us);
    if (status > 0 && status < 600)
        statuses[status]++;
    orders += status == 201;
    if (closing)
        conn_close(b);
    next_step(b, status, retry, end + 4, end_us);
}

static void on_writable(struct buyer *b)
{
    ssize_t n = write(b->fd, b->req + b->req_off, b->req_len - b->req_off);
    if (n < 0) {
        if (errno != EAGAIN) {
            conn_close(b);
            b->phase = IDLE;
        }
        return;
    }
    b->req_off += (size_t)n;
    if (b->req_off < b->req_len)
        return;
    b->phase = READING;
    struct epoll_event ev = { .events = EPOLLIN, .data.ptr = b };
    epoll_ctl(epfd, EPOLL_CTL_MOD, b->fd, &ev);
}

static int cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return x < y ? -1 : x > y;
}

static double pct_ms(double p)
{
    if (!nlat)
        return 0;
    size_t i = (size_t)(p * (double)(nlat - 1));
    return lat_us[i] / 1000.0;
}

static const struct buyer *by_won[MAX_BUYERS];

static int cmp_won(const void *a, const void *b)
{
    const struct buyer *x = *(const struct buyer *const *)a, *y = *(const struct buyer *const *)b;
    return x->won_us < y->won_us ? -1 : x->won_us > y->won_us;
}

/* Spearman's rho between arrival order (the buyers' order) and the order
 * in which the winners got their orders, over the winners. */
static double spearman(size_t *n)
{
    size_t k = 0;
    for (size_t i = 0; i < nbuyers; i++) {
        if (buyers[i].won_us)
            by_won[k++] = &buyers[i];
    }
    *n = k;
    if (k < 2)
        return 0;
    /* Arrival ranks among the winners are their order by index. */
    static size_t arrival_rank[MAX_BUYERS];
    size_t r = 0;
    for (size_t i = 0; i < nbuyers; i++) {
        if (buyers[i].won_us)
            arrival_rank[i] = r++;
    }
    qsort(by_won, k, sizeof(by_won[0]), cmp_won);
    double d2 = 0;
    for (size_t j = 0; j < k; j++) {
        double d = (double)arrival_rank[by_won[j] - buyers] - (double)j;
        d2 += d * d;
    }
    return 1.0 - 6.0 * d2 / ((double)k * ((double)k * k - 1.0));
}

static void report(double secs, int64_t t0)
{
    size_t k, waiting = 0;
    double rho = spearman(&k);
    qsort(lat_us, nlat, sizeof(lat_us[0]), cmp_u32);
    printf("answers=%zu\nseconds=%.2f\nrate=%.0f\n", nlat, secs, nlat / secs);
    printf("p50_ms=%.2f\np90_ms=%.2f\np99_ms=%.2f\nmax_ms=%.2f\n", pct_ms(0.5), pct_ms(0.9),
           pct_ms(0.99), nlat ? lat_us[nlat - 1] / 1000.0 : 0);
    long s5xx = 0;
    for (int s = 100; s < 600; s++) {
        if (statuses[s])
            printf("status_%d=%ld\n", s, statuses[s]);
        if (s >= 500)
            s5xx += statuses[s];
    }
    printf("status_5xx=%ld\nconnection_errors=%ld\norders=%ld\n", s5xx, errors, orders);
    printf("busy=%ld\napp_answers=%zu\napp_rate=%.0f\n", busy, nlat - (size_t)busy,
           (double)(nlat - (size_t)busy) / secs);
    size_t early = 0;
    for (size_t i = 0; i < nbuyers; i++) {
        const struct buyer *b = &buyers[i];
        waiting += b->phase != DONE;
        early += b->won_us && i < (size_t)orders;
        fprintf(stderr, "%zu %.1f %s %.1f %lld\n", i, (b->arrive_us - t0) / 1000.0,
                b->phase == DONE ? b->outcome : "waiting",
                b->won_us ? (b->won_us - t0) / 1000.0 : -1.0, (long long)b->first_pos);
    }
    printf("still_waiting=%zu\nwinners=%zu\nwinners_among_first_arrivals=%zu\n", waiting, k, early);
    printf("spearman=%.3f\n", rho);
}

static void tick(int64_t now, int64_t end_us)
{
    for (size_t i = 0; i < nbuyers; i++) {
        struct buyer *b = &buyers[i];
        if ((b->phase == IDLE || b->phase == WAITING) && b->due_us <= now && now < end_us)
            send_order(b);
    }
}

static bool all_done(void)
{
    for (size_t i = 0; i < nbuyers; i++) {
        if (buyers[i].phase != DONE)
            return false;
    }
    return true;
}

int main(int argc, char **argv)
{
    static char tokens[MAX_BUYERS][512];
    if (argc != 7 || (strcmp(argv[1], "storm") != 0 && strcmp(argv[1], "rush") != 0)) {
        fprintf(stderr, "usage: buyers storm|rush PORT TOKENS TICKETS SECONDS SPREAD_MS\n");
        return 2;
    }
    storm = strcmp(argv[1], "storm") == 0;
    port = (int)strtol(argv[2], NULL, 10);
    int nt = read_lines(argv[3], tokens[0], sizeof(tokens[0]), MAX_BUYERS);
    int nk = read_lines(argv[4], tickets[0], sizeof(tickets[0]), MAX_TICKETS);
    double secs = strtod(argv[5], NULL);
    int64_t spread_us = strtol(argv[6], NULL, 10) * 1000;
    if (nt <= 0 || nk <= 0 || secs <= 0) {
        fprintf(stderr, "buyers: no tokens, no tickets or no time\n");
        return 2;
    }
    nbuyers = (size_t)nt;
    ntickets = (size_t)nk;
    buyers = calloc(nbuyers, sizeof(*buyers));
    lat_us = malloc(MAX_ANSWERS * sizeof(*lat_us));
    epfd = epoll_create1(0);
    if (!buyers || !lat_us || epfd < 0)
        return 1;
    int64_t t0 = now_us(), end_us = t0 + (int64_t)(secs * 1e6);
    for (size_t i = 0; i < nbuyers; i++) {
        struct buyer *b = &buyers[i];
        b->fd = -1;
        b->first_pos = -1;
        b->ticket = i % ntickets;
        b->due_us = t0 + (int64_t)i * spread_us / (int64_t)nbuyers;
        memcpy(b->token, tokens[i], sizeof(b->token));
    }
    struct epoll_event evs[256];
    int64_t now;
    while ((now = now_us()) < end_us && (storm || !all_done())) {
        tick(now, end_us);
        int n = epoll_wait(epfd, evs, 256, 1);
        for (int i = 0; i < n; i++) {
            struct buyer *b = evs[i].data.ptr;
            if (b->phase == SENDING && (evs[i].events & EPOLLOUT))
                on_writable(b);
            else if (b->phase == READING && (evs[i].events & (EPOLLIN | EPOLLHUP | EPOLLERR)))
                on_readable(b, end_us);
        }
    }
    report((now_us() - t0) / 1e6, t0);
    return 0;
}
