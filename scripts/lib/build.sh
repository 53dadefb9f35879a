# shellcheck shell=bash
# Out-of-tree autotools build.

# build_tree DIR [CONFIGURE_ARGS...]: autoreconf if needed, configure DIR once, make
# (the targets in $BUILD_TARGETS, e.g. "fuzz", instead of all when set).
build_tree() {
    local dir=$1
    shift
    if [ ! -x "$ROOT/configure" ] || [ "$ROOT/configure.ac" -nt "$ROOT/configure" ] ||
        [ "$ROOT/Makefile.am" -nt "$ROOT/configure" ]; then
        say "build: autoreconf -fi"
        mkdir -p "$ROOT/m4"
        quiet "$VAR/log/autoreconf.log" autoreconf -fi "$ROOT"
    fi
    if [ ! -f "$dir/Makefile" ]; then
        say "build: configure ${dir#"$ROOT"/} $*"
        mkdir -p "$dir"
        quiet "$VAR/log/configure-${dir##*/}.log" in_dir "$dir" "$ROOT/configure" "$@"
    fi
    local targets=()
    read -ra targets <<<"${BUILD_TARGETS:-}"
    say "build: make -j$(nproc) ${targets[*]} in ${dir#"$ROOT"/}"
    make -s --no-print-directory -C "$dir" -j"$(nproc)" "${targets[@]}"
}
