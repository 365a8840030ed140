import threading

_lock = threading.Lock()
_sem = threading.Semaphore(2)


class Store:
    def __init__(self):
        self._lock = threading.RLock()
        self._data = {}

    def update(self, key, value):
        self._lock.acquire()  # expect: FT011
        self._data[key] = value
        self._lock.release()

    def update_safely(self, key, value):
        self._lock.acquire()
        try:
            self._data[key] = value
        finally:
            self._lock.release()

    def update_with(self, key, value):
        with self._lock:
            self._data[key] = value

    def __enter__(self):
        self._lock.acquire()  # released in __exit__: held across calls on purpose
        return self

    def __exit__(self, *exc):
        self._lock.release()


def module_update(data, key):
    _lock.acquire()  # expect: FT011
    data[key] = 1
    _lock.release()


def inside_try(data, key):
    try:
        _lock.acquire()
        data[key] = 1
    finally:
        _lock.release()


def wait_for_import(lock):
    try:
        lock.acquire()
    except RuntimeError:
        pass
    else:
        lock.release()


def semaphore_signal():
    _sem.acquire()
    work()
    _sem.release()


def work():
    pass
