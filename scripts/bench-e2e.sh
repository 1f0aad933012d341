#!/usr/bin/env bash
# End-to-end measurements of the planc binary, for docs/performance.md.
#
#   scripts/bench-e2e.sh [--quick | --tiny] [--sizes "1 10 100"] [--rows "1000000 10000000"]
#
# Builds release binaries once, generates plans of the given sizes in MB
# (decimal) and data files of the given row counts (cached between runs in
# $PLANC_BENCH_DIR, default /tmp/planc-bench), then times with hyperfine
# (medians) and measures peak RSS with /usr/bin/time:
#
#   - start-up + check of examples/jiaxing-2010.plan
#   - `planc check` and `planc compile -o` at each size (MB/s, targets/s, RSS/input)
#   - `planc fmt --check` at each size, if this planc has `fmt`
#   - `planc eval` on each data file next to the csv crate reading the same
#     file (examples/csv_baseline.rs), if this planc has `eval`; its peak
#     RSS less that of as many rows of 1,000 keys, per distinct key; at 1M
#     rows or fewer, the rows as a workbook: `planc eval` next to calamine
#     alone reading it (examples/xlsx_baseline.rs)
#   - `planc check` on examples/jiaxing-2010.plan repeated to 50 MB (every
#     declaration and ordinal a duplicate; diagnostics capped at 50)
#   - `cedar check-parse` on a Cedar policy file of the 10 MB plan's size
#     (scripts/gen-cedar.py), if `cedar` is on PATH or in $CEDAR
#
# The results go to $PLANC_BENCH_DIR/results.tsv and, as a Markdown table,
# to $PLANC_BENCH_DIR/report.md and standard output.
#
# Every measured command must exit with the code it is expected to (check
# and compile 0, `fmt --check` of a generated plan 1, the repeated plan's
# check 1, `eval` 3: firm targets are missed); any other exit code, in any
# timed run (read from hyperfine's JSON export) or in the RSS run, stops the
# script with an error, so a run that fails fast is never timed as valid.
# So does any other step that fails (building, generating inputs, compiling
# the model for eval): the script names the step, its exit code and the
# end of its error output. PLANC_BENCH_PLANC=PATH measures that binary
# instead of the freshly built planc; scripts/test-bench-e2e.sh uses it to
# check that a failing command stops the script.
#
# Needs: hyperfine (apt-get install hyperfine), GNU time (apt-get install
# time), python3; for the Cedar comparison cedar-policy-cli
# (cargo install cedar-policy-cli --locked). --quick runs 1 and 10 MB and
# 1M rows with fewer runs. --tiny is for testing the script itself (seconds
# once built): a 1 MB plan, 100,000 rows, a 1 MB repeated plan, no Cedar, 2
# runs each; its figures mean nothing.
set -Eeuo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)

SIZES="1 10 100"
ROWS="1000000 10000000"
QUICK=0
TINY=0
REPEATED_BYTES=50000000
while [ $# -gt 0 ]; do
    case "$1" in
        --quick) QUICK=1; SIZES="1 10"; ROWS="1000000"; shift ;;
        --tiny) TINY=1; SIZES="1"; ROWS="100000"; REPEATED_BYTES=1000000; shift ;;
        --sizes) SIZES="$2"; shift 2 ;;
        --rows) ROWS="$2"; shift 2 ;;
        -h|--help) sed -n '2,43p' "$0"; exit 0 ;;
        *) echo "unknown option $1" >&2; exit 2 ;;
    esac
done

# Any command that fails where it is not handled stops the script, saying
# which one.
trap 'echo "bench-e2e: stopped: line $LINENO: \`$BASH_COMMAND\` exited with code $?" >&2' ERR

DIR=${PLANC_BENCH_DIR:-/tmp/planc-bench}
mkdir -p "$DIR"
RESULTS=$DIR/results.tsv
: > "$RESULTS"
SEED=1

for tool in hyperfine python3 /usr/bin/time; do
    command -v "$tool" >/dev/null || { echo "bench-e2e: $tool is required" >&2; exit 2; }
done
CEDAR=${CEDAR:-$(command -v cedar || true)}

