/*
 * marquee-fake-tm - a fake Ticketmaster Discovery API on loopback (see
 * fake_tm.h). Prints "port=N events=N undated=N first=ISO last=ISO pid=N" on
 * stdout once it listens, then serves until killed or --max-seconds.
 */
#include "config.h"
#include "core/common.h"
#include "tests/fakeupstream/fake_tm.h"
#include "core/str.h"
#include "core/timeutil.h"

#include <arpa/inet.h>
#include <getopt.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#define PROG     "marquee-fake-tm"
#define MAX_FILE 64

struct opts {
    int port;
    uint64_t seed;
    int events, days;
    int64_t start, max_events, max_seconds;
    const char *pages[MAX_FILE];
    size_t npages;
    const char *fixtures, *log, *work;
};

static void usage(FILE *f)
{
    fprintf(f, "usage: " PROG " [options]\n"
               "  --port N            listen on 127.0.0.1:N (0: any free port; default 0)\n"
               "  --events N          generate N events (the project's generator; default 0)\n"
               "  --seed N            generator seed (default 1)\n"
               "  --start YYYY-MM-DD  first day of the generated sessions (default 2031-01-01)\n"
               "  --days N            days they span (default 30)\n"
               "  --max-events N      serve only the first N dated events\n"
               "  --pages FILE        also serve the events of this recorded page (repeatable)\n"
               "  --work DIR          where the generator writes (default: a /tmp directory)\n"
               "  --fixtures DIR      tests/fixtures: serve its recorded error bodies\n"
               "  --api-key KEY       answer 401 to any other key\n"
               "  --rps N             answer 429 SpikeArrestViolation above N requests/s\n"
               "  --quota N           answer 429 QuotaViolation after N requests\n"
               "  --fault SPEC        KIND, KIND@N (Nth request) or KIND%%N (every Nth); KIND is\n"
               "                      500 spike quota 401 slow drop truncate badjson badutf8\n"
               "  --slow-ms N         delay of the slow fault (default 3000)\n"
               "  --log FILE          one line per request (never the key)\n"
               "  --max-seconds N     exit after N seconds (default 900)\n");
}

static int num(const char *s, int64_t min, int64_t max, int64_t *out)
{
    if (str_to_i64(s, out) != ST_OK || *out < min || *out > max) {
        fprintf(stderr, PROG ": bad number '%s' (%lld..%lld)\n", s, (long long)min, (long long)max);
        return -1;
    }
    return 0;
}

static int parse_one(int c, struct opts *o, struct fake *f)
{
    int64_t v = 0;
    switch (c) {
    case 'p':
        return num(optarg, 0, 65535, &v) ? -1 : (o->port = (int)v, 0);
    case 'e':
        return num(optarg, 0, 10000000, &v) ? -1 : (o->events = (int)v, 0);
    case 's':
        return num(optarg, 0, INT64_MAX, &v) ? -1 : (o->seed = (uint64_t)v, 0);
    case 'S':
        return time_parse_iso(optarg, &o->start) == ST_OK ? 0 : -1;
    case 'd':
        return num(optarg, 1, 3660, &v) ? -1 : (o->days = (int)v, 0);
    case 'm':
        return num(optarg, 1, INT64_MAX, &o->max_events);
    case 'P':
        if (o->npages == MAX_FILE)
            return -1;
        o->pages[o->npages++] = optarg;
        return 0;
    case 'w':
        return o->work = optarg, 0;
    case 'F':
        return o->fixtures = optarg, 0;
    case 'k':
        return f->api_key = optarg, 0;
    case 'r':
        return num(optarg, 0, 100, &v) ? -1 : (f->rps = (int)v, 0);
    case 'q':
        return num(optarg, 0, INT64_MAX, &f->quota);
    case 'f':
        if (f->nrules == MAX_RULES || fake_parse_rule(optarg, &f->rules[f->nrules]) != 0) {
            fprintf(stderr, PROG ": bad --fault '%s'\n", optarg);
            return -1;
        }
        f->nrules++;
        return 0;
    case 'l':
        return num(optarg, 0, 600000, &v) ? -1 : (f->slow_ms = (int)v, 0);
    case 'L':
        return o->log = optarg, 0;
    case 'x':
        return num(optarg, 1, 86400, &o->max_seconds);
    default:
        return -1;
    }
}

