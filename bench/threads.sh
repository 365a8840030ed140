#!/usr/bin/env bash
# Is dropping the GIL worth it here? Runs gilfree's built-in CPU-bound workloads
# on 1 and 2 threads with the GIL on and off, side by side in one run, and
# prints the speedups as ratios (time at 1 thread / time at 2 threads for the
# same work). Targets on a 2-core machine: GIL off >= 1.7x, GIL on < 1.2x.
#   bench/threads.sh [build/gilfree] [REPEAT]
set -euo pipefail
gilfree=${1:-build/gilfree}
repeat=${2:-5}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

"$gilfree" bench --threads 1,2 --repeat "$repeat" --seconds 1 \
  --json "$out/bench.json" --svg "$out/bench.svg" >/dev/null

"$gilfree" python - "$out/bench.json" <<'PY'
import json, sys
data = json.load(open(sys.argv[1]))
print(f"{data['cores']} cores, median of runs per point")
print(f"{'workload':<10} {'GIL on 2T':>10} {'GIL off 2T':>11} {'1T cost off/on':>15}")
ok = True
for w in data["workloads"]:
    on = w["modes"]["gil"][1]["speedup"]
    off = w["modes"]["nogil"][1]["speedup"]
    print(f"{w['name']:<10} {on:>9.2f}x {off:>10.2f}x {w['nogil_single_thread_cost']:>14.2f}x")
    ok = ok and off >= 1.7 and on < 1.2
print("targets (GIL off >= 1.70x, GIL on < 1.20x):", "met" if ok else "NOT met")
PY
