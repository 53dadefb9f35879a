#!/bin/bash
# Like the official image: as root, own /data and drop to redis; with no config file
# given, turn protected mode off so that other containers can connect.
set -euo pipefail
if [ "${1:-}" = redis-server ]; then
    case " $* " in
    *" --protected-mode "*) ;;
    *) [ -f "${2:-}" ] || set -- "$@" --protected-mode no ;;
    esac
    if [ "$(id -u)" = 0 ]; then
        chown -R redis:redis /data
        exec setpriv --reuid=redis --regid=redis --init-groups "$@"
    fi
fi
exec "$@"
