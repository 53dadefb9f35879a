# shellcheck shell=bash
# `scripts/dev test-docker`, and the `docker` suite of `scripts/dev test`: builds docker/
# on a machine without Docker Hub and runs its topology, checked through nginx.
#
# - Debian's docker.io and docker-compose (1.29); a private dockerd (own socket, data
#   root under $VAR/docker, exec root under /run) started by hand, no systemd;
# - the base image debian:bookworm-slim made with debootstrap; stand-ins for the
#   upstream postgres/redis/nginx images built from Debian packages and tagged with the
#   names docker/docker-compose.yml uses (docker/stand-ins/); the app image built by
#   docker/Dockerfile;
# - the topology (without Elasticsearch and Qdrant, which cannot be had here) from
#   docker-compose.yml plus docker-compose.test.yml: host networking, each service on
#   its own 127.0.0.1 port. Nothing joins a bridge: dockerd runs with --bridge=none
#   --iptables=false --ip-forward=false, and the test checks that the host's iptables
#   rules, ip_forward and links are as they were before (and puts back what a dockerd
#   would have left).
# Images and the build cache stay in $VAR/docker/data between runs (rebuilt when a
# file they are built from changes); MARQUEE_DOCKER_FRESH=1 starts from nothing.

DOCKER_PACKAGES=(docker.io docker-compose debootstrap iptables curl)
DOCKER_BIN=/usr/bin/docker # Debian's CLI, the daemon's own version
DOCKER_PROGRAMS="marquee-api marquee-expire marquee-genres marquee-healthcheck marquee-ingest marquee-migrate marquee-relay marquee-sync"

# docker_settings: paths, ports and the project name, from $VAR.
docker_settings() {
    DK=$VAR/docker
    local id
    id=$(printf '%s' "$DK" | sha256sum | cut -c1-10)
    # Unix socket paths must stay short: the exec root is under /run.
    DK_RUN=/run/marquee-docker-$id
    DK_PROJECT=marquee-dtest
    DK_HTTP_PORT=${MARQUEE_DOCKER_PORT:-28080}
    DK_APP_PORT=${MARQUEE_DOCKER_APP_PORT:-29000}
    DK_PG_PORT=${MARQUEE_DOCKER_PG_PORT:-25432}
    DK_REDIS_PORT=${MARQUEE_DOCKER_REDIS_PORT:-26379}
    DK_URL=http://127.0.0.1:$DK_HTTP_PORT
    export DOCKER_HOST=unix://$DK_RUN/docker.sock
}

dk() { "$DOCKER_BIN" "$@"; }

# dc ARGS: docker-compose on the test topology: docker/docker-compose.yml without its
# published port (see docker_test_env) plus docker/docker-compose.test.yml, paths
# relative to docker/ as with the real file.
dc() {
    docker-compose -p "$DK_PROJECT" --env-file "$DK/test.env" --project-directory "$ROOT/docker" \
        -f "$DK/docker-compose.yml" -f "$ROOT/docker/docker-compose.test.yml" "$@"
}

# lap WHAT: how long since the suite began.
lap() { say "docker: $1 ($((SECONDS - DK_T0)) s)"; }

