#!/usr/bin/env bash
# A real editor against `planc lsp`: headless Neovim (0.7.2, Debian's)
# opens plans with an error and must show it at exactly the right line and
# column. Neovim converts the server's UTF-16 columns to bytes itself, so
# a wrong count on a CJK line, or after a character outside the BMP, shows
# here as the wrong text under the diagnostic.
#
#   scripts/nvim-lsp-check.sh [path/to/planc]   # default: target/debug/planc
set -euo pipefail
cd "$(dirname "$0")/.."
planc=$(realpath "${1:-target/debug/planc}")
command -v nvim >/dev/null || { echo "nvim-lsp-check: nvim not installed (apt-get install neovim)" >&2; exit 2; }
[ -x "$planc" ] || { echo "nvim-lsp-check: no planc binary at $planc" >&2; exit 2; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# The issue's case: `市经茂委` for `市经贸委` on item 三's lead line (line
# 163, characters 10 to 13).
sed '163s/lead 市经贸委/lead 市经茂委/' examples/jiaxing-2010.plan > "$tmp/jiaxing.plan"
# After a quoted name with 𠀀 (two UTF-16 units, four bytes).
cat > "$tmp/astral.plan" <<'PLAN'
plan "错误"
period 2010..2012
agency "𠀀局", 市经贸委
item 一 "标题" {
  lead "𠀀局", 市经茂委
}
PLAN

fail=0
check() { # file, expected line
  local out
  out=$(cd "$tmp" && PLANC="$planc" PLAN_FILE="$1" timeout 120 nvim --headless -u NONE -i NONE \
        -c "luafile $OLDPWD/scripts/nvim-lsp-check.lua" 2>&1 | tr -d '\r' | grep -E '^(E|W|FAIL|nil)' || true)
  if [ "$out" = "$2" ]; then
    echo "ok   $1: $out"
  else
    echo "FAIL $1: got '$out', want '$2'"
    fail=1
  fi
}
# code, 0-based line, byte columns, the text they cover.
check jiaxing.plan "E0101 162:9-162:21 市经茂委"
check astral.plan "E0101 4:18-4:30 市经茂委"
exit $fail
