#!/bin/sh
# check-install.sh: install progdiff into a staging directory and use only
# what was installed.
#
#   make check-install        (also run by make installcheck and distcheck)
#
# Runs `make install DESTDIR=TMP`, then checks that the binary, the
# library, the headers, progdiff.pc, the man page and the bash completion
# are where configure said; builds tests/install/use-libprogdiff.c with
# `pkg-config --cflags --libs progdiff` read from the staged progdiff.pc
# and nothing else, runs it on two fixtures and checks its counts; checks
# that <progdiff/progdiff.h> compiles on its own, that the library exports
# the public pd_* API only, that bash-completion finds the completion, and
# that `make uninstall` removes everything.
#
# pkg-config cannot move one package of several into a staging directory:
# PKG_CONFIG_SYSROOT_DIR and --define-prefix rewrite GLib's paths too
# (pkgconf 1.8). So the flags are read from the staged progdiff.pc as they
# are, and only progdiff's own -I and -L are pointed into the staging
# directory, as a sysroot would.
#
# The Makefile passes MAKE, CC, PKG_CONFIG, PACKAGE_VERSION, the
# installation directories and abs_top_srcdir/abs_top_builddir.
# shellcheck disable=SC2154 # the directories come from the Makefile
set -u

die () { echo "check-install: error: $*" >&2; exit 2; }

for v in abs_top_srcdir abs_top_builddir bindir libdir includedir man1dir pkgconfigdir \
         PACKAGE_VERSION; do
  eval "[ -n \"\${$v:-}\" ]" || die "$v is not set; run 'make check-install'"
done
MAKE=${MAKE:-make}
CC=${CC:-cc}
PKG_CONFIG=${PKG_CONFIG:-pkg-config}
bashcompletiondir=${bashcompletiondir:-}

tmp=$(mktemp -d "${TMPDIR:-/tmp}/progdiff-install-XXXXXX") || die "mktemp failed"
trap 'rm -rf "$tmp"' EXIT
trap 'exit 2' INT TERM HUP
dest=$tmp/staging

passed=0
failed=0
pass () { passed=$((passed + 1)); echo "ok - $*"; }
fail () { failed=$((failed + 1)); echo "FAIL - $*"; }
# check DESCRIPTION COMMAND…: passes when COMMAND succeeds.
check ()
{
  what=$1
  shift
  if "$@" > "$tmp/check.log" 2>&1; then
    pass "$what"
  else
    fail "$what"
    sed 's/^/    /' "$tmp/check.log"
  fi
}
# same DESCRIPTION EXPECTED GOT
same ()
{
  if [ "$2" = "$3" ]; then
    pass "$1"
  else
    fail "$1"
    printf '    expected: %s\n    got:      %s\n' "$2" "$3"
  fi
}

echo "== make install DESTDIR=$dest"
if ! (cd "$abs_top_builddir" && $MAKE install DESTDIR="$dest") > "$tmp/install.log" 2>&1; then
  cat "$tmp/install.log"
  die "make install failed"
fi

