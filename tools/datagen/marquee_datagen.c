/*
 * marquee-datagen - writes deterministic sample Ticketmaster Discovery pages.
 *
 *   marquee-datagen --events N --out DIR [--seed N] [--start YYYY-MM-DD]
 *                   [--days N] [--page-size N]
 *
 * The pages feed `marquee-ingest --from-dir DIR` for demos, load tests and
 * offline development. Exit status: 0 ok, 1 generation failed, 2 bad usage.
 */
#include "config.h"
#include "core/common.h"
#include "tools/datagen/datagen.h"
#include "core/str.h"
#include "core/timeutil.h"

#include <getopt.h>

static void usage(FILE *f)
{
    fprintf(f, "usage: marquee-datagen --events N --out DIR [--seed N] [--start YYYY-MM-DD]\n"
               "                       [--days N] [--page-size N]\n");
}

static int bad(const char *opt, const char *val, const char *why)
{
    fprintf(stderr, "marquee-datagen: invalid %s '%s': %s\n", opt, val, why);
    usage(stderr);
    return 2;
}

/* Parses val as an integer in [lo, hi]. */
static bool parse_int(const char *val, int64_t lo, int64_t hi, int64_t *out)
{
    return str_to_i64(val, out) == ST_OK && *out >= lo && *out <= hi;
}

static int parse_args(int argc, char **argv, struct datagen_opts *o)
{
    static const struct option longopts[] = {
        { "events", required_argument, NULL, 'e' }, { "out", required_argument, NULL, 'o' },
        { "seed", required_argument, NULL, 's' },   { "start", required_argument, NULL, 'S' },
        { "days", required_argument, NULL, 'd' },   { "page-size", required_argument, NULL, 'p' },
        { "help", no_argument, NULL, 'h' },         { NULL, 0, NULL, 0 },
    };
    bool have_events = false;
    int64_t v;
    int c;

    while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
        switch (c) {
        case 'e':
            if (!parse_int(optarg, 0, DATAGEN_MAX_EVENTS, &v))
                return bad("--events", optarg, "expected 0..10000000");
            o->events = (int)v;
            have_events = true;
            break;
        case 'o':
            o->out_dir = optarg;
            break;
        case 's':
            if (!parse_int(optarg, 0, INT64_MAX, &v))
                return bad("--seed", optarg, "expected a non-negative integer");
            o->seed = (uint64_t)v;
            break;
        case 'S':
            if (strlen(optarg) != 10 || time_parse_iso(optarg, &v) != ST_OK || v < 0)
                return bad("--start", optarg, "expected a date YYYY-MM-DD from 1970 on");
            o->start = v;
            break;
        case 'd':
            if (!parse_int(optarg, 1, DATAGEN_MAX_DAYS, &v))
                return bad("--days", optarg, "expected 1..3660");
            o->days = (int)v;
            break;
        case 'p':
            if (!parse_int(optarg, 1, DATAGEN_MAX_PAGE_SIZE, &v))
                return bad("--page-size", optarg, "expected 1..1000");
            o->page_size = (int)v;
            break;
        case 'h':
            usage(stdout);
            exit(0);
        default:
            usage(stderr);
            return 2;
        }
    }
    if (optind < argc) {
        fprintf(stderr, "marquee-datagen: unexpected argument '%s'\n", argv[optind]);
        usage(stderr);
        return 2;
    }
    if (!have_events || !o->out_dir || !*o->out_dir) {
        fprintf(stderr, "marquee-datagen: --events and --out are required\n");
        usage(stderr);
        return 2;
    }
    return 0;
}

int main(int argc, char **argv)
{
    struct datagen_opts o;
    struct datagen_stats st;
    int64_t t0 = time_mono_us();
    int rc;

    datagen_opts_init(&o);
    if ((rc = parse_args(argc, argv, &o)) != 0)
        return rc;
    if (datagen_run(&o, &st) != 0) {
        fprintf(stderr, "marquee-datagen: generation failed (see log above)\n");
        return 1;
    }
    printf("marquee-datagen: %lld events, %lld sessions, %lld pages in %s (%.1fs)\n",
           (long long)st.events, (long long)st.sessions, (long long)st.pages, o.out_dir,
           (double)(time_mono_us() - t0) / 1e6);
    return 0;
}
