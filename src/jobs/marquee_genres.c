/*
 * marquee-genres - Ticketmaster classifications -> genres + subgenres.
 *
 * Exit status: 0 when every page was written, 1 when some were not (see the
 * log), 2 for a usage or configuration error, 3 when another run holds the
 * lock.
 */
#include "config.h"
#include "core/common.h"
#include "app/ingest/genres_import.h"
#include "app/job.h"

#include <getopt.h>
#include <sys/stat.h>

#define PROG "marquee-genres"

static void usage(FILE *f)
{
    fprintf(f, "usage: " PROG " --from-dir DIR\n"
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

/* Imports the directory under the run lock; the exit status. */
static int run(const char *dir)
{
    struct job j;
    struct genres_stats s = { 0 };
    int rc = job_start(&j, PROG);

    if (rc == JOB_OK) {
        enum status st = genres_import_dir(&j.db, dir, &s);
        job_catalogue_changed(&j); /* pages are committed one by one, failure or not */
        printf(PROG ": pages=%lld genres=%lld subgenres=%lld inserted=%lld updated=%lld"
                    " unchanged=%lld skipped=%lld seconds=%.1f\n",
               (long long)s.pages, (long long)s.genres, (long long)s.subgenres,
               (long long)s.inserted, (long long)s.updated, (long long)s.unchanged,
               (long long)s.skipped, job_seconds(&j));
        rc = st == ST_OK ? JOB_OK : JOB_FAILED;
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
    if (!dir) {
        fprintf(stderr, PROG ": fetching from the Ticketmaster API is not available yet;"
                             " use --from-dir DIR\n");
        return 2;
    }
    if (stat(dir, &sb) != 0 || !S_ISDIR(sb.st_mode)) {
        fprintf(stderr, PROG ": %s is not a readable directory\n", dir);
        return 2;
    }
    return run(dir);
}
