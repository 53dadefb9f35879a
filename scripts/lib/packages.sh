# shellcheck shell=bash
# Debian packages the project needs to build, test and run its dev stack.

PACKAGES=(
    build-essential autoconf automake libtool pkg-config
    libfcgi-dev libpq-dev libjson-c-dev libcurl4-openssl-dev libhiredis-dev libjwt-dev
    libcunit1-dev libargon2-dev uuid-dev libssl-dev
    postgresql postgresql-contrib redis-server redis-sentinel
    wrk curl clang clang-format tzdata ca-certificates
    # libFuzzer and the sanitizer runtimes for clang (scripts/lib/fuzz.sh): only
    # recommended by clang, so not pulled in with --no-install-recommends.
    libclang-rt-dev
)

# ensure_packages: installs what is missing (one dpkg-query when nothing is).
ensure_packages() {
    local installed missing=() p
    installed=" $(dpkg-query -W -f='${Package}:${db:Status-Status} ' "${PACKAGES[@]}" 2>/dev/null || true) "
    for p in "${PACKAGES[@]}"; do
        [[ $installed == *" $p:installed "* ]] || missing+=("$p")
    done
    # Any Debian nginx flavour will do; nginx-light is the smallest.
    [ -x /usr/sbin/nginx ] || missing+=(nginx-light)
    if ((${#missing[@]} == 0)); then
        say "packages: all present"
        return 0
    fi
    local line="apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends ${missing[*]}"
    is_root || die "missing packages; run as root: $line"
    say "packages: installing ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    quiet "$VAR/log/apt.log" apt-get update
    quiet "$VAR/log/apt.log" apt-get install -y --no-install-recommends "${missing[@]}"
}