docker_ensure_packages() {
    local installed missing=() p
    installed=" $(dpkg-query -W -f='${Package}:${db:Status-Status} ' "${DOCKER_PACKAGES[@]}" 2>/dev/null || true) "
    for p in "${DOCKER_PACKAGES[@]}"; do
        [[ $installed == *" $p:installed "* ]] || missing+=("$p")
    done
    if ((${#missing[@]} == 0)); then
        say "docker: packages present"
        return 0
    fi
    say "docker: installing ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    quiet "$DK/log/apt.log" apt-get update
    quiet "$DK/log/apt.log" apt-get install -y --no-install-recommends "${missing[@]}"
}

# docker_net_state: what a dockerd may change on the host, normalised (no counters,
# no comments): ip_forward, network links, iptables and ip6tables rules.
docker_net_state() {
    echo "ip_forward=$(cat /proc/sys/net/ipv4/ip_forward)"
    ip -o link show | awk -F': ' '{ sub(/@.*/, "", $2); print "link " $2 }' | sort
    iptables-save 2>/dev/null | sed -e '/^#/d' -e 's/ \[[0-9]*:[0-9]*\]$//'
    ip6tables-save 2>/dev/null | sed -e '/^#/d' -e 's/ \[[0-9]*:[0-9]*\]$//' -e 's/^/ip6 /'
}

dockerd_pid() { pid_alive "$DK_RUN/dockerd.pid" dockerd; }
docker_up() { dk info >/dev/null 2>&1; }

# dockerd_start: a private engine for this test; the host's networking recorded first.
dockerd_start() {
    local pid
    mkdir -p "$DK/log" "$DK/data" "$DK_RUN"
    if pid=$(dockerd_pid); then
        say "docker: engine already running (pid $pid)"
        return 0
    fi
    docker_net_state >"$DK/net-before"
    # Directories the engine makes at fixed paths (shim and plugin sockets): removed
    # after it stops if they were not there before.
    local d
    for d in /run/containerd /run/docker; do
        [ -e "$d" ] || echo "$d"
    done >"$DK/run-dirs"
    # Our own configuration, not the host's /etc/docker/daemon.json; the engine's key
    # (written to /etc/docker by default) kept with the rest of its state.
    printf '{ "deprecated-key-path": "%s" }\n' "$DK/key.json" >"$DK/daemon.json"
    say "docker: starting dockerd (data root ${DK#"$ROOT"/}/data)"
    setsid /usr/sbin/dockerd --data-root "$DK/data" --exec-root "$DK_RUN/exec" \
        --pidfile "$DK_RUN/dockerd.pid" -H "$DOCKER_HOST" --config-file "$DK/daemon.json" \
        --bridge=none --iptables=false --ip6tables=false --ip-forward=false --ip-masq=false \
        --log-level=warn >>"$DK/log/dockerd.log" 2>&1 </dev/null 8>&- &
    if ! wait_for 30 docker_up; then
        tail -n 20 "$DK/log/dockerd.log" >&2
        die "dockerd did not answer within 30 s (log: $DK/log/dockerd.log)"
    fi
    dk info --format 'docker: engine {{.ServerVersion}}, storage {{.Driver}}, cgroup v{{.CgroupVersion}}'
}

dockerd_gone() { ! dockerd_pid >/dev/null; }

# dockerd_stop: stops the private engine, then anything it left mounted under its roots.
dockerd_stop() {
    local pid m
    if pid=$(dockerd_pid); then
        say "docker: stopping dockerd (pid $pid)"
        kill -TERM "$pid" 2>/dev/null || true
        if ! wait_for 30 dockerd_gone; then
            warn "dockerd still running after 30 s: SIGKILL"
            kill -KILL "$pid" 2>/dev/null || true
            wait_for 5 dockerd_gone || true
        fi
    fi
    # Deepest first.
    while read -r m; do
        umount -l "$m" 2>/dev/null || true
    done < <(awk -v a="$DK/data" -v b="$DK_RUN" 'index($2, a) == 1 || index($2, b) == 1 { print $2 }' \
        /proc/mounts | sort -r)
    rm -rf "$DK_RUN"
    if [ -f "$DK/run-dirs" ]; then
        while read -r m; do
            [ ! -d "$m" ] || find "$m" -depth -type d -empty -delete 2>/dev/null || true
        done <"$DK/run-dirs"
    fi
}

# docker_net_restore: puts back what a dockerd started with its defaults leaves behind
# (its iptables chains and rules, FORWARD policy DROP, docker0, ip_forward=1), in case
# one ran; ours is started without them. docker_net_check then compares.
docker_net_restore() {
    local before=$DK/net-before t r c policy fwd
    [ -f "$before" ] || return 0
    for t in filter nat; do
        iptables-save -t "$t" 2>/dev/null | grep -E '^-A ' | grep -E 'DOCKER|docker0' |
            sed 's/^-A/-D/' | while read -r r; do
            # shellcheck disable=SC2086 # a rule is a list of words
            iptables -t "$t" $r 2>/dev/null || true
        done
        for c in $(iptables-save -t "$t" 2>/dev/null | sed -n 's/^:\(DOCKER[^ ]*\).*/\1/p'); do
            iptables -t "$t" -F "$c" 2>/dev/null || true
            iptables -t "$t" -X "$c" 2>/dev/null || true
        done
    done
    policy=$(sed -n 's/^:FORWARD \([A-Z]*\).*/\1/p' "$before" | head -n 1)
    if [ -n "$policy" ]; then iptables -P FORWARD "$policy" 2>/dev/null || true; fi
    if ! grep -qx 'link docker0' "$before" && ip link show docker0 >/dev/null 2>&1; then
        ip link del docker0 2>/dev/null || true
    fi
    fwd=$(sed -n 's/^ip_forward=//p' "$before")
    [ "$(cat /proc/sys/net/ipv4/ip_forward)" = "$fwd" ] || sysctl -qw net.ipv4.ip_forward="$fwd"
}

# docker_net_check: the host's networking is as before dockerd started.
docker_net_check() {
    docker_net_state >"$DK/net-after"
    if ! diff -u "$DK/net-before" "$DK/net-after" >"$DK/net.diff"; then
        echo "docker: the host's networking changed:"
        cat "$DK/net.diff"
        return 1
    fi
    say "docker: host networking as before (iptables, ip_forward, links)"
}

# docker_make_base: debian:bookworm-slim from Debian's mirror, trimmed like the
# official slim image (no apt caches, docs, man pages or locales).
docker_make_base() {
    local rootfs=$DK/rootfs mirror=${MARQUEE_DEBIAN_MIRROR:-http://deb.debian.org/debian}
    say "docker: base image with debootstrap (about a minute)"
    rm -rf "$rootfs"
    quiet "$DK/log/debootstrap.log" debootstrap --variant=minbase bookworm "$rootfs" "$mirror"
    rm -f "$rootfs/etc/apt/sources.list"
    cat >"$rootfs/etc/apt/sources.list.d/debian.sources" <<SRC
Types: deb
URIs: $mirror
Suites: bookworm bookworm-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb
URIs: ${mirror%/debian}/debian-security
Suites: bookworm-security
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
    cat >"$rootfs/etc/apt/apt.conf.d/docker-clean" <<'CONF'
DPkg::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
APT::Update::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
Dir::Cache::pkgcache "";
Dir::Cache::srcpkgcache "";
CONF
    echo 'Acquire::Languages "none";' >"$rootfs/etc/apt/apt.conf.d/docker-no-languages"
    echo 'Acquire::GzipIndexes "true";' >"$rootfs/etc/apt/apt.conf.d/docker-gzip-indexes"
    cat >"$rootfs/etc/dpkg/dpkg.cfg.d/docker" <<'CONF'
path-exclude /usr/share/doc/*
path-include /usr/share/doc/*/copyright
path-exclude /usr/share/man/*
path-exclude /usr/share/groff/*
path-exclude /usr/share/info/*
path-exclude /usr/share/lintian/*
path-exclude /usr/share/linda/*
path-exclude /usr/share/locale/*
path-include /usr/share/locale/locale.alias
CONF
    find "$rootfs/usr/share/doc" -mindepth 1 -not -name copyright -not -type d -delete
    find "$rootfs/usr/share/doc" -mindepth 1 -type d -empty -delete
    rm -rf "$rootfs"/usr/share/{man,info,groff,lintian}/*
    find "$rootfs/usr/share/locale" -mindepth 1 -maxdepth 1 -not -name locale.alias -exec rm -rf {} +
    rm -rf "$rootfs"/var/cache/apt/*.bin "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/*
    mkdir -p "$rootfs/var/lib/apt/lists/partial"
    : >"$rootfs/etc/resolv.conf"
    : >"$rootfs/etc/hostname"
    tar -C "$rootfs" -c . | dk import --change 'CMD ["bash"]' - local/debian:bookworm-slim >/dev/null
    rm -rf "$rootfs"
}

# docker_base_image: the base, made once; tagged with the name the Dockerfiles use (the
# legacy builder takes a local image and never pulls).
docker_base_image() {
    if dk image inspect local/debian:bookworm-slim >/dev/null 2>&1; then
        say "docker: base image present"
    else
        docker_make_base
    fi
    dk tag local/debian:bookworm-slim debian:bookworm-slim
}

# dk_build LOG ARGS: docker build on the host's network (no bridge), quietly.
dk_build() {
    local log=$1
    shift
    quiet "$log" dk build --network host --force-rm "$@"
}

# docker_stand_ins: postgres, redis and nginx from Debian packages, tagged with the
# image names docker-compose.yml gives.
docker_stand_ins() {
    local s tag
    for s in postgres redis nginx; do
        tag=$(sed -n "s/^ *image: *\($s:[^ ]*\) *$/\1/p" "$ROOT/docker/docker-compose.yml" | head -n 1)
        [ -n "$tag" ] || die "no $s image in docker/docker-compose.yml"
        say "docker: stand-in $tag (Debian packages)"
        dk_build "$DK/log/build-$s.log" -t "local/$s:stand-in" "$ROOT/docker/stand-ins/$s"
        dk tag "local/$s:stand-in" "$tag"
    done
}

# docker_app_images: marquee-app (the product) and marquee-tools (datagen, for the
# sample pages); the build stage is tagged too so that pruning old images keeps the cache.
docker_app_images() {
    local t tag
    for t in build tools app; do
        case $t in
        build) tag=marquee-app:build ;;
        *) tag=marquee-$t ;;
        esac
        say "docker: docker/Dockerfile --target $t ($tag)"
        dk_build "$DK/log/build-app-$t.log" -f "$ROOT/docker/Dockerfile" --target "$t" -t "$tag" "$ROOT"
    done
    dk image prune -f >/dev/null
}

# docker_image_checks: what the app image holds and how it runs.
docker_image_checks() {
    local size user bins
    size=$(dk image inspect -f '{{.Size}}' marquee-app)
    say "docker: marquee-app is $((size / 1000000)) MB"
    echo "$((size / 1000000)) MB" >"$DK/app-image-size"
    user=$(dk image inspect -f '{{.Config.User}}' marquee-app)
    check "image runs as a non-root user" test "$user" = marquee
    check "image has a HEALTHCHECK" test -n "$(dk image inspect -f '{{if .Config.Healthcheck}}{{.Config.Healthcheck.Test}}{{end}}' marquee-app)"
    bins=$(dk run --rm --network none --entrypoint sh marquee-app -c 'ls /usr/local/bin | xargs' || true)
    check_eq "image holds only the product programs" "$DOCKER_PROGRAMS" "$bins"
    check "image has no compiler" dk run --rm --network none --entrypoint sh marquee-app -c \
        '! command -v cc gcc c99 clang make ld as >/dev/null'
    check "image holds the migrations and static files" dk run --rm --network none --entrypoint sh marquee-app -c \
        'ls /usr/share/marquee/sql/001_*.sql && ls /usr/share/marquee/public/app.*.css /usr/share/marquee/public/50x.html'
    check "image configuration names no secret" docker_no_secret_in_image
}

docker_no_secret_in_image() {
    ! dk image inspect -f '{{range .Config.Env}}{{println .}}{{end}}' marquee-app marquee-tools |
        grep -E '^(JWT_SECRET|POSTGRES_PASSWORD|TICKETMASTER_API_KEY|STRIPE_SECRET_KEY|IMGBB_API_KEY|EMBEDDINGS_API_KEY)='
}

# docker_test_env: the compose variables of this run: throwaway secrets, the ports and
# the host-network nginx.conf (docker/nginx.conf listening on loopback); and the compose
# file without nginx's `ports:` (a published port is an error with network_mode: host,
# and an override file cannot remove a list), otherwise docker/docker-compose.yml as is.
docker_test_env() {
    (
        umask 077
        cat >"$DK/test.env" <<ENV
JWT_SECRET=$(head -c 48 /dev/urandom | base64 -w0)
POSTGRES_PASSWORD=$(head -c 24 /dev/urandom | sha256sum | cut -c1-40)
MQ_DOCKER_HTTP_PORT=$DK_HTTP_PORT
MQ_DOCKER_APP_PORT=$DK_APP_PORT
MQ_DOCKER_PG_PORT=$DK_PG_PORT
MQ_DOCKER_REDIS_PORT=$DK_REDIS_PORT
MQ_DOCKER_NGINX_CONF=$DK/nginx.conf
ENV
    )
    sed -e "s/^\( *\)listen 80;/\1listen 127.0.0.1:$DK_HTTP_PORT;/" \
        -e "s/^\( *\)server app:9000;/\1server 127.0.0.1:$DK_APP_PORT;/" \
        "$ROOT/docker/nginx.conf" >"$DK/nginx.conf"
    if ! grep -q "listen 127.0.0.1:$DK_HTTP_PORT;" "$DK/nginx.conf" ||
        ! grep -q "server 127.0.0.1:$DK_APP_PORT;" "$DK/nginx.conf"; then
        die "docker/nginx.conf no longer has 'listen 80;' and 'server app:9000;'"
    fi
    awk '/^  [a-z]/ { svc = $1 }
        svc == "nginx:" && /^    ports:/ { skip = 1; next }
        skip && /^      - / { next }
        { skip = 0; print }' "$ROOT/docker/docker-compose.yml" >"$DK/docker-compose.yml"
}

# Test bookkeeping inside the suite: every check runs, the suite fails if one did.
check() {
    local name=$1
    shift
    if "$@" >>"$DK/log/checks.log" 2>&1; then
        echo "ok: $name"
        DK_PASS=$((DK_PASS + 1))
    else
        echo "FAIL: $name (see $DK/log/checks.log)"
        DK_FAIL=$((DK_FAIL + 1))
    fi
}

# check_eq NAME WANT GOT
check_eq() {
    if [ "$2" = "$3" ]; then
        echo "ok: $1"
        DK_PASS=$((DK_PASS + 1))
    else
        echo "FAIL: $1: want '$2', got '${3:0:300}'"
        DK_FAIL=$((DK_FAIL + 1))
    fi
}

# check_has NAME TEXT NEEDLE
check_has() {
    if [[ $2 == *"$3"* ]]; then
        echo "ok: $1"
        DK_PASS=$((DK_PASS + 1))
    else
        echo "FAIL: $1: no '$3' in '${2:0:300}'"
        DK_FAIL=$((DK_FAIL + 1))
    fi
}

# http METHOD PATH [CURL ARGS]: the body, then a last line "HTTP <status>".
http() {
    local method=$1 path=$2
    shift 2
    curl -sS -m 10 -X "$method" -w '\nHTTP %{http_code}' "$@" "$DK_URL$path" 2>&1 || true
}
status_of() { sed -n '$s/^HTTP //p' <<<"$1"; }
body_of() { sed '$d' <<<"$1"; }
# json_str KEY JSON: the first string value of KEY (the outer object's comes first).
json_str() { grep -o "\"$1\":\"[^\"]*\"" <<<"$2" | head -n 1 | sed 's/.*:"\(.*\)"$/\1/'; }

health_via_nginx() { curl -fsS -o /dev/null -m 2 "$DK_URL/api/health" 2>/dev/null; }

# docker_topology_up: nginx, app and relay with what they depend on (static files,
# migrations, Postgres, Redis); healthy through nginx.
docker_topology_up() {
    local p
    for p in "$DK_HTTP_PORT" "$DK_APP_PORT" "$DK_PG_PORT" "$DK_REDIS_PORT"; do
        if [ -n "$(ss -Hltn "sport = :$p" 2>/dev/null)" ]; then
            die "port $p is taken on this host (set MARQUEE_DOCKER_*PORT, see README)"
        fi
    done
    say "docker: up (nginx 127.0.0.1:$DK_HTTP_PORT, app :$DK_APP_PORT, postgres :$DK_PG_PORT, redis :$DK_REDIS_PORT)"
    quiet "$DK/log/compose-up.log" dc up -d --no-build nginx app relay
    if ! wait_for 60 health_via_nginx; then
        curl -sS -m 2 "$DK_URL/api/health" >&2 || true
        dc ps >&2 || true
        dc logs --no-color --tail 15 migrate app nginx >&2 || true
        die "no healthy answer through nginx at $DK_URL within 60 s"
    fi
}

container_of() { dc ps -q "$1"; }
exit_code_of() { dk inspect -f '{{.State.ExitCode}}' "$(container_of "$1")"; }
health_of() { dk inspect -f '{{if .State.Health}}{{.State.Health.Status}}{{end}}' "$(container_of "$1")"; }
app_healthy() { [ "$(health_of app)" = healthy ]; }
psql_in() { dc exec -T postgres psql -p "$DK_PG_PORT" -U marquee -d marquee -Atc "$1"; }
redis_in() { dc exec -T redis redis-cli -p "$DK_REDIS_PORT" "$@"; }

# job NAME ARGS: a job run as cron runs it, from the app image (the `jobs` service).
job() { dc run --rm -T jobs "$@"; }

docker_checks() {
    local r sql_files events token csrf seller buyer session ticket order css relayed

    r=$(http GET /api/health)
    check_has "health through nginx" "$r" '"status":"ok"'
    check "app container healthy (image HEALTHCHECK)" wait_for 30 app_healthy
    check_eq "migrate exited 0" 0 "$(exit_code_of migrate)"
    sql_files=$(find "$ROOT/sql" -maxdepth 1 -name '[0-9]*.sql' | wc -l)
    check_eq "migrations applied" "$sql_files" "$(psql_in 'SELECT count(*) FROM schema_migrations')"
    check_eq "static files copied" 0 "$(exit_code_of static)"

    # Sample pages from marquee-datagen (tools image), through the real jobs.
    check "sample pages (marquee-datagen, tools image)" \
        dc run --rm -T tools marquee-datagen --events 60 --seed 17 --out /samples/pages
    check "job marquee-genres --from-dir" job marquee-genres --from-dir /samples/pages
    check "job marquee-ingest --from-dir" job marquee-ingest --from-dir /samples/pages
    check "job marquee-sync (through run-job, as cron)" job /usr/local/lib/marquee/run-job marquee-sync
    check "job marquee-expire (through run-job, as cron)" job /usr/local/lib/marquee/run-job marquee-expire

    r=$(http GET '/api/events?limit=5')
    check_eq "event list answers 200" 200 "$(status_of "$r")"
    check_has "event list has events" "$r" '"items":[{"id":'
    events=$(body_of "$r")
    check "nginx's cache serves a repeated anonymous request (X-Edge-Cache: HIT)" wait_for 5 edge_hit
    check_has "genres listed" "$(http GET /api/genres)" '"items":[{"id":'

    # Registration and sign-in (Postgres + Redis).
    r=$(http POST /api/auth/register -H 'Content-Type: application/json' \
        -d '{"email":"ada@example.com","username":"ada","password":"correct horse"}')
    check_eq "register answers 201" 201 "$(status_of "$r")"
    r=$(http POST /api/auth/login -H 'Content-Type: application/json' \
        -d '{"login":"ada","password":"correct horse"}')
    check_eq "login answers 200" 200 "$(status_of "$r")"
    token=$(json_str token "$r")
    csrf=$(json_str csrfToken "$r")
    check "login gives a token and a CSRF token" test -n "$token" -a -n "$csrf"
    check_has "signed in (/api/auth/me)" "$(http GET /api/auth/me -H "Authorization: Bearer $token")" '"username":"ada"'

    # A page and its stylesheet (static files served by nginx from the volume).
    r=$(curl -sS -m 10 -D "$DK/home.headers" -o "$DK/home.html" -w '%{http_code}' "$DK_URL/" 2>&1 || true)
    check_eq "GET / answers 200" 200 "$r"
    check "GET / is HTML" grep -qi '^content-type: text/html' "$DK/home.headers"
    css=$(grep -o '/static/app\.[0-9a-f]*\.css' "$DK/home.html" | head -n 1)
    check "the page names its stylesheet" test -n "$css"
    r=$(curl -sS -m 10 -o /dev/null -w '%{http_code} %{content_type}' "$DK_URL${css:-/static/none.css}" 2>&1 || true)
    check_has "GET $css answers 200 text/css" "$r" '200 text/css'
    r=$(curl -sS -m 10 -o /dev/null -H 'Accept-Encoding: gzip' -D - "$DK_URL${css:-/static/none.css}" 2>&1 || true)
    check_has "stylesheet served gzipped (gzip_static)" "$r" 'Content-Encoding: gzip'

    # An order: a seller lists a ticket, a buyer orders it (idempotent) and pays.
    seller=$(docker_user seller)
    buyer=$(docker_user buyer)
    session=$(sed -n 's/.*"nextSession":{"id":"\([^"]*\)".*/\1/p' <<<"$events" | head -n 1)
    check "an event with a next session" test -n "$session" -a -n "$seller" -a -n "$buyer"
    r=$(http POST /api/tickets -H "Authorization: Bearer $seller" -H 'Content-Type: application/json' \
        -d "{\"sessionId\":\"$session\",\"priceCents\":4500,\"section\":\"A\"}")
    check_eq "POST /api/tickets answers 201" 201 "$(status_of "$r")"
    ticket=$(json_str id "$r")
    r=$(http POST /api/orders -H "Authorization: Bearer $buyer" -H 'Content-Type: application/json' \
        -H 'Idempotency-Key: docker-order-1' -d "{\"ticketId\":\"$ticket\"}")
    check_eq "POST /api/orders answers 201" 201 "$(status_of "$r")"
    check_has "the order holds the ticket" "$r" '"status":"created"'
    order=$(json_str id "$r")
    r=$(curl -sS -m 10 -D - -o /dev/null -X POST "$DK_URL/api/orders" -H "Authorization: Bearer $buyer" \
        -H 'Content-Type: application/json' -H 'Idempotency-Key: docker-order-1' -d "{\"ticketId\":\"$ticket\"}" 2>&1 || true)
    check_has "the same Idempotency-Key replays the order" "$r" 'Idempotent-Replayed: true'
    r=$(http POST /api/payments -H "Authorization: Bearer $buyer" -H 'Content-Type: application/json' \
        -H 'Idempotency-Key: docker-pay-1' -d "{\"orderId\":\"$order\",\"paymentMethod\":\"pm_card_visa\"}")
    check_eq "POST /api/payments answers 201" 201 "$(status_of "$r")"
    check_has "the ticket is sold" "$(http GET "/api/tickets/$ticket")" '"status":"sold"'
    check "relay published the outbox to Redis (marquee:events)" wait_for 15 docker_relayed
    relayed=$(redis_in XLEN marquee:events | tr -d '\r')
    say "docker: marquee:events holds ${relayed:-?} event(s)"

    r=$(http GET /metrics)
    check_eq "/metrics answers loopback through nginx" 200 "$(status_of "$r")"
    # docs/DEPLOY.md's way to read it where the published port refuses it
    # shellcheck disable=SC2016 # expanded in the container
    r=$(dc exec -T app sh -c 'env -i REQUEST_METHOD=GET DOCUMENT_URI=/metrics REMOTE_ADDR=127.0.0.1 \
        cgi-fcgi -bind -connect "127.0.0.1:${FCGI_SOCKET##*:}"' 2>&1 || true)
    check_has "/metrics read inside the app container (docs/DEPLOY.md)" "$r" 'Status: 200'
    check "no secret in the containers' logs" docker_no_secret_in_logs
}

edge_hit() { curl -sS -m 5 -o /dev/null -D - "$DK_URL/api/genres" | grep -qi '^X-Edge-Cache: HIT'; }

docker_relayed() { [ "$(redis_in XLEN marquee:events | tr -d '\r')" -gt 0 ] 2>/dev/null; }

# docker_user NAME: registers NAME and prints its bearer token.
docker_user() {
    local r
    http POST /api/auth/register -H 'Content-Type: application/json' \
        -d "{\"email\":\"$1@example.com\",\"username\":\"$1\",\"password\":\"correct horse\"}" >/dev/null
    r=$(http POST /api/auth/login -H 'Content-Type: application/json' \
        -d "{\"login\":\"$1\",\"password\":\"correct horse\"}")
    json_str token "$r"
}

docker_no_secret_in_logs() {
    local s
    dc logs --no-color >"$DK/log/compose.log" 2>&1
    for s in JWT_SECRET POSTGRES_PASSWORD; do
        s=$(sed -n "s/^$s=//p" "$DK/test.env")
        if grep -qF -- "$s" "$DK/log/compose.log"; then
            echo "a secret value is in the logs: $DK/log/compose.log"
            return 1
        fi
    done
}

# docker_down: the topology and its volumes gone (the images stay for the next run).
docker_down() {
    [ -f "$DK/test.env" ] && docker_up || return 0
    say "docker: down"
    dc --profile jobs down -v --remove-orphans >>"$DK/log/compose-down.log" 2>&1 ||
        warn "docker-compose down failed (log: $DK/log/compose-down.log)"
}

# docker_teardown: everything this test started, stopped; the host's networking as before.
docker_teardown() {
    set +e
    docker_down
    dockerd_stop
    docker_net_restore
    rm -f "$DK/test.env"
    rm -rf "$DK/rootfs"
    set -e
}

# docker_prepare: the prerequisites: root, the packages, a running engine.
docker_prepare() {
    docker_ensure_packages
    if [ "${MARQUEE_DOCKER_FRESH:-}" = 1 ]; then
        say "docker: MARQUEE_DOCKER_FRESH=1: no images, no build cache"
        dockerd_stop
        rm -rf "$DK/data"
    fi
    dockerd_start
}

# docker_test: the suite: images, topology, checks; torn down on any exit.
docker_test() {
    local stand_ins
    DK_PASS=0 DK_FAIL=0
    # On an early exit the trap may run inside a check's redirection: it writes to
    # the suite's own output, saved here.
    exec {DK_OUT}>&1
    trap 'docker_teardown >&"$DK_OUT" 2>&1; docker_net_check >&"$DK_OUT" 2>&1' EXIT
    trap 'exit 130' INT TERM
    : >"$DK/log/checks.log"
    docker_base_image
    lap "base image"
    # The stand-ins (mostly downloads) build beside the app image (mostly compiling).
    docker_stand_ins >"$DK/log/stand-ins.log" 2>&1 &
    stand_ins=$!
    docker_app_images
    lap "app images"
    if ! wait "$stand_ins"; then
        cat "$DK/log/stand-ins.log" >&2
        die "stand-in images failed (log: $DK/log/stand-ins.log)"
    fi
    lap "stand-ins"
    docker_image_checks
    docker_test_env
    dc --profile jobs down -v --remove-orphans >/dev/null 2>&1 || true # leftovers of an interrupted run
    docker_topology_up
    lap "topology up"
    docker_checks
    lap "checks"
    docker_teardown
    trap - EXIT
    check "host networking as before" docker_net_check
    say "docker: $DK_PASS checks passed, $DK_FAIL failed, $((SECONDS - DK_T0)) s; app image $(cat "$DK/app-image-size")"
    [ "$DK_FAIL" = 0 ]
}

# docker_suite: the `docker` suite; a missing prerequisite (not root, no packages, no
# engine) is a skip, a failure under CI=true (see `skip`).
docker_suite() {
    local rc
    DK_T0=$SECONDS
    docker_settings
    if ! is_root; then
        skip docker "needs root (packages, dockerd)"
        return 0
    fi
    mkdir -p "$DK/log"
    exec 8>"$DK/lock"
    if ! flock -n 8; then
        skip docker "another docker test is using $DK"
        return 0
    fi
    set +e
    (
        set -e
        docker_prepare
    )
    rc=$?
    set -e
    if [ "$rc" != 0 ]; then
        docker_teardown
        skip docker "Docker engine unavailable: see above and $DK/log"
        return 0
    fi
    suite docker docker_test
    docker_teardown
    exec 8>&-
}

cmd_test_docker() {
    export MARQUEE_VAR=${MARQUEE_TEST_VAR:-$ROOT/var/test}
    stack_select
    docker_suite
    test_summary
    [ "$FAILED" = 0 ]
}
