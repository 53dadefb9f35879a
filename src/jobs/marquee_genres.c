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
#include "app/job_lock.h"
#include "core/arena.h"
#include "core/conf.h"
#include "core/log.h"
#include "core/timeutil.h"
#include "infra/pg.h"

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

/* Takes the run lock and imports the directory; the exit status. */
static int run(const struct config *cfg, const char *dir)
{
    struct pg db;
    struct arena a;
    struct genres_stats s = { 0 };
    int64_t t0 = time_mono_us();
    int rc = 1;

    pg_init(&db, cfg->database_url, cfg->pg_connect_timeout_s, cfg->pg_statement_timeout_ms, PROG);
    arena_init(&a, 0);
    enum status st = job_lock(&db, &a, PROG);
    if (st == ST_CONFLICT) {
        fprintf(stderr, PROG ": another " PROG " run is in progress\n");
        rc = 3;
        goto out;
    }
    if (st != ST_OK) {
        fprintf(stderr, PROG ": cannot take the run lock (database %s)\n", status_code(st));
        goto out;
    }
    st = genres_import_dir(&db, dir, &s);
    printf(PROG ": pages=%lld genres=%lld subgenres=%lld inserted=%lld updated=%lld"
                " unchanged=%lld skipped=%lld seconds=%.1f\n",
           (long long)s.pages, (long long)s.genres, (long long)s.subgenres, (long long)s.inserted,
           (long long)s.updated, (long long)s.unchanged, (long long)s.skipped,
           (double)(time_mono_us() - t0) / 1e6);
    rc = st == ST_OK ? 0 : 1;
out:
    arena_release(&a);
    pg_release(&db);
    return rc;
}

int main(int argc, char **argv)
{
    const char *dir;
    struct config cfg;
    struct stat sb;
    char err[256];
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
    if (config_load(&cfg, err, sizeof(err)) != 0) {
        fprintf(stderr, PROG ": %s\n", err);
        return 2;
    }
    log_set_level((enum log_level)cfg.log_level);
    return run(&cfg, dir);
}
