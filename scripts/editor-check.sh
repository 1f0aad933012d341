#!/usr/bin/env bash
# Checks the VS Code extension in editors/vscode (docs/testing.md):
#   - its TextMate grammar against the hand-written scope assertions in
#     editors/vscode/test/*.plan (vscode-tmgrammar-test);
#   - the same grammar on every example plan, against the committed token
#     snapshots in editors/vscode/test/examples/ (vscode-tmgrammar-snap),
#     and no example token marked invalid;
#   - the client's TypeScript with a type check (tsc --noEmit).
# `--update` rewrites the example snapshots; read their diff before
# committing it. Needs node and npm; the packages come from package-lock.json.
set -euo pipefail
cd "$(dirname "$0")/../editors/vscode"

update=false
case "${1:-}" in
    "") ;;
    --update) update=true ;;
    *) echo "usage: scripts/editor-check.sh [--update]" >&2; exit 2 ;;
esac

for tool in node npm; do
    command -v "$tool" >/dev/null 2>&1 || { echo "editor-check: $tool is required" >&2; exit 2; }
done

echo "== npm ci (editors/vscode)"
npm ci --no-audit --no-fund --loglevel=error

grammar=syntaxes/plan.tmLanguage.json

echo "== grammar: scope assertions"
npx --no-install vscode-tmgrammar-test --compact -g "$grammar" 'test/*.plan'

echo "== grammar: examples against their snapshots"
examples=(../../examples/*.plan)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for plan in "${examples[@]}"; do
    name=$(basename "$plan")
    cp "$plan" "$tmp/$name"
    if [[ -f "test/examples/$name.snap" ]]; then
        cp "test/examples/$name.snap" "$tmp/$name.snap"
    elif ! $update; then
        echo "editor-check: no snapshot test/examples/$name.snap (run scripts/editor-check.sh --update)" >&2
        exit 1
    fi
done
if $update; then
    npx --no-install vscode-tmgrammar-snap -u -g "$grammar" -s source.plan "$tmp/*.plan"
    mkdir -p test/examples
    rm -f test/examples/*.snap
    cp "$tmp"/*.snap test/examples/
else
    npx --no-install vscode-tmgrammar-snap -g "$grammar" -s source.plan "$tmp/*.plan"
fi
if grep -l "invalid\." test/examples/*.snap; then
    echo "editor-check: an example has a token marked invalid (above)" >&2
    exit 1
fi

echo "== client: tsc --noEmit"
npx --no-install tsc -p ./ --noEmit
echo "editor-check: ok"
