import collections
import threading
import weakref

_cache = {}
_pending = []
_lock = threading.Lock()
_queue = collections.deque()


def get(key):
    if key not in _cache:
        _cache[key] = compute(key)  # expect: FT003@low (a cache of computed values: a race computes it twice)
    return _cache[key]


def forget(key):
    if key in _cache:
        del _cache[key]  # expect: FT003@medium


def forget_pop(key):
    if key in _cache:
        _cache.pop(key)  # expect: FT003


def forget_tolerant(key):
    if key in _cache:
        _cache.pop(key, None)  # a missing key is fine: no act to lose


def forget_safely(key):
    _cache.pop(key, None)


def take():
    if _pending:
        return _pending.pop()  # expect: FT003@medium


def take_left():
    if _queue:
        item = _queue.popleft()  # expect: FT003
        return item


def get_then_set(key):
    value = _cache.get(key)
    if value is None:
        _cache[key] = compute(key)  # expect: FT003


def get_then_return_early(key):
    value = _cache.get(key)
    if value is not None:
        return value
    value = compute(key)
    _cache[key] = value  # expect: FT003
    return value


def eafp(key):
    try:
        return _cache[key]
    except KeyError:
        pass
    _cache[key] = value = compute(key)  # expect: FT003
    return value


def eafp_rechecked_under_lock(key):
    try:
        return _cache[key]
    except KeyError:
        pass
    with _lock:
        if key in _cache:
            return _cache[key]
        _cache[key] = value = compute(key)
        return value


def evict(key, value, limit=100):
    if len(_cache) >= limit:
        _cache.popitem()  # expect: FT003
    _cache[key] = value


def two_lock_blocks(key):
    with _lock:
        missing = key not in _cache
    if missing:
        with _lock:
            _cache[key] = compute(key)  # expect: FT003 (checked under one hold, stored under another)


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
        if self._items:
            return self._items.pop()  # expect: FT003

    def take_locked(self):
        with self._lock:
            if self._items:
                return self._items.pop()


class Counts:
    """Bookkeeping of a class that owns a lock: its instances are shared."""

    def __init__(self):
        self.condition = threading.Condition()
        self.types = {}

    def register(self, kind):
        if kind in self.types:
            self.types[kind] += 1  # expect: FT003@medium
        else:
            self.types[kind] = 1  # the same check: one finding


class Analyzed:
    _fns = weakref.WeakKeyDictionary()

    @classmethod
    def get(cls, fn):
        try:
            return cls._fns[fn.__code__]
        except KeyError:
            pass
        cls._fns[fn.__code__] = analyzed = Analyzed()  # expect: FT003@medium (a new object: two threads get two)
        return analyzed


class NotShared:
    def __init__(self):
        self._seen = {}

    def add(self, key):
        if key not in self._seen:
            self._seen[key] = True


_registry = {}


def _fill_registry():
    for name, value in list(globals().items()):
        old = _registry.get(name)
        if old is not None:
            continue
        _registry[name] = value  # called once at import time, under the import lock


_fill_registry()
del _fill_registry

if "x" not in _cache:
    _cache["x"] = 1  # module level: import time, one thread


class Heap:
    def __init__(self):
        self._lock = threading.Lock()
        self._len_to_seq = {}
        self._pending = []

    def _add_free_block(self, size, block):
        if size not in self._len_to_seq:
            self._len_to_seq[size] = []  # only ever called with the lock held (below)
        self._len_to_seq[size].append(block)

    def free(self, size, block):
        if not self._lock.acquire(False):
            self._pending.append(block)
        else:
            try:
                self._add_free_block(size, block)
            finally:
                self._lock.release()

    def malloc(self, size, block):
        with self._lock:
            self._add_free_block(size, block)


class LoadTracker:
    """Its sampling thread owns _values: nothing else touches them."""

    def __init__(self):
        self._values = []
        self._load = 0.0
        self._thread = threading.Thread(target=self._update_load, daemon=True)
        self._thread.start()

    def _update_load(self):
        while True:
            if len(self._values) > 10:
                self._values.pop(0)  # only the sampling thread gets here
            self._values.append(1.0)
            self._load = sum(self._values)

    def getloadavg(self):
        return self._load
