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
# Data: one selector byte (its low two bits: 0 CSV, 1 JSON, 2 .xlsx, 3 .ods)
# then the file.
mkdir -p corpus/data
for f in ../examples/*.csv ../tests/data/*.csv; do
    { printf '\x00'; cat "$f"; } > "corpus/data/$(basename "$f")"
done
for f in ../tests/data/*.json; do
    { printf '\x01'; cat "$f"; } > "corpus/data/$(basename "$f")"
done
printf '\x00metric,year,value,unit\n实到资金,2012,"1,5",亿元\n引进工业项目,２０１２,N/A,\n' > corpus/data/fullwidth.csv
for f in ../tests/data/*.xlsx; do
    { printf '\x02'; cat "$f"; } > "corpus/data/$(basename "$f")"
done
for f in ../tests/data/*.ods; do
    { printf '\x03'; cat "$f"; } > "corpus/data/$(basename "$f")"
done
# Plan and data: the plan, a 0xFF byte, a selector byte (even: CSV, odd:
# JSON; the rest picks a year), then the data.
mkdir -p corpus/plan_data
pair() { # PLAN SELECTOR DATA NAME
    { cat "$1"; printf '\xff'; printf "\\x$2"; if [ -n "$3" ]; then cat "$3"; fi; } > "corpus/plan_data/$4"
}
pair ../examples/jiaxing-2010.plan 00 ../examples/jiaxing-2010.data.csv jiaxing
pair ../examples/china-14th-fyp.plan 00 ../examples/china-14th-fyp.data.csv china-14th-fyp
pair ../tests/eval/fixture.plan 00 ../tests/eval/fixture.data.csv fixture-csv
pair ../tests/eval/fixture.plan 01 ../tests/eval/fixture.data.json fixture-json
for f in ../tests/data/*.csv; do pair ../tests/eval/fixture.plan 00 "$f" "fixture-$(basename "$f")"; done
for f in ../tests/data/*.json; do pair ../tests/eval/fixture.plan 01 "$f" "fixture-$(basename "$f")"; done
for f in ../examples/*.plan ../tests/diagnostics/*.plan; do pair "$f" 2a "" "plan-$(basename "$f")"; done
# A small plan with every target kind and figures for each year.
printf '%s\n' 'plan "p"' 'period 2010..2012' 'baseline 2009' 'agency A' 'metric s: stock 家' 'metric f: flow 亿元' \
    'metric m: milestone' 'item 1 "t" {' '  lead A' '  by 2012: s >= 200' '  each year: f growth >= 10%' \
    '  by 2012: s average growth >= 10%' '  by 2012: f annual average >= 20' '  by 2012: s ~ 30 ± 3' \
    '  by 2012: s change since 2010 <= -10%' '  by 2012: m done' '  by 2011..2012: s >= 5' '}' > corpus/plan_data/kinds.plan.tmp
printf 'metric,year,value\ns,2009,1\ns,2010,2\ns,2011,3\ns,2012,4\nf,2009,1\nf,2010,2\nf,2011,3\nf,2012,4\nm,2012,done\n' > corpus/plan_data/kinds.csv.tmp
pair corpus/plan_data/kinds.plan.tmp 00 corpus/plan_data/kinds.csv.tmp kinds
rm corpus/plan_data/*.tmp
# Documents for extract: the reference document, the published notices,
# one in GBK, and hand-made phrases, HTML debris and numbering.
mkdir -p corpus/extract
cp ../examples/*.txt ../tests/data/extract/*.txt corpus/extract/
iconv -f UTF-8 -t GBK ../tests/data/extract/lishan-2023.txt > corpus/extract/lishan-gbk.txt
printf '<p id="a"></p>\n首页 > 公报\n测试三年方案\n(测试办  二○一○年六月)\n一、总则\n(一)标题。到2012年,力争建成3~5个基地、20多种商品,产值年均增长10%%以上,较“十一五”末下降5%%。\n牵头单位:市经贸委、各县(市、区)政府\n配合单位:市科技局\n' > corpus/extract/phrases.txt
printf '1.地区生产总值增长8%%以上。(责任领导:甲;牵头单位:区发改局)\n2.城乡居民收入增长与经济增长基本同步。\n（二）到2025年比2020年翻一番，提高3个百分点。\n' > corpus/extract/inline.txt
echo "corpora in fuzz/corpus/"