# step NAME -- COMMAND...: a step that is not measured (generating inputs,
# compiling a model); its error output is kept and shown if it fails.
step() {
    local name=$1; shift 2
    local code=0
    "$@" 2> "$DIR/step.err" || code=$?
    if [ "$code" != 0 ]; then
        echo "bench-e2e: $name failed with exit code $code: $(printf '%q ' "$@")" >&2
        tail -20 "$DIR/step.err" >&2
        exit 1
    fi
}

echo "== building release binaries" >&2
cargo build --release --quiet --bin planc --example generate --example csv_baseline --example xlsx_baseline
TARGET=${CARGO_TARGET_DIR:-$ROOT/target}
PLANC=${PLANC_BENCH_PLANC:-$TARGET/release/planc}
GEN=$TARGET/release/examples/generate
CSVB=$TARGET/release/examples/csv_baseline
XLSXB=$TARGET/release/examples/xlsx_baseline

has() { "$PLANC" "$1" --help >/dev/null 2>&1; }

# runs_for BYTES: fewer hyperfine runs for bigger inputs.
runs_for() {
    local b=$1
    if [ "$TINY" = 1 ]; then echo 2
    elif [ "$QUICK" = 1 ]; then echo 3
    elif [ "$b" -lt 5000000 ]; then echo 10
    elif [ "$b" -lt 50000000 ]; then echo 5
    else echo 3; fi
}

# check_exit_codes NAME JSON EXPECTED: every run hyperfine recorded in JSON
# exited with EXPECTED, else the script stops.
check_exit_codes() {
    local name=$1 json=$2 expected=$3
    python3 - "$json" "$expected" "$name" <<'PY' || exit 1
import json, sys
codes = json.load(open(sys.argv[1]))["results"][0]["exit_codes"]
bad = [c for c in codes if c != int(sys.argv[2])]
if bad or not codes:
    sys.exit(f"bench-e2e: {sys.argv[3]}: exit codes {codes}, expected {sys.argv[2]} in every run")
PY
}

# rss NAME EXPECTED -- COMMAND...: peak RSS (KiB) of one run, which must exit
# with EXPECTED.
rss() {
    local name=$1 expected=$2; shift 3
    local code=0
    /usr/bin/time -o "$DIR/time.txt" -f '%M' "$@" >/dev/null 2> "$DIR/rss.err" || code=$?
    if [ "$code" != "$expected" ]; then
        echo "bench-e2e: $name: exit code $code, expected $expected" >&2
        tail -20 "$DIR/rss.err" >&2
        exit 1
    fi
    tail -1 "$DIR/time.txt"
}

# measure NAME BYTES UNITS UNIT_NAME EXPECTED_EXIT -- COMMAND...: median wall
# time with hyperfine and peak RSS of one more run, appended to
# results.tsv. hyperfine is told to go on after a non-zero exit only when
# that exit is the expected one, and every exit code is checked.
measure() {
    local name=$1 bytes=$2 units=$3 unit=$4 expected=$5; shift 6
    local runs; runs=$(runs_for "$bytes")
    local json=$DIR/hf-$name.json
    local go_on=()
    [ "$expected" = 0 ] || go_on=(--ignore-failure)
    echo "== $name ($runs runs, expecting exit code $expected)" >&2
    if ! hyperfine -N --style basic --warmup 1 --runs "$runs" "${go_on[@]}" --export-json "$json" \
        -- "$(printf '%q ' "$@")" >&2; then
        echo "bench-e2e: $name: hyperfine failed (the command's exit code is above), expected exit code $expected" >&2
        exit 1
    fi
    check_exit_codes "$name" "$json" "$expected"
    local median; median=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["results"][0]["median"])' "$json")
    local peak; peak=$(rss "$name" "$expected" -- "$@")
    printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$name" "$bytes" "$units" "$unit" "$median" "$peak" >> "$RESULTS"
}

size_of() { stat -c %s "$1"; }

# ---- calibration: bytes per target of the generator ----------------------
step "generating the calibration plan" -- "$GEN" --targets 3000 --out "$DIR/calibrate.plan" --seed $SEED >&2
BPT=$(( $(size_of "$DIR/calibrate.plan") / 3000 ))
echo "== generator: $BPT bytes per target" >&2

