#!/usr/bin/env bash
# Every output of one planc binary over a corpus, for byte comparison
# before and after a change to the syntax stage (docs/performance.md):
#
#   scripts/compare-outputs.sh BIN OUTDIR [PLAN…]
#   diff -r BEFORE_OUTDIR AFTER_OUTDIR
#
# For examples/*.plan, every .plan under tests/ and the PLANs given (such
# as scripts/broken-statements.py's and generated ones), it keeps stdout,
# stderr and the exit code of `check`, `check --max-errors 1000000`,
# `check --format json`, `compile -o` (and the file written), `fmt` and
# `fmt --keywords zh` (from standard input). Outputs over 2 MB are kept as
# their SHA-256.
set -u
bin=$(realpath "$1")
out=$(realpath -m "$2")
shift 2
root=$(dirname "$(realpath "$0")")/..
rm -rf "$out"
mkdir -p "$out"
cd "$root" || exit 2
i=0
for f in examples/*.plan $(find tests -name '*.plan' | sort) "$@"; do
  i=$((i + 1))
  d="$out/$i"
  mkdir -p "$d"
  echo "$f" >"$d/name"
  dir=$(dirname "$f")
  base=$(basename "$f")
  run() { # name, then planc's arguments
    local name=$1
    shift
    (cd "$dir" && "$bin" "$@" >"$d/$name.out" 2>"$d/$name.err"; echo $? >"$d/$name.rc")
  }
  run check check "$base"
  run all check --max-errors 1000000 "$base"
  run json check --format json "$base"
  run compile compile -o "$d/compiled" "$base"
  "$bin" fmt - <"$f" >"$d/fmt.out" 2>"$d/fmt.err"; echo $? >"$d/fmt.rc"
  "$bin" fmt --keywords zh - <"$f" >"$d/fmtzh.out" 2>"$d/fmtzh.err"; echo $? >"$d/fmtzh.rc"
done
for x in "$out"/*/*; do
  if [ "$(stat -c %s "$x")" -gt 2000000 ]; then
    sha256sum "$x" | cut -d' ' -f1 >"$x.sha"
    rm "$x"
  fi
done
# The output directory appears in compile's messages: make it the same.
sed -i "s#$out#OUT#g" "$out"/*/* 2>/dev/null
echo "$i files"
