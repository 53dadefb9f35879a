/*
 * marquee-api: the FastCGI application server (master + pre-forked
 * workers). Configuration comes from the environment (core/conf.h).
 */
#include "config.h"
#include "core/common.h"
#include "app/app.h"
#include "core/conf.h"
#include "core/log.h"
#include "infra/jwt.h"
#include "infra/kv.h"
#include "server/master.h"

int main(int argc, char **argv)
{
    struct config cfg;
    struct kv kv;
    char err[256];

    if (argc > 1) {
        fprintf(stderr, "usage: %s (configured by environment variables; see README)\n", argv[0]);
        return 2;
    }
    if (config_load(&cfg, err, sizeof(err)) != 0) {
        fprintf(stderr, "marquee-api: %s\n", err);
        return 2;
    }
    /* Sessions are signed with it: no default, no short keys. */
    if (!cfg.jwt_secret || strlen(cfg.jwt_secret) < JWT_MIN_KEY_LEN) {
        fprintf(stderr,
                "marquee-api: JWT_SECRET must be set to at least %d random bytes "
                "(scripts/dev generates one under var/secrets/)\n",
                JWT_MIN_KEY_LEN);
        return 2;
    }
    if (kv_setup(&kv, &cfg) != ST_OK) {
        fprintf(stderr,
                "marquee-api: REDIS_URL must look like redis://host:port, REDIS_SENTINELS like "
                "host:port,host:port\n");
        return 2;
    }
    config_log(&cfg);
    return master_run(&cfg, &app_worker);
}
