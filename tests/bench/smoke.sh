#!/bin/sh
# smoke: the benchmark's generators behave (no timing here, ever).
# TAP: the generator is deterministic for a seed, its documents are valid
# for `progdiff check`, the edit mix shows in `progdiff diff --stat`, and
# gen-history builds the history it promises; bench-measure passes on
# the exit status and, with -m, reports the memory it sampled.
set -u

builddir=${G_TEST_BUILDDIR:-$(pwd)}
srcdir=${G_TEST_SRCDIR:-$builddir}
gen=$builddir/tests/bench/gen-programme
measure=$builddir/tests/bench/bench-measure
progdiff=${PROGDIFF:-$builddir/src/progdiff}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

echo "1..9"
n=0
ok () { n=$((n + 1)); echo "ok $n - $1"; }
not_ok () { n=$((n + 1)); echo "not ok $n - $1"; }
check () { desc=$1; shift; if "$@"; then ok "$desc"; else not_ok "$desc"; fi; }

"$gen" -n 200 -s 7 "$tmp/a1" "$tmp/b1" && "$gen" -n 200 -s 7 "$tmp/a2" "$tmp/b2" \
  && "$gen" -n 200 -s 8 "$tmp/a3" "$tmp/b3"
check "same seed, same bytes" cmp -s "$tmp/a1" "$tmp/a2"
check "same seed, same new version" cmp -s "$tmp/b1" "$tmp/b2"
check "another seed, other bytes" eval '! cmp -s "$tmp/a1" "$tmp/a3"'
for f in a1 b1 a3 b3; do cp "$tmp/$f" "$tmp/$f.programme"; done
check "progdiff check accepts the documents" \
  "$progdiff" check -q "$tmp/a1.programme" "$tmp/b1.programme" "$tmp/a3.programme" "$tmp/b3.programme"

# 200 areas: 10 added, 10 removed, 10 renamed, 60 reworded, 10 moved. How
# renamed areas pair is the library's business; the added and removed
# counts are exact, so they must show as such.
stat=$("$progdiff" diff --stat "$tmp/a1.programme" "$tmp/b1.programme")
case $stat in
  "200 → 200 areas: 10 added, 10 removed, "*) ok "the edit mix shows in the counts" ;;
  *) not_ok "the edit mix shows in the counts"; echo "# got: $stat" ;;
esac

# SECONDS PEAK_RSS STATUS, and with -m the peaks of RssAnon and RssFile.
set -- $("$measure" -- sh -c 'exit 3')
check "bench-measure: three numbers, the command's exit status" \
  test "$#" = 3 -a "${3:-}" = 3
set -- $("$measure" -o "$tmp/out" -- sh -c 'echo written')
check "bench-measure -o: the command's output goes to the file" \
  test "${3:-}" = 0 -a "$(cat "$tmp/out")" = written
# The generator holds a few MB: the sampled peaks are there, and each is
# within ru_maxrss (their sum need not be: they peak at different times),
# give or take the kernel's lag in counting a process's pages.
set -- $("$measure" -m -- "$gen" -n 3000 "$tmp/m1" "$tmp/m2")
if [ "$#" = 5 ] && [ "$3" = 0 ] && [ "$4" -gt 1024 ] && [ "$5" -gt 0 ] \
   && [ "$4" -le "$(($2 + 256))" ] && [ "$5" -le "$(($2 + 256))" ]; then
  ok "bench-measure -m: anonymous and file-backed peaks, within peak RSS"
else
  not_ok "bench-measure -m: anonymous and file-backed peaks, within peak RSS"; echo "# got: $*"
fi

if command -v git >/dev/null 2>&1; then
  GEN_PROGRAMME=$gen GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null \
    sh "$srcdir/tests/bench/gen-history" -c 50 -n 20 -r 0.2 "$tmp/repo" >/dev/null 2>&1
  commits=$(git -C "$tmp/repo" rev-list --count HEAD 2>/dev/null)
  log=$("$progdiff" log -C "$tmp/repo" programmes/bench.programme 2>/dev/null | wc -l)
  touched=$(git -C "$tmp/repo" rev-list --count HEAD -- programmes/bench.programme 2>/dev/null)
  if [ "$commits" = 50 ] && [ "$log" -gt 1 ] && [ "$log" = "$touched" ]; then
    ok "gen-history: 50 commits, progdiff log lists the $touched that touch the document"
  else
    not_ok "gen-history: 50 commits ($commits), log $log lines, $touched touching"
  fi
else
  n=$((n + 1)); echo "ok $n # SKIP git is not installed"
fi