static int parse_opts(int argc, char **argv, struct opts *o, struct fake *f)
{
    static const struct option longopts[] = {
        { "port", required_argument, NULL, 'p' },
        { "events", required_argument, NULL, 'e' },
        { "seed", required_argument, NULL, 's' },
        { "start", required_argument, NULL, 'S' },
        { "days", required_argument, NULL, 'd' },
        { "max-events", required_argument, NULL, 'm' },
        { "pages", required_argument, NULL, 'P' },
        { "work", required_argument, NULL, 'w' },
        { "fixtures", required_argument, NULL, 'F' },
        { "api-key", required_argument, NULL, 'k' },
        { "rps", required_argument, NULL, 'r' },
        { "quota", required_argument, NULL, 'q' },
        { "fault", required_argument, NULL, 'f' },
        { "slow-ms", required_argument, NULL, 'l' },
        { "log", required_argument, NULL, 'L' },
        { "max-seconds", required_argument, NULL, 'x' },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    int c;

    o->seed = 1;
    o->days = 30;
    o->start = 1924992000; /* 2031-01-01 */
    o->max_seconds = 900;
    f->slow_ms = 3000;
    while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
        if (c == 'h') {
            usage(stdout);
            return 0;
        }
        if (parse_one(c, o, f) != 0) {
            usage(stderr);
            return 2;
        }
    }
    return optind < argc ? (usage(stderr), 2) : -1;
}

static int load(struct fake *f, const struct opts *o)
{
    char tmp[] = "/tmp/marquee-fake-tm-gen-XXXXXX";
    const char *work = o->work;

    if (fake_load_errors(f, o->fixtures) != 0)
        return -1;
    for (size_t i = 0; i < o->npages; i++) {
        if (fake_load_pages(f, o->pages[i]) != 0)
            return -1;
    }
    if (o->events > 0 || !o->npages) {
        if (!work && !(work = mkdtemp(tmp)))
            return -1;
        if (fake_load_generated(f, o->seed, o->events, o->start, o->days, work) != 0)
            return -1;
        if (!o->work) {
            char cmd[128];
            snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmp);
            if (system(cmd) != 0)
                fprintf(stderr, PROG ": could not remove %s\n", tmp);
        }
    }
    return fake_finish_index(f, o->max_events);
}

static int listen_on(int port, int *bound)
{
    struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons((uint16_t)port) };
    socklen_t len = sizeof(sa);
    int one = 1, fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);

    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (fd < 0 || setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) != 0 ||
        bind(fd, (struct sockaddr *)&sa, sizeof(sa)) != 0 || listen(fd, 128) != 0 ||
        getsockname(fd, (struct sockaddr *)&sa, &len) != 0) {
        perror(PROG ": listen");
        return -1;
    }
    *bound = ntohs(sa.sin_port);
    return fd;
}

static void print_ready(const struct fake *f, int port)
{
    char first[TIME_ISO_LEN] = "-", last[TIME_ISO_LEN] = "-";
    if (f->nevents) {
        time_format_iso(f->events[0].t, first);
        time_format_iso(f->events[f->nevents - 1].t, last);
    }
    printf("port=%d events=%zu undated=%lld first=%s last=%s pid=%d\n", port, f->nevents,
           (long long)f->undated, first, last, (int)getpid());
    fflush(stdout);
}

static void serve(struct fake *f, int lfd)
{
    for (;;) {
        int fd = accept4(lfd, NULL, NULL, SOCK_CLOEXEC);
        struct conn *c = fd >= 0 ? malloc(sizeof(*c)) : NULL;
        pthread_t t;
        if (!c) {
            if (fd >= 0)
                close(fd);
            continue;
        }
        c->f = f;
        c->fd = fd;
        if (pthread_create(&t, NULL, fake_serve_conn, c) != 0) {
            close(fd);
            free(c);
            continue;
        }
        pthread_detach(t);
    }
}

int main(int argc, char **argv)
{
    static struct fake f;
    struct opts o = { 0 };
    int port, lfd, rc = parse_opts(argc, argv, &o, &f);

    if (rc >= 0)
        return rc;
    signal(SIGPIPE, SIG_IGN);
    pthread_mutex_init(&f.mu, NULL);
    if (o.log && !(f.log = fopen(o.log, "a"))) {
        perror(o.log);
        return 1;
    }
    if (load(&f, &o) != 0) {
        fprintf(stderr, PROG ": could not load the events\n");
        return 1;
    }
    if ((lfd = listen_on(o.port, &port)) < 0)
        return 1;
    print_ready(&f, port);
    alarm((unsigned)o.max_seconds); /* a test that dies never leaves it behind */
    serve(&f, lfd);
    return 0;
}