echo "== installed files"
check "the binary: $bindir/progdiff" test -x "$dest$bindir/progdiff"
check "the library: $libdir/libprogdiff.so.0" test -f "$dest$libdir/libprogdiff.so.0"
check "the library's link name: $libdir/libprogdiff.so" test -e "$dest$libdir/libprogdiff.so"
for header in "$abs_top_srcdir"/include/progdiff/*.h; do
  name=$(basename "$header")
  check "header $includedir/progdiff/$name" cmp "$header" "$dest$includedir/progdiff/$name"
done
check "the pkg-config file: $pkgconfigdir/progdiff.pc" test -f "$dest$pkgconfigdir/progdiff.pc"
check "the man page: $man1dir/progdiff.1" cmp "$abs_top_srcdir/docs/progdiff.1" \
  "$dest$man1dir/progdiff.1"
if [ -n "$bashcompletiondir" ]; then
  check "the bash completion: $bashcompletiondir/progdiff" \
    cmp "$abs_top_srcdir/completion/progdiff" "$dest$bashcompletiondir/progdiff"
else
  echo "skip - the bash completion (configured --without-bash-completion-dir)"
fi
same "no internal library installed" "" "$(find "$dest" -name '*internal*')"
# libgit2 is opened when a repository is first read (pd-git-private.h):
# the library must neither need it nor leave a call to it unresolved.
if command -v readelf > /dev/null 2>&1; then
  so=$dest$libdir/libprogdiff.so.0
  same "libprogdiff.so.0 does not need libgit2" "" \
    "$(readelf -d "$so" | sed -n 's/.*(NEEDED).*\[\(libgit2[^]]*\)\]/\1/p')"
  same "libprogdiff.so.0 calls no libgit2 function directly" "" \
    "$(readelf --dyn-syms -W "$so" | awk '$7 == "UND" && $8 ~ /^git_/ { print $8 }')"
fi
same "the installed binary runs" "progdiff $PACKAGE_VERSION" \
  "$(LD_LIBRARY_PATH="$dest$libdir${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}" \
       "$dest$bindir/progdiff" --version 2>&1)"

echo "== progdiff.pc"
pc=$dest$pkgconfigdir/progdiff.pc
same "Requires: glib-2.0" "Requires: glib-2.0" "$(grep '^Requires:' "$pc")"
same "no Requires.private (libgit2 is opened at run time)" "" \
  "$(grep '^Requires.private:' "$pc")"
PKG_CONFIG_PATH=$dest$pkgconfigdir${PKG_CONFIG_PATH:+:$PKG_CONFIG_PATH}
# Keep -I/usr/include and -L/usr/lib when the prefix is /usr: they are
# the ones to point into the staging directory.
PKG_CONFIG_ALLOW_SYSTEM_CFLAGS=1
PKG_CONFIG_ALLOW_SYSTEM_LIBS=1
export PKG_CONFIG_PATH PKG_CONFIG_ALLOW_SYSTEM_CFLAGS PKG_CONFIG_ALLOW_SYSTEM_LIBS
same "pkg-config finds the staged file" "$pc" "$($PKG_CONFIG --path progdiff 2>&1)"
same "its version" "$PACKAGE_VERSION" "$($PKG_CONFIG --modversion progdiff 2>&1)"
same "its includedir" "$includedir" "$($PKG_CONFIG --variable=includedir progdiff 2>&1)"
same "its libdir" "$libdir" "$($PKG_CONFIG --variable=libdir progdiff 2>&1)"
cflags=$($PKG_CONFIG --cflags progdiff) || die "pkg-config --cflags progdiff failed"
libs=$($PKG_CONFIG --libs progdiff) || die "pkg-config --libs progdiff failed"
static_libs=$($PKG_CONFIG --static --libs progdiff) || die "pkg-config --static --libs failed"
echo "    cflags: $cflags"
echo "    libs:   $libs"
case " $libs " in
  *-lgit2* | *json-glib*) fail "--libs leaves libgit2 out (opened at run time) and json-glib (tests only)" ;;
  *" -lprogdiff "*"-lglib-2.0"*) pass "--libs: -lprogdiff and GLib, not libgit2 or json-glib" ;;
  *) fail "--libs names -lprogdiff, then GLib" ;;
esac
# The library writes JSON itself: json-glib is a dependency of the tests.
case " $static_libs " in
  *json-glib* | *-lgit2*) fail "--static --libs adds neither libgit2 nor json-glib"; echo "    $static_libs" ;;
  *) pass "--static --libs adds neither libgit2 nor json-glib" ;;
esac

# progdiff's own directories, pointed into the staging directory.
stage ()
{
  out=''
  for flag in $1; do
    case $flag in
      "-I$includedir") flag=-I$dest$includedir ;;
      "-L$libdir") flag=-L$dest$libdir ;;
    esac
    out="$out $flag"
  done
  echo "$out"
}
cflags=$(stage "$cflags")
libs=$(stage "$libs")
case "$cflags $libs" in
  *"-I$dest$includedir "*"-L$dest$libdir "*) pass "the flags name progdiff's includedir and libdir" ;;
  *) fail "the flags name progdiff's includedir and libdir" ;;
esac

echo "== a program built against the installed library"
client=$tmp/use-libprogdiff
# shellcheck disable=SC2086 # the flags are words
check "use-libprogdiff.c builds with the pkg-config flags only" \
  $CC -std=c11 -Wall -Wextra -Werror $cflags \
  "$abs_top_srcdir/tests/install/use-libprogdiff.c" -o "$client" $libs
if [ -x "$client" ]; then
  run_lib () { LD_LIBRARY_PATH="$dest$libdir${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}" "$@"; }
  out=$(run_lib "$client" "$abs_top_srcdir/fixtures/nato-japan/ipcp-2020.programme" \
          "$abs_top_srcdir/fixtures/nato-japan/itpp-2023.programme" 2>&1)
  same "it compares ipcp-2020 with itpp-2023" "libprogdiff $PACKAGE_VERSION
version 2020 -> 2023
9 -> 16 areas: 7 added, 0 removed, 0 unchanged, 7 modified, 2 renamed, 2 moved
json report: ok" "$out"
  if command -v ldd > /dev/null 2>&1; then
    same "it runs with the staged libprogdiff" "$dest$libdir/libprogdiff.so.0" \
      "$(run_lib ldd "$client" | sed -n 's/^[[:space:]]*libprogdiff\.so\.0 => \([^ ]*\) .*/\1/p')"
  fi
  if command -v readelf > /dev/null 2>&1; then
    same "it needs libprogdiff and GLib, not libgit2 or json-glib" "" \
      "$(readelf -d "$client" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p' \
           | grep -v -e '^libprogdiff\.so\.0$' -e '^libglib-2\.0\.so' -e '^libc\.so')"
  fi
