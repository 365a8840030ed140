import threading

_lock = threading.Lock()
_active = []
_enabled = {}


def change_activation(name, status):
    with _lock:
        active = [(n, s) for n, s in _active if n != name]
    active.append((name, status))
    active.sort()
    with _lock:
        _active[:] = active  # expect: FT018


def change_activation_once(name, status):
    with _lock:
        active = [(n, s) for n, s in _active if n != name]
        active.append((name, status))
        _active[:] = active


def read_then_write_unrelated(name):
    with _lock:
        count = len(_active)
    with _lock:
        _enabled[name] = True  # another location: no lost update


class Cache:
    def __init__(self):
        self._lock = threading.Lock()
        self._data = {}

    def refresh(self, key, loader):
        with self._lock:
            old = self._data.get(key)
        new = loader(old)
        with self._lock:
            self._data = dict(self._data, **{key: new})  # expect: FT018 (the key was read under the first hold)

    def bump(self, key):
        with self._lock:
            current = self._data
        updated = dict(current)
        updated[key] = updated.get(key, 0) + 1
        with self._lock:
            self._data = updated  # expect: FT018
