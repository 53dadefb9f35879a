/*
 * marquee-fake-stripe - the fake Stripe of fake_stripe.h as a program, for
 * running the stack with PAYMENT_PROVIDER=stripe STRIPE_URL=http://127.0.0.1:N.
 * Prints "port=N pid=N" on stdout once it listens, then serves until
 * killed or --max-seconds.
 */
#include "config.h"
#include "core/common.h"
#include "tests/fakeupstream/fake_stripe.h"
#include "core/str.h"

#include <getopt.h>
#include <signal.h>
#include <unistd.h>

#define PROG "marquee-fake-stripe"

static void usage(FILE *f)
{
    fprintf(f, "usage: " PROG " --fixtures DIR [options]\n"
               "  --fixtures DIR    tests/fixtures/stripe (the recorded shapes served)\n"
               "  --port N          listen on 127.0.0.1:N (0: any free port; default 0)\n"
               "  --key KEY         answer 401 to any other Bearer key (default: any key)\n"
               "  --fault LIST      faults for the first requests, e.g. 500,slow (fake_stripe.h);\n"
               "                    later: POST /_fake/faults with such a list as the body\n"
               "  --slow-ms N       delay of the slow fault (default 2000)\n"
               "  --log FILE        one line per request (never the key)\n"
               "  --max-seconds N   exit after N seconds (default 900)\n");
}

static int num(const char *s, int64_t min, int64_t max, int *out)
{
    int64_t v;
    if (str_to_i64(s, &v) != ST_OK || v < min || v > max) {
        fprintf(stderr, PROG ": bad number '%s' (%lld..%lld)\n", s, (long long)min, (long long)max);
        return -1;
    }
    *out = (int)v;
    return 0;
}

int main(int argc, char **argv)
{
    static const struct option longs[] = {
        { "fixtures", required_argument, NULL, 'f' },
        { "port", required_argument, NULL, 'p' },
        { "key", required_argument, NULL, 'k' },
        { "fault", required_argument, NULL, 'F' },
        { "slow-ms", required_argument, NULL, 's' },
        { "log", required_argument, NULL, 'l' },
        { "max-seconds", required_argument, NULL, 'm' },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    struct fake_stripe_opts o = { 0 };
    const char *faults = NULL, *log = NULL;
    int max_seconds = 900, c;

    while ((c = getopt_long(argc, argv, "", longs, NULL)) != -1) {
        int bad = 0;
        switch (c) {
        case 'f':
            o.fixtures = optarg;
            break;
        case 'p':
            bad = num(optarg, 0, 65535, &o.port);
            break;
        case 'k':
            o.key = optarg;
            break;
        case 'F':
            faults = optarg;
            break;
        case 's':
            bad = num(optarg, 1, 600000, &o.slow_ms);
            break;
        case 'l':
            log = optarg;
            break;
        case 'm':
            bad = num(optarg, 1, 86400, &max_seconds);
            break;
        case 'h':
            usage(stdout);
            return 0;
        default:
            bad = 1;
        }
        if (bad) {
            usage(stderr);
            return 2;
        }
    }
    if (!o.fixtures || optind != argc) {
        usage(stderr);
        return 2;
    }
    signal(SIGPIPE, SIG_IGN);
    if (log && !(o.log = fopen(log, "a"))) {
        perror(log);
        return 1;
    }
    if (o.log)
        setvbuf(o.log, NULL, _IOLBF, 0);
    struct fake_stripe *f = fake_stripe_start(&o);
    if (!f)
        return 1;
    if (faults && fake_stripe_faults(f, faults) != 0) {
        fprintf(stderr, PROG ": unknown fault in '%s'\n", faults);
        return 2;
    }
    printf("port=%d pid=%d\n", fake_stripe_port(f), (int)getpid());
    fflush(stdout);
    alarm((unsigned)max_seconds); /* a test that dies never leaves it behind */
    for (;;)
        pause();
}