fi

echo "== the installed headers"
printf '#include <progdiff/progdiff.h>\nint main (void) { return pd_version_string () == NULL; }\n' \
  > "$tmp/umbrella.c"
# shellcheck disable=SC2086
check "<progdiff/progdiff.h> alone compiles and links (C11, warnings as errors)" \
  $CC -std=c11 -Wall -Wextra -Wstrict-prototypes -Wmissing-prototypes -Wshadow -Werror \
  $cflags "$tmp/umbrella.c" -o "$tmp/umbrella" $libs
if command -v c++ > /dev/null 2>&1; then
  # shellcheck disable=SC2086
  check "<progdiff/progdiff.h> compiles as C++" \
    c++ -fsyntax-only -Wall -Wextra -Werror -x c++ $cflags "$tmp/umbrella.c"
fi
printf '#include <progdiff/pd-document.h>\n' > "$tmp/direct.c"
# shellcheck disable=SC2086
if $CC -fsyntax-only $cflags "$tmp/direct.c" > "$tmp/direct.log" 2>&1; then
  fail "a header other than progdiff.h refuses to be included directly"
else
  check "a header other than progdiff.h refuses to be included directly" \
    grep -q 'Only <progdiff/progdiff.h> can be included directly' "$tmp/direct.log"
fi
same "no public header includes libgit2 or json-glib" "" \
  "$(grep -l -E '^#[[:space:]]*include[[:space:]]*[<"](git2|json-glib)' \
       "$dest$includedir"/progdiff/*.h)"
if command -v nm > /dev/null 2>&1; then
  same "the library exports pd_* names only, no pd_x__y internals" "" \
    "$(nm -D --defined-only "$dest$libdir/libprogdiff.so.0" | awk '{ print $NF }' \
         | grep -v -E '^pd_[a-z0-9]+(_[a-z0-9]+)*$')"
fi

echo "== the bash completion"
completion_loader=/usr/share/bash-completion/bash_completion
case $bashcompletiondir in
  '') ;;
  */bash-completion/completions)
    if command -v bash > /dev/null 2>&1 && [ -r "$completion_loader" ]; then
      same "bash-completion loads it from the staged directory" \
        "complete -F _progdiff progdiff" \
        "$(HOME=$tmp XDG_DATA_DIRS=$dest${bashcompletiondir%/bash-completion/completions} \
             bash -c ". $completion_loader > /dev/null 2>&1; __load_completion progdiff \
                      && complete -p progdiff" 2>&1)"
    else
      echo "skip - bash-completion loads it (no $completion_loader; Debian: bash-completion)"
    fi
    ;;
  *) echo "skip - bash-completion loads it ($bashcompletiondir is not a completions dir)" ;;
esac

echo "== make uninstall DESTDIR=$dest"
if (cd "$abs_top_builddir" && $MAKE uninstall DESTDIR="$dest") > "$tmp/uninstall.log" 2>&1; then
  same "make uninstall leaves no file behind" "" "$(find "$dest" ! -type d)"
else
  cat "$tmp/uninstall.log"
  fail "make uninstall"
fi

echo "check-install: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
