/*
 * marquee-ingest - Layer 1: Ticketmaster event pages -> extracted_events.
 *
 * Without --from-dir, pages come from the Discovery API (TICKETMASTER_URL,
 * TICKETMASTER_API_KEY, at most TICKETMASTER_RPS requests per second): see
 * app/ingest/tm_fetch.h.
 *
 * Exit status: 0 when every page and row was written, 1 when some were not
 * (see the log; also an invalid API key), 2 for a usage or configuration
 * error, 3 when another run holds the lock, 4 when the API's daily quota
 * ran out (the pages fetched before are kept; the message says when the
 * quota resets).
 */
#include "config.h"
#include "core/common.h"
#include "app/ingest/ingest.h"
#include "app/ingest/tm_client.h"
#include "app/ingest/tm_fetch.h"
#include "app/job.h"
#include "core/log.h"
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

static void print_summary(const struct ingest_stats *s, double secs)
{
    printf(PROG ": pages=%lld events=%lld inserted=%lld updated=%lld unchanged=%lld"
                " skipped=%lld seconds=%.1f\n",
           (long long)s->pages, (long long)s->events, (long long)s->inserted, (long long)s->updated,
           (long long)s->unchanged, (long long)s->skipped, secs);
}

/* Ingests the directory under the run lock; the exit status. */
static int run_dir(const char *dir)
{
    struct job j;
    struct ingest_stats s = { 0 };
    int rc = job_start(&j, PROG);

    if (rc == JOB_OK) {
        enum status st = ingest_dir(&j.db, dir, &s);
        print_summary(&s, job_seconds(&j));
        rc = st == ST_OK && s.rejected == 0 ? JOB_OK : JOB_FAILED;
    }
    job_finish(&j);
    return rc;
}

/* The window: --from/--to, else tomorrow 00:00 UTC for 3 days. */
static void api_query(const struct opts *o, struct tm_events_query *q)
{
    int64_t day = 86400;

    memset(q, 0, sizeof(*q));
    q->from = (time_now() / day + 1) * day;
    if (o->from)
        time_parse_iso(o->from, &q->from);
    q->to = q->from + 3 * day - 1;
    if (o->to)
        time_parse_iso(o->to, &q->to);
    q->country = o->country;
    q->city = o->city;
    q->segments = o->segments;
    q->nsegments = o->nsegments;
}

/* Fetches from the API under the run lock; the exit status. */
static int run_api(const struct opts *o)
{
    struct job j;
    struct ingest_stats s = { 0 };
    struct tm_fetch_stats fs = { 0 };
    struct tm_events_query q;
    struct tm_client c;
    int rc = job_start(&j, PROG);

    api_query(o, &q);
    if (rc == JOB_OK && !j.cfg.ticketmaster_api_key) {
        fprintf(stderr, PROG ": TICKETMASTER_API_KEY is not set\n");
        rc = JOB_USAGE;
    } else if (rc == JOB_OK && q.to <= q.from) {
        fprintf(stderr, PROG ": the window is empty: --to must be after --from\n");
        rc = JOB_USAGE;
    }
    if (rc == JOB_OK) {
        tm_client_init(&c, &j.cfg);
        enum status st = tm_ingest_events(&j.db, &c, &q, &s, &fs);
        double secs = job_seconds(&j);
        print_summary(&s, secs);
        log_info("ingest_summary",
                 "requests=%lld retries=%lld windows=%lld splits=%lld pages=%lld"
                 " pages_failed=%lld events=%lld inserted=%lld updated=%lld unchanged=%lld"
                 " skipped=%lld seconds=%.1f events_per_s=%.0f status=%s",
                 (long long)c.requests, (long long)c.retries, (long long)fs.windows,
                 (long long)fs.splits, (long long)s.pages, (long long)s.pages_failed,
                 (long long)s.events, (long long)s.inserted, (long long)s.updated,
                 (long long)s.unchanged, (long long)s.skipped, secs,
                 secs > 0 ? (double)s.events / secs : 0, status_code(st));
        rc = tm_exit_status(PROG, st, &c, &j.arena);
        if (rc == JOB_OK && s.rejected > 0)
            rc = JOB_FAILED;
        tm_client_release(&c);
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
    if (!o.from_dir)
        return run_api(&o);
    if (o.from || o.to || o.country || o.city || o.nsegments)
        fprintf(stderr, PROG ": --from, --to, --country, --city and --segment do not apply to"
                             " --from-dir; ignored\n");
    if (stat(o.from_dir, &sb) != 0 || !S_ISDIR(sb.st_mode)) {
        fprintf(stderr, PROG ": %s is not a readable directory\n", o.from_dir);
        return 2;
    }
    return run_dir(o.from_dir);
}
