#!/bin/sh
# seed-corpus.sh: (re)make the seed inputs of tests/fuzz/corpus/ from fixtures/.
#
#   tests/fuzz/seed-corpus.sh        (from the top of the source tree)
#
# Seeds are named seed-*; inputs kept from fuzzing (cov-*) and the inputs
# of fixed findings (regress-*) are left alone.
set -eu

cd "$(dirname "$0")/../.."
out=tests/fuzz/corpus
mkdir -p "$out/fuzz_document" "$out/fuzz_wdiff" "$out/fuzz_compare" "$out/fuzz_revspec"
rm -f "$out"/*/seed-*

# fuzz_document: every fixture, valid or not.
for dir in valid bad nato-japan; do
  for f in fixtures/$dir/*.programme; do
    cp "$f" "$out/fuzz_document/seed-$dir-$(basename "$f" .programme)"
  done
done

# fuzz_compare: OLD, a NUL, NEW.
pair () {
  { cat "$2"; printf '\000'; cat "$3"; } > "$out/fuzz_compare/seed-$1"
}
n=fixtures/nato-japan
pair ipcp-2014-2018 $n/ipcp-2014.programme $n/ipcp-2018.programme
pair ipcp-2018-2020 $n/ipcp-2018.programme $n/ipcp-2020.programme
pair ipcp-2020-itpp-2023 $n/ipcp-2020.programme $n/itpp-2023.programme
pair itpp-2023-ipcp-2014 $n/itpp-2023.programme $n/ipcp-2014.programme
pair same $n/ipcp-2020.programme $n/ipcp-2020.programme
pair minimal-localized fixtures/valid/minimal.programme fixtures/valid/localized.programme
pair escapes-bom fixtures/valid/escapes-and-lists.programme fixtures/valid/bom-crlf.programme
pair unknown-minimal fixtures/valid/unknown-key-warning.programme fixtures/valid/minimal.programme
# Markup, a style break-out, quotes and entities, bidi and zero-width
# characters, U+FFFE: what the HTML check (and the others) must survive.
{ printf '[Programme]\nId=t\nTitle=T\nVersion=1\n[Area a]\nTitle=A\nSummary=plain text\n'
  printf '\000'
  printf '[Programme]\nId=t\nTitle=T </style><script>alert(1)</script>\nVersion=1 "q" &amp;\n'
  printf '[Area a]\nTitle=A\nSummary=plain ]]> <!-- --> &nbsp; text\n'
  printf '[Area x]\nTitle=<b onclick="x">\342\200\256evil\342\200\213</b> \357\277\276\n'
  printf 'Objectives=</style>;<style>@import "x";</style>\n'
} > "$out/fuzz_compare/seed-html-hostile"

# fuzz_wdiff: a cost-limit byte, OLD, a NUL, NEW.
text () {
  { printf "$2"; printf '%s' "$3"; printf '\000'; printf '%s' "$4"; } > "$out/fuzz_wdiff/seed-$1"
}
text words '\000' 'Cooperation on cyber defence and maritime security.' \
  'Cooperation on cyber defence, space and maritime security.'
text moved '\001' 'alpha beta gamma delta epsilon' 'delta epsilon alpha beta gamma'
text cjk '\002' '宇宙の安全保障に関する対話' '宇宙とサイバーの安全保障に関する対話'
text numbers '\003' 'In 2014, 1,250 staff; 3.5 per cent' 'In 2023, 1,300 staff; 3.75 per cent'
text spaces '\004' "a  b	c
d" 'a b c d'
text empty-old '\005' '' 'everything is new'
text empty-new '\006' 'everything goes' ''
text hostile '\007' "$(printf 'title \033[31mred\033[m \342\200\256rtl')" 'title red rtl'
{ printf '\000'; cat $n/ipcp-2014.programme; printf '\000'; cat $n/ipcp-2018.programme; } \
  > "$out/fuzz_wdiff/seed-documents"

# fuzz_revspec: one argument each, against the repository the target builds.
spec () {
  printf '%s' "$2" > "$out/fuzz_revspec/seed-$1"
}
spec head 'HEAD:plan.programme'
spec tag 'v2014:plan.programme'
spec annotated-tag 'v2020^{}:plan.programme'
spec branch 'topic:plan.programme'
spec parent 'HEAD~1:plan.programme'
spec caret 'HEAD^:plan.programme'
spec tree 'HEAD^{tree}:plan.programme'
spec subdir 'v2020:sub/deep.programme'
spec message ':/IPCP:plan.programme'
spec message-peel 'HEAD^{/first}:plan.programme'
spec reflog 'HEAD@{0}:plan.programme'
spec reflog-date 'master@{2 years ago}:plan.programme'
spec previous '@{-1}:plan.programme'
spec upstream 'master@{upstream}:plan.programme'
spec at '@:plan.programme'
spec revat 'xxxxxxxxxxxxxxxx@'
spec range 'HEAD~1..HEAD:plan.programme'
spec symlink 'HEAD:link.programme'
spec submodule 'HEAD:module'
spec directory 'HEAD:sub'
spec binary 'HEAD:binary.programme'
spec invalid 'HEAD:bad.programme'
spec executable 'HEAD:run.programme'
spec dot './plan.programme'
spec dotdot 'HEAD:../outside.programme'
spec absolute 'HEAD:/plan.programme'
spec double-slash 'HEAD:sub//deep.programme'
spec trailing-slash 'HEAD:sub/'
spec short-id '0123456:plan.programme'
spec escape "$(printf 'HEAD\033[31m:plan.programme')"
spec no-colon 'plan.programme'
spec empty-rev ':plan.programme'
