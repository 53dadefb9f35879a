/*
 * marquee-migrate [--dir DIR]: applies the pending sql/ migrations.
 */
#include "config.h"
#include "core/common.h"
#include "app/migrate/migrate.h"
#include "core/conf.h"
#include "infra/pg.h"

int main(int argc, char **argv)
{
    struct config cfg;
    struct pg db;
    char err[256];
    const char *dir = "sql";
    int applied;

    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--dir") == 0 && i + 1 < argc) {
            dir = argv[++i];
        } else {
            fprintf(stderr, "usage: marquee-migrate [--dir DIR]\n");
            return 2;
        }
    }
    if (config_load(&cfg, err, sizeof(err)) != 0) {
        fprintf(stderr, "marquee-migrate: %s\n", err);
        return 2;
    }
    pg_init(&db, cfg.database_url, cfg.pg_connect_timeout_s, 600000, "marquee-migrate");
    enum status st = migrate_run(&db, dir, &applied);
    pg_release(&db);
    if (st != ST_OK) {
        fprintf(stderr, "marquee-migrate: failed (see log above)\n");
        return 1;
    }
    printf("marquee-migrate: applied=%d dir=%s\n", applied, dir);
    return 0;
}
