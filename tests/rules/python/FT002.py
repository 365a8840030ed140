import threading


class Stats:
    def __init__(self):
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0
        self.hits += 0  # constructor: not shared yet

    def hit(self):
        self.hits += 1  # expect: FT002

    def reset(self):
        with self._lock:
            self.hits = 0

    def unrelated(self):
        self.calls = getattr(self, "calls", 0)
        self.calls += 1  # never written under the lock: no evidence it is shared

    def miss(self):
        with self._lock:
            self.misses += 1

    def miss_unlocked(self):
        self.misses = self.misses + 1  # expect: FT002


class Plain:
    """Owns no lock and never runs in a thread: instances are not shared."""

    def __init__(self):
        self.count = 0

    def bump(self):
        self.count += 1


class Worker(threading.Thread):
    def __init__(self):
        super().__init__()
        self.done = 0

    def run(self):
        self.done += 1  # the thread object's own state, read after join()


class Pool:
    def __init__(self):
        self._lock = threading.Lock()
        self.active = 0

    def start(self):
        for _ in range(4):
            threading.Thread(target=self._work).start()

    def _work(self):
        self.active += 1  # expect: FT002


class Registry:
    instances = 0

    @classmethod
    def create(cls):
        cls.instances += 1  # expect: FT002
        return cls()


def make():
    Registry.instances += 1  # expect: FT002


class PerThread:
    def __init__(self):
        self._local = threading.local()

    def bump(self):
        local = self._local
        local.value = getattr(local, "value", 0) + 1


class ReaderA:
    def __init__(self):
        self._lock = threading.Lock()
        self.reads = 0

    def read(self):
        self.reads += 1  # `stream.read` below may be B's: no evidence A is shared


class ReaderB:
    def read(self):
        return b""


def pump(stream):
    threading.Thread(target=stream.read).start()


class SalesStats:
    """Reads `refunds` under its lock in snapshot(): the author means it to be lock-protected."""

    def __init__(self):
        self._lock = threading.Lock()
        self.sales = 0
        self.refunds = 0
        self.views = 0

    def add_sale(self):
        with self._lock:
            self.sales += 1

    def add_refund(self):
        self.refunds += 1  # expect: FT002

    def add_view(self):
        self.views += 1  # never read or written under the lock: no evidence

    def snapshot(self):
        with self._lock:
            return {"sales": self.sales, "refunds": self.refunds}


class Reporter:
    """Reads another object's attribute under its lock: says nothing about its own `count`."""

    def __init__(self, stats):
        self._lock = threading.Lock()
        self.stats = stats
        self.count = 0

    def report(self):
        with self._lock:
            print(self.stats.refunds)
        self.count += 1


class Unlocked:
    """Reads `total` under a lock it does not own: no lock attribute, no evidence."""

    def __init__(self):
        self.total = 0

    def show(self, lock):
        with lock:
            print(self.total)

    def bump(self):
        self.total += 1


class Console:
    """`depth` is a property kept in thread-local storage: the update is per thread."""

    def __init__(self):
        self._lock = threading.RLock()
        self._locals = threading.local()

    @property
    def depth(self):
        return getattr(self._locals, "depth", 0)

    @depth.setter
    def depth(self, value):
        self._locals.depth = value

    def enter(self):
        self.depth += 1

    def render(self):
        with self._lock:
            return self.depth


class Stampede:
    """A decorator given the condition serialises the calls: the body runs locked."""

    cond = threading.Condition()
    count = 0

    @cachedmethod(cache=lambda self: {}, condition=lambda self: self.cond)
    def meth(self):
        self.count += 1
        return 42


def cachedmethod(cache, condition):
    return lambda function: function