# plan_for_mb MB: sets plan and targets to a generated plan of about MB
# megabytes (not in a subshell, so that a failing generator stops the
# script).
plan_for_mb() {
    local mb=$1
    targets=$(( mb * 1000000 / BPT ))
    plan=$DIR/plan-${mb}mb.plan
    if [ ! -s "$plan" ] || [ "$(head -2 "$plan" | tail -1 | grep -c -- "--targets $targets ")" = 0 ]; then
        step "generating a ${mb} MB plan" -- "$GEN" --targets "$targets" --out "$plan" --seed $SEED >&2
    fi
}

# ---- start-up + check of the reference example ------------------------------
JX=$ROOT/examples/jiaxing-2010.plan
echo "== start-up + check of the Jiaxing example" >&2
if ! hyperfine -N --style basic --warmup 20 --runs 200 --export-json "$DIR/hf-startup.json" \
    -- "$(printf '%q ' "$PLANC" check "$JX")" >&2; then
    echo "bench-e2e: startup-check-jiaxing: hyperfine failed (the command's exit code is above), expected exit code 0" >&2
    exit 1
fi
check_exit_codes startup-check-jiaxing "$DIR/hf-startup.json" 0
median=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["results"][0]["median"])' "$DIR/hf-startup.json")
peak=$(rss startup-check-jiaxing 0 -- "$PLANC" check "$JX")
printf '%s\t%s\t%s\t%s\t%s\t%s\n' "startup-check-jiaxing" "$(size_of "$JX")" 77 targets "$median" "$peak" >> "$RESULTS"

# ---- check, compile, fmt at each size ---------------------------------------
for mb in $SIZES; do
    plan_for_mb "$mb"
    bytes=$(size_of "$plan")
    measure "check-${mb}mb" "$bytes" "$targets" targets 0 -- "$PLANC" check "$plan"
    measure "compile-${mb}mb" "$bytes" "$targets" targets 0 -- "$PLANC" compile "$plan" -o "$DIR/model-${mb}mb.json"
    if has fmt; then
        # The generator does not write the canonical layout: 1, "would reformat".
        measure "fmt-check-${mb}mb" "$bytes" "$targets" targets 1 -- "$PLANC" fmt --check "$plan"
    fi
done

# ---- one plan repeated to 50 MB (issue 5): capped duplicate diagnostics ----
rep_mb=$(( REPEATED_BYTES / 1000000 ))
rep=$DIR/repeated-${rep_mb}mb.plan
if [ ! -s "$rep" ]; then
    n=$(( REPEATED_BYTES / $(size_of "$JX") + 1 ))
    for _ in $(seq "$n"); do cat "$JX"; done > "$rep.tmp"
    mv "$rep.tmp" "$rep"
fi
# Every declaration is a duplicate: 1, the plan has errors.
measure "check-repeated-jiaxing-${rep_mb}mb" "$(size_of "$rep")" $(( $(size_of "$rep") / $(size_of "$JX") * 77 )) targets 1 \
    -- "$PLANC" check "$rep"

# ---- Cedar on a policy file of the 10 MB plan's size ------------------------
if [ "$TINY" = 1 ]; then
    echo "== --tiny: skipping the Cedar comparison" >&2
elif [ -n "$CEDAR" ] && [ -x "$CEDAR" ]; then
    plan_for_mb 10
    bytes=$(size_of "$plan")
    pol=$DIR/policies-10mb.cedar
    if [ ! -s "$pol" ]; then
        step "generating Cedar policies" -- python3 scripts/gen-cedar.py --bytes "$bytes" --out "$pol" --seed $SEED > "$DIR/policies-10mb.count"
    fi
    measure "cedar-check-parse-10mb" "$(size_of "$pol")" "$(cat "$DIR/policies-10mb.count")" policies 0 \
        -- "$CEDAR" check-parse --policies "$pol"
    # planc on the same plan, measured again next to it.
    measure "check-10mb-vs-cedar" "$bytes" "$targets" targets 0 -- "$PLANC" check "$plan"
else
    echo "== cedar not found: skipping the Cedar comparison (set CEDAR=/path/to/cedar)" >&2
fi

