/*
 * marquee-ingest - Layer 1: Ticketmaster event pages -> extracted_events.
 *
 * Exit status: 0 when every page and row was written, 1 when some were not
 * (see the log), 2 for a usage or configuration error, 3 when another run
 * holds the lock.
 */
#include "config.h"
#include "core/common.h"
#include "app/ingest/ingest.h"
#include "app/job.h"
#include "core/timeutil.h"

#include <getopt.h>
#include <sys/stat.h>

#define PROG         "marquee-ingest"
#define MAX_SEGMENTS 16

struct opts {
    const char *from_dir;
    const char *from, *to, *country, *city;
    const char *segments[MAX_SEGMENTS];
    size_t nsegments;
};

static void usage(FILE *f)
{
    fprintf(f, "usage: " PROG " --from-dir DIR\n"
               "       " PROG " [--from TIME] [--to TIME] [--country CC] [--city NAME]"
               " [--segment NAME]...\n"
               "  --from-dir DIR  ingest the saved Discovery pages DIR/*.json in name order\n"
               "  --from, --to    event window (YYYY-MM-DDTHH:MM:SSZ; default tomorrow, 3 days)\n"
               "  --country CC    ISO 3166 alpha-2 country code\n"
               "  --city NAME     city name\n"
               "  --segment NAME  segment name or id (repeatable)\n");
}

static bool is_letter(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* Checks the API query options now, so a bad crontab fails on its first run. */
static bool valid_opts(const struct opts *o)
{
    int64_t from = 0, to = 0;
    const char *bad = NULL;

    if (o->from && time_parse_iso(o->from, &from) != ST_OK)
        bad = "--from must be YYYY-MM-DDTHH:MM:SSZ";
    else if (o->to && time_parse_iso(o->to, &to) != ST_OK)
        bad = "--to must be YYYY-MM-DDTHH:MM:SSZ";
    else if (o->from && o->to && to <= from)
        bad = "--to must be after --from";
    else if (o->country &&
             !(strlen(o->country) == 2 && is_letter(o->country[0]) && is_letter(o->country[1])))
        bad = "--country must be a two-letter country code";
    else if (o->city && (!*o->city || strlen(o->city) > 100))
        bad = "--city must be 1 to 100 bytes";
    for (size_t i = 0; !bad && i < o->nsegments; i++) {
        if (!*o->segments[i] || strlen(o->segments[i]) > 100)
            bad = "--segment must be 1 to 100 bytes";
    }
    if (bad)
        fprintf(stderr, PROG ": %s\n", bad);
    return !bad;
}

/* -1 to run, else the exit status. */
static int parse_opts(int argc, char **argv, struct opts *o)
{
    static const struct option longopts[] = {
        { "from-dir", required_argument, NULL, 'd' }, { "from", required_argument, NULL, 'f' },
        { "to", required_argument, NULL, 't' },       { "country", required_argument, NULL, 'c' },
        { "city", required_argument, NULL, 'y' },     { "segment", required_argument, NULL, 's' },
        { "help", no_argument, NULL, 'h' },           { NULL, 0, NULL, 0 },
    };
    int c;

    memset(o, 0, sizeof(*o));
    while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
        switch (c) {
        case 'd':
            o->from_dir = optarg;
            break;
        case 'f':
            o->from = optarg;
            break;
        case 't':
            o->to = optarg;
            break;
        case 'c':
            o->country = optarg;
            break;
        case 'y':
            o->city = optarg;
            break;
        case 's':
            if (o->nsegments == MAX_SEGMENTS) {
                fprintf(stderr, PROG ": at most %d --segment options\n", MAX_SEGMENTS);
                return 2;
            }
            o->segments[o->nsegments++] = optarg;
            break;
        case 'h':
            usage(stdout);
            return 0;
        default:
            usage(stderr);
            return 2;
        }
    }
    if (optind < argc || (o->from_dir && !*o->from_dir)) {
        usage(stderr);
        return 2;
    }
    return valid_opts(o) ? -1 : 2;
}

/* Ingests the directory under the run lock; the exit status. */
static int run(const char *dir)
{
    struct job j;
    struct ingest_stats s = { 0 };
    int rc = job_start(&j, PROG);

    if (rc == JOB_OK) {
        enum status st = ingest_dir(&j.db, dir, &s);
        printf(PROG ": pages=%lld events=%lld inserted=%lld updated=%lld unchanged=%lld"
                    " skipped=%lld seconds=%.1f\n",
               (long long)s.pages, (long long)s.events, (long long)s.inserted, (long long)s.updated,
               (long long)s.unchanged, (long long)s.skipped, job_seconds(&j));
        rc = st == ST_OK && s.rejected == 0 ? JOB_OK : JOB_FAILED;
    }
    job_finish(&j);
    return rc;
}

int main(int argc, char **argv)
{
    struct opts o;
    struct stat sb;
    int rc = parse_opts(argc, argv, &o);

    if (rc >= 0)
        return rc;
    if (!o.from_dir) {
        fprintf(stderr, PROG ": fetching from the Ticketmaster API is not available yet;"
                             " use --from-dir DIR\n");
        return 2;
    }
    if (o.from || o.to || o.country || o.city || o.nsegments)
        fprintf(stderr, PROG ": --from, --to, --country, --city and --segment do not apply to"
                             " --from-dir; ignored\n");
    if (stat(o.from_dir, &sb) != 0 || !S_ISDIR(sb.st_mode)) {
        fprintf(stderr, PROG ": %s is not a readable directory\n", o.from_dir);
        return 2;
    }
    return run(o.from_dir);
}
