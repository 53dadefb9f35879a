/*
 * marquee-genres - Ticketmaster classifications -> genres + subgenres.
 *
 * Without --from-dir, pages come from the Discovery API (see
 * app/ingest/tm_fetch.h).
 *
 * Exit status: 0 when every page was written, 1 when some were not (see the
 * log; also an invalid API key), 2 for a usage or configuration error, 3
 * when another run holds the lock, 4 when the API's daily quota ran out.
 */
#include "config.h"
#include "core/common.h"
#include "app/ingest/genres_import.h"
#include "app/ingest/tm_client.h"
#include "app/ingest/tm_fetch.h"
#include "app/job.h"
#include "core/log.h"

#include <getopt.h>
#include <sys/stat.h>

#define PROG "marquee-genres"

static void usage(FILE *f)
{
    fprintf(f, "usage: " PROG " [--from-dir DIR]\n"
               "  (no option)     fetch the classifications from the Discovery API\n"
               "  --from-dir DIR  import the saved classifications pages"
               " DIR/classifications*.json\n");
}

/* -1 to run, else the exit status. */
static int parse_opts(int argc, char **argv, const char **dir)
{
    static const struct option longopts[] = {
        { "from-dir", required_argument, NULL, 'd' },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    int c;

    *dir = NULL;
    while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
        switch (c) {
        case 'd':
            *dir = optarg;
            break;
        case 'h':
            usage(stdout);
            return 0;
        default:
            usage(stderr);
            return 2;
        }
    }
    if (optind < argc || (*dir && !**dir)) {
        usage(stderr);
        return 2;
    }
    return -1;
}

static void print_summary(const struct genres_stats *s, double secs)
{
    printf(PROG ": pages=%lld genres=%lld subgenres=%lld inserted=%lld updated=%lld"
                " unchanged=%lld skipped=%lld seconds=%.1f\n",
           (long long)s->pages, (long long)s->genres, (long long)s->subgenres,
           (long long)s->inserted, (long long)s->updated, (long long)s->unchanged,
           (long long)s->skipped, secs);
}

/* Imports the directory, or the API's pages when dir is NULL, under the run
 * lock; the exit status. */
static int run(const char *dir)
{
    struct job j;
    struct genres_stats s = { 0 };
    struct tm_client c;
    int rc = job_start(&j, PROG);

    if (rc == JOB_OK && !dir && !j.cfg.ticketmaster_api_key) {
        fprintf(stderr, PROG ": TICKETMASTER_API_KEY is not set\n");
        rc = JOB_USAGE;
    }
    if (rc == JOB_OK) {
        tm_client_init(&c, &j.cfg);
        enum status st = dir ? genres_import_dir(&j.db, dir, &s) : tm_import_genres(&j.db, &c, &s);
        job_catalogue_changed(&j); /* pages are committed one by one, failure or not */
        print_summary(&s, job_seconds(&j));
        if (!dir)
            log_info("genres_summary",
                     "requests=%lld retries=%lld pages=%lld pages_failed=%lld genres=%lld"
                     " subgenres=%lld seconds=%.1f status=%s",
                     (long long)c.requests, (long long)c.retries, (long long)s.pages,
                     (long long)s.pages_failed, (long long)s.genres, (long long)s.subgenres,
                     job_seconds(&j), status_code(st));
        rc = dir ? (st == ST_OK ? JOB_OK : JOB_FAILED) : tm_exit_status(PROG, st, &c, &j.arena);
        tm_client_release(&c);
    }
    job_finish(&j);
    return rc;
}

int main(int argc, char **argv)
{
    const char *dir;
    struct stat sb;
    int rc = parse_opts(argc, argv, &dir);

    if (rc >= 0)
        return rc;
    if (dir && (stat(dir, &sb) != 0 || !S_ISDIR(sb.st_mode))) {
        fprintf(stderr, PROG ": %s is not a readable directory\n", dir);
        return 2;
    }
    return run(dir);
}
