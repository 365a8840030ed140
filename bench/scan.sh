#!/usr/bin/env bash
# Scanner benchmark, measured side by side in one run over the same files:
#   1. gilfree scan --parse-only  (read + parse, no rule)      -> the floor
#   2. gilfree scan               (the whole rule pack)        -> rules + facts overhead
#   3. ast-grep 0.51.1 scan with ONE rule (kind: augmented_assignment)
# The three run in turn, RUNS rounds; prints each one's median wall time, gilfree's peak
# memory, and the median of the ratios taken within each round (the ceiling of the
# ast-grep ratio is ast-grep against gilfree's parse-only pass).
#
# Usage: bench/scan.sh [GILFREE_BINARY] [CORPUS_DIR]
#   defaults: build/gilfree, CPython's Lib/ in the gilfree runtime cache
#   env: JOBS (threads for both tools, default: nproc), RUNS (default 5)
set -euo pipefail

gilfree=$(realpath "${1:-build/gilfree}")
corpus=${2:-$HOME/.cache/gilfree/runtime/3.13.5t/lib/python3.13t}
jobs=${JOBS:-$(nproc)}
runs=${RUNS:-5}
astgrep_dir=$HOME/.cache/gilfree/bench/ast-grep-0.51.1
astgrep=$astgrep_dir/node_modules/.bin/ast-grep

[ -x "$gilfree" ] || { echo "bench/scan.sh: $gilfree not found; run 'make build' first" >&2; exit 2; }
[ -d "$corpus" ] || { echo "bench/scan.sh: corpus $corpus not found" >&2; exit 2; }
if [ ! -x "$astgrep" ]; then
  echo "installing ast-grep 0.51.1 into $astgrep_dir (npm)..." >&2
  mkdir -p "$astgrep_dir"
  npm install --prefix "$astgrep_dir" @ast-grep/cli@0.51.1 > "$astgrep_dir/install.log" 2>&1 \
    || { echo "bench/scan.sh: npm install @ast-grep/cli@0.51.1 failed (see $astgrep_dir/install.log)" >&2; exit 2; }
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cat > "$work/rule.yml" <<'YAML'
id: augmented-assignment
language: python
severity: info
message: augmented assignment
rule:
  kind: augmented_assignment
YAML

# time_once NAME COMMAND...: one run; appends "wall_seconds peak_kB" to NAME.times.
time_once() {
  local name=$1
  shift
  /usr/bin/time -f "%e %M" -o "$work/time" "$@" > "$work/out" 2> /dev/null || true
  tail -n 1 "$work/time" >> "$work/$name.times"
}

# median FILE COLUMN: the median of one column of numbers.
median() { awk -v c="$2" '{print $c}' "$1" | sort -g | sed -n "$(((runs + 1) / 2))p"; }

# The tree-sitter core the Python scanner is compiled with (cmake/tree_sitter.cmake).
core=$(sed -n 's|^GILFREE_TREE_SITTER_CORE_DIR:PATH=.*/tree-sitter-\([0-9.]*\)/.*|tree-sitter \1 (compiled in)|p' \
  "$(dirname "$gilfree")/CMakeCache.txt" 2>/dev/null)
core=${core:-unknown (no GILFREE_TREE_SITTER_CORE_DIR in $(dirname "$gilfree")/CMakeCache.txt)}

# Both tools get the same explicit list of files: the corpus without the
# directories gilfree's walk leaves out (common/excluded_directories.cpp; in the
# runtime's Lib/ that is site-packages/ and venv/), which ast-grep would enter.
cd "$corpus"
find . -type d \( -name site-packages -o -name venv -o -name build -o -name dist -o -name node_modules \
  -o -name __pycache__ -o -name '.*' -a ! -name . \) -prune -o -name '*.py' -type f -print | sort > "$work/files"
mapfile -t corpus_files < "$work/files"
files=${#corpus_files[@]}
bytes=$(tr '\n' '\0' < "$work/files" | du -cb --files0-from=- | tail -1 | cut -f1)
allocator=$(ldd "$gilfree" 2>/dev/null | grep -o "libjemalloc[^ ]*" | head -1)
echo "gilfree: $gilfree, tree-sitter core: $core, allocator: ${allocator:-glibc malloc}"
echo "corpus: $corpus ($files .py files, $((bytes / 1024 / 1024)) MB), $jobs thread(s), median of $runs runs"

# The three commands run in turn, round after round: this machine's speed drifts
# between runs, and a ratio taken within one round is not moved by the drift.
for ((i = 0; i < runs; i++)); do
  time_once parse "$gilfree" scan --no-config -j "$jobs" --parse-only "${corpus_files[@]}"
  time_once pack "$gilfree" scan --no-config -j "$jobs" --min-confidence low "${corpus_files[@]}"
  time_once astgrep "$astgrep" scan --threads "$jobs" --rule "$work/rule.yml" "${corpus_files[@]}"
done
paste "$work/parse.times" "$work/pack.times" "$work/astgrep.times" |
  awk '{printf "%.4f %.4f %.4f\n", $3 / $1, $5 / $3, $5 / $1}' > "$work/ratios"
"$gilfree" scan --no-config -j "$jobs" --min-confidence low "${corpus_files[@]}" | tail -1 > "$work/pack.summary" || true
rules=$("$gilfree" rules list | wc -l)

printf "gilfree parse only            %7.2f s\n" "$(median "$work/parse.times" 1)"
printf "gilfree full pack (%2d rules)  %7.2f s   peak memory %.0f MB\n" "$rules" "$(median "$work/pack.times" 1)" \
  "$(awk -v kb="$(median "$work/pack.times" 2)" 'BEGIN {print kb / 1024}')"
printf "ast-grep, 1 rule              %7.2f s   peak memory %.0f MB\n" "$(median "$work/astgrep.times" 1)" \
  "$(awk -v kb="$(median "$work/astgrep.times" 2)" 'BEGIN {print kb / 1024}')"
echo "ratios within each round, median of $runs:"
printf "  full pack / parse-only: %.2fx  (target: at most 1.35x on one core)\n" "$(median "$work/ratios" 1)"
printf "  ast-grep 1 rule / gilfree full pack: %.2fx  (target: at least 1.0x on all cores)\n" "$(median "$work/ratios" 2)"
# Every tool here parses every file with tree-sitter: no scan can beat its
# own parse-only pass, so this is the most any rule engine could reach.
printf "  ceiling, ast-grep 1 rule / gilfree parse only: %.2fx\n" "$(median "$work/ratios" 3)"
echo "pack result: $(cat "$work/pack.summary")"
