"""Four threads add to one shared counter; count how many updates survive.

`counter += 1` is a read, an add and a write. With the GIL, a thread switch
inside that sequence is rare enough that nothing is lost in practice; without
it, threads really run at once and overwrite each other's updates.
"""
import sys
import threading

THREADS = 4
ITERATIONS = int(sys.argv[1]) if len(sys.argv) > 1 else 200_000

counter = 0


def work(start: threading.Barrier) -> None:
    global counter
    start.wait()
    for _ in range(ITERATIONS):
        counter += 1


def main() -> None:
    start = threading.Barrier(THREADS)
    threads = [threading.Thread(target=work, args=(start,)) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    expected = THREADS * ITERATIONS
    lost = expected - counter
    gil = "on " if sys._is_gil_enabled() else "off"
    print(f"GIL {gil}: counter = {counter:>9,} of {expected:,}  lost updates: {lost:,} ({lost / expected:.1%})")


if __name__ == "__main__":
    main()
