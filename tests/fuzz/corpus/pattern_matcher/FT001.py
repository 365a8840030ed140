import itertools
import threading

counter = 0
total = 0
_ids = itertools.count()
_lock = threading.Lock()


def bump():
    global counter
    counter += 1  # expect: FT001


def bump_spelled_out():
    global counter
    counter = counter + 1  # expect: FT001


def bump_locked():
    global counter
    with _lock:
        counter += 1


def bump_acquired():
    global total
    _lock.acquire()
    try:
        total += 1
    finally:
        _lock.release()


def local_only():
    counter = 0
    counter += 1  # a local that shadows the global
    return counter


def read_only():
    return counter + 1


def next_id():
    return next(_ids)


def reassign():
    global total
    total = 5  # a plain store is atomic


def worker():
    global total
    total += 2  # expect: FT001


def main():
    global counter
    counter += 1  # command-line entry point: runs once, before any thread


threading.Thread(target=worker).start()
counter += 1  # module level: runs once, at import
