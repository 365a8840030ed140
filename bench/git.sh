#!/usr/bin/env bash
# Git-aware scanning on a large real tree: CPython's Lib/ (from the runtime)
# committed into a fresh git repository. Measured side by side in one run:
#   cold   `gilfree scan` with an empty findings cache (every file parsed)
#   warm   `gilfree scan` again on the unchanged tree (cache hits only)
#   hook   `gilfree hook run` with 3 files changed and staged
# and printed as ratios of the cold scan. Targets: warm <= 5%, hook <= 5%.
#   bench/git.sh [build/gilfree] [REPEAT]
set -euo pipefail
gilfree=$(realpath "${1:-build/gilfree}")
repeat=${2:-3}
stdlib=$("$gilfree" python -c 'import sysconfig; print(sysconfig.get_paths()["stdlib"])')
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export GIT_AUTHOR_NAME=bench GIT_AUTHOR_EMAIL=bench@example.invalid
export GIT_COMMITTER_NAME=bench GIT_COMMITTER_EMAIL=bench@example.invalid GIT_CONFIG_NOSYSTEM=1

mkdir "$work/cpython"
cd "$work/cpython"
cp -r "$stdlib" Lib
rm -rf Lib/site-packages
find Lib -name __pycache__ -prune -exec rm -rf {} +
git init -q -b main
git add -A
git commit -q -m "CPython Lib/"
files=$(git ls-files '*.py' | wc -l)
bytes=$(git ls-files -z '*.py' | xargs -0 cat | wc -c)

# Seconds taken by a command whose exit status 0 (clean) or 1 (findings) is expected.
seconds() {
  local start end status=0
  start=$(date +%s%N)
  "$@" >/dev/null 2>&1 || status=$?
  end=$(date +%s%N)
  if [ "$status" -gt 1 ]; then echo "bench/git.sh: '$*' failed with exit $status" >&2; exit 2; fi
  echo $(( (end - start) / 1000000 ))
}
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

cold=() warm=() hook=()
for _ in $(seq "$repeat"); do
  rm -rf .gilfree
  cold+=("$(seconds "$gilfree" scan --format json)")
  warm+=("$(seconds "$gilfree" scan --format json)")
done

# A 3-file change, staged: each file gains a new function (so it must be re-parsed).
changed=$(git ls-files 'Lib/*.py' | sort | sed -n '100p;500p;900p')
for file in $changed; do
  printf '\n\ndef _bench_touch_%s():\n    return 1\n' "$RANDOM" >> "$file"
done
git add $changed
for _ in $(seq "$repeat"); do
  rm -rf .gilfree  # the hook starts cold too: the 3 changed blobs are new anyway
  hook+=("$(seconds "$gilfree" hook run)")
done

cold_ms=$(median "${cold[@]}")
warm_ms=$(median "${warm[@]}")
hook_ms=$(median "${hook[@]}")
awk -v files="$files" -v bytes="$bytes" -v cold="$cold_ms" -v warm="$warm_ms" -v hook="$hook_ms" -v n="$repeat" 'BEGIN {
  printf "CPython Lib/ as a git repository: %d Python files, %.1f MB; median of %d runs\n", files, bytes / 1e6, n
  printf "%-44s %8.2f s\n", "cold scan (empty cache)", cold / 1000
  printf "%-44s %8.2f s  %5.1f%% of cold (target <= 5%%)\n", "warm rescan (unchanged tree)", warm / 1000, 100 * warm / cold
  printf "%-44s %8.2f s  %5.1f%% of cold (target <= 5%%)\n", "hook run (3 staged files, cache empty)", hook / 1000, 100 * hook / cold
  met = (warm <= 0.05 * cold) && (hook <= 0.05 * cold)
  print "targets:", (met ? "met" : "NOT met")
}'
