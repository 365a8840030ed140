#!/usr/bin/env bash
# `make demo`: gilfree's main job on a small, realistic package (examples/shopstats):
# scan it, run its tests with the GIL on and off, inventory its dependencies,
# benchmark thread scaling, and write the staged migration plan.
set -uo pipefail
gilfree=$(realpath "${1:-build/gilfree}")
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
project="$here/shopstats"
state="$project/.gilfree"
rm -rf "$state"
mkdir -p "$state"
cd "$project"

step() { printf '\n\033[1m== %s\033[0m\n$ %s\n' "$1" "$2"; }

# Runs a gilfree command whose exit 1 means "found something": only 2 or a
# signal is a failure of the demo.
tolerate_findings() {
  "$@"
  local rc=$?
  [ $rc -le 1 ] || { echo "demo: '$*' failed with exit $rc" >&2; exit $rc; }
}

step "The problem in 20 lines: 4 threads doing 'counter += 1'" "gilfree python --gil on|off ../counter/lost_updates.py"
"$gilfree" python --gil on "$here/counter/lost_updates.py" || exit $?
"$gilfree" python --gil off "$here/counter/lost_updates.py" || exit $?

step "1. Scan the code for hazards the GIL used to hide" "gilfree scan"
tolerate_findings "$gilfree" scan
tolerate_findings "$gilfree" scan --format json --min-confidence low > "$state/scan.json"

step "2. Run the tests with the GIL on, off, and at the free-threaded default" "gilfree run --json .gilfree/run.json"
tolerate_findings "$gilfree" run --no-progress --json "$state/run.json"
echo "(a stress run for the plan: gilfree run --mode gil,nogil --repeat 3 --threads 2)"
tolerate_findings "$gilfree" run --no-progress --mode gil,nogil --repeat 3 --threads 2 --json "$state/stress.json" > /dev/null

step "3. Inventory the dependencies and extension modules" "gilfree inventory"
tolerate_findings "$gilfree" inventory
tolerate_findings "$gilfree" inventory --format json > "$state/inventory.json"

step "4. Is dropping the GIL worth it here? Thread scaling, GIL on vs off" "gilfree bench --workload arith --threads 1,2"
"$gilfree" bench --workload arith --threads 1,2 --repeat 3 --json "$state/bench.json" --svg "$state/bench.svg" || exit $?

step "5. The staged migration plan" "gilfree plan --from .gilfree --format html"
"$gilfree" plan --from "$state" --format md -o "$state/plan.md" > /dev/null || exit $?
"$gilfree" plan --from "$state" --format html -o "$state/plan.html" || exit $?
echo
echo "Reports: $state/plan.html (open it in a browser) and $state/plan.md (for a pull request)"
