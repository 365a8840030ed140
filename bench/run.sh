#!/usr/bin/env bash
# Side-by-side cost of `gilfree run`, measured in one go on this machine:
#  1. wall time of a default `gilfree run` (all modes: gil and default side by side,
#     default standing for nogil when the GIL stayed off) over one plain
#     `python -m pytest` of the same suite (default: CPython's own test_list.py,
#     test_dict.py and test_queue.py from the runtime), best of three, alternating;
#  2. the per-test overhead of crash isolation (streamed results, faulthandler
#     watchdog, touched-file recording), from two generated suites of trivial
#     tests (N and 10N tests): slope = cost per test, intercept = fixed start-up.
# Usage: bench/run.sh [path/to/gilfree] [pytest args for the suite...]
set -euo pipefail

gilfree=$(realpath "${1:-build/gilfree}")
shift || true
[[ -x "$gilfree" ]] || { echo "bench/run.sh: no gilfree binary at $gilfree (run 'make build')" >&2; exit 2; }
prefix=$("$gilfree" doctor --json | "$gilfree" python -c 'import json,sys; print(json.load(sys.stdin)["runtime"]["prefix"])' 2>/dev/null || true)
[[ -n "$prefix" ]] || prefix=$(ls -d "$HOME"/.cache/gilfree/runtime/*t | tail -1)
python=$(ls "$prefix"/bin/python3.*t | head -1)
stdlib=$(ls -d "$prefix"/lib/python3.*t | head -1)
suite=("$@")
[[ ${#suite[@]} -gt 0 ]] || suite=(test/test_list.py test/test_dict.py test/test_queue.py)

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }

# plain pytest, free-threaded build with the GIL off: what a user runs today
plain() {  # dir args...
  local dir=$1; shift
  (cd "$dir" && PYTHON_GIL=0 "$python" -m pytest -q -p no:cacheprovider "$@" >"$work/plain.log" 2>&1) || true
}
ours() {  # dir modes jobs args...   (modes "all": gilfree run's default, no --mode)
  local dir=$1 modes=$2 jobs=$3; shift 3
  local mode_args=(--mode "$modes")
  [[ $modes == all ]] && mode_args=()
  "$gilfree" run "$dir" --framework pytest "${mode_args[@]}" -j "$jobs" --no-history --no-progress \
    --state-dir "$work/state" --json "$work/ours.json" -- "$@" >"$work/ours.log" 2>&1 || true
}
count_tests() { "$gilfree" python -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["tests"]))' "$work/ours.json"; }

echo "gilfree run benchmark on $(nproc) cores; interpreter $python"
echo
echo "1) real suite: ${suite[*]} (from $stdlib)"
min() { awk -v a="$1" -v b="$2" 'BEGIN { print (a == "" || b < a) ? b : a }'; }
plain_s="" ours_s=""
for round in 1 2 3; do
  t0=$(now); plain "$stdlib" "${suite[@]}"; t1=$(now)
  ours "$stdlib" all "$(nproc)" "${suite[@]}"; t2=$(now)
  plain_s=$(min "$plain_s" "$(elapsed "$t0" "$t1")"); ours_s=$(min "$ours_s" "$(elapsed "$t1" "$t2")")
done
echo "   plain python -m pytest (GIL off):          ${plain_s} s   $(tail -1 "$work/plain.log")"
echo "   gilfree run (all modes, default -j):       ${ours_s} s   $(count_tests) tests, $(tail -1 "$work/ours.log")"
echo "   $(sed -n 2p "$work/ours.log" | sed 's/^ *//')"
awk -v a="$ours_s" -v b="$plain_s" 'BEGIN { printf "   ratio gilfree run (all modes) / plain pytest: %.2fx (target <= 1.25x on 2 cores)\n", a / b }'

echo
echo "2) per-test overhead of crash isolation (one mode, trivial tests)"
make_suite() {  # dir count
  mkdir -p "$1/tests"
  "$gilfree" python - "$1/tests/test_generated.py" "$2" <<'PY'
import sys
with open(sys.argv[1], "w") as out:
    for i in range(int(sys.argv[2])):
        out.write("def test_%d():\n    assert sum(range(100)) == 4950\n\n" % i)
PY
}
# Best of three, alternating plain and ours, so load from other jobs hits both alike.
declare -A plain_t ours_t
for n in 200 2000; do
  make_suite "$work/s$n" "$n"
  for round in 1 2 3; do
    t0=$(now); plain "$work/s$n"; t1=$(now); ours "$work/s$n" nogil 1; t2=$(now)
    plain_t[$n]=$(min "${plain_t[$n]:-}" "$(elapsed "$t0" "$t1")")
    ours_t[$n]=$(min "${ours_t[$n]:-}" "$(elapsed "$t1" "$t2")")
  done
  echo "   $n tests (best of 3): plain pytest ${plain_t[$n]} s, gilfree run --mode nogil ${ours_t[$n]} s"
done
awk -v p1="${plain_t[200]}" -v p2="${plain_t[2000]}" -v o1="${ours_t[200]}" -v o2="${ours_t[2000]}" 'BEGIN {
  per = ((o2 - p2) - (o1 - p1)) / 1800 * 1000
  fixed = (o1 - p1) - per * 200 / 1000
  printf "   overhead per test: %.2f ms; fixed start-up overhead: %.2f s; ratio at 2000 tests: %.2fx\n", per, fixed, o2 / p2
}'
