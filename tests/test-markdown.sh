#!/bin/bash
# test-markdown.sh: the Markdown reports of diff and log, rendered by
# cmark (CommonMark, Debian's cmark) and by cmark-gfm with the table and
# strikethrough extensions (what code-hosting sites render), have the
# headings, lists and tables progdiff meant, and nothing from the input
# becomes HTML.
#
# cmark runs with --unsafe, so raw HTML in the Markdown would reach the
# output and be caught. Every element in the output must be one the
# renderer writes (allowed_tags): no <script>, <b>, <em>, <a>, <img>,
# <blockquote> or <pre> can come from a title, a summary or a commit
# subject. Skipped, visibly, without cmark (Debian: cmark) or without
# cmark-gfm (Debian: cmark-gfm). Writes TAP.
set -u

srcdir=${G_TEST_SRCDIR:-$(cd "$(dirname "$0")/.." && pwd)}
progdiff=${PROGDIFF:?PROGDIFF must name the progdiff binary}
nj=$srcdir/fixtures/nato-japan

tmp=$(mktemp -d "${TMPDIR:-/tmp}/progdiff-markdown-XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
export GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null LC_ALL=C.UTF-8

allowed_tags="h1 h2 h3 h4 p ul li strong code br del table thead tbody tr th td"

n=0
ok ()
{
  n=$((n + 1))
  echo "ok $n - $*"
}
not_ok ()
{
  n=$((n + 1))
  echo "not ok $n - $1"
  shift
  printf '#   %s\n' "$@"
}
skip ()
{
  n=$((n + 1))
  echo "ok $n - $1 # SKIP $2"
}

# check NAME EXPECTED GOT
check ()
{
  if [[ $2 == "$3" ]]; then
    ok "$1"
  else
    not_ok "$1" "expected: $2" "got:      $3"
  fi
}

# contains NAME HTML TEXT: TEXT is in HTML.
contains ()
{
  if [[ $2 == *"$3"* ]]; then
    ok "$1"
  else
    not_ok "$1" "missing: $3"
  fi
}

# only_allowed_tags NAME HTML
only_allowed_tags ()
{
  local tags bad='' t
  tags=$(grep -o '<[/]\{0,1\}[A-Za-z][A-Za-z0-9]*' <<< "$2" | tr -d '</' | sort -u)
  for t in $tags; do
    [[ " $allowed_tags " == *" $t "* ]] || bad+="<$t> "
  done
  if [[ -z $bad ]]; then
    ok "$1: only the elements the renderer writes"
  else
    not_ok "$1: only the elements the renderer writes" "unexpected: $bad"
  fi
}

# headings LEVEL HTML: the text of each <hLEVEL>, one a line.
headings ()
{
  grep -o "<h$1>.*</h$1>" <<< "$2" | sed "s|^<h$1>||; s|</h$1>\$||"
}

# section HTML HEADING: the HTML from <h2>HEADING</h2> (or h4) to the next
# heading of the same level.
section ()
{
  awk -v h="$2" '
    $0 ~ "^<h[24]>" { inside = (index($0, ">" h "</h") > 0); next }
    inside' <<< "$1"
}

# items HTML: the number of list items that begin with a bold title (an
# area), leaving out the nested field lists.
items ()
{
  grep -c '^<li><strong>' <<< "$1"
}

render ()
{
  cmark --unsafe "$1"
}

render_gfm ()
{
  cmark-gfm --unsafe -e table -e strikethrough "$1"
}

# ---- the NATO–Japan diff --------------------------------------------------

"$progdiff" diff --format=markdown -o "$tmp/nj.md" "$nj/ipcp-2020.programme" \
  "$nj/itpp-2023.programme"
check "diff --format=markdown exits 1 (different)" 1 $?

if ! command -v cmark > /dev/null 2>&1; then
  skip "cmark renders the reports" "cmark is not installed (Debian: cmark)"
else
  html=$(render "$tmp/nj.md")
  only_allowed_tags "nato-japan diff" "$html"
  check "nato-japan diff: one title" "Changes from IPCP 2020 to ITPP 2023" "$(headings 1 "$html")"
  check "nato-japan diff: a section per status" \
    "Programme|Added (7)|Removed (0)|Renamed (2)|Modified (7)|Unchanged (0)" \
    "$(headings 2 "$html" | paste -sd '|')"
  check "nato-japan diff: both versions listed" 2 "$(grep -c '^<li><strong>\(Old\|New\):</strong>' <<< "$html")"
  check "nato-japan diff: 7 added areas" 7 "$(items "$(section "$html" "Added (7)")")"
  check "nato-japan diff: 2 renamed areas" 2 "$(items "$(section "$html" "Renamed (2)")")"
  check "nato-japan diff: 7 modified areas" 7 "$(items "$(section "$html" "Modified (7)")")"
  check "nato-japan diff: 'None.' for no area" "<p>None.</p>" "$(section "$html" "Removed (0)")"
  check "nato-japan diff: 10 changed programme fields" 10 \
    "$(section "$html" "Programme" | grep -c '^<li>[A-Za-z]*\(\[ja\]\)\{0,1\}: ')"
  contains "nato-japan diff: area ids as code" "$html" "(<code>space</code>)"
  contains "nato-japan diff: new words in bold" "$html" "<strong>ITPP</strong>"
fi

# ---- a hostile document -----------------------------------------------------

cat > "$tmp/old.programme" << 'EOF'
[Programme]
Id=hostile
Title=Plan <script>alert(1)</script> | pipe
Version=1

[Area a]
Title=Alpha <b>bold</b> *emph* [link](x) | pipe
Summary=Text with <img src=x onerror=alert(1)> and `code` and <!-- comment -->
Objectives=One <script>x</script>;Two | three

[Area gone]
Title=Removed <i>area</i> _under_ ![img](http://e.invalid/x.png)

[Area same]
Title=Same # not a heading
EOF
cat > "$tmp/new.programme" << 'EOF'
[Programme]
Id=hostile
Title=Plan <script>alert(2)</script> | pipe
Version=2

[Area a]
Title=Alpha <b>bold</b> *emph* [link](x) | pipe
Summary=Text with <img src=y onerror=alert(2)> and `code` and <!-- comment -->\n# heading\n- item\n> quote\n```\n<div>block</div>\n    indented
Objectives=One <script>y</script>;Two | four

[Area new]
Title=<script>alert('new')</script> <https://e.invalid/> &amp; &#60;b&#62;
Summary=Unused

[Area same]
Title=Same # not a heading
EOF
"$progdiff" diff --format=markdown -o "$tmp/hostile.md" "$tmp/old.programme" "$tmp/new.programme"
check "hostile diff --format=markdown exits 1 (different)" 1 $?

if command -v cmark > /dev/null 2>&1; then
  html=$(render "$tmp/hostile.md")
  only_allowed_tags "hostile diff" "$html"
  check "hostile diff: one title, its tags as text" \
    "Changes from Plan &lt;script&gt;alert(1)&lt;/script&gt; | pipe 1 to Plan &lt;script&gt;alert(2)&lt;/script&gt; | pipe 2" \
    "$(headings 1 "$html")"
  check "hostile diff: a section per status, nothing more" \
    "Programme|Added (1)|Removed (1)|Renamed (0)|Modified (1)|Unchanged (1)" \
    "$(headings 2 "$html" | paste -sd '|')"
  check "hostile diff: one area in each list" "1 1 1" \
    "$(items "$(section "$html" "Added (1)")") $(items "$(section "$html" "Removed (1)")") $(items "$(section "$html" "Modified (1)")")"
  contains "hostile diff: markup in a title is text" "$html" \
    "<li><strong>Alpha &lt;b&gt;bold&lt;/b&gt; *emph* [link](x) | pipe</strong>"
  contains "hostile diff: an image and an autolink are text" "$html" \
    "<strong>&lt;script&gt;alert('new')&lt;/script&gt; &lt;https://e.invalid/&gt; &amp;amp; &amp;#60;b&amp;#62;</strong>"
  contains "hostile diff: emphasis markers are text" "$html" "_under_ ![img](http://e.invalid/x.png)"
  contains "hostile diff: a comment is text" "$html" "&lt;!-- comment --&gt;"
  contains "hostile diff: # in a title is text" "$html" "<li><strong>Same # not a heading</strong>"
  contains "hostile diff: block syntax in a summary stays in its item" "$html" "&lt;div&gt;block&lt;/div&gt;"
fi

# ---- punctuation changed right after a word ----------------------------------

printf '[Programme]\nId=p\nTitle=T\nVersion=1\n\n[Area a]\nTitle=A\nSummary=%s\n' \
  'Alpha, beta gamma. Delta' > "$tmp/punct-old.programme"
printf '[Programme]\nId=p\nTitle=T\nVersion=2\n\n[Area a]\nTitle=A\nSummary=%s\n' \
  'Alpha beta; gamma (delta). Delta!' > "$tmp/punct-new.programme"
"$progdiff" diff --format=markdown -o "$tmp/punct.md" "$tmp/punct-old.programme" \
  "$tmp/punct-new.programme"
if command -v cmark > /dev/null 2>&1; then
  html=$(render "$tmp/punct.md")
  only_allowed_tags "punctuation diff" "$html"
  check "punctuation diff: no ** left as text" 0 "$(grep -c '\*\*' <<< "$html")"
fi

# ---- log -p on the sample repository, and on a hostile one -------------------

if ! sh "$srcdir/fixtures/make-sample-history.sh" "$tmp/sample" > /dev/null; then
  echo "Bail out! fixtures/make-sample-history.sh failed"
  exit 1
fi
"$progdiff" log -p --format=markdown -C "$tmp/sample" -o "$tmp/log.md" nato-japan.programme
check "log -p --format=markdown exits 0" 0 $?

hostile=$tmp/hostile-repo
{
  git init -q -b main "$hostile" &&
    cp "$tmp/old.programme" "$hostile/plan.programme" &&
    git -C "$hostile" add plan.programme &&
    GIT_AUTHOR_NAME='Mallory | <b>x</b>' GIT_AUTHOR_EMAIL=m@progdiff.invalid \
      GIT_COMMITTER_NAME=c GIT_COMMITTER_EMAIL=c@progdiff.invalid \
      git -C "$hostile" commit -q -m 'Add <script>alert(1)</script> | *emph* [link](x) `tick' &&
    cp "$tmp/new.programme" "$hostile/plan.programme" &&
    GIT_AUTHOR_NAME='Mallory' GIT_AUTHOR_EMAIL=m@progdiff.invalid \
      GIT_COMMITTER_NAME=c GIT_COMMITTER_EMAIL=c@progdiff.invalid \
      git -C "$hostile" commit -q -a -m '<img src=x onerror=alert(1)> | || # not a heading'
} || { echo "Bail out! cannot make a git repository"; exit 1; }
"$progdiff" log -p --format=markdown -C "$hostile" -o "$tmp/hostile-log.md" plan.programme
check "hostile log -p --format=markdown exits 0" 0 $?

if command -v cmark > /dev/null 2>&1; then
  html=$(render "$tmp/log.md")
  only_allowed_tags "sample log" "$html"
  check "sample log: one title" "History of nato-japan.programme" "$(headings 1 "$html")"
  check "sample log: a section per commit" \
    "ITPP 2023-2026: agreed at the Vilnius summit|IPCP: second revision, adds human security|IPCP: revision of May 2018|IPCP: first programme, signed at NATO headquarters" \
    "$(headings 2 "$html" | sed 's|^<code>[0-9a-f]*</code> ||' | paste -sd '|')"
  check "sample log: each commit's diff under it" \
    "Changes from IPCP 2020 to ITPP 2023|Changes from IPCP 2018 to IPCP 2020|Changes from IPCP 2014 to IPCP 2018" \
    "$(headings 3 "$html" | paste -sd '|')"
  check "sample log: status sections in each diff" 18 "$(headings 4 "$html" | wc -l)"
  # CommonMark has no tables: the table comes out as one paragraph of text.
  table=$(sed -n '/^<p>| commit | date | author | subject | areas |$/,/<\/p>$/p' <<< "$html")
  check "sample log: the table as text in plain CommonMark" 6 "$(wc -l <<< "$table")"
  contains "sample log: a commit's row as text" "$table" \
    "| 2014-05-06 | progdiff sample | IPCP: first programme, signed at NATO headquarters | new document, +8 |"

  html=$(render "$tmp/hostile-log.md")
  only_allowed_tags "hostile log" "$html"
  check "hostile log: one title" "History of plan.programme" "$(headings 1 "$html")"
  check "hostile log: subjects with markup are text" \
    "&lt;img src=x onerror=alert(1)&gt; | || # not a heading|Add &lt;script&gt;alert(1)&lt;/script&gt; | *emph* [link](x) \`tick" \
    "$(headings 2 "$html" | sed 's|^<code>[0-9a-f]*</code> ||' | paste -sd '|')"
fi

if ! command -v cmark-gfm > /dev/null 2>&1; then
  skip "cmark-gfm renders tables and strikethrough" "cmark-gfm is not installed (Debian: cmark-gfm)"
else
  html=$(render_gfm "$tmp/nj.md")
  only_allowed_tags "nato-japan diff (GFM)" "$html"
  contains "nato-japan diff (GFM): removed words struck through" "$html" "<del>IPCP</del> <strong>ITPP</strong>"
  check "nato-japan diff (GFM): no ~~ left as text" 0 "$(grep -c '~~' <<< "$html")"

  html=$(render_gfm "$tmp/log.md")
  only_allowed_tags "sample log (GFM)" "$html"
  check "sample log (GFM): one table" 1 "$(grep -c '^<table>$' <<< "$html")"
  check "sample log (GFM): its columns" "commit|date|author|subject|areas" \
    "$(sed -n 's|^<th>\(.*\)</th>$|\1|p' <<< "$html" | paste -sd '|')"
  check "sample log (GFM): a row per commit" 4 \
    "$(sed -n '/^<tbody>$/,/^<\/tbody>$/p' <<< "$html" | grep -c '^<tr>$')"
  contains "sample log (GFM): counts in the last column" "$html" "<td>+7 −0 ~7 ↻2 ↕2</td>"

  html=$(render_gfm "$tmp/hostile-log.md")
  only_allowed_tags "hostile log (GFM)" "$html"
  check "hostile log (GFM): a row per commit, five cells each" "2 10" \
    "$(grep -c '^<tr>$' <<< "$(sed -n '/^<tbody>$/,/^<\/tbody>$/p' <<< "$html")") $(sed -n '/^<tbody>$/,/^<\/tbody>$/p' <<< "$html" | grep -c '^<td')"
  contains "hostile log (GFM): pipes in a subject stay in their cell" "$html" \
    '<td>Add &lt;script&gt;alert(1)&lt;/script&gt; | *emph* [link](x) `tick</td>'
  contains "hostile log (GFM): pipes in an author stay in their cell" "$html" "<td>Mallory | bx/b</td>"
fi

echo "1..$n"
