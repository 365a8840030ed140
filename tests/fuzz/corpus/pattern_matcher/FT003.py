import collections
import threading

_cache = {}
_pending = []
_lock = threading.Lock()
_queue = collections.deque()


def get(key):
    if key not in _cache:  # expect: FT003
        _cache[key] = compute(key)
    return _cache[key]


def forget(key):
    if key in _cache:  # expect: FT003
        del _cache[key]


def forget_pop(key):
    if key in _cache:  # expect: FT003
        _cache.pop(key)


def forget_safely(key):
    _cache.pop(key, None)


def take():
    if _pending:  # expect: FT003
        return _pending.pop()


def take_left():
    if _queue:  # expect: FT003
        item = _queue.popleft()
        return item


def get_then_set(key):
    value = _cache.get(key)
    if value is None:  # expect: FT003
        _cache[key] = compute(key)


def get_locked(key):
    with _lock:
        if key not in _cache:
            _cache[key] = compute(key)
        return _cache[key]


def get_setdefault(key):
    return _cache.setdefault(key, compute(key))


def local_dict(keys):
    seen = {}
    for key in keys:
        if key not in seen:
            seen[key] = 1
    return seen


def compute(key):
    return key * 2


class Pool:
    def __init__(self):
        self._lock = threading.Lock()
        self._items = []

    def take(self):
        if self._items:  # expect: FT003
            return self._items.pop()

    def take_locked(self):
        with self._lock:
            if self._items:
                return self._items.pop()


class NotShared:
    def __init__(self):
        self._seen = {}

    def add(self, key):
        if key not in self._seen:
            self._seen[key] = True


if "x" not in _cache:
    _cache["x"] = 1  # module level: import time, one thread
