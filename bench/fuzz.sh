#!/usr/bin/env bash
# Fuzzes one target for a bounded time with libFuzzer + ASan + UBSan.
#   bench/fuzz.sh TARGET SECONDS       e.g. bench/fuzz.sh plan_inputs 600
#   bench/fuzz.sh --list
# Targets are tests/fuzz/fuzz_<TARGET>.cpp; seeds in tests/fuzz/corpus/<TARGET>/
# are copied into a working corpus under build-fuzz/, so the checkout only
# changes when you copy a crash into the seeds (which `make test` then replays).
set -euo pipefail
top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$top"
if [ "${1:-}" = "--list" ]; then
  ls tests/fuzz/fuzz_*.cpp | sed 's|tests/fuzz/fuzz_||; s|\.cpp$||'
  exit 0
fi
target=${1:?usage: bench/fuzz.sh TARGET SECONDS (bench/fuzz.sh --list)}
seconds=${2:?usage: bench/fuzz.sh TARGET SECONDS}
[ -f "tests/fuzz/fuzz_$target.cpp" ] || { echo "bench/fuzz.sh: no target '$target'; see bench/fuzz.sh --list" >&2; exit 2; }

setup/apt.sh clang libclang-rt-14-dev
setup/all.sh build/setup.cmake
CC=clang CXX=clang++ cmake -S . -B build-fuzz -G Ninja -C build/setup.cmake -DGILFREE_FUZZ=ON \
  -DBUILD_TESTING=ON -Wno-dev > build-fuzz.configure.log 2>&1 || { cat build-fuzz.configure.log; exit 2; }
cmake --build build-fuzz --target "fuzz_$target" >/dev/null

work="build-fuzz/corpus/$target"
crashes="build-fuzz/crashes/$target"
mkdir -p "$work" "$crashes"
cp -n "tests/fuzz/corpus/$target"/* "$work"/ 2>/dev/null || true
echo "fuzzing $target for $seconds s (corpus $work, crashes in $crashes)"
set +e
ASAN_OPTIONS=detect_leaks=0 "build-fuzz/tests/fuzz_$target" -max_total_time="$seconds" -timeout=10 \
  -rss_limit_mb=4096 -print_final_stats=1 -artifact_prefix="$crashes/" "$work" 2> "build-fuzz/$target.log"
rc=$?
set -e
grep -E "^stat::(number_of_executed_units|average_exec_per_sec|peak_rss_mb)|^#[0-9]+.*DONE" "build-fuzz/$target.log" || true
echo "corpus: $(ls "$work" | wc -l) inputs; crashes: $(ls "$crashes" | wc -l)"
[ $rc -eq 0 ] && echo "$target: no crash in $seconds s" || { tail -n 30 "build-fuzz/$target.log"; exit 1; }
