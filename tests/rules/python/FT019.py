import itertools
import threading

_ids = itertools.count()
_names = (f"worker-{n}" for n in itertools.count())
_lock = threading.Lock()


def new_id():
    return next(_ids)  # itertools.count is thread-safe on the free-threaded build


def _generate_ids():
    for n in itertools.count(1):
        yield f"ctx-{n}"


_context_ids = _generate_ids()


def new_context_id():
    return next(_context_ids)  # expect: FT019


def new_name():
    return next(_names)  # expect: FT019


def new_id_locked():
    with _lock:
        return next(_ids)


def first_line(path):
    lines = iter(open(path))
    return next(lines)  # a local iterator: one thread


class Enqueuer:
    def __init__(self, generator, workers):
        self._generator = generator
        self._lock = threading.Lock()
        self._threads = []
        self.workers = workers

    def start(self):
        def task():
            while True:
                item = next(self._generator)  # expect: FT019
                self.queue.put(item)

        for _ in range(self.workers):
            thread = threading.Thread(target=task)
            self._threads.append(thread)
            thread.start()

    def one(self):
        with self._lock:
            return next(self._generator)


class Context:
    _counter = (n for n in itertools.count(1))
    _plain = itertools.count(1)

    def __new__(cls):
        self = super().__new__(cls)
        self.id = next(cls._counter)  # expect: FT019
        self.serial = next(cls._plain)
        return self


class Reader:
    def __init__(self, rows):
        self._rows = iter(rows)

    def row(self):
        return next(self._rows)  # an unshared instance: nothing says threads use it


def main():
    print(next(_ids))  # command-line entry point: before any thread
