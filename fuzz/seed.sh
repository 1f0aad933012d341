#!/usr/bin/env bash
# Builds the fuzz corpora from the examples and the test fixtures (CJK and
# full-width text included), plus a few hand-made edge cases.
set -euo pipefail
cd "$(dirname "$0")"
for target in check compile_roundtrip; do
    mkdir -p "corpus/$target"
    cp ../examples/*.plan ../tests/diagnostics/*.plan "corpus/$target/"
    [ -d ../tests/fmt ] && find ../tests/fmt -name '*.plan' -exec cp {} "corpus/$target/" \;
    printf 'agency 市经贸委，市外经贸局\nitem 三（一）"标题"｛\n' > "corpus/$target/fullwidth.plan"
    printf '\xef\xbb\xbfplan "p"\r\nperiod 2010..2012\r\n' > "corpus/$target/bom-crlf.plan"
    printf 'item 1 "a" {\n  item 2 "b" {\n    part 3 "c" {\n' > "corpus/$target/unclosed.plan"
done
# Data: one selector byte (even: CSV, odd: JSON) then the file.
mkdir -p corpus/data
for f in ../examples/*.csv ../tests/data/*.csv; do
    { printf '\x00'; cat "$f"; } > "corpus/data/$(basename "$f")"
done
for f in ../tests/data/*.json; do
    { printf '\x01'; cat "$f"; } > "corpus/data/$(basename "$f")"
done
printf '\x00metric,year,value,unit\n实到资金,2012,"1,5",亿元\n引进工业项目,２０１２,N/A,\n' > corpus/data/fullwidth.csv
echo "corpora in fuzz/corpus/"
