import threading


class Registry:
    _lock = threading.Lock()
    _handlers = {}

    def add(self, key, handler):
        with self._lock:
            self._handlers[key] = handler

    def remove(self, key):
        with self._lock:
            del self._handlers[key]

    def emit(self, event):
        for handler in self._handlers.values():  # expect: FT017
            handler(event)

    def emit_snapshot(self, event):
        with self._lock:
            handlers = list(self._handlers.values())
        for handler in handlers:
            handler(event)

    def reset(self):
        self._handlers.clear()  # one atomic call; nothing iterates under the lock



class Scheduler:
    def __init__(self):
        self._executors = {}
        self._executors_lock = threading.RLock()
        self._jobstores = {}
        self._jobstores_lock = threading.RLock()

    def add_executor(self, alias, executor):
        with self._executors_lock:
            self._executors[alias] = executor

    def lookup(self, alias):
        with self._executors_lock:
            return self._executors[alias]

    def remove_executor(self, alias):
        with self._jobstores_lock:
            del self._executors[alias]  # expect: FT017 (the wrong lock)

    def start(self):
        with self._executors_lock:
            for alias, executor in self._executors.items():
                executor.start(self, alias)

    def add_jobstore(self, alias, store):
        with self._jobstores_lock:
            self._jobstores[alias] = store


class Stats:
    def __init__(self):
        self._lock = threading.Lock()
        self._hits = 0
        self._seen = set()
        self._add = self._seen.add

    def hit(self):
        with self._lock:
            self._hits += 1

    def hit_fast(self):
        self._hits += 1  # FT002's: a read-modify-write of an attribute

    def record(self, key):
        with self._lock:
            self._seen.add(key)

    def record_alias(self, key):
        add = self._seen.add
        add(key)  # expect: FT017

    def total(self):
        with self._lock:
            return self._hits

    def dump(self):
        with self._lock:
            for key in self._seen:
                print(key)


class Handler:
    """The lock serialises writes to the sink; the rest runs in one thread."""

    def __init__(self):
        self.lock = threading.Lock()
        self.buffer = []

    def emit(self, message):
        with self.lock:
            self.buffer.append(message)

    def _flush_locked(self):
        self.buffer.clear()  # only called with the lock held

    def flush(self):
        with self.lock:
            self._flush_locked()


_lock = threading.Lock()
_active = []


def enable(name):
    with _lock:
        _active.append(name)


def names():
    with _lock:
        return [name for name in _active]


def disable_all():
    _active.clear()  # expect: FT017


def replace(names):
    global _active
    _active = list(names)  # publishing a new list by assignment is atomic


class LockedCache:
    """A container class with its own lock inside."""

    def __init__(self):
        self.lock = threading.RLock()
        self._data = {}

    def get(self, key):
        with self.lock:
            return self._data.get(key)

    def clear(self):
        with self.lock:
            self._data.clear()


class PoolManager:
    def __init__(self):
        self._lock = threading.Lock()
        self.pools = LockedCache()

    def connection_for(self, key):
        with self._lock:
            pool = self.pools.get(key)
            for name in self.pools:
                print(name)
            return pool

    def clear(self):
        self.pools.clear()  # LockedCache locks inside


class Sharer:
    def __init__(self):
        self._lock = threading.Lock()
        self._cache = {}

    def register(self, key, value):
        with self._lock:
            self._cache[key] = value

    def _afterfork(self):
        with self._lock:
            for key in self._cache:
                print(key)
            self._cache.clear()

    def serve(self, key):
        return self._cache.pop(key)  # the only iteration is in the fork child


class ProbeCache:
    """A per-key lock handed from acquire_and_get() to set_and_release(): the
    store at the end runs under the key's lock, which the caller took."""

    def __init__(self):
        self._lock = threading.Lock()
        self._locks = {}
        self._values = {}

    def acquire_and_get(self, key):
        with self._lock:
            try:
                value = self._values[key]
                if value is not None:
                    return value
            except KeyError:
                self._locks[key] = threading.RLock()
                self._values[key] = None
        key_lock = self._locks[key]
        key_lock.acquire()
        return self._values[key]

    def set_and_release(self, key, value):
        key_lock = self._locks[key]
        self._values[key] = value
        key_lock.release()


class Task:
    """_reset() is only called by Progress with the shared lock held."""

    def __init__(self, lock):
        self._lock = lock
        self._samples = []

    def speed(self):
        with self._lock:
            if not self._samples:
                return None
            return sum(self._samples) / len(self._samples)

    def _reset(self):
        self._samples.clear()


class Progress:
    def __init__(self):
        self._lock = threading.RLock()
        self._tasks = {}

    def update(self, task_id, total):
        with self._lock:
            task = self._tasks[task_id]
            task._reset()


class Sharer:
    """stop() iterates the cache under the lock only after the serving thread has ended."""

    def __init__(self):
        self._lock = threading.Lock()
        self._cache = {}
        self._key = 0
        self._thread = threading.Thread(target=self._serve)

    def register(self, item):
        with self._lock:
            self._key += 1
            self._cache[self._key] = item
            return self._key

    def stop(self):
        with self._lock:
            self._thread.join()
            for key, item in self._cache.items():
                item.close()
            self._cache.clear()

    def _serve(self):
        while True:
            key = self.receive()
            item = self._cache.pop(key)
            item.send()

    def receive(self):
        return 0