# ---- eval on data files next to the csv crate -------------------------------
for rows in $ROWS; do
    # The data covers the metrics of the 1 MB plan (same seed, same plan).
    plan_for_mb 1
    data=$DIR/data-${rows}.csv
    if [ ! -s "$data" ]; then
        step "generating ${rows} rows of data" -- "$GEN" --targets "$targets" --out "$plan" --seed $SEED --rows "$rows" --data "$data" >&2
    fi
    dbytes=$(size_of "$data")
    measure "csv-crate-${rows}" "$dbytes" "$rows" rows 0 -- "$CSVB" "$data"
    if has eval; then
        step "compiling the model for eval" -- "$PLANC" compile "$plan" -o "$DIR/model-eval.json"
        # 3 by design: the generated figures miss firm targets.
        measure "eval-${rows}" "$dbytes" "$rows" rows 3 -- "$PLANC" eval "$DIR/model-eval.json" --data "$data" --format json
        # The same model and command on as many rows of only 1,000 keys
        # (the first 1,000 rows, repeated): what reading costs without the
        # figures (the binary, the model, the blocks in flight), subtracted
        # for bytes per key (every generated row is a distinct (metric,
        # year, region) key).
        few=$DIR/data-${rows}-1000keys.csv
        if [ ! -s "$few" ]; then
            step "repeating 1,000 rows to ${rows}" -- python3 -c '
import sys
rows, src, out = int(sys.argv[1]), sys.argv[2], sys.argv[3]
with open(src, "rb") as f:
    head = [next(f) for _ in range(1001)]
with open(out, "wb") as o:
    o.write(head[0])
    for _ in range(rows // 1000):
        o.writelines(head[1:])
' "$rows" "$data" "$few"
        fi
        base=$(rss "eval-1000-keys-${rows}" 3 -- "$PLANC" eval "$DIR/model-eval.json" --data "$few" --format json)
        printf '%s\t%s\t%s\t%s\t%s\t%s\n' "eval-1000-keys-${rows}" "$(size_of "$few")" "$rows" rows 0 "$base" >> "$RESULTS"
    fi
    # A worksheet holds at most 1,048,576 rows: the workbook comparison is
    # at 1M rows or fewer.
    if [ "$rows" -le 1000000 ] && has eval; then
        xlsx=$DIR/data-${rows}.xlsx
        if [ ! -s "$xlsx" ]; then
            step "writing ${rows} rows as a workbook" -- "$XLSXB" write "$data" "$xlsx"
        fi
        xbytes=$(size_of "$xlsx")
        measure "calamine-xlsx-${rows}" "$xbytes" "$rows" rows 0 -- "$XLSXB" read "$xlsx"
        measure "eval-xlsx-${rows}" "$xbytes" "$rows" rows 3 -- "$PLANC" eval "$DIR/model-eval.json" --data "$xlsx" --format json
    fi
done

# ---- report --------------------------------------------------------------------
python3 - "$RESULTS" "$DIR/report.md" <<'PY'
import sys
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1]) if l.strip()]
out = ["| measurement | input | median | MB/s | units/s | peak RSS | RSS / input |",
       "|---|---:|---:|---:|---:|---:|---:|"]
for name, b, units, unit, median, rss in rows:
    b, units, median, rss = int(b), int(units), float(median), int(rss)
    if median == 0:
        continue  # a memory-only run (eval-1000-keys-N)
    mb = b / 1e6
    out.append(
        f"| {name} | {mb:.2f} MB | {median*1000:.1f} ms | {mb/median:.1f} | "
        f"{units/median:,.0f} {unit}/s | {rss/1024:.0f} MiB | {rss*1024/b:.1f}× |")
# Memory per distinct key: eval's peak at N rows less its peak on N rows
# of 1,000 keys, over the keys between (every generated row is one key).
base = {n.rsplit("-", 1)[1]: int(r) for n, _, _, _, _, r in rows if n.startswith("eval-1000-keys-")}
per_key = []
for name, b, units, unit, median, rss in rows:
    if name.startswith("eval-") and name[5:].isdigit() and name[5:] in base:
        keys = int(units) - 1000
        per_key.append(f"| {name} | {keys:,} | {(int(rss) - base[name[5:]]) * 1024 / keys:.1f} bytes |")
if per_key:
    out += ["", "| eval memory beyond as many rows of 1,000 keys | distinct keys | per key |", "|---|---:|---:|"] + per_key
text = "\n".join(out) + "\n"
open(sys.argv[2], "w").write(text)
print(text)
PY
