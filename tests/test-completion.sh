#!/bin/bash
# test-completion.sh: completion/progdiff, driven as bash drives it.
#
# Each case splits a command line as readline does (at blanks, and at
# the "=" and ":" of COMP_WORDBREAKS), sets COMP_LINE, COMP_POINT,
# COMP_WORDS and COMP_CWORD, calls _progdiff and compares COMPREPLY,
# sorted, with what is expected. No terminal and no bash -i are needed.
# The cases run twice: with the file alone, and after Debian's
# bash-completion (when installed), whose shell options must not change
# the result. The options offered for each command are compared with the
# command's --help, so the two cannot drift apart. Writes TAP.
set -u

srcdir=${G_TEST_SRCDIR:-$(cd "$(dirname "$0")/.." && pwd)}
progdiff=${PROGDIFF:?PROGDIFF must name the progdiff binary}
completion=$srcdir/completion/progdiff
bash_completion=/usr/share/bash-completion/bash_completion

tmp=$(mktemp -d "${TMPDIR:-/tmp}/progdiff-completion-XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
# No repository around the temporary directory may be found.
GIT_CEILING_DIRECTORIES=$(dirname "$tmp")
export GIT_CEILING_DIRECTORIES
export GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null
export GIT_AUTHOR_NAME=t GIT_AUTHOR_EMAIL=t@progdiff.invalid
export GIT_COMMITTER_NAME=t GIT_COMMITTER_EMAIL=t@progdiff.invalid

# A directory with documents, another file and a subdirectory; an empty
# one; a repository with tags and a document in a subdirectory.
mkdir "$tmp/files" "$tmp/empty" "$tmp/files/sub"
touch "$tmp/files/a.programme" "$tmp/files/b.programme" "$tmp/files/notes.txt"
repo=$tmp/repo
{
  git init -q -b main "$repo" &&
    mkdir "$repo/docs" &&
    cp "$srcdir/fixtures/nato-japan/ipcp-2020.programme" "$repo/docs/plan.programme" &&
    cp "$srcdir/fixtures/nato-japan/ipcp-2020.programme" "$repo/top.programme" &&
    echo text > "$repo/README" &&
    git -C "$repo" add . && git -C "$repo" commit -q -m one &&
    git -C "$repo" tag v2020 && git -C "$repo" tag v2023 &&
    git -C "$repo" branch topic
} || { echo "Bail out! cannot make a git repository"; exit 1; }

# complete LINE: prints COMPREPLY for LINE, one a line, sorted, and any
# error output after a line "stderr:".
complete_line ()
{
  local line=$1 word='' i c errors
  COMP_LINE=$line
  COMP_POINT=${#line}
  COMP_WORDS=()
  for ((i = 0; i < ${#line}; i++)); do
    c=${line:i:1}
    if [[ $c == [[:blank:]] ]]; then
      [[ -n $word ]] && COMP_WORDS+=("$word")
      word=''
    elif [[ $c == [=:] && $COMP_WORDBREAKS == *"$c"* ]]; then
      # A run of break characters is a word of its own.
      [[ -n $word && $word != *[=:] ]] && COMP_WORDS+=("$word") && word=''
      word+=$c
    else
      [[ $word == *[=:] && $COMP_WORDBREAKS == *"${word: -1}"* ]] && COMP_WORDS+=("$word") && word=''
      word+=$c
    fi
  done
  COMP_WORDS+=("$word")
  COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
  COMPREPLY=()
  errors=$(_progdiff progdiff "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}" 2>&1 >/dev/null)
  _progdiff progdiff "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}" 2> /dev/null
  ((${#COMPREPLY[@]})) && printf '%s\n' "${COMPREPLY[@]}" | LC_ALL=C sort
  [[ -z $errors ]] || printf 'stderr: %s\n' "$errors"
}

# The lines of @1 on one line.
oneline ()
{
  tr '\n' ' ' <<< "$1"
}

# expect NAME LINE CANDIDATE…: completing LINE offers exactly the candidates.
expect ()
{
  local name=$1 line=$2 got want
  shift 2
  got=$(complete_line "$line")
  want=$( (($#)) && printf '%s\n' "$@" | LC_ALL=C sort)
  if [[ $got == "$want" ]]; then
    echo "ok - $pass: $name"
  else
    echo "not ok - $pass: $name"
    echo "#   line:     '$line'"
    echo "#   expected: $(oneline "$want")"
    echo "#   got:      $(oneline "$got")"
  fi
}

# The long options a --help output lists, "--format" for "-f, --format=FORMAT".
help_options ()
{
  sed -n 's/^[[:blank:]]\{1,\}\(-[A-Za-z], \)\{0,1\}\(--[a-z][a-z0-9-]*\).*/\2/p' | LC_ALL=C sort -u
}

cases ()
{
  cd "$tmp/empty" || exit 1

  # Commands and options.
  expect "commands" "progdiff " diff check log blame timeline git-setup git-driver help
  expect "a command by its start" "progdiff ti" timeline
  expect "git- commands" "progdiff git-" git-setup git-driver
  expect "help takes a command" "progdiff help " diff check log blame timeline git-setup git-driver
  expect "git-setup takes no operand" "progdiff git-setup "
  local command want got
  for command in diff check log blame timeline git-setup git-driver; do
    # Every command takes --help; git-driver's help text leaves it out.
    want=$( ("$progdiff" "$command" --help; echo "  --help") | help_options)
    got=$(complete_line "progdiff $command --" | sed 's/=$//' | LC_ALL=C sort -u)
    if [[ -n $want && $got == "$want" ]]; then
      echo "ok - $pass: the options of $command are those of its --help"
    else
      echo "not ok - $pass: the options of $command are those of its --help"
      echo "#   --help:     $(oneline "$want")"
      echo "#   completion: $(oneline "$got")"
    fi
  done
  want=$( ("$progdiff" --help; "$progdiff" diff --help) | help_options)
  got=$(complete_line "progdiff --" | sed 's/=$//' | LC_ALL=C sort -u)
  if [[ $got == "$want" ]]; then
    echo "ok - $pass: without a command, the options of progdiff and of diff"
  else
    echo "not ok - $pass: without a command, the options of progdiff and of diff"
    echo "#   --help:     $(oneline "$want")"
    echo "#   completion: $(oneline "$got")"
  fi
  expect "an option by its start" "progdiff log --ma" --max-count=
  expect "options after operands" "progdiff diff a b --st" --stat

  # Values.
  expect "--format= values" "progdiff diff --format=" text markdown json html
  expect "--format=m" "progdiff diff --format=m" markdown
  expect "--format VALUE" "progdiff diff --format " text markdown json html
  expect "-f VALUE" "progdiff log -f " text markdown json html
  expect "--format values of blame" "progdiff blame --format=" text markdown json
  expect "--format without a command" "progdiff --format=j" json
  expect "--color= values" "progdiff diff --color=" auto always never
  expect "--color=a" "progdiff log --color=a" auto always
  expect "git-driver --color=" "progdiff git-driver --color=" auto always never
  expect "git-driver --color takes no separate value" "progdiff git-driver --color " 
  expect "--color alone takes no separate value" "progdiff diff --color " 
  expect "no values for --threshold" "progdiff diff --threshold="
  local saved=$COMP_WORDBREAKS
  COMP_WORDBREAKS=${COMP_WORDBREAKS//[=:]/}
  expect "whole words when = is no word break" "progdiff diff --format=m" --format=markdown
  COMP_WORDBREAKS=$saved

  # Files.
  cd "$tmp/files" || exit 1
  expect "documents and directories" "progdiff diff " a.programme b.programme sub
  expect "a document by its start" "progdiff diff a" a.programme
  expect "documents without a command" "progdiff a" a.programme
  expect "commands and documents first" "progdiff " diff check log blame timeline \
    git-setup git-driver help a.programme b.programme sub
  expect "check takes documents" "progdiff check " a.programme b.programme sub
  expect "-o takes any file" "progdiff diff -o " a.programme b.programme notes.txt sub
  expect "--output= takes any file" "progdiff diff --output=n" notes.txt
  expect "-C takes directories" "progdiff log -C " sub
  expect "after --, documents" "progdiff diff -- " a.programme b.programme sub
  expect "no revisions outside a repository" "progdiff diff HEAD:"
  expect "no references outside a repository" "progdiff log " a.programme b.programme sub
  (
    # shellcheck disable=SC2123 # no git on PATH is the point
    PATH=/nonexistent
    expect "no git, no revisions and no error" "progdiff diff HEAD:"
  )

  # Revisions.
  cd "$repo" || exit 1
  expect "REF: when no file matches" "progdiff diff v20" v2020: v2023:
  expect "paths at a revision" "progdiff diff v2020:" docs/ top.programme
  expect "paths at a revision, by their start" "progdiff diff HEAD:t" top.programme
  expect "paths in a directory at a revision" "progdiff diff HEAD:docs/" docs/plan.programme
  expect "no paths at an unknown revision" "progdiff diff nosuch:"
  expect "files win over references" "progdiff diff to" top.programme
  expect "log: references and documents" "progdiff log " HEAD main topic v2020 v2023 \
    .git docs top.programme
  expect "blame: references by their start" "progdiff blame t" topic top.programme
  expect "log after --: documents only" "progdiff log -- t" top.programme
  expect "timeline --rev= references" "progdiff timeline --path top.programme --rev=v" \
    v2020 v2023
  cd "$tmp/files" || exit 1
  expect "-C names the repository" "progdiff diff -C $repo v2023:" docs/ top.programme
  expect "--repository= names the repository" "progdiff blame --repository=$repo ma" main
}

pass=alone
results=$(
  # shellcheck source=/dev/null
  . "$completion" && cases
)
if [[ -r $bash_completion ]]; then
  pass=bash-completion
  results+=$'\n'$(
    # shellcheck source=/dev/null
    . "$bash_completion" > /dev/null 2>&1
    # shellcheck source=/dev/null
    . "$completion" && cases
  )
else
  results+=$'\n'"ok - bash-completion # SKIP $bash_completion is missing (Debian: bash-completion)"
fi

n=0
while IFS= read -r line; do
  case $line in
    ok* | "not ok"*)
      n=$((n + 1))
      echo "${line/ok - /ok $n - }"
      ;;
    *) echo "$line" ;;
  esac
done <<< "$results"
echo "1..$n"
