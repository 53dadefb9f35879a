# shellcheck shell=bash
# The browser suite (tests/browser): Debian's chromium driven by playwright-core, with
# axe-core for accessibility. Playwright's own browser download is never used: the
# npm packages are pinned in tests/browser/package-lock.json and have no postinstall.

BROWSER_DIR=$ROOT/tests/browser
BROWSER_PACKAGES=(chromium chromium-driver fonts-liberation)

# chrome_path: the chromium the tests launch (tests/browser/lib/harness.js reads the same).
chrome_path() { echo "${CHROME_PATH:-/usr/bin/chromium}"; }

# ensure_browser: chromium (unless CHROME_PATH names another one) and the suite's npm
# packages; dies with the reason when either cannot be had.
ensure_browser() {
    if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
        die "node and npm not found: the browser tests need Node >= 20 with its npm (nodesource's nodejs; do not apt-get install npm, it conflicts)"
    fi
    local major
    major=$(node -p 'process.versions.node.split(".")[0]')
    ((major >= 20)) || die "node $(node -v) is too old: playwright-core needs Node >= 20"

    if [ -z "${CHROME_PATH:-}" ]; then
        ensure_browser_packages
    fi
    [ -x "$(chrome_path)" ] || die "no chromium at $(chrome_path)"

    # npm ci when node_modules is missing or older than the lockfile. npm writes
    # node_modules/.package-lock.json last, so it marks a finished install. The lock
    # (on the lockfile, which flock leaves unchanged) keeps two runs sharing this
    # checkout from installing over each other.
    local lock=$BROWSER_DIR/package-lock.json
    (
        flock 9
        if [ "$BROWSER_DIR/package-lock.json" -nt "$BROWSER_DIR/node_modules/.package-lock.json" ]; then
            say "browser: npm ci in ${BROWSER_DIR#"$ROOT"/}"
            quiet "$VAR/log/npm.log" in_dir "$BROWSER_DIR" npm ci --no-audit --no-fund
        fi
    ) 9<"$lock"
}

# ensure_browser_packages: like ensure_packages, for BROWSER_PACKAGES. Not in PACKAGES
# because only the browser suite needs them (about 440 MB).
ensure_browser_packages() {
    local installed missing=() p
    installed=" $(dpkg-query -W -f='${Package}:${db:Status-Status} ' "${BROWSER_PACKAGES[@]}" 2>/dev/null || true) "
    for p in "${BROWSER_PACKAGES[@]}"; do
        [[ $installed == *" $p:installed "* ]] || missing+=("$p")
    done
    if ((${#missing[@]} == 0)); then
        say "browser: chromium present"
        return 0
    fi
    # Recommends would add cups, avahi, samba and a systemd upgrade, none of them needed.
    local line="apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends ${missing[*]}"
    is_root || die "missing packages; run as root: $line"
    say "browser: installing ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    quiet "$VAR/log/apt.log" apt-get update
    # Another run on this shared machine may hold dpkg's lock: wait for it, not fail.
    quiet "$VAR/log/apt.log" apt-get install -y --no-install-recommends \
        -o DPkg::Lock::Timeout=300 "${missing[@]}"
}

# browser_tests BASE_URL: runs the suite against BASE_URL with the spec reporter;
# screenshots go to $VAR/screenshots (emptied first). MQ_DEV lets a test act on the
# stack (the marketplace's ends a hold through `scripts/dev psql`).
browser_tests() {
    local shots=$VAR/screenshots
    rm -rf "$shots"
    mkdir -p "$shots"
    # The reporter through NODE_OPTIONS keeps package.json's test script the one
    # command line (node picks tap instead of spec when stdout is not a terminal).
    MQ_BASE_URL=$1 MQ_ARTIFACTS=$shots MQ_DEV=$ROOT/scripts/dev CHROME_PATH=$(chrome_path) \
        NODE_OPTIONS="${NODE_OPTIONS:+$NODE_OPTIONS }--test-reporter=spec" \
        npm --prefix "$BROWSER_DIR" --silent test
}

# cmd_test_browser: `scripts/dev test-browser`, the browser suite alone against the
# stack already running on MARQUEE_PORT (default: the dev stack).
cmd_test_browser() {
    mkdir -p "$VAR/log"
    ensure_browser
    curl -s -o /dev/null "http://127.0.0.1:$PORT/" ||
        die "nothing answers on http://127.0.0.1:$PORT (start it with scripts/dev up, or set MARQUEE_PORT)"
    say "browser tests against http://127.0.0.1:$PORT (screenshots: $VAR/screenshots)"
    browser_tests "http://127.0.0.1:$PORT"
}
