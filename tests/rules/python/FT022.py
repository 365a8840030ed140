import functools
import threading


class Listeners:
    def _memoized_attr__exec_once_mutex(self):
        return threading.Lock()  # expect: FT022

    @functools.cached_property
    def _mutex(self):
        return threading.RLock()  # expect: FT022

    def __init__(self):
        self._lock = threading.Lock()


@functools.lru_cache(maxsize=None)
def lock_for(name):
    return threading.Lock()  # expect: FT022


_locks = {}
_locks_lock = threading.Lock()


def lock_for_name(name):
    with _locks_lock:
        return _locks.setdefault(name, threading.Lock())
