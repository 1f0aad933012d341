#!/usr/bin/env bash
# Tests scripts/bench-e2e.sh itself, in under a minute once the release
# binaries are built: a --tiny run succeeds and reports every measurement,
# and a run in which a measured planc command fails stops with a message
# naming it instead of timing the failure. The failing planc is a wrapper
# (PLANC_BENCH_PLANC) that exits 2 for one subcommand and runs the real
# binary otherwise. Needs what bench-e2e.sh needs (hyperfine, GNU time).
set -euo pipefail
cd "$(dirname "$0")/.."

TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
export PLANC_BENCH_DIR=$TMP/bench
REAL=${CARGO_TARGET_DIR:-$(pwd)/target}/release/planc

fail() { echo "test-bench-e2e: FAILED: $*" >&2; exit 1; }

echo "== a --tiny run succeeds" >&2
scripts/bench-e2e.sh --tiny > "$TMP/report.md" 2> "$TMP/err" || { tail -30 "$TMP/err" >&2; fail "--tiny run"; }
for m in startup-check-jiaxing check-1mb compile-1mb fmt-check-1mb check-repeated-jiaxing-1mb csv-crate-100000 eval-100000; do
    grep -q "^| $m |" "$TMP/report.md" || fail "no $m in the report"
done

# SUBCOMMAND EXPECTED_MESSAGE: planc SUBCOMMAND exits 2, the script must
# stop (non-zero) and say EXPECTED_MESSAGE on standard error.
expect_stop() {
    local sub=$1 message=$2
    echo "== planc $sub exits 2: the script stops" >&2
    cat > "$TMP/planc" <<WRAP
#!/bin/sh
if [ "\$1" = "$sub" ] && [ "\$2" != "--help" ]; then
    echo "deliberate failure of $sub" >&2
    exit 2
fi
exec "$REAL" "\$@"
WRAP
    chmod +x "$TMP/planc"
    if PLANC_BENCH_PLANC=$TMP/planc scripts/bench-e2e.sh --tiny > "$TMP/out" 2> "$TMP/err"; then
        fail "bench-e2e.sh went on when planc $sub failed"
    fi
    grep -qF -- "$message" "$TMP/err" || { tail -20 "$TMP/err" >&2; fail "no \"$message\" when planc $sub failed"; }
    [ ! -s "$TMP/out" ] || fail "a report was written although planc $sub failed"
}

expect_stop check "bench-e2e: startup-check-jiaxing: hyperfine failed"
expect_stop compile "bench-e2e: compile-1mb: hyperfine failed"
expect_stop fmt "bench-e2e: fmt-check-1mb: exit codes [2, 2], expected 1 in every run"
expect_stop eval "bench-e2e: eval-100000: exit codes [2, 2], expected 3 in every run"

echo "test-bench-e2e: ok" >&2
