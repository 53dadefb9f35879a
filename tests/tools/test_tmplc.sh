#!/bin/sh
# test_tmplc.sh: tools/tmplc compiles good templates and refuses bad ones with
# the file and line, leaving no half-written output behind. $TMPLC is the binary
# (set by make check).
set -u
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
fail=0

expect_ok() {
    if ! "$TMPLC" "$dir/out" "$dir/t.html" 2>"$dir/err"; then
        echo "FAIL: $1: $(cat "$dir/err")"
        fail=1
    fi
}
# expect_error NAME MESSAGE: tmplc fails, says MESSAGE, and writes no output.
expect_error() {
    rm -f "$dir/out.c" "$dir/out.h"
    if "$TMPLC" "$dir/out" "$dir/t.html" 2>"$dir/err"; then
        echo "FAIL: $1: accepted"
        fail=1
    elif ! grep -qF "$2" "$dir/err"; then
        echo "FAIL: $1: said '$(cat "$dir/err")', expected '$2'"
        fail=1
    elif [ -e "$dir/out.c" ] || [ -e "$dir/out.h" ]; then
        echo "FAIL: $1: left output behind"
        fail=1
    fi
}

printf '{{! c }}\n{{define a(x, y)}}\n  <p title="{{x}}">{{raw y}}</p>\n{{end}}\n' >"$dir/t.html"
expect_ok "a fragment"
grep -q 'void tpl_a(struct buf \*o, const char \*x, const char \*y);' "$dir/out.h" ||
    { echo "FAIL: prototype missing"; fail=1; }
grep -q 'html_text(o, x);' "$dir/out.c" || { echo "FAIL: {{x}} is not escaped"; fail=1; }
grep -q 'html_raw(o, y);' "$dir/out.c" || { echo "FAIL: {{raw y}} not raw"; fail=1; }
grep -q 'buf_append(o, "<p title=\\"", 10);' "$dir/out.c" ||
    { echo "FAIL: indentation not dropped or literal wrong: $(grep buf_append "$dir/out.c" | head -1)"; fail=1; }

printf '{{define a(x)}}\n{{y}}\n{{end}}\n' >"$dir/t.html"
expect_error "unknown parameter" "t.html:2: 'y' is not a parameter of a"
printf '{{define a(x, y)}}\n{{x}}\n{{end}}\n' >"$dir/t.html"
expect_error "unused parameter" "parameter y of a is never used"
printf 'stray\n{{define a()}}{{end}}\n' >"$dir/t.html"
expect_error "text outside" "t.html:1: text outside {{define}}"
printf '{{define a(x)}}\n{{x\n' >"$dir/t.html"
expect_error "unterminated tag" "unterminated {{"
printf '{{define a(x)}}{{x}}\n' >"$dir/t.html"
expect_error "missing end" "a has no {{end}}"

printf '{{define a()}}x{{end}}\n{{define a()}}y{{end}}\n' >"$dir/t.html"
expect_error "duplicate fragment" "a is defined twice"

[ "$fail" = 0 ] && echo "PASS: tmplc"
exit "$fail"
