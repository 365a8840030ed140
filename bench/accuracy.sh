#!/usr/bin/env bash
# Accuracy snapshot of `gilfree scan`, counts only (no timings):
#   1. recall and noise on the development corpus (real fixed bugs + safe look-alikes),
#      at the default confidence and at --min-confidence low;
#   2. findings per rule on the runtime's standard library (a large body of mostly
#      correct code, so a rise there is a precision warning);
#   3. findings per rule on each extra directory given as an argument.
#
# Usage: bench/accuracy.sh [DIR...]
#   env: GILFREE      gilfree binary (default: build/gilfree in this repository)
#        DEVCORPUS    development corpus (default: ../shared/devcorpus beside the repository)
#        RUNTIME_LIB  stdlib to scan (default: the newest ~/.cache/gilfree/runtime/*/lib/python3.13t)
#        VERBOSE=1    also print the scorer's per-case lines
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
gilfree=${GILFREE:-$root/build/gilfree}
devcorpus=${DEVCORPUS:-$root/../shared/devcorpus}
runtime_lib=${RUNTIME_LIB:-$(printf '%s\n' "$HOME"/.cache/gilfree/runtime/*/lib/python3.13t | sort -V | tail -n 1)}

[ -x "$gilfree" ] || { echo "bench/accuracy.sh: $gilfree not found; run 'make build' first" >&2; exit 2; }
for dir in "$@"; do
  [ -d "$dir" ] || { echo "bench/accuracy.sh: $dir is not a directory" >&2; exit 2; }
done

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# --no-config everywhere: a pyproject.toml near the current directory must not change the numbers.
scan=("$gilfree" scan --no-config)

# The scorer appends the corpus' files/ path as the last argument and ignores the exit status.
score() {
  local label=$1
  shift
  python3 "$devcorpus/score.py" -- "${scan[@]}" --format sarif "$@" > "$work/score.txt"
  if [ "${VERBOSE:-0}" = 1 ]; then sed '$d' "$work/score.txt"; fi
  echo "devcorpus, $label: $(tail -n 1 "$work/score.txt")"
}

if [ -f "$devcorpus/score.py" ]; then
  score "default confidence"
  score "min-confidence low" --min-confidence low
else
  echo "devcorpus: $devcorpus/score.py not found; skipped"
fi

# by_rule LABEL DIR [SCAN OPTION...]: scan DIR at the default confidence and print the
# findings per rule (sorted by rule id), then the total.
by_rule() {
  local label=$1 dir=$2 status=0
  shift 2
  "${scan[@]}" --format json "$@" "$dir" > "$work/scan.json" || status=$?
  # Exit 1 only means "there are findings"; 2 is an error (already explained on stderr).
  [ "$status" -le 1 ] || { echo "bench/accuracy.sh: gilfree scan $dir failed (exit $status)" >&2; exit 2; }
  python3 - "$label" "$work/scan.json" <<'PY'
import collections, json, sys

label, path = sys.argv[1:]
with open(path, encoding="utf-8") as f:
    doc = json.load(f)
findings = doc["findings"]
print(f"{label}:")
for rule, count in sorted(collections.Counter(f["rule_id"] for f in findings).items()):
    print(f"  {rule:<8} {count}")
print(f"  total    {len(findings)} in {doc['summary']['files']} files ({len(doc['notes'])} notes)")
PY
}

if [ -d "$runtime_lib" ]; then
  # site-packages holds whatever was installed into the runtime (pytest...), not the stdlib.
  by_rule "stdlib ($runtime_lib)" "$runtime_lib" --exclude site-packages
else
  echo "stdlib: no runtime lib at $runtime_lib; skipped"
fi

for dir in "$@"; do
  by_rule "$dir" "$dir"
done
