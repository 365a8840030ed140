"""Thread-scaling benchmark, run by `gilfree bench` in one process per GIL mode.

Strong scaling: a fixed amount of work (units of a CPU-bound function) is split
across T threads; the speedup at T threads is time(1) / time(T). Threads share
nothing, so a free-threaded interpreter can run them truly in parallel while
the GIL serialises them. Prints one JSON object on stdout.
"""
import argparse
import importlib.util
import json
import statistics
import sys
import threading
import time


def arith():
    """Integer arithmetic in a tight loop."""
    total = 0
    for i in range(20_000):
        total += (i * i) % 7
    return total


def objects():
    """Allocates and reads small dicts and lists (per-thread objects)."""
    items = [{"id": i, "tags": [i, i + 1]} for i in range(1_500)]
    return sum(item["tags"][1] - item["id"] for item in items)


def strings():
    """Formats, splits and joins strings."""
    parts = [f"{i}:{i * 3}" for i in range(2_000)]
    return len(",".join(parts).split(","))


BUILTIN = {"arith": arith, "objects": objects, "strings": strings}


def load_user_function(path, name):
    spec = importlib.util.spec_from_file_location("gilfree_bench_user", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    func = getattr(module, name, None)
    if not callable(func):
        raise SystemExit(f"{path}: no callable named {name!r}")
    return func


def calibrate(func, seconds):
    """Units of work that take about `seconds` on one thread."""
    func()  # warm up
    units, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds / 4:
        func()
        units += 1
    return max(1, int(units * 4))


def run_threads(func, units, threads):
    """Wall time for `units` calls of func split across `threads` threads."""
    share = [units // threads + (1 if k < units % threads else 0) for k in range(threads)]
    barrier = threading.Barrier(threads + 1)

    def worker(count):
        barrier.wait()
        for _ in range(count):
            func()

    pool = [threading.Thread(target=worker, args=(count,)) for count in share]
    for thread in pool:
        thread.start()
    barrier.wait()
    start = time.perf_counter()
    for thread in pool:
        thread.join()
    return time.perf_counter() - start


def measure(name, func, thread_counts, repeat, seconds, units):
    if not units:
        func()  # warm up; calibrate() does its own
        units = calibrate(func, seconds)
    rows = []
    for threads in thread_counts:
        times = [run_threads(func, units, threads) for _ in range(repeat)]
        rows.append({"threads": threads, "seconds": statistics.median(times), "all": times})
    return {"workload": name, "units": units, "rows": rows}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--threads", default="1,2,4")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seconds", type=float, default=1.0)
    parser.add_argument("--workload", action="append")
    parser.add_argument("--script")
    parser.add_argument("--func")
    parser.add_argument("--units", type=int, default=0, help="work to split (0: calibrate)")
    args = parser.parse_args()
    counts = [int(t) for t in args.threads.split(",")]
    if args.script:
        workloads = {args.func: load_user_function(args.script, args.func)}
    else:
        workloads = {name: BUILTIN[name] for name in (args.workload or BUILTIN)}
    results = [measure(name, func, counts, args.repeat, args.seconds, args.units) for name, func in workloads.items()]
    json.dump({"gil_enabled": sys._is_gil_enabled(), "workloads": results}, sys.stdout)
    print()


if __name__ == "__main__":
    main()
